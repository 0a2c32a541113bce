"""The annotated replay: every moment in order with its id, linked from the feedback, escaped."""

from __future__ import annotations

import re

import pytest
from rubric_support import Practice

from assistant.flows.loader import Content
from assistant.training.feedback import Feedback, compute_feedback
from assistant.training.model import Persona
from assistant.training.replay import replay
from assistant.training.rubric import score

HOSTILE = "<script>alert(1)</script> [bold]big[/bold] [@click=app.quit]x[/] {{ 7*7 }}"


@pytest.fixture
def practice(content: Content) -> Practice:
    p = Practice(content)
    p.at("what_matters", "interests")
    p.ask("open_question", "Fishing, once.", "What do you enjoy?")
    p.event("warmth", before=1, after=2, why="explored")
    p.at("what_matters", "strengths")
    p.answer_for(HOSTILE)
    p.at("goals", "list")
    p.propose(HOSTILE, "refused", invited=False)
    p.event("warmth", before=2, after=0, why="refused")
    p.propose("The allotment", "not_yet", invited=False)
    return p


@pytest.fixture
def fb(practice: Practice, personas: dict[str, Persona]) -> Feedback:
    return compute_feedback(practice.conversation, persona=personas["stan"], events=practice.events)


def test_every_move_reply_proposal_and_warmth_change_has_its_moment(practice: Practice) -> None:
    lines = replay(practice.conversation, practice.events, name="Stan")
    events = {line.ref: line for line in lines if line.ref.startswith("m")}
    for index, event in enumerate(practice.events):
        if event["kind"] in ("move", "persona", "refused", "not_yet", "warmth", "talked_over"):
            assert f"m{index}" in events, event
    kinds = [line.kind for line in lines if line.ref.startswith("m")]
    assert kinds.count("warmth") == 2
    assert {"refused", "not_yet", "talked_over"} <= set(kinds)
    refused = next(line for line in lines if line.kind == "refused")
    assert refused.who == "Stan" and HOSTILE in refused.text
    assert next(line for line in lines if line.kind == "warmth").text == "1 → 2 (you explored)"


def test_each_moment_has_its_own_time(practice: Practice) -> None:
    lines = replay(practice.conversation, practice.events, name="Stan")
    moves = [line.at for line in lines if line.kind == "move"]
    assert len(moves) == len(set(moves)) == 4


def test_a_persona_answer_is_not_shown_twice(practice: Practice) -> None:
    lines = replay(practice.conversation, practice.events, name="Stan")
    assert sum("Fishing, once." in line.text for line in lines) == 1


def test_paired_replay_is_the_answers_with_no_warmth(content: Content) -> None:
    p = Practice(content)
    p.at("what_matters", "interests")
    p.conversation.answer("Fishing", by="person")
    p.events.append({"kind": "warmth", "before": 1, "after": 2, "why": "explored"})
    lines = replay(p.conversation, p.events, name="Stan", mode="paired")
    assert [line.kind for line in lines][-1] == "answer"
    assert lines[-1].who == "Stan" and lines[-1].text.endswith("Fishing")
    assert lines[-1].ref.startswith("s")
    assert all(line.kind != "warmth" for line in lines)


def test_paired_replay_says_answers_in_words_not_option_codes(content: Content) -> None:
    # Tester's report: "“Who would like to type today?” person", "… care_team", "… paper",
    # "… 2027-01-04". The replay says them as the meeting's transcript does.
    p = Practice(content)
    conv = p.conversation
    p.at("getting_started", "keyboard")
    conv.answer("person", by="person")
    p.at("closing", "person_agrees")
    conv.answer("yes", by="person")
    p.at("closing", "next_meeting")
    conv.answer("2099-04-06", by="person")
    p.at("closing", "share_with")
    conv.answer(["care_team", "gp"], by="person")
    p.at("closing", "copy")
    conv.answer("paper", by="person")
    said = {
        line.text.split("\u201d ", 1)[0].lstrip("\u201c"): line.text.split("\u201d ", 1)[1]
        for line in replay(conv, (), name="Marcus", mode="paired")
        if line.kind == "answer"
    }
    assert said["Who would like to type today?"] == "Me"
    assert said["Do you agree with this plan?"] == "Yes"
    assert said["When shall we meet next?"] == "Monday 6 April 2099"
    assert said["Who can see your plan? Pick all that fit."] == "My GP, My care team"
    assert said["Would you like your own copy of the plan?"] == "Yes, on paper"


def test_an_option_picked_for_them_is_said_by_its_label(content: Content) -> None:
    p = Practice(content)
    p.at("getting_started", "keyboard")
    moment = p.move("answer_for", "person", "person")
    p.conversation.answer("person", by="worker")
    line = next(x for x in replay(p.conversation, p.events, name="Stan") if x.ref == f"m{moment}")
    assert line.text.endswith(": \u201cMe\u201d")


def test_html_links_resolve_to_replay_lines(fb: Feedback) -> None:
    page = fb.to_html()
    anchors = set(re.findall(r'id="(m\d+|s\d+)"', page))
    links = set(re.findall(r'href="#(m\d+|s\d+)"', page))
    assert links and links <= anchors
    # the imposed proposal is a finding that links to the proposal's moment
    pushed = next(i for i, e in enumerate(fb.replay) if e.kind == "refused")
    ref = fb.replay[pushed].ref
    assert f'<a href="#{ref}">moment {ref[1:]}</a>' in page


