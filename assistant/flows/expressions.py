"""Sandboxed Jinja2 for content text and conditions.

Authors write ``{{ ... }}`` in text and bare expressions in ``when``/``if``. Both run in
Jinja's immutable sandbox, bounded so that content cannot freeze the app
(``assistant.flows.sandbox``), with ``StrictUndefined`` so a typo fails loudly instead of
showing an empty string. People's answers enter only as *values* in the context: they are
never compiled, so an answer of ``{{ 7*7 }}`` stays exactly that.
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, Undefined, meta, nodes

from assistant.dates import say_date
from assistant.flows.sandbox import (
    CONTENT_LIMITS,
    BoundedEnvironment,
    StaticProblem,
    static_problems,
)
from assistant.sentences import full_stop, quoted

# Names every expression may use, with a one-line description for docs and the linter.
FUNCTIONS: dict[str, str] = {
    "answered": "answered('path') - true when something (not skipped, not empty) is stored",
    "skipped": "skipped('path') - true when the question was left for another day",
    "get": "get('path', default) - the stored value, or default when nothing is stored",
    "visited": "visited('step') or visited('topic.step') - how many times a step was shown",
    "topic_status": "topic_status('topic') - not_started, in_progress, parked or done",
    "opportunities": "opportunities(interests, limit, strengths=, other=, age=, born=, "
    "gender=, situations=) - community directory entries matching what the person said "
    "(text or lists), leaving out those they are known to be outside of, as options for "
    "`options_from`",
    "plan_parts": "plan_parts() - the parts of the plan so far (sections with answers, then "
    "people, goals, actions, ...) as options for `options_from`, to mark what is not shared",
    "worker_asks": "worker_asks() - what the person asked of the worker (going along the "
    "first time, what the worker could do for a goal, the worker's actions in Goals) not yet "
    "in the worker's list, as its starting entries (id, what, why)",
    "put_off_tasks": "put_off_tasks() - the ids of the worker's going-along actions "
    "(asked- and the thing to try's id) whose thing to try is put off till later",
    "goal_words": "goal_words(goal) - a goal record's words now: the new words given at a "
    "review while its 'Change it' stands, else its own (what)",
    "opportunity": "opportunity('id') - one directory entry (name, when, cost, contact, ...)",
    "with_picks": "with_picks(list, picks, idea_from) - a things-to-try list with the picked "
    "directory entries added once each (name, near or online, whose idea, the entry's id)",
    "person_age": "person_age() - the person's age from the date of birth in their record, "
    "or nothing when it is not recorded (for who a directory entry is for)",
    "person_gender": "person_gender() - woman, man or non_binary as the person's record says, "
    "or nothing when not recorded, in their own words or not to say (never guessed)",
    "with_referrals": "with_referrals(list, picks) - the referrals list with a record "
    "(entry, to: its name) added for each picked directory entry not already being followed",
    "referral_options": "referral_options() - the community directory entries this meeting "
    "picked or put on the things-to-try list, as options for `options_from` (value: the "
    "entry, label: its name); nothing without a directory",
    "referral_to": "referral_to(entry) - a directory entry's name ('' for none)",
    "referral_routes": "referral_routes(entry, consent) - how to refer to the entry as options "
    "(phone, email, form, in_person, self, other; with consent 'no' only self); every route "
    "for the person's own idea",
    "referral_detail": "referral_detail(entry, route) - the number, address or link for that "
    "route ('' when there is none)",
    "referral_asks": "referral_asks(entry) - what the entry asks for in a referral ('' when "
    "it does not say)",
    "referral_checks": "referral_checks(entry) - the worker's flags before referring: who the "
    "entry is for against the person's age and gender on record, its own criteria",
    "referral_message": "referral_message(entry, by_whom, shared, to) - a plain suggested "
    "wording to send, from the worker (by_whom 'worker' or 'both') or the person",
    "referral_signed": "referral_signed(message) - a referral's suggested wording from "
    "today's worker when the last meeting's worker wrote it (a handover: 'My name is' and the "
    "name it is signed with); as it is otherwise",
    "agency_choice": "agency_choice('ratings.treatment_aspects') - true when the agency's "
    "settings (agency.yaml) switch that choice on; false when they do not, or there are none",
    "mentions": "mentions(text, names) - true when the text (or any of a list of texts) "
    "holds one of the names as whole words, ignoring case and spacing: 'Art' is in 'Ask at "
    "Art club', not in 'Start a chart'",
    "worker_name": "worker_name() - today's worker's name from the agency's settings "
    "(agency.yaml); '' when they name no worker",
    "earlier_worker": "earlier_worker() - the last meeting's worker (previous.worker) when "
    "today's worker is someone else (a handover), else ''",
    "len": "len(value) - number of items (0 for nothing)",
    "today": "today() - today's date as YYYY-MM-DD",
    "in_days": "in_days(n) - the date n days from today as YYYY-MM-DD (in_days(28): four weeks "
    "on); in_days(n, weekday=True) moves a Saturday or Sunday on to the Monday",
    "rated_options": "rated_options([['area', 'label'], ...], ratings, more_help) - the "
    "areas as options for `options_from`, those with 'more help' first, then the lowest "
    "ratings, then the rest; each label says the rating and the ask for more help",
    "entry_options": "entry_options(list, 'field', {'field': [values]}) - the entries of a "
    "records list as options for `options_from` (value: the entry's id, label: that field), "
    "leaving out entries whose field holds one of the given values",
}
# Names the engine adds itself: `answer` inside `validate` rules, loop names inside repeats.
ANSWER_NAME = "answer"
#: What a `records` question's `item_label` and its details' `validate` rules call one
#: entry of the list (read as a :class:`Record`).
ITEM_NAME = "item"


class Record(dict[str, Any]):
    """One entry of a ``records`` list as an expression sees it by its loop name (a
    repeat's ``as``): a field this entry has no answer for reads as not answered (None,
    like ``get('path')``), not an error. People are added to a list without every optional
    answer; ``person.kind != 'professional'`` must not stop a meeting for that. A field no
    step declares (a typo) is the linter's to catch (W313), before any meeting starts."""

    def __missing__(self, key: str) -> None:
        return None

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        # Stored (a `set` step's value) as the plain data it is.
        return copy.deepcopy(dict(self), memo)


