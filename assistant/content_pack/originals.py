"""The app's own files a pack copied, kept as they were when copied (``pack copy``).

An agency changes a shipped topic or template by copying it into its pack. After an upgrade
the app's own file may have changed (a fixed question, a new line in the plan) and the copy
does not get the change. To show what changed, ``pack copy`` keeps the shipped file as it was
in the pack's ``originals/`` folder, with a note of the app's version (``originals/copied.json``):
``pack changes`` compares it with the app's own file now, and ``validate`` warns (K060) when
they differ. ``pack changes NAME --done`` takes the app's own file now as the new original,
once the author has brought what they want into their copy. Nothing here is read as content.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assistant import __version__
from assistant.flows.loader import display_name, load_topic_files, topic_files
from assistant.flows.problems import Problem
from assistant.records.atomic import fsync_dir, write_atomic
from assistant.safe_read import read_regular

#: The pack's folder of originals and the note of where each came from.
ORIGINALS = "originals"
RECORD = "copied.json"
RECORD_FORMAT = 1
#: Pack files are for everyone who uses the app to read (they hold no personal data).
FILE_MODE = 0o644
DIR_MODE = 0o755

Kind = Literal["topic", "template"]


class CopyRefused(Exception):
    """``pack copy`` or ``pack changes --done`` cannot do it; the message says why."""


@dataclass(frozen=True)
class Shipped:
    """One of the app's own files a pack can copy: a topic's file or an export template."""

    kind: Kind
    #: The topic's id, or the template's file name.
    name: str
    #: Where it is in the content (and in the pack): ``flows/x.yaml``, ``templates/y.j2``.
    relative: str


@dataclass(frozen=True)
class Copied:
    """A file the pack copied, with the note ``pack copy`` made."""

    shipped: Shipped
    #: The app's version and the day it was copied (or last brought up to date).
    app: str
    on: str
    sha256: str


@dataclass(frozen=True)
class Status:
    """How a pack's copy stands against the app's own file now."""

    shipped: Shipped
    #: ``same``: the app's own file is as it was copied. ``changed``: it has changed since.
    #: ``gone``: the app no longer has it. ``unrecorded``: copied by hand, no note of when.
    state: Literal["same", "changed", "gone", "unrecorded"]
    copied: Copied | None = None


def find_shipped(base: Path, name: str) -> Shipped | None:
    """The shipped file ``name`` means: a topic id, a flow file's name, or a template's."""
    templates = base / "templates"
    if "/" not in name and (templates / name).is_file():
        return Shipped("template", name, f"templates/{name}")
    stem = name.removesuffix(".yaml").removesuffix(".yml")
    guess = base / "flows" / f"{stem}.yaml"
    for path in ([guess] if guess.is_file() else []) + topic_files(base):
        for index in load_topic_files([path])[0]:
            if index.topic.id == stem or path.name == name:
                return Shipped("topic", index.topic.id, f"flows/{path.name}")
    if guess.is_file():  # named after its topic, as every shipped one is, but broken now
        return Shipped("topic", stem, f"flows/{guess.name}")
    return None


def find_copied(pack: Path, name: str) -> Shipped | None:
    """A file the pack's note says it copied, by topic id or file name (for one the app no
    longer has, which :func:`find_shipped` cannot find)."""
    for relative, note in _read_record(pack).items():
        shipped = _from_record(relative, note)
        if name in (shipped.name, relative.split("/", 1)[1]):
            return shipped
    return None


def copy_into(base: Path, pack: Path, shipped: Shipped) -> Path:
    """Copy ``shipped`` into ``pack`` (the same place in it) and keep its original.

    Refused when the pack already has that file, or (a topic) a file of its own with that
    topic's id: the pack's copy is never written over."""
    check_copy(pack, shipped)
    target = pack / shipped.relative
    data = read_regular(base / shipped.relative)
    target.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    # O_EXCL: a file (or a link) that appeared meanwhile is never written through.
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    fsync_dir(target.parent)
    _keep_original(pack, shipped, data)
    return target


def check_copy(pack: Path, shipped: Shipped) -> None:
    """Refuse (``CopyRefused``) a copy the pack already has, before anything is copied."""
    target = pack / shipped.relative
    if shipped.kind == "topic":
        own = _pack_topic_file(pack, shipped.name)
        if own is not None:
            raise CopyRefused(
                f"The pack already has topic {shipped.name} in {own}, so nothing was copied. "
                f"See what changed in the app's own with `cpi-assistant pack changes "
                f"{shipped.name}`."
            )
    if target.exists():
        raise CopyRefused(f"{target} is already there, so nothing was copied.")


def bring_up_to_date(base: Path, pack: Path, shipped: Shipped) -> Status:
    """``pack changes NAME --done``: the app's own file now becomes the original (or, when the
    app no longer has it, the note is dropped: the copy is a file of the pack's own)."""
    if (base / shipped.relative).is_file():
        _keep_original(pack, shipped, read_regular(base / shipped.relative))
        return status(base, pack, shipped)
    record = _read_record(pack)
    record.pop(shipped.relative, None)
    _write_record(pack, record)
    with contextlib.suppress(FileNotFoundError):
        (pack / ORIGINALS / shipped.relative).unlink()
    return Status(shipped, "gone")


