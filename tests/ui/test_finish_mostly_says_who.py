"""The Finish dialog says whose "Mostly" it was. The worker's own "Mostly", or a "Mostly"
the worker gave to the person's question (F2), read "You agreed most of this plan", as if
the person had said it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui_support import AREAS, FIRST_RATINGS, press, settle, widget_text

from assistant.engine.conversation import Conversation
from assistant.meetings.meeting import Meeting
from assistant.plans.autoplay import Said, play_meeting
from assistant.records import CaseStore
from assistant.ui.screens.finish import FinishMeeting
from assistant.ui.widgets.confirm import Confirm


def _meeting(case: Any, content: Any, person_agrees: Any, worker_agrees: Any) -> Meeting:
    """A first meeting gone through Closing with these two answers, not finished yet."""
    answers: dict[str, Any] = {
        "about.name": "Sammy",
        "consent.record": True,
        "agreement.person_agrees": person_agrees,
        "agreement.person_not_agreed": "Not the part about my sister",
        "agreement.worker_agrees": worker_agrees,
        "agreement.worker_not_agreed": "I cannot ring every day",
        "agreement.next_meeting": "2099-12-31",
        "agreement.share_with": ["nobody"],
    }
    answers.update({f"ratings.{a}": int(r) for a, r in zip(AREAS, FIRST_RATINGS, strict=True)})
    conv = play_meeting(
        Conversation(content), ["getting_started", "what_matters", "closing"], answers
    )
    return Meeting(conv, case, "first")


async def _finish(
    make_app: Any, content: Any, data_dir: Path, person_agrees: Any, worker_agrees: Any
) -> tuple[str, str]:
    """(the Finish dialog's note, the question before saving it as not agreed yet)."""
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    app = make_app(content=content)
    with store.open(person) as case:
        meeting = _meeting(case, content, person_agrees, worker_agrees)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            app.push_screen(FinishMeeting(meeting, "Sammy"))
            await settle(app, pilot)
            note = widget_text(app.screen.query_one("#finish-note"))
            app.screen.query_one("#finish-draft").focus()
            await press(pilot, "enter")
            await settle(app, pilot)
            assert isinstance(app.screen, Confirm)
            return note, str(app.screen.question)


async def test_the_workers_own_mostly_is_not_called_the_persons(
    make_app: Any, content: Any, data_dir: Path
) -> None:
    note, question = await _finish(make_app, content, data_dir, "yes", "mostly")
    assert note.startswith("Your worker agreed most of this plan in 'Our plan and next time'.")
    assert "kept in your worker's words" in note
    assert question.startswith("Your worker agreed most of this plan. Save it")


async def test_a_mostly_the_worker_gave_for_the_person_says_the_worker_said_it(
    make_app: Any, content: Any, data_dir: Path
) -> None:
    _, question = await _finish(make_app, content, data_dir, Said("mostly", "worker"), "yes")
    assert question.startswith("Your worker said you agreed most of this plan. Save it")
