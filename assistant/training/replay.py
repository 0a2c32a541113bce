"""The annotated replay of a practice: every move, reply, proposal and warmth change, in order.

Each line carries its moment id (``m12`` for event 12 of ``session.events``, ``s5`` for log
entry 5 when there was no move, as in paired role-play), so the feedback can link to it:
"(moment 12)" in Markdown, ``<a href="#m12">`` in HTML where the line has ``id="m12"``.
Everything said or typed stays data: the renderers escape it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assistant.engine.conversation import Conversation
from assistant.training.reading import parse_time
from assistant.training.timeline import PROPOSAL_KINDS, Entry, Timeline

# What the trainee did, in the words the replay uses ("You asked openly").
MOVE_WORDS: dict[str, str] = {
    "open_question": "asked openly",
    "reflect": "reflected back what they said",
    "closed_question": "asked a yes/no or leading question",
    "offer_keyboard": "offered the keyboard",
    "explain_record": "explained what is written down and who sees it",
    "invite_ideas": "asked for their ideas first",
    "propose": "suggested an idea",
    "answer_for": "answered for them",
    "move_on": "left this one for now",
}
WARMTH_WHY: dict[str, str] = {
    "explored": "you explored",
    "reflected": "you reflected back",
    "refused": "an idea was pushed",
    "not_yet": "an idea came too soon",
    "talked_over": "you answered for them",
    "capped": "as far as a first meeting goes",
    "keyboard": "you offered the keyboard",
    "record": "you explained the record",
}


@dataclass(frozen=True)
class ReplayLine:
    """One line of the replay."""

    ref: str  # "m12" / "s5": the anchor
    label: str  # "moment 12" / "answer 5"
    at: str  # "10:02:30" ('' when unknown)
    topic: str  # the listed topic's title
    who: str  # "You", the persona's name, "Together", or "Warmth"
    kind: str  # move | persona | accepted | not_yet | refused | warmth | answer | ...
    text: str  # plain words (escaped by the renderers)


def _clock(at: object) -> str:
    when = parse_time(str(at or ""))
    return when.strftime("%H:%M:%S") if when is not None else ""


def _quoted(text: str) -> str:
    return f"\u201c{text}\u201d" if text else ""


class _Builder:
    def __init__(self, timeline: Timeline, name: str, mode: str) -> None:
        self.t = timeline
        self.name = name
        self.mode = mode
        # The last warmth line shown was "as far as this meeting goes" (capped, no change):
        # the next such line says nothing new until warmth moves again.
        self.at_cap = False

    def line(self, entry: Entry, who: str, kind: str, text: str) -> ReplayLine:
        return ReplayLine(
            entry.ref,
            entry.label,
            _clock(entry.data.get("at")),
            self.t.title(entry.topic) if entry.topic else "",
            who,
            kind,
            text,
        )

    def event(self, entry: Entry, previous: Entry | None) -> ReplayLine | None:
        data = entry.data
        kind = entry.kind
        words = str(data.get("words") or "")
        name = self.name
        if kind == "move":
            move = str(data.get("move", ""))
            prompt = self.t.prompt(entry)
            text = MOVE_WORDS.get(move, move.replace("_", " "))
            text = text[0].upper() + text[1:]
            if prompt and move not in ("offer_keyboard", "explain_record"):
                text += f" at {_quoted(prompt)}"
            typed = words
            if move == "answer_for" and data.get("value") is not None:
                # What was picked or typed for them, in words (an option's label, a date).
                typed = self.t.answer_words(entry) or words
            if typed:
                text += f": {_quoted(typed)}"
            return self.line(entry, "You", "move", text)
        if kind == "persona":
            return self.line(entry, name, "persona", words) if words else None
        if kind in PROPOSAL_KINDS:
            outcome = {
                "accepted": "Agreed to it"
                + (" as your idea" if data.get("idea_from") == "worker" else ""),
                "not_yet": "Not yet",
                "refused": "Turned it down" + (" again" if data.get("reason") == "repeat" else ""),
            }[kind]
            text = f"{outcome} ({_quoted(str(data.get('proposal') or ''))})"
            return self.line(entry, name, kind, f"{text}: {words}" if words else text)
        if kind == "offered":
            if self.t.echo_of(entry) is not None:
                return None  # the persona's line just above already says them
            return self.line(entry, name, kind, words or "Offered ideas of their own.")
        if kind == "talked_over":
            return self.line(entry, name, kind, words or "(answered for them)")
        if kind == "keyboard":
            took = "Took the keyboard" if data.get("taken") else "Left the keyboard to you"
            return self.line(entry, name, kind, f"{took}. {words}".strip())
        if kind == "record_explained":
            return self.line(entry, name, kind, words) if words else None
        if kind == "kept_private":
            if self.t.repeats(entry) is not None:
                # The persona's line just above says it: name what happened, not the words.
                return self.line(entry, name, kind, "Kept it private.")
            return self.line(entry, name, kind, f"Kept it private: {words}" if words else "")
        if kind == "warmth":
            if self.mode != "solo":
                return None  # paired: no simulated persona, no warmth figures
            why = WARMTH_WHY.get(str(data.get("why", "")), str(data.get("why", "")))
            before, after = data.get("before"), data.get("after")
            capped = data.get("why") == "capped" and before == after
            if capped and self.at_cap:
                return None  # said once: warmth stays at the meeting's cap
            self.at_cap = capped
            return self.line(entry, "Warmth", kind, f"{before} \u2192 {after} ({why})")
        if kind == "skipped":
            if previous is not None and previous.data.get("move") == "move_on":
                return None  # the move already says so
            return self.line(entry, "You", kind, "Left this one for now.")
        return self.line(entry, name, kind, words) if words else None

    def log(self, entry: Entry) -> ReplayLine | None:
        data = entry.data
        if self.t.cover(entry) is not None:
            return None  # the event standing for it is shown instead
        by = data.get("by", "person")
        who = {"person": self.name, "worker": "You", "both": "Together"}.get(by, self.name)
        prompt = str(data.get("prompt") or "")
        action = data.get("action")
        if action == "skipped":
            said = "Not today." if by != "worker" else "Left for now."
        else:
            # In the words the meeting's transcript uses: "Me", "On paper", never "person".
            said = self.t.answer_words(entry)
        text = f"{_quoted(prompt)} {said}".strip() if prompt else said
        return self.line(entry, who, "answer" if action != "skipped" else "skipped", text)


def replay(
    conversation: Conversation,
    events: Iterable[Mapping[str, Any]] = (),
    *,
    name: str = "the person",
    mode: str = "solo",
    timeline: Timeline | None = None,
) -> tuple[ReplayLine, ...]:
    """The annotated transcript of a practice, oldest first."""
    timeline = timeline or Timeline(conversation, events)
    builder = _Builder(timeline, name, mode)
    lines: list[ReplayLine] = []
    previous: Entry | None = None
    for entry in timeline.entries:
        found = builder.event(entry, previous) if entry.is_event else builder.log(entry)
        if found is not None and found.text:
            lines.append(found)
        if entry.is_event:
            previous = entry
    return tuple(lines)
