"""Load content as the app, the CLI and the authoring tools run it.

The topics (``assistant.flows``), checked across topics by the linter, with the community
directory's expression functions: the one place that puts the layers below together, so the
flows never import the linter or the directory.
"""

from __future__ import annotations

from pathlib import Path

from assistant.authoring.lint import check_content
from assistant.directory.functions import with_directory
from assistant.flows.loader import Content, read_content
from assistant.flows.problems import ContentError


def load_content(root: Path | None = None, *, check: bool = True) -> Content:
    """Load all topics under ``root/flows`` (the shipped content by default); raises
    ``ContentError`` when any is broken.

    With ``check`` the full linter runs too, so the app never starts on content with
    dangling targets or broken templates.
    """
    content, problems = read_content(root)
    content = with_directory(content)
    if check:
        problems = problems + check_content(content)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(sorted(errors))
    return content
