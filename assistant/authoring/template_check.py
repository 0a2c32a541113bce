"""Whether an export template (``*.j2``) can be read and parsed, wherever it is: a pack's
``templates/``, a content folder's, or a file ``validate`` is given (K301); and whether it
turns off the escaping that keeps a person's words as words (K307, a warning)."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, nodes

from assistant.export.templates import environment
from assistant.flows.problems import Problem
from assistant.safe_read import not_utf8_at, read_regular

#: Jinja tags that open a block closed by ``end<tag>``.
_BLOCK_TAGS = frozenset(
    {"if", "for", "block", "macro", "call", "filter", "with", "autoescape", "raw", "trans"}
)

#: Jinja's words for a tag it does not know: "Encountered unknown tag 'endiff'".
_UNKNOWN_TAG = re.compile(r"unknown tag '(?P<tag>\w+)'")


def check_template_file(path: Path, name: str) -> list[Problem]:
    """The template at ``path`` (named ``name`` in problems) as the exports read it: K301
    when it cannot be read, is not UTF-8, or does not parse ([] when it parses)."""
    try:
        raw = read_regular(path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return [Problem(name, 1, 1, "K301", f"cannot read the template: {reason}")]
    try:
        source = raw.decode("utf-8").removeprefix("\ufeff")  # as the exports read it
    except UnicodeDecodeError as exc:
        # Where the first byte that is not UTF-8 is, as the YAML files' E003 says it.
        line, col = not_utf8_at(raw, exc.start)
        return [Problem(name, line, col, "K301", "this is not UTF-8 text. Save it as UTF-8.")]
    env = environment("html")
    try:
        parsed = env.parse(source, path.name, str(path))
    except TemplateSyntaxError as exc:
        message = (exc.message or "").rstrip(".")
        opened = _unclosed_block(env, source) if "end of template" in message else None
        if opened is not None:
            # Jinja names the end of the file; the author needs where the block opened.
            tag, line = opened
            return [
                Problem(
                    name,
                    line,
                    1,
                    "K301",
                    f"the template is broken: the `{{% {tag} %}}` opened here is never "
                    f"closed with `{{% end{tag} %}}` ({message})",
                )
            ]
        line = exc.lineno or 1
        return [
            Problem(
                name,
                line,
                _unknown_tag_column(message, source, line),
                "K301",
                f"the template is broken here or on the line before: {message}. Check "
                "that each `{% ... %}` and `{{ ... }}` is closed, and spelt as in "
                "the shipped template",
            )
        ]
    return unescaped(parsed, source, name)


_UNESCAPED_WHY = (
    "a person's words printed this way are not escaped: a `<script>` in them would run "
    "when the copy is opened, and `<b>` or `&` would change the page. Take it out; every "
    "value is escaped for its format already"
)


def unescaped(parsed: nodes.Template, source: str, name: str) -> list[Problem]:
    """K307 (warning) at each ``|safe`` (or ``{% filter safe %}``), each ``Markup`` and each
    ``{% autoescape %}`` that is not ``true`` in a parsed template."""
    found: list[tuple[int, str, str]] = []  # (line, what to look for on it, what it is)
    for node in parsed.find_all((nodes.Filter, nodes.Name, nodes.Getattr)):
        if isinstance(node, nodes.Filter) and node.name == "safe":
            found.append((node.lineno, r"\|\s*safe\b|filter\s+safe\b", "`|safe`"))
        elif "Markup" in (getattr(node, "name", None), getattr(node, "attr", None)):
            found.append((node.lineno, r"\bMarkup\b", "`Markup`"))
    for block in parsed.find_all(nodes.ScopedEvalContextModifier):
        for option in block.options:
            on = isinstance(option.value, nodes.Const) and option.value.value is True
            if option.key == "autoescape" and not on:
                found.append((block.lineno, r"autoescape\b", "turning autoescape off"))
    lines = source.splitlines()
    problems: list[Problem] = []
    for line, pattern, what in sorted(set(found)):
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        at = re.search(pattern, text)
        problems.append(
            Problem(
                name,
                line,
                at.start() + 1 if at else 1,
                "K307",
                f"{what}: {_UNESCAPED_WHY}",
                "warning",
            )
        )
    return problems


def _unknown_tag_column(message: str, source: str, line: int) -> int:
    """Where on ``line`` the tag Jinja does not know (``{% endiff %}``) opens; else 1."""
    unknown = _UNKNOWN_TAG.search(message)
    lines = source.splitlines()
    if unknown is None or not 0 < line <= len(lines):
        return 1
    tag = re.search(r"\{%[-+]?\s*" + re.escape(unknown["tag"]) + r"\b", lines[line - 1])
    return tag.start() + 1 if tag else 1


def _unclosed_block(env: Environment, source: str) -> tuple[str, int] | None:
    """The innermost block tag left open at the end of ``source`` and its line, or None."""
    open_tags: list[tuple[str, int]] = []
    expect_name = False
    try:
        for line, kind, value in env.lex(source):
            if kind == "block_begin":
                expect_name = True
                continue
            if kind == "whitespace":
                continue
            if expect_name and kind == "name":
                if value in _BLOCK_TAGS:
                    open_tags.append((value, line))
                elif value.startswith("end") and open_tags and open_tags[-1][0] == value[3:]:
                    open_tags.pop()
            expect_name = False
    except TemplateSyntaxError:
        return None
    return open_tags[-1] if open_tags else None