def record_view(value: Any) -> Any:
    """A loop's record as expressions read it (:class:`Record`); anything else as it is."""
    return Record(value) if isinstance(value, dict) else value


def _finalize(value: Any) -> Any:
    # An unanswered optional value reads as blank rather than the word "None".
    return "" if value is None else value


def _safe_len(value: Any) -> int:
    return 0 if value is None else len(value)


def _today() -> str:
    return _dt.date.today().isoformat()


def days_on(start: _dt.date, days: Any, weekday: Any = False) -> str:
    """``start`` plus ``days`` (a whole number; negative goes back) as YYYY-MM-DD; with
    ``weekday``, a Saturday or Sunday moves on to the Monday (a day the team is in)."""
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"in_days needs a whole number of days, not {days!r}")
    day = start + _dt.timedelta(days=days)
    if weekday and day.weekday() >= 5:
        day += _dt.timedelta(days=7 - day.weekday())
    return day.isoformat()


def _in_days(days: Any, weekday: Any = False) -> str:
    return days_on(_dt.date.today(), days, weekday)


def date_words(value: Any) -> str:
    """A stored date as the people read it, never 15/12/2026 (the ``date_words`` filter):
    ``See you on {{ get('agreement.next_meeting') | date_words }}`` -> "See you on Tuesday 15
    December" (the year too when it is not this year); anything else as given."""
    return say_date(value) if value else ""


def entry_options(
    records: Any, label: str, leave_out: Mapping[str, Any] | None = None
) -> list[dict[str, str]]:
    """Entries of a records list as ``{value: id, label: entry[label]}`` options.

    An entry is left out when, for a key of ``leave_out``, its value is one of the listed
    values (a missing value is never listed, so open entries stay in).
    """
    options = []
    for record in records if isinstance(records, (list, tuple)) else []:
        if not isinstance(record, Mapping) or record.get("id") is None:
            continue
        if any(
            record.get(key) is not None and record.get(key) in values
            for key, values in (leave_out or {}).items()
        ):
            continue
        text = record.get(label)
        if text is None or text == "":
            continue
        options.append({"value": str(record["id"]), "label": str(text)})
    return options


