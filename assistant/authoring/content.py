"""Load content as the app, the CLI and the authoring tools run it.

The topics (``assistant.flows``), checked across topics by the linter, with the community
directory's expression functions and the agency's details: the one place that puts the layers
below together, so the flows never import the linter, the directory or the agency settings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from assistant.agency import with_agency
from assistant.authoring.lint import check_content
from assistant.content_pack.layers import ContentLayers, read_layers
from assistant.content_pack.manifest import PACK_FILE
from assistant.directory.functions import with_directory
from assistant.flows.loader import Content, display_name, topic_files
from assistant.flows.problems import ContentError, Problem


def load_content(
    root: Path | None = None,
    *,
    pack: Path | None = None,
    check: bool = True,
    leave_out: Iterable[Path] = (),
) -> Content:
    """Load all topics under ``root/flows`` (the shipped content by default), with an agency's
    content ``pack`` laid over them (``content.pack``; see ``assistant.content_pack``), and the
    agency's details (``content.agency``: ``CPI_AGENCY_FILE``, else the pack's
    ``agency.yaml``, else ``root/agency.yaml``); raises ``ContentError`` when any is broken.
    ``pack=None`` is the content of ``root`` alone, unless ``root`` is itself a pack (it
    holds ``pack.yaml``): then it is laid over the shipped content, so ``--content``, ``play``
    and ``explore`` run an agency's pack as the app would.

    With ``check`` the full linter runs too, so the app never starts on content with
    dangling targets or broken templates, nor hands out details from a broken agency file.
    Without it, a broken agency file leaves ``content.agency`` None and its problems in
    ``content.agency_problems`` (an export still runs: plans keep their own copy).
    ``leave_out``: topic files of the pack not read (see :func:`load_content_for_meetings`).
    """
    content, errors = _loaded(root, pack, check, leave_out)
    if errors:
        raise ContentError(errors)
    return content


def _loaded(
    root: Path | None, pack: Path | None, check: bool, leave_out: Iterable[Path] = ()
) -> tuple[Content, list[Problem]]:
    """The content as loaded, and its errors (sorted)."""
    if pack is None and root is not None and (root / PACK_FILE).is_file():
        root, pack = None, root
    content, problems, _ = read_layers(ContentLayers.chosen(root, pack), leave_out)
    content = with_agency(with_directory(content))
    if check:
        problems = problems + check_content(content) + list(content.agency_problems)
    return content, sorted(p for p in problems if p.severity == "error")


class LeftOutTopic(NamedTuple):
    """A topic of the pack's own left out of meetings because its file has errors."""

    #: The file, as problems name it.
    file: str
    #: The topic's title, when its file could be read that far.
    title: str | None
    #: Its errors, the first one first.
    errors: list[Problem]


def load_content_for_meetings(
    root: Path | None = None, *, pack: Path | None = None
) -> tuple[Content, list[LeftOutTopic]]:
    """The content the app holds meetings on: :func:`load_content`, except that topics of the
    pack's own whose files have errors are left out when the rest runs without them. Returns
    the content and the topics left out ([] when none is).

    A topic is left out only when every error is in such a file, the file adds a topic (it
    does not replace a shipped one, whose own version would then run in its place unseen),
    and the content still checks clean without it (nothing else calls or links to it).
    Anything else (the agency details, ``pack.yaml``, a shipped topic, a topic another one
    needs) raises ``ContentError`` with every error, as :func:`load_content` does.
    """
    if pack is None and root is not None and (root / PACK_FILE).is_file():
        root, pack = None, root
    content, errors = _loaded(root, pack, True)
    if not errors:
        return content, []
    files = _broken_pack_topics(pack, errors)
    if not files:
        raise ContentError(errors)
    without, still = _loaded(root, pack, True, files)
    added = not any(_topic_ids(content, path) & set(without.topics) for path in files)
    if still or not added:
        raise ContentError(errors)
    titles = {index.file: index.topic.title for index in content.topics.values()}
    left_out: dict[str, list[Problem]] = {}
    for error in errors:
        left_out.setdefault(error.file, []).append(error)
    return without, [LeftOutTopic(f, titles.get(f), found) for f, found in left_out.items()]


def left_out_words(topics: list[LeftOutTopic]) -> str | None:
    """Home's one line on the topics left out: which, where the first mistake of each is
    (for whoever looks after the content), and what to run; None when none is."""
    if not topics:
        return None
    named = ", ".join(
        (f"“{t.title}”" if t.title else "one topic") + f" ({t.file} line {t.errors[0].line})"
        for t in topics
    )
    files = "its file has a mistake" if len(topics) == 1 else "their files have mistakes"
    which = "is" if len(topics) == 1 else "are"
    return (
        f"From the content pack, {named} {which} left out of meetings because {files}; the "
        "other topics are ready. Whoever looks after the content: `cpi-assistant validate` "
        "says what to fix."
    )


def _broken_pack_topics(pack: Path | None, errors: list[Problem]) -> list[Path]:
    """The pack's topic files the ``errors`` are all in ([] when any is elsewhere)."""
    if pack is None or not (pack / "flows").is_dir():
        return []
    own = {path.resolve(): path for path in topic_files(pack)}
    found: dict[Path, Path] = {}
    for error in errors:
        where = own.get(Path(error.file).resolve())
        if where is None:
            return []
        found[where.resolve()] = where
    return list(found.values())


def _topic_ids(content: Content, path: Path) -> set[str]:
    """The ids the topic in ``path`` has or may have: as read (when it could be), its file
    name, and an ``id:`` line in it (a file YAML cannot read may still say one)."""
    ids = {path.stem}
    name = display_name(path)
    ids.update(i for i, index in content.topics.items() if index.file == name)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ids
    ids.update(_ID_LINE.findall(text))
    return ids


_ID_LINE = re.compile(r"^id:\s*[\"']?([A-Za-z0-9_]+)", re.MULTILINE)
