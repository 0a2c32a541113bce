"""Load ``content/directory/`` into a :class:`Directory`, placing every problem at file:line:col.

YAML is read with the shared content loader (``assistant.flows.yamlsafe``), which keeps the
line and column of every value and key and refuses tabs, duplicate keys and aliases.

Codes (D for directory): D03x file shape, D04x missing files, D1xx a value in one file
(D114: a referral route without the contact detail it needs), D2xx checks across files
(tags, areas, ids).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from assistant.directory.browse import (
    checked_date,
    checked_words,
    days_from_when,
    fold_words,
    months_before,
)
from assistant.directory.model import (
    RESERVED_AREAS,
    AreaFile,
    Directory,
    DirectoryEntry,
    TagsFile,
)
from assistant.fields import ID_PATTERN
from assistant.flows.problems import ContentError, Problem
from assistant.flows.validation import problem_from_error, suggest
from assistant.flows.yamlsafe import Located, YamlProblem, load_yaml_file
from assistant.locations import content_dir
from assistant.phone_numbers import is_dialable, not_dialable_message

AREA_FILE = "_area.yaml"
TAGS_FILE = "_tags.yaml"


def default_directory_path(root: Path | None = None) -> Path:
    """The directory folder inside a content folder (default: the shipped content)."""
    return (root or content_dir()) / "directory"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _model_for(path: Path) -> type[BaseModel]:
    if path.name == AREA_FILE:
        return AreaFile
    if path.name == TAGS_FILE:
        return TagsFile
    return DirectoryEntry


def _contact_or_name(value: Any, last: Any, path: list[Any]) -> str | None:
    if last == "email":
        return f"`{value}` is not an email address"
    if last == "web":
        return f"`{value}` is not a web address; start it with https://"
    return None


def _problem(err: ErrorDetails, cls: type[BaseModel], located: Located, name: str) -> Problem:
    value = err.get("input")
    if err["type"] == "string_type" and isinstance(value, int | float) and err["loc"]:
        # `phone: 01132451234` without quotes: YAML reads a number, and not the one written
        # (these digits are octal to it), so the value read is never shown as the example.
        key = err["loc"][-1]
        example = f'{key}: "01632 960123"' if key == "phone" else f'{key}: "..."'
        return Problem(
            name,
            *located.where(tuple(err["loc"])),
            "D117",
            f"`{key}` is read as a number; put it in quotes so it is kept as written, "
            f"e.g. {example}",
        )
    return problem_from_error(
        err, located, name, prefix="D", root=cls, pattern_message=_contact_or_name
    )


def _parse(path: Path) -> tuple[BaseModel | None, Located | None, list[Problem]]:
    name = _display(path)
    try:
        located = load_yaml_file(path, name)
    except YamlProblem as exc:
        return None, None, [exc.problem]
    cls = _model_for(path)
    if located.data is None:
        return (
            None,
            located,
            [
                Problem(
                    name, 1, 1, "D030", "the file is empty; fill it in as an entry, or delete it"
                )
            ],
        )
    if not isinstance(located.data, dict):
        return (
            None,
            located,
            [Problem(name, 1, 1, "D031", "the file must be a set of `key: value`")],
        )
    try:
        return cls.model_validate(located.data), located, []
    except ValidationError as exc:
        found = {_problem(e, cls, located, name) for e in exc.errors()}
        return None, located, sorted(found)


def _check_area(area: AreaFile, located: Located, name: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for n, hood in enumerate(area.area.neighbourhoods):
        line, col = located.where(("area", "neighbourhoods", n, "id"))
        if hood.id in RESERVED_AREAS:
            problems.append(
                Problem(name, line, col, "D209", f"`{hood.id}` is a reserved area; use another id")
            )
        elif hood.id in seen:
            problems.append(
                Problem(name, line, col, "D208", f"neighbourhood `{hood.id}` is listed twice")
            )
        seen.add(hood.id)
    return problems


def _check_tags(tags: TagsFile, located: Located, name: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for n, tag in enumerate(tags.tags):
        if tag.id in seen:
            line, col = located.where(("tags", n, "id"))
            problems.append(Problem(name, line, col, "D206", f"tag `{tag.id}` is listed twice"))
        seen.add(tag.id)
        words_seen: set[str] = set()
        for s, synonym in enumerate(tag.synonyms):
            folded = synonym.casefold()
            if folded in words_seen:
                line, col = located.where(("tags", n, "synonyms", s))
                problems.append(
                    Problem(
                        name,
                        line,
                        col,
                        "D207",
                        f"synonym `{synonym}` is listed twice for `{tag.id}`",
                        "warning",
                    )
                )
            words_seen.add(folded)
    return problems


_ID = re.compile(ID_PATTERN)


def _ids(value: Any) -> list[tuple[int, str]]:
    """Well-formed ids in a raw value (badly formed ones are reported by the model)."""
    items = value if isinstance(value, list) else [value]
    return [(n, v) for n, v in enumerate(items) if isinstance(v, str) and _ID.match(v)]


def _check_entry(
    data: dict[str, Any],
    path: Path,
    located: Located,
    tag_ids: list[str] | None,
    area_ids: list[str] | None,
) -> list[Problem]:
    """Checks against the other files; run on the raw data so they show up in one pass."""
    name = _display(path)
    problems: list[Problem] = []
    for _, entry_id in _ids(data.get("id")):
        if path.stem != entry_id:
            problems.append(
                Problem(
                    name,
                    *located.where(("id",)),
                    "D204",
                    f"the id `{entry_id}` does not match the file name `{path.name}`; "
                    "make them the same (the file is `<id>.yaml`)",
                )
            )
    if tag_ids is not None and isinstance(data.get("tags"), list):
        for n, tag in _ids(data["tags"]):
            if tag not in tag_ids:
                problems.append(
                    Problem(
                        name,
                        *located.where(("tags", n)),
                        "D201",
                        f"unknown tag `{tag}`{suggest(tag, tag_ids)}; "
                        f"add it to {TAGS_FILE} or use a listed tag",
                    )
                )
    if area_ids is not None:
        for _, area in _ids(data.get("area")):
            if area not in area_ids:
                problems.append(
                    Problem(
                        name,
                        *located.where(("area",)),
                        "D202",
                        f"unknown area `{area}`{suggest(area, area_ids)}; "
                        f"use one of: {', '.join(area_ids)}",
                    )
                )
    return problems


# Words in a `who_for` that the structured fields can say (an age, a gender, a situation);
# one only about where people live ("People who live in Eastgate") has nothing to add.
_STRUCTURED_WORDS = frozenset(
    fold_words(
        "0 1 2 3 4 5 6 7 8 9 adult adults child children young younger old older over under "
        "aged age teenager teenagers men man male women woman female ladies lady girls boys "
        "nonbinary non binary carer carers caring voices voice mental health transport"
    )
    + tuple(str(n) for n in range(10, 121))
)


def _phone_errors(entry: DirectoryEntry, located: Located, name: str) -> list[Problem]:
    """D116: a phone number no one can dial (words, a letter O for a nought). It is handed
    to the person on the group's card, so it is an error, as a crisis number in
    ``agency.yaml`` is (A204): the entry is left out until it is put right."""
    phone = entry.contact.phone
    if not phone or is_dialable(phone):
        return []
    return [
        Problem(
            name,
            *located.where(("contact", "phone")),
            "D116",
            not_dialable_message(phone),
            "error",
        )
    ]


def _entry_warnings(
    entry: DirectoryEntry,
    located: Located,
    name: str,
    stale_before: date | None,
    months: int,
    today: date,
) -> list[Problem]:
    """What an entry can be used with but will not serve people well: details not checked
    lately (``stale_before`` is None for example data, which has nothing to check) or
    checked on a day after ``today`` (said of example data too), a
    `who_for` that suggestions cannot respect, days the day filter cannot read."""
    found: list[Problem] = []

    def warn(path: tuple[str, ...], code: str, message: str, *, key: bool = False) -> None:
        found.append(Problem(name, *located.where(path, key=key), code, message, "warning"))

    checked = checked_date(entry)
    if checked is not None and checked > today:
        # A slip of the year or month: the entry would count as checked for too long, and
        # plans would say the details were checked on a day still to come. Said for example
        # data too: an agency's first real entries are often written while it is still on.
        warn(
            ("checked",),
            "D115",
            f"`checked:` is {checked.isoformat()}, a day still to come: write the day you "
            "checked the details (YYYY-MM-DD)",
        )
    elif stale_before is not None:
        if checked is None:
            warn(
                ("id",),
                "D111",
                "no `checked:` date: check the details with the group, then add "
                "`checked: YYYY-MM-DD` (the day you checked)",
                key=True,
            )
        elif checked < stale_before:
            warn(
                ("checked",),
                "D110",
                f"last {checked_words(entry)}, more than {months} months ago: the details may "
                "be out of date. Check them with the group, then update `checked:`",
            )
    if (
        entry.who_for
        and not (entry.for_ages or entry.for_genders or entry.for_situations)
        and _STRUCTURED_WORDS.intersection(fold_words(entry.who_for))
    ):
        warn(
            ("who_for",),
            "D112",
            "`who_for` limits who can go, but suggestions cannot read it: say the same with "
            "`for_ages`, `for_genders` or `for_situations`",
            key=True,
        )
    if entry.days is None and not days_from_when(entry.when):
        warn(
            ("when",),
            "D113",
            "the days cannot be read from `when`, so the day filter will not find this "
            "entry: add `days: [monday, ...]`",
            key=True,
        )
    return found


def _referral_errors(entry: DirectoryEntry, located: Located, name: str) -> list[Problem]:
    """A phone or email referral route needs the number or address in `contact` (kept there
    once, so the referral and the card never disagree); pointed at the route itself."""
    found: list[Problem] = []
    if entry.referral is None:
        return found
    details = {
        "phone": (entry.contact.phone, "a phone number"),
        "email": (entry.contact.email, "an email address"),
    }
    for n, route in enumerate(entry.referral.routes):
        if route in details and not details[route][0]:
            found.append(
                Problem(
                    name,
                    *located.where(("referral", "routes", n)),
                    "D114",
                    f"the referral route `{route}` needs {details[route][1]} in `contact`: add "
                    f"`{route}:` under `contact`, or take `{route}` out of `routes`",
                )
            )
    return found


def entry_files(folder: Path) -> list[Path]:
    """The entry files of a directory folder (everything but the `_` files), sorted."""
    return sorted(
        p
        for p in folder.glob("*.y*ml")
        if p.suffix in (".yaml", ".yml") and not p.name.startswith("_")
    )


def check_directory(
    path: Path | None = None, *, today: date | None = None, pack: Path | None = None
) -> tuple[Directory | None, list[Problem]]:
    """Load and check the directory folder; returns it (None if any error) and all problems.

    This is what the linter calls: problems include warnings as well as errors (among them
    entries not checked within the area's `checked_within_months` of ``today``, unless the
    folder is example data).

    ``pack``: the directory folder of an agency's content pack, laid over ``path``. Once it
    holds one entry of its own, its entries are the directory (the shipped example's drop
    out), with its own ``_area.yaml`` (needed then, when the one below is example data) and
    the tags of both (the pack's wins for a tag of the same id). Until then the folder below
    is used as it is, and the pack's files are only checked.
    """
    return _checked_layers(path, pack, today, leave_out=False)


def read_directory(
    path: Path | None = None, *, pack: Path | None = None, today: date | None = None
) -> tuple[Directory, list[Problem]]:
    """The directory for meetings: as :func:`load_directory`, except that an entry whose own
    file has errors is left out (the rest stay usable, as a broken persona file drops only
    that persona); returns the directory and the errors of the entries left out. Raises
    ``ContentError`` when the directory as a whole cannot be read (its area, its tags, the
    folder) or no entry is left."""
    directory, problems = _checked_layers(path, pack, today, leave_out=True)
    errors = [p for p in problems if p.severity == "error"]
    if directory is None:
        raise ContentError(errors or problems)
    return directory, errors


def _checked_layers(
    path: Path | None, pack: Path | None, today: date | None, *, leave_out: bool
) -> tuple[Directory | None, list[Problem]]:
    folder = path or default_directory_path()
    own = pack if pack is not None and pack.is_dir() and entry_files(pack) else None
    if own is None:
        directory, problems = _check_layers(folder, None, today, leave_out=leave_out)
        if pack is not None and pack.is_dir():
            specials = _specials_problems(pack)
            problems = sorted(set(problems + specials))
            if any(p.severity == "error" for p in specials):
                directory = None
        return directory, problems
    return _check_layers(folder, own, today, leave_out=leave_out)


def _specials_problems(folder: Path) -> list[Problem]:
    """Problems of a pack's ``_area.yaml`` and ``_tags.yaml`` not used yet (no entries)."""
    problems: list[Problem] = []
    for special in (folder / AREA_FILE, folder / TAGS_FILE):
        if special.is_file():
            problems += _parse(special)[2]
    return problems


def _check_layers(
    base: Path, pack: Path | None, today: date | None, *, leave_out: bool = False
) -> tuple[Directory | None, list[Problem]]:
    """The directory of ``pack``'s entries over ``base``'s area and tags, or of ``base``
    (None when there are errors; with ``leave_out``, only when they are not all in entry
    files: the entries of the files with errors are then left out)."""
    problems: list[Problem] = []
    if pack is None and not base.is_dir():
        where = _display(base)
        return None, [Problem(where, 1, 1, "D040", "the directory folder does not exist")]

    area_file = None
    area_path = base / AREA_FILE
    if pack is not None and (pack / AREA_FILE).is_file():
        area_path = pack / AREA_FILE
    tags_paths = [
        f / TAGS_FILE for f in (base, pack) if f is not None and (f / TAGS_FILE).is_file()
    ]
    if not area_path.is_file():
        problems.append(
            Problem(_display(area_path), 1, 1, "D041", f"{AREA_FILE} is missing; copy it back")
        )
    if not tags_paths:
        tags_path = (pack or base) / TAGS_FILE
        problems.append(
            Problem(_display(tags_path), 1, 1, "D042", f"{TAGS_FILE} is missing; copy it back")
        )
    if area_path.is_file():
        parsed, located, found = _parse(area_path)
        problems += found
        if isinstance(parsed, AreaFile) and located is not None:
            area_file = parsed
            problems += _check_area(parsed, located, _display(area_path))
            if pack is not None and area_path.parent == base and parsed.example_data:
                # The example's neighbourhoods and "made up" notice are not the agency's.
                area_file = None
                problems.append(
                    Problem(
                        # The file to make (not there yet), so the author knows where.
                        _display(pack / AREA_FILE),
                        1,
                        1,
                        "D044",
                        f"the pack's directory has entries of its own, so it needs its own "
                        f"{AREA_FILE} (the shipped one describes the made-up example area); "
                        "copy it from the shipped directory and put in your area",
                    )
                )
    # Tags by id, the pack's last so its definition wins (docs/content-format.md, Layering).
    tags: dict[str, Any] = {}
    tags_read = 0
    for tags_path in tags_paths:
        parsed, located, found = _parse(tags_path)
        problems += found
        if isinstance(parsed, TagsFile) and located is not None:
            tags_read += 1
            problems += _check_tags(parsed, located, _display(tags_path))
            tags.update({t.id: t for t in parsed.tags})
    tags_file = (
        TagsFile(tags=list(tags.values())) if tags_read == len(tags_paths) and tags else None
    )

    stale_before = None
    months = area_file.checked_within_months if area_file else 0
    if area_file is not None and not area_file.example_data:
        stale_before = months_before(today or date.today(), area_file.checked_within_months)
    tag_ids = list(tags) if tags_file else None
    area_ids = (
        [h.id for h in area_file.area.neighbourhoods] + list(RESERVED_AREAS) if area_file else None
    )

    entries: dict[str, DirectoryEntry] = {}
    first_file: dict[str, str] = {}
    folder = pack or base
    files = entry_files(folder)
    if not files:
        problems.append(Problem(_display(folder), 1, 1, "D043", "no entry files (*.yaml) here"))
    for file in files:
        parsed, located, found = _parse(file)
        problems += found
        if located is not None and isinstance(located.data, dict):
            problems += _check_entry(located.data, file, located, tag_ids, area_ids)
        if not isinstance(parsed, DirectoryEntry) or located is None:
            continue
        if parsed.id in entries:
            line, col = located.where(("id",))
            problems.append(
                Problem(
                    _display(file),
                    line,
                    col,
                    "D203",
                    f"the id `{parsed.id}` is already used by {first_file[parsed.id]}",
                )
            )
            continue
        entries[parsed.id] = parsed
        first_file[parsed.id] = _display(file)
        problems += _referral_errors(parsed, located, _display(file))
        problems += _phone_errors(parsed, located, _display(file))
        problems += _entry_warnings(
            parsed, located, _display(file), stale_before, months, today or date.today()
        )

    problems = sorted(set(problems))
    broken = {p.file for p in problems if p.severity == "error"}
    if broken and not (leave_out and broken <= {_display(f) for f in files}):
        return None, problems
    kept = sorted(k for k in entries if first_file[k] not in broken)
    if area_file is None or tags_file is None or not kept:
        return None, problems
    # An entry is known by its file's name (its id must match it) or by the id it gives.
    unreadable = {f.stem: _display(f) for f in files if _display(f) in broken}
    unreadable |= {k: first_file[k] for k in entries if first_file[k] in broken}
    directory = Directory(
        area=area_file.area,
        tags=tuple(tags_file.tags),
        entries=tuple(entries[k] for k in kept),
        example_data=area_file.example_data,
        notice=area_file.notice,
        checked_within_months=area_file.checked_within_months,
        unreadable={k: v for k, v in sorted(unreadable.items()) if k not in kept},
    )
    return directory, problems


def load_directory(path: Path | None = None, *, pack: Path | None = None) -> Directory:
    """Load the directory folder (with an agency pack's over it: :func:`check_directory`);
    raises ``ContentError`` listing every error found."""
    directory, problems = check_directory(path, pack=pack)
    errors = [p for p in problems if p.severity == "error"]
    if directory is None or errors:
        raise ContentError(errors)
    return directory


def _folder_state(folder: Path) -> tuple[tuple[str, int, int], ...]:
    state = []
    for p in sorted(folder.glob("*.y*ml")):
        try:
            stat = p.stat()
        except OSError:
            continue
        state.append((p.name, stat.st_mtime_ns, stat.st_size))
    return tuple(state)


_checked: dict[
    Path, tuple[tuple[tuple[str, int, int], ...], str, list[Problem], frozenset[str]]
] = {}


def lint_directory_file(path: Path, name: str) -> list[Problem]:
    """The linter's hook: problems for one directory file, shown under ``name``.

    Checks the whole folder (tags and areas live in other files), once per folder state,
    and keeps this file's problems plus any about the folder as a whole.
    """
    folder = path.resolve().parent
    state = _folder_state(folder)
    cached = _checked.get(folder)
    # The date is part of the key: staleness changes with it.
    where = f"{Path.cwd()}|{date.today().isoformat()}"
    if cached is None or cached[0] != state or cached[1] != where:
        # The folder's files as problems name them, worked out once per folder state (not
        # once per file: that was every file's path resolved for each file checked).
        existing = frozenset(_display(p) for p in folder.glob("*.y*ml"))
        _checked[folder] = (state, where, check_directory(folder)[1], existing)
    _, _, problems, existing = _checked[folder]
    own = _display(path)
    return [
        Problem(name, p.line, p.col, p.code, p.message, p.severity) if p.file == own else p
        for p in problems
        if p.file == own or p.file not in existing
    ]
