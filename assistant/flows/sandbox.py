"""One Jinja2 environment for every author-written template: sandboxed *and* bounded.

Topic texts and conditions, and the export templates an agency may replace, are written by
people who are not programmers, and content packs can be shared. Jinja's immutable sandbox
already refuses unsafe attributes, but it does not bound *cost*: two nested
``range(100000)`` loops run for hours, and ``'x' * 3000000000`` asks for 3 GB. This
environment bounds every way we know to make work or memory grow:

- ``range()`` counts at most ``Limits.range_items`` numbers;
- ``for`` loops go round at most ``Limits.loop_steps`` times in one render;
- ``*``, ``+``, ``**``, ``%``, ``~``, ``str.format``, the string methods and the filters that
  build something big (``center``, ``indent``, ``wordwrap``, ``format``, ``replace``,
  ``join``, ``batch``, ``slice``, ``sum``...) are checked *before* the value is built: no
  value holds more than ``Limits.value_size`` characters or items, and what one render
  builds stays under ``Limits.made_total``;
- a render stops past ``Limits.output_size`` characters, or after ``Limits.seconds`` of the
  rendering thread's CPU time (not wall-clock time: on a busy laptop a good template must not
  be stopped because other programs had the processor; a runaway loop still uses CPU) (the
  clock is read every 64 loop rounds and every 16 calls: only loops and calls can
  make a render run long, and reading the clock on every step would slow every export).

Going past a limit raises :class:`TemplateLimitError`, a Jinja ``SecurityError``, so every
caller's existing template-error handling reports it with its file and line.
:func:`static_problems` finds the same problems in a template's constants without running
it (``cpi-assistant validate``), and names that start with ``_``, which always fail.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any, NoReturn

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Template
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.filters import make_attrgetter
from jinja2.nodes import EvalContext, Impossible
from jinja2.runtime import Macro, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter
from jinja2.utils import Namespace, generate_lorem_ipsum
from jinja2.visitor import NodeTransformer
from markupsafe import EscapeFormatter, Markup


@dataclass(frozen=True)
class Limits:
    """How much one render may do. The defaults suit topic texts (short, on screen)."""

    range_items: int = 10_000  # numbers one range() may count
    loop_steps: int = 1_000_000  # rounds of all `for` loops in one render together
    value_size: int = 1_000_000  # characters or items in any one value a template builds
    made_total: int = 20_000_000  # characters or items all built values add up to
    output_size: int = 1_000_000  # characters of rendered text
    number_digits: int = 4_000  # digits of a number (Python refuses to print more)
    seconds: float = 2.0  # CPU time (of the rendering thread) for one render


CONTENT_LIMITS = Limits()
# A plan export is one long document made from everything the person said: more room, the
# same protection (a real plan is a few hundred kilobytes and renders in milliseconds).
EXPORT_LIMITS = Limits(value_size=5_000_000, made_total=100_000_000, output_size=20_000_000)


class TemplateLimitError(SecurityError):
    """A template went past one of the limits; the message says which and what to do."""


def _n(number: float) -> str:
    return f"{number:,.0f}"


# --------------------------------------------------------------------------- one render


class _Run:
    """What one render has used so far: its deadline, loop rounds and built values."""

    __slots__ = ("calls", "deadline", "limits", "made", "steps")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.thread_time() + limits.seconds
        self.steps = 0
        self.calls = 0
        self.made = 0

    def tick(self) -> None:
        if time.thread_time() > self.deadline:
            raise TemplateLimitError(
                f"it took longer than {self.limits.seconds:g} seconds to make, so it was "
                "stopped (look for loops inside loops, and make them smaller)"
            )

    def step(self) -> None:
        self.steps += 1
        if self.steps > self.limits.loop_steps:
            self._too_many_rounds()
        if not self.steps & 63:  # the clock every 64 rounds: rounds are quick, clocks not free
            self.tick()

    def rounds(self, count: int) -> None:
        """A short loop, counted in one go before it starts."""
        self.steps += count
        if self.steps > self.limits.loop_steps:
            self._too_many_rounds()
        self.tick()

    def _too_many_rounds(self) -> NoReturn:
        raise TemplateLimitError(
            f"its loops would go round more than {_n(self.limits.loop_steps)} times; "
            "use fewer or smaller loops"
        )

    def charge(self, size: int) -> None:
        self.made += size
        if self.made > self.limits.made_total:
            raise TemplateLimitError(
                f"it builds more than {_n(self.limits.made_total)} characters or items "
                "altogether; build less in loops"
            )


# Per thread and task: a render in a worker thread has its own.
_RUN: ContextVar[_Run | None] = ContextVar("cpi_template_run", default=None)


def _start(limits: Limits) -> tuple[_Run, Token[_Run | None] | None]:
    """The render under way, and the token to end it with if it is a new one (a render
    inside another shares the outer one's limits). Not a context manager: this runs for
    every text and condition shown, and a generator-based one costs more than the rest."""
    run = _RUN.get()
    if run is not None:
        return run, None
    run = _Run(limits)
    return run, _RUN.set(run)


def _tick() -> None:
    run = _RUN.get()
    if run is not None:
        run.tick()


def _too_deep() -> TemplateLimitError:
    return TemplateLimitError("it calls itself too deeply (a macro or loop that never ends?)")


# ------------------------------------------------------------------------- measuring


def size_of(value: Any, cap: int) -> int:
    """Characters and items ``value`` holds, counting inside lists and mappings (printing
    a list prints what is in it), stopping as soon as the count passes ``cap``."""
    total = 0
    stack = [value]
    while stack and total <= cap:
        item = stack.pop()
        if isinstance(item, (str, bytes, bytearray)):
            total += len(item)
        elif isinstance(item, bool) or item is None:
            total += 1
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1  # about its digits, without printing it
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += len(item)
            stack.extend(item)
        elif isinstance(item, Mapping):
            total += len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, Namespace):
            attrs = getattr(item, "_Namespace__attrs", None)  # printed in its repr
            total += 1
            if isinstance(attrs, dict):
                stack.append(attrs)
        else:
            total += 1
    return total


# Loops over these are counted in one go when short (their length is known and cheap).
_SHORT_LOOPS = (list, tuple, dict, str, range)
# Containers as they reach templates (plan data is plain dicts and lists). Concrete types
# only: an isinstance check against an abstract Mapping costs more than the rest of a check.
_CONTAINERS = (list, tuple, dict, set, frozenset, Namespace)
# Filters that turn what they are given into text (or compare it deeply): a list that holds
# the same long text many times is small in memory but huge once printed, so it is measured.
_TEXT_FILTERS = frozenset(
    {
        *("capitalize", "e", "escape", "forceescape", "lower", "pprint", "safe", "string"),
        *("striptags", "title", "tojson", "trim", "truncate", "upper", "urlencode", "urlize"),
        *("wordcount", "xmlattr", "sort", "unique", "dictsort", "groupby", "min", "max"),
    }
)


# What `obj.name` finds on a dict before its items (Jinja prefers attributes).
_DICT_ATTRIBUTES = frozenset(dir(dict))


def _is_sequence(value: Any) -> bool:
    return isinstance(value, (str, bytes, list, tuple))


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return int(value)
    return value if isinstance(value, int) else None


# printf-style fields: %(name)-10.3f, %*d ...
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")
_DIGITS = re.compile(r"\d+")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """``ImmutableSandboxedEnvironment`` with the :class:`Limits` above."""

    intercepted_binops = frozenset({"*", "+", "**", "%"})

    def __init__(self, *, limits: Limits = CONTENT_LIMITS, **options: Any) -> None:
        super().__init__(**options)
        self.limits = limits
        self.template_class = BoundedTemplate
        self.code_generator_class = _BoundedCodeGenerator
        self.globals["range"] = self.bounded_range
        self.globals["lipsum"] = self.bounded_lipsum
        for name, function in list(self.filters.items()):
            self.filters[name] = self._bounded_filter(name, function)
        self.finalize = self._bounded_finalize(self.finalize)

    # -- checks used by the hooks ------------------------------------------------------

    def too_big(self, size: float, what: str) -> None:
        """Refuse to build a value of ``size`` characters or items."""
        if size > self.limits.value_size:
            raise TemplateLimitError(
                f"{what} would make a value of more than {_n(self.limits.value_size)} "
                "characters or items; make it smaller"
            )

    def made(self, value: Any, what: str) -> Any:
        """Check a value just built, and count it towards this render's total."""
        size = len(value) if isinstance(value, str) else size_of(value, self.limits.value_size)
        self.too_big(size, what)
        run = _RUN.get()
        if run is not None:
            run.charge(size)
        return value

    def _check_int_bits(self, bits: float, what: str) -> None:
        if bits * math.log10(2) > self.limits.number_digits:
            raise TemplateLimitError(
                f"{what} would make a number of more than {_n(self.limits.number_digits)} digits"
            )

    def _check_width(self, width: Any, what: str) -> None:
        number = _as_int(width)
        if number is not None:
            self.too_big(number, what)

    def _check_printf(self, fmt: str, args: Any) -> None:
        """``'%10s' % x``: widths and precisions are sizes too."""
        star = False
        for match in _PRINTF.finditer(fmt):
            for number in match.group(1, 2):
                if number == "*":
                    star = True
                elif number:
                    self.too_big(int(number), "a % format")
        if star:
            for arg in args if isinstance(args, tuple) else (args,):
                self._check_width(arg, "a % format")

    # -- operators -----------------------------------------------------------------------

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        what = f"`{operator}`"
        if operator == "*":
            times = _as_int(right) if _is_sequence(left) else _as_int(left)
            seq = left if _is_sequence(left) else right if _is_sequence(right) else None
            if seq is not None and times is not None:
                self.too_big(size_of(seq, self.limits.value_size) * max(times, 0), what)
            elif _as_int(left) is not None and _as_int(right) is not None:
                self._check_int_bits(abs(left).bit_length() + abs(right).bit_length(), what)
        elif operator == "+":
            if _is_sequence(left) and _is_sequence(right):
                cap = self.limits.value_size
                self.too_big(size_of(left, cap) + size_of(right, cap), what)
        elif operator == "**":
            base, power = _as_int(left), _as_int(right)
            if base is not None and power is not None and power > 0 and abs(base) > 1:
                self._check_int_bits(power * math.log2(abs(base)), what)
        elif operator == "%" and isinstance(left, str):
            self._check_printf(left, right)
        return self.made(self.binop_table[operator](left, right), what)

    def bounded_concat(self, context: Any, *parts: Any) -> str:
        """``a ~ b``: measured before it is joined (compiled in by the code generator)."""
        return self.concat_parts(parts, autoescape=context.eval_ctx.autoescape)

    def concat_parts(self, parts: Iterable[Any], *, autoescape: bool) -> str:
        parts = tuple(parts)
        total = 0
        for part in parts:
            total += len(part) if isinstance(part, str) else size_of(part, self.limits.value_size)
            self.too_big(total, "`~`")
        return markup_join(parts) if autoescape else str_join(parts)

    def bounded_loop(self, context: Any, iterable: Any) -> Any:
        """Every ``for`` loop's values (compiled in by the code generator).

        A short list (most loops: the people, the goals) is counted in one go and looped
        over as it is; anything longer, or of unknown length, is counted round by round."""
        run = _RUN.get()
        if run is not None and isinstance(iterable, _SHORT_LOOPS) and len(iterable) <= 64:
            run.rounds(len(iterable))
            return iterable
        return _Guarded(iterable)

    # -- globals ---------------------------------------------------------------------

    def bounded_range(self, *args: int) -> range:
        """``range()`` that counts at most ``Limits.range_items`` numbers."""
        numbers = range(*args)
        if len(numbers) > self.limits.range_items:
            raise TemplateLimitError(
                f"range() would count {_n(len(numbers))} numbers; content may count at most "
                f"{_n(self.limits.range_items)}"
            )
        return numbers

    def bounded_lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
        """Jinja's placeholder text, in a bounded amount."""
        self.too_big(n * max * 12, "lipsum()")
        return self.made(generate_lorem_ipsum(n, html, min, max), "lipsum()")

    # -- calls and attributes ----------------------------------------------------------

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute``: for plain data (a dict, as plans and answers reach templates)
        the item, as Jinja's sandbox gives it, without its failed attribute lookup first.

        Jinja tries ``getattr(obj, attribute)`` before ``obj[attribute]``; on a dict that
        raises AttributeError for every key, and an export reads thousands of keys. A name
        that is an attribute of dict (``items``, ``keys``, ``__class__``...) still goes
        through the sandbox's checks, so what a template gets is exactly what it got before.
        """
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except (KeyError, TypeError):
                pass  # undefined, as the sandbox says it
        return super().getattr(obj, attribute)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        run = _RUN.get()
        if run is not None:
            run.calls += 1
            if not run.calls & 15:  # the clock every 16 calls (a macro calling itself)
                run.tick()
        if type(obj) is Macro:
            # The template's own macro: nothing to check before (it has no owner and is
            # always safe to call); what it returns is measured as every call's result is.
            result = context.call(obj, *args, **kwargs)
            if isinstance(result, str):
                if len(result) > self.limits.value_size:
                    self.too_big(len(result), f"{obj.name}()")
                if run is not None:
                    run.charge(len(result))
                return result
            return self.made(result, f"{obj.name}()")
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, (str, bytes)):
            args = self._check_text_method(owner, obj.__name__, args, kwargs)
        elif isinstance(owner, int) and obj.__name__ == "to_bytes":
            self._check_width(args[0] if args else kwargs.get("length", 1), "to_bytes()")
        result = super().call(context, obj, *args, **kwargs)
        if result is None or isinstance(result, (bool, int, float)):
            return result  # answered(), len(), visited(): nothing to measure
        if isinstance(result, str):  # the usual result (macros, functions): measured quickly
            if len(result) > self.limits.value_size:
                self.too_big(len(result), f"{getattr(obj, '__name__', 'a call')}()")
            if run is not None:
                run.charge(len(result))
            return result
        return self.made(result, f"{getattr(obj, '__name__', 'a call')}()")

    def _check_text_method(
        self, text: str | bytes, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[Any, ...]:
        """Refuse ``'x'.center(10**9)`` and friends before they run."""
        what = f"{name}()"
        cap = self.limits.value_size
        first = args[0] if args else None
        if name in ("center", "ljust", "rjust", "zfill"):
            self._check_width(first if args else kwargs.get("width"), what)
        elif name == "expandtabs":
            tab = _as_int(first if args else kwargs.get("tabsize", 8)) or 0
            tabs = text.count("\t") if isinstance(text, str) else text.count(b"\t")
            self.too_big(len(text) + tabs * tab, what)
        elif name == "replace" and len(args) >= 2:
            old, new = args[0], args[1]
            if isinstance(old, type(text)) and isinstance(new, type(text)):
                times = text.count(old) if old else len(text) + 1  # type: ignore[arg-type]
                count = _as_int(args[2]) if len(args) > 2 else _as_int(kwargs.get("count"))
                if count is not None and count >= 0:
                    times = min(times, count)
                self.too_big(len(text) + times * max(len(new) - len(old), 0), what)
        elif name == "join" and args:
            items = list(itertools.islice(iter(args[0]), cap + 1))
            self.too_big(len(items), what)
            size = sum(size_of(item, cap) for item in items) + len(text) * len(items)
            self.too_big(size, what)
            args = (items, *args[1:])
        elif name == "translate" and isinstance(first, Mapping):
            longest = max((size_of(v, cap) for v in first.values()), default=1)
            self.too_big(len(text) * max(longest, 1), what)
        return args

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``'{:>1000000000}'.format(x)``: every field's width is checked as it is made."""
        if getattr(value, "__name__", None) not in ("format", "format_map"):
            return None  # quick: this runs for every attribute a template reads
        if super().wrap_str_format(value) is None:
            return None
        text: str = value.__self__
        formatter: SandboxedFormatter
        if isinstance(text, Markup):
            formatter = _BoundedEscapeFormatter(self, escape=text.escape)
        else:
            formatter = _BoundedFormatter(self)
        is_format_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs, args = args[0], ()
            return self.made(type(text)(formatter.vformat(text, args, kwargs)), "format()")

        return functools.update_wrapper(bounded, value)

    def parse(self, source: str, name: str | None = None, filename: str | None = None) -> Any:
        try:
            return super().parse(source, name, filename)
        except RecursionError:
            raise TemplateSyntaxError(
                "it is nested too deeply to read", 1, name, filename
            ) from None

    def compile(  # type: ignore[override]
        self, source: Any, name: str | None = None, filename: str | None = None, **kw: Any
    ) -> Any:
        try:
            return super().compile(source, name, filename, **kw)
        except RecursionError:
            raise TemplateSyntaxError(
                "it is nested too deeply to read", 1, name, filename
            ) from None

    def _bounded_finalize(self, inner: Callable[..., Any] | None) -> Callable[..., Any]:
        """Every ``{{ value }}`` is measured before it is turned into text: a list that holds
        the same long text many times is small in memory but huge when printed."""
        most = self.limits.output_size

        def measure(value: Any) -> None:
            if size_of(value, most) > most:
                raise TemplateLimitError(f"it would be longer than {_n(most)} characters")

        # Called for every {{ }} of every text: one frame, one isinstance in the usual case.
        def plain(value: Any) -> Any:
            if isinstance(value, _CONTAINERS):  # only containers print more than they hold
                measure(value)
            return value

        def wrapped(value: Any) -> Any:
            if isinstance(value, _CONTAINERS):
                measure(value)
            return inner(value)  # type: ignore[misc]

        def passing(first: Any, value: Any) -> Any:  # Jinja passes a context first
            if isinstance(value, _CONTAINERS):
                measure(value)
            return inner(first, value)  # type: ignore[misc]

        if inner is None:
            return plain
        if getattr(inner, "jinja_pass_arg", None) is None:
            return wrapped
        return functools.update_wrapper(passing, inner)

    # -- filters -------------------------------------------------------------------------

    def _bounded_filter(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """A filter whose size arguments are checked first (``center(3000000000)``), or that
        turns a list into text (``tojson``): such filters are measured before and after.
        The others make nothing bigger than what they are given and are left as they are
        (export templates call filters thousands of times)."""
        check = _FILTER_CHECKS.get(name)
        if check is None and name not in _TEXT_FILTERS:
            return function
        what = f"the `{name}` filter"

        # Jinja passes the context, eval context or environment first when a filter asks
        # for one (some filters ask only through their async wrapper).
        skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

        @functools.wraps(function)  # keeps Jinja's pass_context/pass_environment marks
        def bounded(*args: Any, **kwargs: Any) -> Any:
            if len(args) > skip:
                value = args[skip]
                if isinstance(value, _CONTAINERS):  # printed, a list holds what is in it
                    self.too_big(size_of(value, self.limits.value_size), what)
                if check is not None:
                    value, rest = check(self, what, value, args[skip + 1 :], kwargs)
                    args = (*args[:skip], value, *rest)
            return self.made(function(*args, **kwargs), what)

        return bounded


def _arg(rest: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str, default: Any) -> Any:
    """A filter argument given by position or by name."""
    if len(rest) > index:
        return rest[index]
    return kwargs.get(name, default)


# (environment, what, value, other arguments, keyword arguments) -> (value, other arguments)
FilterCheck = Callable[
    [BoundedEnvironment, str, Any, tuple[Any, ...], dict[str, Any]], tuple[Any, tuple[Any, ...]]
]
Checked = tuple[Any, tuple[Any, ...]]


def _check_center(
    env: BoundedEnvironment, what: str, value: Any, rest: tuple[Any, ...], kw: dict[str, Any]
) -> Checked:
    env._check_width(_arg(rest, kw, 0, "width", 80), what)
    return value, rest


def _check_indent(
    env: BoundedEnvironment, what: str, value: Any, rest: tuple[Any, ...], kw: dict[str, Any]
) -> Checked:
    width = _arg(rest, kw, 0, "width", 4)
    env._check_width(width, what)
    text = value if isinstance(value, str) else str(value)
    indent = len(width) if isinstance(width, str) else (_as_int(width) or 0)
    if len(text) * (indent + 1) + indent > env.limits.value_size:  # else no need to count
        env.too_big(len(text) + (text.count("\n") + 1) * indent, what)
    return value, rest


def _check_wordwrap(
    env: BoundedEnvironment, what: str, value: Any, rest: tuple[Any, ...], kw: dict[str, Any]
) -> Checked:
    wrapstring = _arg(rest, kw, 2, "wrapstring", None)
    extra = len(wrapstring) if isinstance(wrapstring, str) else 2
    env.too_big(len(str(value)) * (1 + extra), what)
    return value, rest


def _check_format(
    env: BoundedEnvironment, what: str, value: Any, rest: tuple[Any, ...], kw: dict[str, Any]
) -> Checked:
    env._check_printf(str(value), kw or rest)
    return value, rest


def _check_replace(
    env: BoundedEnvironment, what: str, value: Any, rest: tuple[Any, ...], kw: dict[str, Any]
) -> Checked:
    text = str(value)
    old, new = str(_arg(rest, kw, 0, "old", "")), str(_arg(rest, kw, 1, "new", ""))
    times = text.count(old) if old else len(text) + 1
    count = _as_int(_arg(rest, kw, 2, "count", None))
    if count is not None and count >= 0:
        times = min(times, count)
    # x6: with autoescape, `new` may come out escaped (`"` is `&#34;`).
    env.too_big(len(text) + times * max(len(new) - len(old), 0) * 6, what)
    return value, rest


def _check_join(
    env: BoundedEnvironment, what: str, value: Any, rest: tuple[Any, ...], kw: dict[str, Any]
) -> Checked:
    cap = env.limits.value_size
    items = list(itertools.islice(iter(value), cap + 1))
    env.too_big(len(items), what)
    joiner = _arg(rest, kw, 0, "d", "")
    env.too_big(sum(size_of(i, cap) for i in items) + size_of(joiner, cap) * len(items), what)
    return items, rest


def _check_count(name: str, index: int) -> FilterCheck:
    """``batch(n)``, ``slice(n)``: the count is a size (they fill up to it)."""

    def check(
        env: BoundedEnvironment, what: str, value: Any, rest: tuple[Any, ...], kw: dict[str, Any]
    ) -> Checked:
        env._check_width(_arg(rest, kw, index, name, 1), what)
        return value, rest

    return check


def _check_sum(
    env: BoundedEnvironment, what: str, value: Any, rest: tuple[Any, ...], kw: dict[str, Any]
) -> Checked:
    start = _arg(rest, kw, 1, "start", 0)
    if not isinstance(start, (list, tuple)):
        return value, rest  # numbers: Python's own sum
    # Adding lists one by one copies the total so far each time (slow for many short
    # lists): measure the total, then join them in one go, which gives the same list.
    cap = env.limits.value_size
    attribute = _arg(rest, kw, 0, "attribute", None)
    items = list(itertools.islice(iter(value), cap + 1))
    if attribute is not None:
        items = list(map(make_attrgetter(env, attribute), items))
    env.too_big(len(items), what)
    env.too_big(size_of(start, cap) + sum(size_of(i, cap) for i in items), what)
    if all(type(item) is type(start) for item in items):
        items = [type(start)(itertools.chain.from_iterable(items))]
    kw.pop("attribute", None)
    kw.pop("start", None)
    return items, (None, start)


_FILTER_CHECKS: dict[str, FilterCheck] = {
    "center": _check_center,
    "indent": _check_indent,
    "wordwrap": _check_wordwrap,
    "format": _check_format,
    "replace": _check_replace,
    "join": _check_join,
    "batch": _check_count("linecount", 0),
    "slice": _check_count("slices", 0),
    "sum": _check_sum,
}


def _check_spec(env: Any, format_spec: str) -> None:
    """``str.format`` fields: the width in a format spec is a size (``{:>1000000000}``)."""
    for digits in _DIGITS.findall(format_spec):
        env.too_big(int(digits), "format()")


class _BoundedFormatter(SandboxedFormatter):
    def format_field(self, value: Any, format_spec: str) -> Any:
        _check_spec(self._env, format_spec)
        return super().format_field(value, format_spec)


class _BoundedEscapeFormatter(SandboxedFormatter, EscapeFormatter):
    def format_field(self, value: Any, format_spec: str) -> Any:
        _check_spec(self._env, format_spec)
        return super().format_field(value, format_spec)


# ------------------------------------------------------------------------ rendering


class _Guarded:
    """A loop's values, counted and timed round by round (``len`` still works)."""

    __slots__ = ("_values",)

    def __init__(self, values: Any) -> None:
        self._values = values

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Any]:
        run = _RUN.get()
        for value in self._values:
            if run is not None:
                run.step()
            yield value


class BoundedTemplate(Template):
    """Renders piece by piece, stopping past the output limit or the deadline."""

    environment: BoundedEnvironment

    def render(self, *args: Any, **kwargs: Any) -> str:
        limits = self.environment.limits
        ctx = self.new_context(dict(*args, **kwargs))
        run, token = _start(limits)
        try:
            # Loops and calls watch the clock; here only the length is watched, 32 pieces at
            # a time so the counting runs in C (a Python loop over every piece of every text
            # shown costs a fifth of an export). Pieces are bounded one by one elsewhere.
            most = limits.output_size
            pieces = self.root_render_func(ctx)
            parts = list(itertools.islice(pieces, 32))
            size = sum(map(len, parts))
            if len(parts) == 32:  # most texts are shorter: no second look
                while batch := list(itertools.islice(pieces, 32)):
                    size += sum(map(len, batch))
                    if size > most:
                        break
                    parts += batch
                run.tick()
            if size > most:
                raise TemplateLimitError(f"it would be longer than {_n(most)} characters")
            return "".join(parts)
        except RecursionError:
            raise _too_deep() from None
        except Exception:
            self.environment.handle_exception()
        finally:
            if token is not None:
                _RUN.reset(token)


class _Guards(NodeTransformer):
    """Routes every ``for`` loop and ``~`` through the environment's bounded versions."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        if not _is_guard(node.iter, "bounded_loop"):
            loop_values = node.iter
            assert isinstance(loop_values, nodes.Expr)
            node.iter = _guard_call("bounded_loop", [loop_values], loop_values.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _guard_call("bounded_concat", list(node.nodes), node.lineno)


def _guard_call(name: str, args: list[nodes.Expr], lineno: int) -> nodes.Call:
    return nodes.Call(nodes.EnvironmentAttribute(name), args, [], None, None, lineno=lineno)


def _is_guard(node: nodes.Node, name: str) -> bool:
    return (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.EnvironmentAttribute)
        and node.node.name == name
    )


class _BoundedCodeGenerator(CodeGenerator):
    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        _Guards().visit(node)
        node.set_environment(self.environment)
        super().visit_Template(node, frame)

    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
        # The guards are the environment's own: called directly, not through the sandbox's
        # checked `call` (which would cost as much again on every loop and `~`).
        callee = node.node
        if isinstance(callee, nodes.EnvironmentAttribute) and callee.name in _GUARD_NAMES:
            self.write(f"environment.{callee.name}(context")
            for arg in node.args:
                self.write(", ")
                self.visit(arg, frame)
            self.write(")")
            return
        super().visit_Call(node, frame, forward_caller=forward_caller)


_GUARD_NAMES = frozenset({"bounded_loop", "bounded_concat"})


# ------------------------------------------------------------------ static checks


@dataclass(frozen=True, order=True)
class StaticProblem:
    """Found without running a template: ``line`` is the line within the template."""

    line: int
    kind: str  # "private": a name that starts with _ ; "limit": goes past the limits
    message: str


def static_problems(env: BoundedEnvironment, tree: nodes.Template) -> list[StaticProblem]:
    """What always fails or always goes past a limit: ``x.__class__`` (the sandbox refuses
    every name that starts with ``_``), constants such as ``'x' * 3000000000`` or
    ``range(100000)``, and loops inside loops over constants that go round too often."""
    found: list[tuple[int, str]] = []
    private: list[tuple[int, str]] = []
    for node in tree.find_all(nodes.Getattr):
        if node.attr.startswith("_"):
            private.append((node.lineno, _underscore(node.attr)))
    for item in tree.find_all(nodes.Getitem):
        key = item.arg
        if isinstance(key, nodes.Const) and str(key.value).startswith("__"):
            private.append((item.lineno, _underscore(key.value)))
    _constants(env, tree, found)
    _loops(env, tree, 1, found)
    problems = {StaticProblem(line, "private", text) for line, text in private}
    problems |= {StaticProblem(line, "limit", text) for line, text in found}
    return sorted(problems)


def _underscore(name: str) -> str:
    return (
        f"`{name}` can never be read: content may not use names that start with `_` "
        "(they are internal to Python); remove it"
    )


_CONST_PARENTS = (nodes.BinExpr, nodes.Concat, nodes.Call, nodes.Filter)


def _constants(env: BoundedEnvironment, node: nodes.Node, found: list[tuple[int, str]]) -> None:
    """Try each outermost constant expression; look inside those that are not constant."""
    if isinstance(node, _CONST_PARENTS):
        try:
            _const(env, node)
        except TemplateLimitError as exc:
            found.append((node.lineno, exc.message or str(exc)))
            return
        except Exception:  # not constant, or fails for another reason when it runs
            pass
        else:
            return
    for child in node.iter_child_nodes():
        _constants(env, child, found)


def _const(env: BoundedEnvironment, node: nodes.Node) -> Any:
    """The value of a constant expression, built under the limits (so never too big)."""
    if isinstance(node, nodes.Const):
        return node.value
    if isinstance(node, (nodes.List, nodes.Tuple)):
        values = [_const(env, item) for item in node.items]
        return values if isinstance(node, nodes.List) else tuple(values)
    if isinstance(node, nodes.BinExpr) and node.operator in env.binop_table:
        return env.call_binop(None, node.operator, _const(env, node.left), _const(env, node.right))
    if isinstance(node, nodes.Concat):
        return env.concat_parts((_const(env, n) for n in node.nodes), autoescape=False)
    if isinstance(node, nodes.Call) and not (node.dyn_args or node.dyn_kwargs):
        function = _const_function(env, node.node)
        args = [_const(env, a) for a in node.args]
        kwargs = {str(k.key): _const(env, k.value) for k in node.kwargs}
        owner = getattr(function, "__self__", None)
        if isinstance(owner, (str, bytes)):
            args = list(env._check_text_method(owner, function.__name__, tuple(args), kwargs))
        return env.made(function(*args, **kwargs), "a call")
    if isinstance(node, nodes.Filter) and node.node is not None and node.name in env.filters:
        function = env.filters[node.name]
        if node.dyn_args or node.dyn_kwargs:
            raise Impossible()
        args = [_const(env, node.node), *(_const(env, a) for a in node.args)]
        kwargs = {str(k.key): _const(env, k.value) for k in node.kwargs}
        mark = getattr(function, "jinja_pass_arg", None)
        if mark is not None and mark.name == "context":
            raise Impossible()
        if mark is not None and mark.name == "eval_context":
            args.insert(0, EvalContext(env))
        elif mark is not None and mark.name == "environment":
            args.insert(0, env)
        return function(*args, **kwargs)
    raise Impossible()


def _const_function(env: BoundedEnvironment, node: nodes.Node) -> Callable[..., Any]:
    """``range``, ``lipsum``, or a method of a constant string (``'x'.center``)."""
    if isinstance(node, nodes.Name) and node.name in ("range", "lipsum"):
        return env.bounded_range if node.name == "range" else env.bounded_lipsum
    if isinstance(node, nodes.Getattr):
        owner = _const(env, node.node)
        if isinstance(owner, (str, bytes)) and not node.attr.startswith("_"):
            method = env.getattr(owner, node.attr)
            if callable(method):
                return method
    raise Impossible()


def _loops(
    env: BoundedEnvironment, node: nodes.Node, rounds: int, found: list[tuple[int, str]]
) -> None:
    """Loops inside loops over constant ranges or lists: how often the innermost runs."""
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.For):
            try:
                values = _const(env, child.iter)
                inner = rounds * len(values)
            except Exception:
                inner = rounds
            if inner > env.limits.loop_steps and rounds > 1:
                found.append(
                    (
                        child.lineno,
                        f"its loops inside loops would go round {_n(inner)} times; one text "
                        f"may loop at most {_n(env.limits.loop_steps)} times",
                    )
                )
                continue
            _loops(env, child, inner, found)
        else:
            _loops(env, child, rounds, found)