def copies(base: Path, pack: Path) -> list[Status]:
    """Every shipped file the pack has its own copy of, noted or copied by hand."""
    found: dict[str, Status] = {}
    for relative, note in sorted(_read_record(pack).items()):
        # A copy the author took out again: the app's own is used, nothing to compare.
        shipped = _from_record(relative, note)
        if pack_copy(pack, shipped).is_file():
            found[relative] = status(base, pack, shipped)
    shipped_ids = {
        index.topic.id: path.name
        for path in topic_files(base)
        for index in load_topic_files([path])[0]
    }
    if (pack / "flows").is_dir():
        for path in topic_files(pack):
            for index in load_topic_files([path])[0]:
                file = shipped_ids.get(index.topic.id)
                relative = f"flows/{file}"
                if file is not None and relative not in found:
                    shipped = Shipped("topic", index.topic.id, relative)
                    found[relative] = Status(shipped, "unrecorded")
    with contextlib.suppress(OSError):
        for path in sorted((pack / "templates").iterdir()):
            relative = f"templates/{path.name}"
            if (base / relative).is_file() and relative not in found:
                found[relative] = Status(Shipped("template", path.name, relative), "unrecorded")
    return [found[k] for k in sorted(found)]


def status(base: Path, pack: Path, shipped: Shipped) -> Status:
    """How the pack's copy of ``shipped`` stands against the app's own file now."""
    note = _read_record(pack).get(shipped.relative)
    if note is None:
        return Status(shipped, "unrecorded")
    copied = Copied(shipped, str(note.get("app", "?")), str(note.get("on", "?")), note["sha256"])
    try:
        now = read_regular(base / shipped.relative)
    except OSError:
        return Status(shipped, "gone", copied)
    same = hashlib.sha256(now).hexdigest() == copied.sha256
    return Status(shipped, "same" if same else "changed", copied)


def changes(base: Path, pack: Path, shipped: Shipped) -> str:
    """What the app changed in its own file since the pack copied it, as a unified diff
    (empty when nothing did). For a copy made by hand: how the pack's copy differs from the
    app's own file now."""
    now = _lines(base / shipped.relative)
    mine = status(base, pack, shipped)
    if mine.copied is None:
        return "".join(
            difflib.unified_diff(
                now,
                _lines(pack_copy(pack, shipped)),
                f"the app's own {shipped.relative} (version {__version__})",
                f"your pack's {shipped.relative}",
            )
        )
    original = _lines(pack / ORIGINALS / shipped.relative)
    return "".join(
        difflib.unified_diff(
            original,
            now,
            f"the app's own {shipped.relative} when copied (version {mine.copied.app}, "
            f"{mine.copied.on})",
            f"the app's own {shipped.relative} now (version {__version__})",
        )
    )


def changed_problems(base: Path, pack: Path) -> list[Problem]:
    """K060 warnings for ``validate``: each copied file whose original in the app changed
    (or went) since it was copied, and each copy of a web-page template that lacks the app's
    Content-Security-Policy line however it was copied (``pack copy``, by hand, or the line
    taken out since), placed at the pack's copy."""
    problems: list[Problem] = []
    for mine in copies(base, pack):
        message = _changed_message(mine)
        line = 1
        policy = _missing_policy(base, pack, mine) if mine.state != "gone" else None
        if policy is not None:
            line, policy_message = policy
            message = f"{policy_message}. Besides, {message}" if message else policy_message
        if message is None:
            continue
        problems.append(
            Problem(
                display_name(pack_copy(pack, mine.shipped)), line, 1, "K060", message, "warning"
            )
        )
    return problems


