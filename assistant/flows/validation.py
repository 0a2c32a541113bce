"""Pydantic validation errors as located, plain-English problems.

Shared by every kind of content file (topics, the community directory, personas): each
passes its own code prefix (E, D, P) and any messages of its own; the rest reads the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from assistant.flows.problems import Problem, did_you_mean
from assistant.flows.yamlsafe import Located

PatternMessage = Callable[[Any, Any, list[Any]], str | None]


def keys_of(cls: type[BaseModel]) -> list[str]:
    """The keys an author writes for ``cls`` (aliases where a field has one)."""
    return [f.alias or name for name, f in cls.model_fields.items()]


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The first model inside an annotation such as ``list[Entry] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


def model_at(root: type[BaseModel], path: Sequence[Any]) -> type[BaseModel]:
    """Which model the mapping at ``path`` belongs to (for "did you mean" on unknown keys)."""
    cls = root
    for part in path:
        if isinstance(part, str):
            fields = {(f.alias or name): f for name, f in cls.model_fields.items()}
            found = fields.get(part)
            inner = inner_model(found.annotation) if found else None
            if inner is not None:
                cls = inner
    return cls


_BOUND_WORDS = {"ge": "{} or more", "gt": "more than {}", "le": "{} or less", "lt": "less than {}"}
_RANGE_KINDS = {
    "greater_than_equal": "ge",
    "greater_than": "gt",
    "less_than_equal": "le",
    "less_than": "lt",
}


def _field_bounds(root: type[BaseModel], path: Sequence[Any]) -> dict[str, Any]:
    """The ``ge``/``gt``/``le``/``lt`` limits written on the field at ``path`` (empty when it
    cannot be found), so a range error can give both ends."""
    if not path or not isinstance(path[-1], str):
        return {}
    found = model_at(root, path[:-1]).model_fields.get(str(path[-1]))
    bounds: dict[str, Any] = {}
    for mark in found.metadata if found else ():
        for key in _BOUND_WORDS:
            if getattr(mark, key, None) is not None:
                bounds[key] = getattr(mark, key)
    return bounds


def _range_words(kind: str, ctx: dict[str, Any], bounds: dict[str, Any]) -> str:
    """ "from 1 to 3", or "3 or less" when only the broken limit is known."""
    bounds = {**bounds, **{k: v for k, v in ctx.items() if k in _BOUND_WORDS}}
    low, high = bounds.get("ge"), bounds.get("le")
    if low is not None and high is not None:
        return f"from {low} to {high}"
    key = _RANGE_KINDS[kind]
    return _BOUND_WORDS[key].format(bounds[key])


def suggest(word: str, choices: Sequence[str]) -> str:
    """Like ``did_you_mean``, but a choice that starts with the word wins (gaming -> gaming_...),
    then one with a word that the word starts with, or that starts with it (sports ->
    sport_and_walking, walk -> sport_and_walking), before spelling alone (which would offer
    `arts` for `sports`)."""
    starts = [c for c in choices if c.startswith(word)] if word else []
    if len(starts) == 1:
        return f" (did you mean `{starts[0]}`?)"
    shares = [c for c in choices if _shares_a_word(word, c)]
    if len(shares) == 1:
        return f" (did you mean `{shares[0]}`?)"
    return did_you_mean(word, choices)


def _shares_a_word(word: str, choice: str) -> bool:
    """Whether a word of ``choice`` (split at ``_``) and ``word`` begin alike: one is the
    start of the other, four letters or more (`sport` in `sports`)."""
    given = word.lower()
    for part in choice.lower().split("_"):
        short, long = sorted((part, given), key=len)
        if len(short) >= 4 and long.startswith(short):
            return True
    return False


def where_named(located: Located, path: Sequence[Any], message: str) -> tuple[int, int]:
    """Point a cross-field message at the first key it names in backticks, if present."""
    for named in re.findall(r"`([a-z_]+)", message):
        probe = (*path, named)
        if probe in located.keys:
            return located.keys[probe]
    return located.where(tuple(path), key=True)


def clean_path(loc: Sequence[Any]) -> list[Any]:
    """Pydantic names validator steps in error paths (`function-after[...]`): not keys."""
    return [p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function")))]


def problem_from_error(
    err: ErrorDetails,
    located: Located,
    name: str,
    *,
    prefix: str,
    root: type[BaseModel],
    path: list[Any] | None = None,
    owner: type[BaseModel] | None = None,
    pattern_message: PatternMessage | None = None,
) -> Problem:
    """One pydantic error as a ``Problem`` with code ``<prefix>1xx``.

    ``path`` overrides the error's own path (e.g. with union tags removed); ``owner`` names
    the model of the mapping holding the bad key when ``root`` cannot work it out.
    """
    path = clean_path(err["loc"]) if path is None else path
    kind = err["type"]
    where = located.where(tuple(path), key=kind in ("extra_forbidden", "missing"))
    last = path[-1] if path else ""
    label = ".".join(str(p) for p in path) or "file"
    value = err.get("input")

    def problem(number: int, message: str, at: tuple[int, int] = where) -> Problem:
        return Problem(name, at[0], at[1], f"{prefix}{number}", message)

    if kind == "extra_forbidden":
        allowed = keys_of(owner or model_at(root, path[:-1]))
        return problem(101, f"unknown key `{last}`{did_you_mean(str(last), allowed)}")
    if kind == "missing":
        return problem(102, f"missing required key `{last}`")
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        choices = [c.strip().strip("'") for c in str(expected).replace(" or ", ", ").split(",")]
        hint = suggest(str(value), choices) if isinstance(value, str) else ""
        return problem(105, f"`{last}` must be one of {expected}; got {value!r}{hint}")
    if kind == "string_pattern_mismatch":
        message = pattern_message(value, last, path) if pattern_message else None
        return problem(
            106,
            message
            # A line break in the value would split the one-line problem: shown escaped.
            or f"`{value if str(value).isprintable() else repr(value)}` is not a valid name: "
            "use lower-case letters, digits and _ , "
            "starting with a letter",
        )
    if kind == "value_error":
        message = str(err.get("ctx", {}).get("error", err["msg"]))
        return problem(107, message, where_named(located, path, message))
    if kind == "too_short" and isinstance(value, list):
        return problem(108, f"`{label}` needs at least one item")
    if kind == "string_type" and isinstance(value, dict):
        return problem(
            109,
            f"`{label}` should be text, but a `: ` in it made YAML read a key; "
            "put the whole text in quotes",
        )
    # Plain words for the common slips of type, naming the key (the line says which entry).
    named = f"`{last}`" if isinstance(last, str) and last else f"`{label}`"
    shown = value if not isinstance(value, str) or value.isprintable() else repr(value)
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return problem(100, f"{named} must be a whole number, like 3; got `{shown}`")
    if kind in ("float_parsing", "float_type"):
        return problem(100, f"{named} must be a number, like 2.5; got `{shown}`")
    if kind in ("bool_parsing", "bool_type"):
        return problem(100, f"{named} must be true or false; got `{shown}`")
    if kind in _RANGE_KINDS:
        words = _range_words(kind, err.get("ctx", {}), _field_bounds(root, path))
        return problem(100, f"{named} must be {words}; got `{shown}`")
    if kind in ("string_too_long", "too_long"):
        most = err.get("ctx", {}).get("max_length")
        unit = "characters" if kind == "string_too_long" else "items"
        return problem(100, f"{named} is too long: at most {most} {unit}")
    if kind == "string_too_short":
        least = err.get("ctx", {}).get("min_length")
        return problem(
            100,
            f"{named} must not be empty"
            if least == 1
            else f"{named} is too short: at least {least} characters",
        )
    if kind == "list_type":
        return problem(100, f"{named} must be a list: one `- item` on each line under it")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return problem(100, f"{named} must be a set of `key: value` lines under it")
    return problem(100, f"{label}: {err['msg']}")