def test_html_escapes_what_the_trainee_typed(fb: Feedback) -> None:
    page = fb.to_html()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [bold]big[/bold]" in page


def test_markdown_links_name_the_moment_and_escape_the_words(fb: Feedback) -> None:
    text = fb.to_markdown()
    assert "<script>" not in text
    assert r"\<script\>alert(1)\</script\> \[bold\]big\[/bold\]" in text
    pushed = next(e for e in fb.replay if e.kind == "refused")
    assert f"**{pushed.label}**" in text  # the replay line
    assert f"({pushed.label}: " in text  # a feedback line pointing at it
    assert "## Replay" in text and text.index("## What went well") < text.index("## Replay")


def test_a_step_asked_for_each_person_shows_the_prompt_asked_then(content: Content) -> None:
    p = Practice(content)
    p.at("connections", "people")
    p.conversation.answer([{"name": "Ron"}, {"name": "Irena"}], by="person")
    p.conversation.choose("each_yes", by="person")
    asked = []
    for _ in range(2):
        assert p.conversation.step.node_id == "contact"
        asked.append(p.ask("open_question", "About once a week"))
        for _ in range(20):  # on to the next person's first question
            step = p.conversation.step
            if step.node_id == "contact" or step.kind not in ("ask", "say", "end"):
                break
            if step.kind == "ask":
                p.conversation.skip(by="person")
            else:
                p.conversation.proceed(by="person")
    lines = {line.ref: line for line in replay(p.conversation, p.events, name="Stan")}
    assert "Ron" in lines[f"m{asked[0]}"].text and "Irena" not in lines[f"m{asked[0]}"].text
    assert "Irena" in lines[f"m{asked[1]}"].text


def test_ideas_offered_after_asking_for_them_are_said_once(content: Content) -> None:
    p = Practice(content)
    p.at("goals", "list")
    p.move("invite_ideas")
    said = p.says("Get the allotment going again")
    offered = p.event("offered", ideas=["allotment"], words="Get the allotment going again")
    lines = replay(p.conversation, p.events, name="Stan")
    assert sum("Get the allotment going again" in line.text for line in lines) == 1
    # The feedback's "you asked for their ideas" points at the line the replay shows.
    found = score(p.conversation, p.events, name="Stan").by_id()["ideas_invited"].went_well
    assert found[0].moments[0].ref == f"m{said}" != f"m{offered}"
    assert f"m{said}" in {line.ref for line in lines}


def test_ideas_offered_in_other_words_keep_their_own_line(content: Content) -> None:
    p = Practice(content)
    p.at("goals", "list")
    p.move("invite_ideas")
    p.says("Let me think.")
    offered = p.event("offered", ideas=["allotment"], words="The allotment, maybe.")
    lines = replay(p.conversation, p.events, name="Stan")
    assert f"m{offered}" in {line.ref for line in lines}


def test_warmth_held_at_the_meetings_cap_is_said_once(content: Content) -> None:
    p = Practice(content)
    p.at("what_matters", "interests")
    capped = [p.event("warmth", before=4, after=4, why="capped") for _ in range(3)]
    p.event("warmth", before=4, after=2, why="refused")
    p.event("warmth", before=2, after=3, why="explored")
    again = [p.event("warmth", before=3, after=3, why="capped") for _ in range(2)]
    lines = replay(p.conversation, p.events, name="Stan")
    warmth = [(line.ref, line.text) for line in lines if line.kind == "warmth"]
    cap = "as far as a first meeting goes"
    assert warmth == [
        (f"m{capped[0]}", f"4 → 4 ({cap})"),
        (f"m{capped[2] + 1}", "4 → 2 (an idea was pushed)"),
        (f"m{capped[2] + 2}", "2 → 3 (you explored)"),
        (f"m{again[0]}", f"3 → 3 ({cap})"),
    ]


def test_kept_private_does_not_repeat_the_persona_s_words(content: Content) -> None:
    p = Practice(content)
    p.at("what_matters", "interests")
    p.move("open_question")
    note = "(Said what they would rather not have written down. It is not kept here.)"
    p.says(note)
    first = p.event("kept_private", subject="voices", words=note)
    second = p.event("kept_private", subject="police", words=note)
    lines = {line.ref: line for line in replay(p.conversation, p.events, name="Marcus")}
    assert sum(note in line.text for line in lines.values()) == 1
    assert lines[f"m{first}"].text == lines[f"m{second}"].text == "Kept it private."


def test_a_list_emptied_on_purpose_reads_emptied_not_nothing_added(content: Content) -> None:
    # The replay said "Nothing added yet" for a goals list the trainee had emptied, as if
    # nothing had been said; the meeting's own transcript says it was emptied.
    p = Practice(content)
    p.at("goals", "list")
    p.conversation.answer([{"what": "Walk more"}], by="person")
    p.conversation.edit("goals.list", [])
    lines = replay(p.conversation, p.events, name="Stan", mode="paired")
    assert lines[-1].text.endswith("Emptied: nothing on this list now")
