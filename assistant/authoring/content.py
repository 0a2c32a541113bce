"""Load content as the app, the CLI and the authoring tools run it.

The topics (``assistant.flows``), checked across topics by the linter, with the community
directory's expression functions and the agency's details: the one place that puts the layers
below together, so the flows never import the linter, the directory or the agency settings.
"""

from __future__ import annotations

from pathlib import Path

from assistant.agency import with_agency
from assistant.authoring.lint import check_content
from assistant.content_pack.layers import ContentLayers, read_layers
from assistant.content_pack.manifest import PACK_FILE
from assistant.directory.functions import with_directory
from assistant.flows.loader import Content
from assistant.flows.problems import ContentError


def load_content(
    root: Path | None = None, *, pack: Path | None = None, check: bool = True
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
    """
    if pack is None and root is not None and (root / PACK_FILE).is_file():
        root, pack = None, root
    content, problems, _ = read_layers(ContentLayers.chosen(root, pack))
    content = with_agency(with_directory(content))
    if check:
        problems = problems + check_content(content) + list(content.agency_problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(sorted(errors))
    return content