def _changed_message(mine: Status) -> str | None:
    """What to say of a copy whose original in the app changed or went since it was copied
    with ``pack copy`` (None: neither, or copied by hand with no note of when)."""
    if mine.state not in ("changed", "gone") or mine.copied is None:
        return None
    name, when = mine.shipped.name, f"version {mine.copied.app}, {mine.copied.on}"
    if mine.state == "changed":
        return (
            f"the app's own `{mine.shipped.relative}` has changed since it was copied into "
            f"this pack ({when}); your copy does not get the change. See it with "
            f"`cpi-assistant pack changes {name}`, bring what you want into your copy, "
            f"then run `cpi-assistant pack changes {name} --done`"
        )
    return (
        f"the app no longer has `{mine.shipped.relative}` (copied {when}): your copy is "
        f"now the pack's own. Run `cpi-assistant pack changes {name} --done` to say so"
    )


# The web-page templates' Content-Security-Policy line (307991ff): named plainly in K060, as
# it is the change a copy made before it most needs, and looked for in every copy: one made
# by hand has no note of when it was copied to tell an upgrade by.
_POLICY_MARK = 'http-equiv="Content-Security-Policy"'


def _missing_policy(base: Path, pack: Path, mine: Status) -> tuple[int, str] | None:
    """Where a copied web-page template lacks the app's policy line and what to say: the
    line to add it at (after the copy's charset line) and the message; None when the app's
    own has no such line or the copy has one."""
    if mine.shipped.kind != "template":
        return None
    now = _lines(base / mine.shipped.relative)
    ours = _lines(pack_copy(pack, mine.shipped))
    theirs = [n for n, row in enumerate(now, 1) if _POLICY_MARK in row]
    if not theirs or any(_POLICY_MARK in row for row in ours):
        return None
    charset = next((n for n, row in enumerate(ours, 1) if "<meta charset" in row.lower()), 0)
    where = (
        f"after `{ours[charset - 1].strip()}` (your line {charset})"
        if charset
        else ("first in its <head>")
    )
    return charset + 1, (
        f"the app's own `{mine.shipped.relative}` now has, at its line {theirs[0]}, a "
        "Content-Security-Policy line that stops any script running in the page and anything "
        "outside it loading when the copy is opened in a browser; your copy does not have it. "
        f"Add this line {where}: {now[theirs[0] - 1].strip()} "
        "(until you do, the app adds the same policy to your copy's pages itself)"
    )


# -- the note and the originals -------------------------------------------------------------


def _keep_original(pack: Path, shipped: Shipped, data: bytes) -> None:
    original = pack / ORIGINALS / shipped.relative
    original.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    write_atomic(original, data, mode=FILE_MODE)
    record = _read_record(pack)
    record[shipped.relative] = {
        "kind": shipped.kind,
        "name": shipped.name,
        "app": __version__,
        "on": dt.date.today().isoformat(),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    _write_record(pack, record)


def _read_record(pack: Path) -> dict[str, dict[str, Any]]:
    try:
        doc = json.loads(read_regular(pack / ORIGINALS / RECORD))
    except (OSError, ValueError):
        return {}
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(files, dict):
        return {}
    return {
        k: v
        for k, v in files.items()
        if isinstance(v, dict) and isinstance(v.get("sha256"), str) and _safe_relative(k)
    }


def _write_record(pack: Path, record: dict[str, dict[str, Any]]) -> None:
    folder = pack / ORIGINALS
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    doc = {"format": RECORD_FORMAT, "files": dict(sorted(record.items()))}
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    write_atomic(folder / RECORD, text.encode("utf-8"), mode=FILE_MODE)


def _from_record(relative: str, note: dict[str, Any]) -> Shipped:
    kind: Kind = "template" if relative.startswith("templates/") else "topic"
    name = note.get("name")
    if not isinstance(name, str) or not name:
        name = relative.split("/", 1)[1].removesuffix(".yaml")
    return Shipped(kind, name, relative)


def _safe_relative(relative: str) -> bool:
    """Only ``flows/FILE`` or ``templates/FILE``: a hand-edited note never points outside."""
    folder, _, file = relative.partition("/")
    return folder in ("flows", "templates") and bool(file) and "/" not in file and file != ".."


def pack_copy(pack: Path, shipped: Shipped) -> Path:
    """The pack's own copy of ``shipped``: for a topic, whichever of the pack's files has its
    id (a copy made by hand may have another file name)."""
    if shipped.kind == "topic":
        own = _pack_topic_file(pack, shipped.name)
        if own is not None:
            return own
    return pack / shipped.relative


def _pack_topic_file(pack: Path, topic_id: str) -> Path | None:
    if not (pack / "flows").is_dir():
        return None
    for path in topic_files(pack):
        if any(i.topic.id == topic_id for i in load_topic_files([path])[0]):
            return path
    return None


def _lines(path: Path) -> list[str]:
    try:
        return read_regular(path).decode("utf-8", "replace").splitlines(keepends=True)
    except OSError:
        return []
