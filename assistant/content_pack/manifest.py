"""``pack.yaml``: the marker of an agency's content pack, read with every problem placed.

Read with the shared safe YAML reader (``assistant.flows.yamlsafe``: no tabs, duplicate keys
or aliases) and reported as ``file:line:col`` problems with K codes (K for pack):
K03x the file's shape, K04x the folder or the file missing, K1xx a value, K2xx checks against
the content it is laid over (``assistant.content_pack.layers``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.fields import ID_PATTERN
from assistant.flows.loader import display_name
from assistant.flows.problems import Problem
from assistant.flows.validation import problem_from_error
from assistant.flows.yamlsafe import Located, YamlProblem, load_yaml_file

PACK_FILE = "pack.yaml"
#: The pack format this app reads; a newer app may read more than one.
PACK_FORMAT = 1


class PackFile(BaseModel):
    """What ``pack.yaml`` may say."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=120, description="The pack's name, e.g. the team")
    format: Literal[1] = Field(description="The pack format: 1")
    description: str | None = Field(None, max_length=2000)
    switch_off: list[str] = Field(
        default_factory=list, description="Ids of shipped topics this agency does not use"
    )


@dataclass(frozen=True)
class Manifest:
    """A pack's ``pack.yaml``, read: the model (None when broken), where each value is, and
    its problems."""

    path: Path
    pack: PackFile | None
    located: Located | None
    problems: tuple[Problem, ...] = ()

    @property
    def name(self) -> str:
        """The file as problems name it."""
        return display_name(self.path)

    def where_switched_off(self, position: int) -> tuple[int, int]:
        """The line and column of the ``position``-th id in ``switch_off``."""
        if self.located is None:
            return (1, 1)
        return self.located.where(("switch_off", position))


_ID = re.compile(ID_PATTERN)


def _bad_id(value: object) -> bool:
    return not isinstance(value, str) or _ID.fullmatch(value) is None


def read_manifest(folder: Path) -> Manifest:
    """Read ``folder/pack.yaml``; never raises (a missing folder or file is a K04x problem)."""
    path = folder / PACK_FILE
    where = display_name(folder)
    try:
        is_folder = folder.is_dir()
        exists = folder.exists()
    except OSError:
        is_folder = exists = False
    if not is_folder:
        message = (
            "this is not a folder; give the pack's folder (the one holding pack.yaml)"
            if exists
            else "there is no content pack folder here; check the path"
        )
        return Manifest(path, None, None, (Problem(where, 1, 1, "K040", message),))
    name = display_name(path)
    try:
        found = path.exists()
    except OSError as exc:  # no permission to look inside the folder
        problem = Problem(
            where, 1, 1, "K042", f"cannot read the pack folder: {exc.strerror or exc}"
        )
        return Manifest(path, None, None, (problem,))
    if not found:
        return Manifest(
            path,
            None,
            None,
            (
                Problem(
                    name,
                    1,
                    1,
                    "K041",
                    "pack.yaml is missing: a content pack needs it (name: and format: 1); "
                    "`cpi-assistant pack new` writes one",
                ),
            ),
        )
    try:
        located = load_yaml_file(path, name)
    except YamlProblem as exc:
        return Manifest(path, None, None, (exc.problem,))
    if located.data is None:
        problem = Problem(name, 1, 1, "K030", "the file is empty; it needs name: and format: 1")
        return Manifest(path, None, located, (problem,))
    if not isinstance(located.data, dict):
        problem = Problem(name, 1, 1, "K031", "the file must be a set of `key: value`")
        return Manifest(path, None, located, (problem,))
    problems: list[Problem] = []
    switch_off = located.data.get("switch_off")
    if isinstance(switch_off, list):
        for n, value in enumerate(switch_off):
            if _bad_id(value):
                problems.append(
                    Problem(
                        name,
                        *located.where(("switch_off", n)),
                        "K103",
                        f"`{value}` is not a topic id (lower-case letters, digits and _)",
                    )
                )
    written = located.data.get("format")
    if isinstance(written, int) and not isinstance(written, bool) and written > PACK_FORMAT:
        problems.append(
            Problem(
                name,
                *located.where(("format",)),
                "K104",
                f"format {written} is newer than this app reads "
                f"(format {PACK_FORMAT}); upgrade the app, or write the pack in format "
                f"{PACK_FORMAT}",
            )
        )
    try:
        pack = PackFile.model_validate(located.data)
    except ValidationError as exc:
        taken = {(p.line, p.col) for p in problems}
        for err in exc.errors():
            problem = problem_from_error(err, located, name, prefix="K", root=PackFile)
            if (problem.line, problem.col) not in taken:
                problems.append(problem)
        return Manifest(path, None, located, tuple(sorted(set(problems))))
    if problems:
        return Manifest(path, None, located, tuple(sorted(set(problems))))
    return Manifest(path, pack, located, ())
