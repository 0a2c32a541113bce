"""Pause for safety in the app (issue 13 §1): after a rating of 1 or 2 on mental health or
feeling safe, or on ctrl+g from any step, the worker sees calm guidance with the agency's
numbers, and the pair are offered (never pushed) the plan for hard times."""

from __future__ import annotations

from typing import Any

from ui_support import (
    begin_practice,
    demo_first_meeting_played,
    open_meeting,
    practice_app,
    press,
    screen_text,
    settle,
    start_review_meeting,
    widget_text,
)

from assistant.agency import EXAMPLE_LINE
from assistant.flows.loader import Content
from assistant.ui.screens.safety import SafetyDialog
from assistant.ui.screens.session import SessionScreen


async def in_ratings(app: Any, pilot: Any) -> SessionScreen:
    """A meeting on the shipped content, at the first rating (mental health)."""
    screen = await open_meeting(app, pilot)
    assert screen.meeting.goto_topic("life_areas").done
    await screen.show_step()
    await pilot.pause()
    assert screen.meeting.conv.step.node_id == "rate_mental_health"
    return screen


async def test_a_low_rating_offers_the_pause_and_goes_to_the_plan_for_hard_times(
    make_app: Any, content: Content
) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await in_ratings(app, pilot)
        await press(pilot, "1")
        await settle(app, pilot)
        assert isinstance(app.screen, SafetyDialog)
        # The rating was given first: the next question is on the screen beneath.
        assert screen.meeting.conv.data["ratings"]["mental_health"] == 1
        assert screen.meeting.conv.step.node_id == "help_mental_health"
        await pilot.click("#safety-go")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.meeting.conv.current_topic == "hard_times"
        assert "Everyone has hard times now and then." in screen_text(app)


async def test_going_to_a_plan_already_made_shows_it_in_the_persons_words(
    data_dir: Any, make_app: Any, content: Content
) -> None:
    # The demo's first meeting made a plan for hard times; this is the review after it.
    _, first = demo_first_meeting_played(data_dir, content)
    app = make_app(content=content)  # on the same records folder
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start_review_meeting(app, pilot)
        await press(pilot, "ctrl+g")
        await settle(app, pilot)
        assert isinstance(app.screen, SafetyDialog)
        await pilot.click("#safety-go")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.meeting.conv.current_topic == "hard_times"
        # Their own plan first (what helps, who to contact), not the first-time offer.
        prompt = widget_text(screen.query_one("#step-prompt"))
        assert prompt.startswith("Is your plan for hard times still right? Here it is")
        for words in (first["hard_times"]["what_helps"], first["hard_times"]["contact_day"]):
            assert words in prompt
        assert "Would you like to make your plan" not in screen_text(app)


async def test_carry_on_goes_back_to_the_same_question_and_is_not_asked_again(
    make_app: Any, content: Content
) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await in_ratings(app, pilot)
        await press(pilot, "2")
        await settle(app, pilot)
        assert isinstance(app.screen, SafetyDialog)
        await press(pilot, "enter")  # the focus starts on "Carry on where we were"
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.meeting.conv.step.node_id == "help_mental_health"
        # Back to the rating and low again: once per meeting, no nagging.
        await press(pilot, "f8")
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id == "rate_mental_health"
        await press(pilot, "1")
        await settle(app, pilot)
        assert app.screen is screen


async def test_a_middling_rating_offers_nothing(make_app: Any, content: Content) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await in_ratings(app, pilot)
        await press(pilot, "3")
        await settle(app, pilot)
        assert app.screen is screen


async def test_the_key_pauses_from_the_middle_of_another_topic_and_keeps_its_place(
    make_app: Any, content: Content
) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        assert screen.meeting.goto_topic("concerns").done
        await screen.show_step()
        await press(pilot, "enter")  # past the introduction
        await settle(app, pilot)
        where = screen.meeting.conv.step.node_id
        assert where == "list"
        await press(pilot, "ctrl+g")
        await settle(app, pilot)
        assert isinstance(app.screen, SafetyDialog)
        # The why follows the numbers (which come first): read it from its own line.
        why = app.screen.query_one("#safety-why")
        assert "You have paused the meeting to think about safety." in widget_text(why)
        await pilot.click("#safety-go")
        await settle(app, pilot)
        assert screen.meeting.conv.current_topic == "hard_times"
        topics = {t.id: t.status for t in screen.meeting.conv.topics()}
        assert topics["concerns"] == "parked"
        # Carrying on where we were: the concerns topic resumes at the same question.
        assert screen.meeting.goto_topic("concerns").done
        assert screen.meeting.conv.step.node_id == where


async def test_the_key_again_or_escape_carries_on(make_app: Any, content: Content) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        for key in ("ctrl+g", "escape"):
            await press(pilot, "ctrl+g")
            await settle(app, pilot)
            assert isinstance(app.screen, SafetyDialog)
            await press(pilot, key)
            await settle(app, pilot)
            assert app.screen is screen
            assert screen.meeting.conv.step.kind == "topics"


async def test_the_pause_shows_the_agencys_numbers_and_the_example_mark(
    make_app: Any, content: Content
) -> None:
    agency = content.agency
    assert agency is not None and agency.example
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "ctrl+g")
        await settle(app, pilot)
        text = screen_text(app)
        assert EXAMPLE_LINE in text
        assert "When the team is closed" in text and "In a crisis, day or night" in text
        for contact in [*agency.out_of_hours, *agency.crisis]:
            assert contact.name in text
            assert (contact.phone or contact.text or "") in text


async def test_without_agency_details_the_worker_is_told(make_app: Any) -> None:
    app = make_app()  # the sample topics: no agency file, no plan for hard times
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "ctrl+g")
        await settle(app, pilot)
        assert isinstance(app.screen, SafetyDialog)
        assert "No agency details are set" in screen_text(app)
        assert not app.screen.query("#safety-go")  # no topic to offer


async def test_at_80x24_the_buttons_are_on_screen(make_app: Any, content: Content) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await in_ratings(app, pilot)
        await press(pilot, "1")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, SafetyDialog)
        for button in ("#safety-go", "#safety-carry"):
            region = dialog.query_one(button).region
            assert region.height > 0
            assert region.y >= 0 and region.bottom <= 24 and region.right <= 80
        text = screen_text(app)
        assert "Go to the plan for hard times" in text and "Carry on where we were" in text


async def test_the_key_pauses_a_practice_too(make_app: Any, content: Content) -> None:
    app = practice_app(make_app, content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(pilot, "enter")  # the first fictional person, then the role card
        await settle(app, pilot)
        practice = await begin_practice(app, pilot)
        await press(pilot, "ctrl+g")
        await settle(app, pilot)
        assert isinstance(app.screen, SafetyDialog)
        await press(pilot, "escape")
        await settle(app, pilot)
        assert app.screen is practice