def _texts(value: Any) -> list[str]:
    """Words, or each of a list of words (anything else left out)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


def mentions(text: Any, names: Any) -> bool:
    """True when ``text`` (words, or a list of them) holds one of ``names`` (a name or a
    list) as whole words, ignoring case and spacing: "Art" is in "Ask when Art meets", never
    in "Start a chart" or "Party". Both are people's words: only ever compared, as data."""
    texts = [" ".join(t.split()).casefold() for t in _texts(text)]
    for name in _texts(names):
        words = name.casefold().split()
        if not words:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(" ".join(words)) + r"(?!\w)")
        if any(pattern.search(t) for t in texts):
            return True
    return False


def rated_options(areas: Any, ratings: Any = None, more_help: Any = None) -> list[dict[str, str]]:
    """Rated areas as options, to pick what to talk about (DIALOG+: the person picks up to
    three after the ratings).

    ``areas`` is a list of ``[value, label]`` pairs; ``ratings`` and ``more_help`` map a
    value to its rating (1-7) and its "more help?" answer. Areas with "more help" come
    first, then the rest, each group from the lowest rating up; unrated areas come last, in
    the order given. A label says what was said: "Friendships (you said 2, and you would
    like more help)".
    """
    rated = ratings if isinstance(ratings, Mapping) else {}
    helped = more_help if isinstance(more_help, Mapping) else {}
    found = []
    for number, pair in enumerate(areas if isinstance(areas, (list, tuple)) else []):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError("rated_options needs a list of [value, label] pairs")
        value, label = str(pair[0]), str(pair[1])
        rating = rated.get(value)
        rating = rating if isinstance(rating, int) and not isinstance(rating, bool) else None
        wants = helped.get(value) is True
        said = []
        if rating is not None:
            said.append(f"you said {rating}")
        if wants:
            said.append("you would like more help")
        text = f"{label} ({', and '.join(said)})" if said else label
        key = (not wants, rating is None, rating or 0, number)
        found.append((key, {"value": value, "label": text}))
    return [option for _, option in sorted(found, key=lambda item: item[0])]


def _is_entry(value: Any) -> bool:
    """An entry of a ``records`` list: the app gives every one an ``id``."""
    return isinstance(value, dict) and "id" in value


class Unanswered(Undefined):
    """A detail an entry of a list has no answer for, reached in a ``{% for %}`` over the
    list or by index. It compares as the None a repeat's loop name gives (:class:`Record`):
    empty in text, false in a condition, equal only to None or another unanswered detail.
    Unlike None it is not ``defined``, so ``default(...)`` gives its fallback and
    ``selectattr('who', 'defined')`` leaves the entry out, as they always have."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return other is None or isinstance(other, Undefined)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(None)


class _FlowEnvironment(BoundedEnvironment):
    """Content's own environment: a detail an entry of a list has no answer for reads as
    nothing wherever the entry is reached (``{% for p in network.people %}{{ p.feeling }}``,
    ``network.people[0].kind``), not as an error that stops the meeting: a person is added
    without every optional answer. A misspelt detail is the linter's (W313). Any other name
    that is not there is still an error."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        value = super().getattr(obj, attribute)
        if isinstance(value, StrictUndefined) and _is_entry(obj) and attribute not in _DICT_NAMES:
            return Unanswered(obj=obj, name=attribute)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        if isinstance(value, StrictUndefined) and _is_entry(obj) and isinstance(argument, str):
            return Unanswered(obj=obj, name=argument)
        return value


# Bounded as well as sandboxed (assistant.flows.sandbox): content cannot freeze the app.
_env = _FlowEnvironment(
    limits=CONTENT_LIMITS,
    undefined=StrictUndefined,
    autoescape=False,
    finalize=_finalize,
    keep_trailing_newline=True,
)
# The person's words inside a sentence of the content's own, punctuated once
# (assistant.sentences): `Thank you, {{ name | full_stop }}`, `You told me: {{ x | quoted }}`.
# Each adds at most two characters to a value the limits have already measured.
_env.filters["full_stop"] = full_stop
_env.filters["quoted"] = quoted
_env.filters["date_words"] = date_words

STATIC_GLOBALS: dict[str, Callable[..., Any]] = {
    "len": _safe_len,
    "today": _today,
    "in_days": _in_days,
    "entry_options": entry_options,
    "rated_options": rated_options,
    "mentions": mentions,
}


class ExpressionError(Exception):
    """A template or expression failed: names what and why, for authors."""


@lru_cache(maxsize=4096)
def _template(source: str) -> Any:
    return _env.from_string(source)


@lru_cache(maxsize=4096)
def _expression(source: str) -> Any:
    return _env.compile_expression(source, undefined_to_none=False)


