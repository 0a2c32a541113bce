"""Home, the finish dialog and later meetings say draft or agreed as the record does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ui_support import settle, widget_text

from assistant.plans.model import Plan
from assistant.records import CaseStore
from assistant.records import case as case_module
from tests.conftest import LATE_JUNE_EVENING


def _person_with(data_dir: Path, *agreed: bool) -> str:
    """Sam, with one plan version per item of ``agreed`` (True: agreed, False: a draft)."""
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    plan = Plan(created="2027-03-03T10:00:00+00:00").to_json()
    with store.open(person) as case:
        for each in agreed:
            case.add_plan_version(plan, agreed=each)
    return person


async def test_home_shows_a_newer_draft_beside_the_agreed_plan(make_app, data_dir) -> None:
    _person_with(data_dir, True, False)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        details = widget_text(app.screen.query_one("#person-details"))
    assert "Plan agreed: version 1, " in details
    assert "Newer draft: version 2, not agreed yet (saved " in details


async def test_home_never_calls_a_draft_agreed(make_app, data_dir) -> None:
    _person_with(data_dir, False)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        details = widget_text(app.screen.query_one("#person-details"))
    assert "Plan draft: version 1, not agreed yet" in details
    assert "agreed:" not in details.replace("not agreed", "")


async def test_finishing_explains_what_a_draft_means(make_app, content: Any) -> None:
    from ui_support import open_meeting

    from assistant.ui.screens.finish import FinishMeeting

    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = await open_meeting(app, pilot)
        screen.meeting.conv.data["consent"] = {"record": True}  # a draft can be saved
        app.push_screen(FinishMeeting(screen.meeting, "Sam"))
        await settle(app, pilot)
        note = widget_text(app.screen.query_one("#finish-draft-note"))
        assert "keeps it as a draft" in note and "every page" in note
        assert app.screen.query_one("#finish-draft").region.height > 0


@pytest.mark.usefixtures("in_london")
async def test_home_dates_the_last_meeting_by_the_local_day(
    make_app, data_dir, monkeypatch
) -> None:
    # Saved at 23:30 UTC on a June evening: already Tuesday 16 June in London, as the plan
    # dates on the same screen (long_day) and the exports say it.
    monkeypatch.setattr(case_module, "now", lambda: LATE_JUNE_EVENING)
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    with store.open(person) as case:
        case.save_session("s1", {})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        details = widget_text(app.screen.query_one("#person-details"))
    assert "Last meeting: Tuesday 16 June" in details


async def test_finishing_says_where_a_private_person_is_named_and_marks_those_parts(
    make_app, content: Any
) -> None:
    # Walk fix F3: Ann is kept private but named in "A good week"; the Finish dialog says so
    # and one button marks that part private too (saved as Closing's answer).
    from ui_support import finish_naming_a_private_person

    app = make_app(content=content)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await finish_naming_a_private_person(
            app, pilot, good_week="Coffee with Ann [b]on[/b] Sunday.", worker="Kit"
        )
        screen = app.screen_stack[-2]
        meeting = screen.meeting
        warned = widget_text(app.screen.query_one("#finish-private-names"))
        focused_while_warned = app.focused.id if app.focused else None
        app.screen.query_one("#finish-mark-private").press()
        await settle(app, pilot)
        after = widget_text(app.screen.query_one("#finish-private-names"))
        marked = meeting.conv.data["sharing"]["private"]
    assert warned.startswith("Ann is kept private but is named in: A good week.")
    # What the button marks is said before it is pressed: here a whole section.
    assert "keeps these out of copies for other people: All of: About me." in " ".join(
        warned.split()
    )
    assert focused_while_warned == "finish-mark-private"  # not "We both agree"
    assert sorted(marked) == ["item:p1", "section:about"]
    assert after == "Kept private now: All of: About me."


async def test_finishing_says_how_to_keep_out_only_the_words_before_marking_a_section(
    make_app, content: Any
) -> None:
    # Tester hEX: one Enter on the marking button hid all of Looking back, the dialog having
    # named only the section. Marking a whole section now comes with the way to keep out
    # only the words (and, for Looking back, what it takes with it: test_private_names).
    from ui_support import finish_naming_a_private_person

    app = make_app(content=content)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await finish_naming_a_private_person(app, pilot)
        warned = " ".join(widget_text(app.screen.query_one("#finish-private-names")).split())
    assert warned.endswith(
        "All of: About me. To keep out only the words, choose Keep talking and change them."
    )


async def test_home_says_a_plan_agreed_mostly_is_agreed_in_part(make_app, data_dir) -> None:
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    plan = Plan(created="2027-03-03T10:00:00+00:00").to_json()
    plan["agreement"]["person_agrees"] = {"code": "mostly", "label": "Mostly"}
    plan["agreement"]["worker_agrees"] = {"code": "yes", "label": "Yes"}
    with store.open(person) as case:
        case.add_plan_version(plan, agreed=True)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        details = widget_text(app.screen.query_one("#person-details"))
    assert "Plan agreed in part: version 1, " in details


async def test_home_puts_resume_first_for_enter_when_a_meeting_can_be_carried_on(
    make_app, data_dir
) -> None:
    # The person's history is read after the list is shown: the first action then was
    # "Start a new meeting", and it stayed highlighted once "Resume" came in above it.
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    with store.open(person) as case:
        case.save_session("s1", {})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        actions = app.screen.query_one("#actions")
        await pilot.press("tab")
        await settle(app, pilot)
        assert app.focused is actions
        assert actions.highlighted_option is not None
        assert actions.highlighted_option.id == "resume"


def test_last_times_plan_in_a_review_marks_goals_done_or_let_go() -> None:
    # "Last time we agreed" listed a goal done and one let go as if both were still open.
    from types import SimpleNamespace

    from assistant.plans.model import Code, Goal, Plan
    from assistant.ui.screens.session import SessionScreen

    goals = [
        Goal(id="g1", what="Join the choir", next=Code(code="finished", label="It's done")),
        Goal(id="g2", what="Garden", next=Code(code="let_go", label="Let it go for now")),
        Goal(id="g3", what="Walk more"),
    ]
    plan = Plan(created="2026-11-06T10:00:00+00:00", goals=goals)
    screen = SimpleNamespace(meeting=SimpleNamespace(previous_plan=plan))
    lines = SessionScreen._earlier_plan(screen).plain.splitlines()  # type: ignore[arg-type]
    assert [line for line in lines if "Goal:" in line] == [
        "  Goal: Join the choir (✓ done)",
        "  Goal: Garden (let go for now)",
        "  Goal: Walk more",
    ]


def test_last_times_plan_in_a_review_marks_actions_done_or_let_go() -> None:
    # In a second review "Last time we agreed" showed a goal's actions, done at the first
    # review, with no mark, as if still to do.
    from types import SimpleNamespace

    from assistant.plans.model import Action, Code, Goal, Plan
    from assistant.ui.screens.session import SessionScreen

    actions = [
        Action(id="a1", what="Draft a text to Karen", status=Code(code="done", label="Done")),
        Action(id="a2", what="Ring Karen", status=Code(code="partly", label="Partly done")),
        Action(id="a3", what="Visit", status=Code(code="dropped", label="We let it go")),
        Action(id="a4", what="Send a card", status=Code(code="not_yet", label="Not yet")),
        Action(id="a5", what="Buy a card"),
    ]
    goal = Goal(id="g1", what="Get back in touch with Karen", actions=actions)
    plan = Plan(created="2026-11-06T10:00:00+00:00", goals=[goal])
    screen = SimpleNamespace(meeting=SimpleNamespace(previous_plan=plan))
    lines = SessionScreen._earlier_plan(screen).plain.splitlines()  # type: ignore[arg-type]
    assert [line for line in lines if "•" in line] == [
        "    • Draft a text to Karen (✓ done)",
        "    • Ring Karen (partly done)",
        "    • Visit (let go)",
        "    • Send a card",
        "    • Buy a card",
    ]
