"""Plans for the export tests, built from meetings played through the shipped content."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from assistant.engine.conversation import Conversation
from assistant.export import pdf
from assistant.export.render import render
from assistant.flows.loader import Content
from assistant.plans.autoplay import play_meeting
from assistant.plans.demo_data import demo_meetings
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Plan, PlanState

TODAY = dt.date.today()
CREATED = "2026-02-02T10:00:00+00:00"

# Everything a person might type that could break a format: markup, template syntax, Textual
# markup, quotes, Markdown, line breaks, right-to-left text, emoji and a terminal escape.
HOSTILE = (
    "</script><script>alert(1)</script> {{ 7*7 }} {% if true %}x{% endif %} [/] [b]x[/b] "
    "<b>&amp;</b> 'single' \"double\" `tick` *star* _under_ # hash\n"
    "- dash line\n1. ordered\n> quote\n\n"
    "\u202eRTL override\u202c שלום مرحبا 😀👍🏽 \x1b[31mred"
)
# How each piece must look in a document (the escape character is shown as a symbol).
PIECES = (
    "</script><script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% if true %}x{% endif %}",
    "[/]",
    "[b]x[/b]",
    "<b>&amp;</b>",
    "'single'",
    '"double"',
    "`tick`",
    "*star*",
    "_under_",
    "# hash",
    "- dash line",
    "1. ordered",
    "> quote",
    "\u202eRTL override\u202c",
    "שלום",
    "مرحبا",
    "😀👍🏽",
    "\u241b[31mred",
)


def demo_plans(content: Content) -> tuple[Plan, Plan]:
    (t1, a1), (t2, a2) = demo_meetings(TODAY)
    first = play_meeting(Conversation(content), t1, a1)
    plan1 = build_plan(first.data, first.log, content=content, number=1, created=CREATED)
    review = play_meeting(Conversation(content, data_for_next_meeting(first.data, plan1)), t2, a2)
    plan2 = build_plan(review.data, review.log, plan1, content=content, number=2, created=CREATED)
    return plan1, plan2


def _answer(step: Any, text: str) -> Any:
    """An answer for any question: hostile text wherever text can go."""
    node = step.node
    kind = node.type
    options = [value for value, _ in step.options]
    if kind in ("text", "long_text"):
        return text
    if kind == "records":
        records = []
        for _ in range(2):
            record: dict[str, Any] = {}
            for field in node.fields:
                values = [o.value for o in field.options]
                if field.type in ("text", "long_text"):
                    record[field.name] = text
                elif field.type == "choice":
                    record[field.name] = "someone_else" if "someone_else" in values else values[0]
                elif field.type == "multi_choice":
                    record[field.name] = values[:1]
                elif field.type == "rating":
                    record[field.name] = 1
                elif field.type == "date":
                    record[field.name] = (TODAY + dt.timedelta(days=9)).isoformat()
            records.append(record)
        return records
    if kind == "choice":
        return options[0]
    if kind == "multi_choice":
        return [next(v for v in options if v != "nobody")]
    if kind == "rating":
        return 3
    if kind == "yes_no":
        return True
    if kind == "date":
        return (TODAY + dt.timedelta(days=9)).isoformat()
    return 1


def hostile_plan(content: Content) -> Plan:
    """Every topic played through the engine, every typed answer :data:`HOSTILE`."""
    conv = Conversation(content)
    topics = [t.id for t in conv.topics()]
    by = itertools.cycle(("person", "worker", "both"))
    for topic in topics:
        conv.goto_topic(topic)
        for _ in range(3000):
            step = conv.step
            if step.kind == "topics":
                break
            if step.kind in ("say", "end"):
                conv.proceed()
            elif step.kind == "menu":
                conv.choose(step.options[0][0])
            else:
                conv.answer(_answer(step, HOSTILE), by=next(by))
    return build_plan(conv.data, conv.log, content=content, number=1, created=CREATED)


class Page(HTMLParser):
    """The visible text and the element names of an HTML document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self._skip = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("style", "title", "desc") or tag == "script":
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "desc", "script"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    @property
    def joined(self) -> str:
        return "".join(self.text)


def squash(text: str) -> str:
    """Whitespace runs as one space (line wrapping and breaks differ between formats)."""
    return " ".join(text.split())


def seen_text(plan: Plan, fmt: str) -> str:
    """What a reader sees of ``plan`` in ``fmt``, whitespace squashed: html and easy read as
    shown in a browser, markdown as rendered, plain text as it is."""
    raw = render(plan, fmt).decode()
    if fmt in ("html", "easy"):
        return squash(Page(raw).joined)
    if fmt == "md":
        return squash(Page(MarkdownIt("commonmark").render(raw)).joined)
    return squash(raw)


needs_printing = pytest.mark.skipif(
    pdf.find_chromium() is None or shutil.which("pdftotext") is None,
    reason="Chromium or pdftotext not installed",
)


def pdf_pages(plan: Plan, tmp_path: Path) -> list[str]:
    """The text of each page of the plan's PDF, its lines' spaces evened out."""
    target = tmp_path / "plan.pdf"
    target.write_bytes(render(plan, "pdf"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    return ["\n".join(" ".join(line.split()) for line in page.splitlines()) for page in pages]


# A copy for the GP or someone the person named is made only from an agreed plan
# (sharing.waits_for_agreement): fixtures that make such copies are agreed versions.
AGREED_STATE = PlanState(
    status="agreed",
    saved_at="2027-03-03T10:00:00.000+00:00",
    agreed_at="2027-03-03T10:00:00.000+00:00",
    agreed_by="both",
)