def precompile(source: str, *, expression: bool) -> bool:
    """Compile a text or expression now, into the cache ``render``/``evaluate`` use.

    Returns False when it does not compile; that is reported when it is used (and by the
    linter), so nothing is raised here.
    """
    if not expression and "{" not in source:
        return True  # plain text never reaches Jinja
    try:
        (_expression if expression else _template)(source)
    except TemplateError:
        return False
    return True


def render(source: str, context: Mapping[str, Any]) -> str:
    """Render content text. Plain text without ``{{``/``{%`` skips Jinja entirely."""
    if "{" not in source:
        return source
    try:
        return _template(source).render(context)
    except TemplateError as exc:
        raise ExpressionError(f"in text {source!r}: {exc}") from exc
    except (TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        raise ExpressionError(f"in text {source!r}: {exc}") from exc


def evaluate(source: str, context: Mapping[str, Any]) -> Any:
    """Evaluate a bare expression such as ``answered('about.name') and len(x) > 2``."""
    try:
        return _expression(source)(**context)
    except TemplateError as exc:
        raise ExpressionError(f"in expression {source!r}: {exc}") from exc
    except (TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        raise ExpressionError(f"in expression {source!r}: {exc}") from exc


def truthy(source: str, context: Mapping[str, Any]) -> bool:
    return bool(evaluate(source, context))


def parse_names(source: str, *, expression: bool) -> tuple[set[str], set[str]]:
    """(names used, names called as functions) in a text or expression.

    Raises ``ExpressionError`` (with the Jinja line) on a syntax error.
    """
    tree = _parsed(source, expression)
    names = set(meta.find_undeclared_variables(tree))
    called = {
        call.node.name for call in tree.find_all(nodes.Call) if isinstance(call.node, nodes.Name)
    }
    return names, called


def literal_calls(source: str, *, expression: bool, names: frozenset[str]) -> list[tuple[str, str]]:
    """(function, its first argument) for each call of one of ``names`` whose first argument
    is written as text (``topic_status('goals')``): ids the linter can check.

    Raises ``ExpressionError`` on a syntax error."""
    found = []
    for call in _parsed(source, expression).find_all(nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name in names and call.args):
            continue
        first = call.args[0]
        if isinstance(first, nodes.Const) and isinstance(first.value, str):
            found.append((call.node.name, first.value))
    return found


def field_reads(source: str, *, expression: bool, names: frozenset[str]) -> list[tuple[str, str]]:
    """(name, field) for each ``name.field`` or ``name['field']`` read of one of ``names``
    (a repeat's records, by their loop names): fields the linter can check are declared.
    The dict's own methods (``person.get(...)``) are not fields.

    Raises ``ExpressionError`` on a syntax error."""
    return _reads(_parsed(source, expression), names)


def _reads(tree: nodes.Node, names: frozenset[str]) -> list[tuple[str, str]]:
    """(name, field) for each ``name.field`` or ``name['field']`` in ``tree``."""
    found = []
    for read in tree.find_all((nodes.Getattr, nodes.Getitem)):
        record = getattr(read, "node", None)
        if not (isinstance(record, nodes.Name) and record.name in names):
            continue
        if isinstance(read, nodes.Getattr):
            if read.attr not in _DICT_NAMES:
                found.append((record.name, read.attr))
        elif (
            isinstance(read, nodes.Getitem)
            and isinstance(read.arg, nodes.Const)
            and isinstance(read.arg.value, str)
        ):
            found.append((record.name, read.arg.value))
    return found


_DICT_NAMES = frozenset(dir(dict))
# Filters that give back the same entries (sorted, some of them): a loop over their result
# goes over the list's entries.
_SAME_ENTRIES = frozenset({"list", "reverse", "sort", "selectattr", "rejectattr", "unique"})


def _list_path(node: nodes.Node) -> str | None:
    """The stored path a loop goes over: ``network.people``, ``get('network.people')``, or
    either through a filter that keeps its entries; None for anything else."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _list_path(node.node)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, nodes.Filter) and node.name in _SAME_ENTRIES and node.node is not None:
        return _list_path(node.node)
    if (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.Name)
        and node.node.name == "get"
        and node.args
        and isinstance(node.args[0], nodes.Const)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def loop_reads(source: str, *, expression: bool) -> list[tuple[str, str, str]]:
    """(list path, loop variable, field) for each ``p.field`` read inside ``{% for p in
    network.people %}`` (or ``get('network.people')``): the linter checks the field is one
    of that list's details, as it does for a repeat's loop name.

    Raises ``ExpressionError`` on a syntax error."""
    found = []
    for loop in _parsed(source, expression).find_all(nodes.For):
        path = _list_path(loop.iter)
        if path is None or "." not in path or not isinstance(loop.target, nodes.Name):
            continue
        name = frozenset({loop.target.name})
        parts = [*loop.body, *([loop.test] if loop.test is not None else [])]
        for part in parts:
            for read in _reads(part, name):
                found.append((path, *read))
    return found


# Filters that read one detail of every entry, named by `attribute=` (`map`, `sort`, `sum`,
# `unique`, `groupby`) or by their first argument (`selectattr`, `rejectattr`, `groupby`).
_ATTRIBUTE_FILTERS = frozenset({"map", "sort", "sum", "unique", "groupby", "min", "max"})
_FIRST_ARGUMENT_FILTERS = frozenset({"selectattr", "rejectattr", "groupby"})


def entry_reads(source: str, *, expression: bool) -> list[tuple[str, str, str]]:
    """(list path, the read as written, field) for each detail read from entries of a list
    outside a ``{% for %}``: ``network.people[0].kind`` (or ``get('network.people')[0]``,
    or ``['kind']``), and ``network.people | map(attribute='kind')`` (or ``selectattr('kind')``
    and the like): the linter checks the field as :func:`loop_reads` does.

    Raises ``ExpressionError`` on a syntax error."""
    found = []
    tree = _parsed(source, expression)
    for read in tree.find_all((nodes.Getattr, nodes.Getitem)):
        assert isinstance(read, (nodes.Getattr, nodes.Getitem))
        entry = read.node
        if not isinstance(entry, nodes.Getitem) or isinstance(entry.arg, nodes.Slice):
            continue
        if isinstance(entry.arg, nodes.Const) and not isinstance(entry.arg.value, int):
            continue  # `x['kind']` is a detail, not an entry: x is not a list
        path = _list_path(entry.node)
        if path is None or "." not in path:
            continue
        if isinstance(read, nodes.Getattr):
            field = read.attr if read.attr not in _DICT_NAMES else None
        elif isinstance(read.arg, nodes.Const) and isinstance(read.arg.value, str):
            field = read.arg.value
        else:
            field = None
        if field is not None:
            found.append((path, f"{path}[{_index_words(entry.arg)}]", field))
    for each in tree.find_all(nodes.Filter):
        path = _list_path(each.node) if each.node is not None else None
        if path is None or "." not in path:
            continue
        named = [kw.value for kw in each.kwargs if kw.key == "attribute"]
        if each.name in _ATTRIBUTE_FILTERS and named:
            attribute = named[0]
        elif each.name in _FIRST_ARGUMENT_FILTERS and each.args:
            attribute = each.args[0]
        else:
            continue
        if isinstance(attribute, nodes.Const) and isinstance(attribute.value, str):
            # `attribute='kind.label'` reads `kind` of each entry, then a part of it.
            field = attribute.value.split(".")[0]
            if field and not field.isdigit():
                found.append((path, f"{path}[]", field))
    return found


def _index_words(index: nodes.Node) -> str:
    """``0`` for ``[0]``; ``…`` for an index worked out when the text runs (``[n]``)."""
    if isinstance(index, nodes.Const):
        return str(index.value)
    if isinstance(index, nodes.Neg) and isinstance(index.node, nodes.Const):
        return f"-{index.node.value}"
    return "…"


def limit_problems(source: str, *, expression: bool) -> list[StaticProblem]:
    """What always fails or always goes past the limits on rendering (``'x' * 3000000000``,
    ``range(100000)``, ``x.__class__``), found without running it.

    Raises ``ExpressionError`` on a syntax error."""
    return static_problems(_env, _parsed(source, expression))


@lru_cache(maxsize=256)
def _parsed(source: str, expression: bool) -> nodes.Template:
    """The syntax tree of a text or expression; the linter reads it twice (names, limits),
    and neither changes it."""
    wrapped = "{{ (" + source + ") }}" if expression else source
    try:
        return _env.parse(wrapped)
    except TemplateError as exc:
        message = getattr(exc, "message", None) or str(exc)
        raise ExpressionError(message) from exc


def uses_template(source: str) -> bool:
    return "{{" in source or "{%" in source
