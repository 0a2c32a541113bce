"""Issue 17 in the app: the trainee's moves, who sees the persona's secrets, the trainee's name,
carrying on with a practice, and the end of a practice started for one persona."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.widgets import Input
from textual.widgets._toast import Toast
from ui_support import (
    PRACTICE_SIZE,
    begin_practice,
    open_practice_topic,
    practice_app,
    practice_begun,
    press,
    screen_text,
    settle,
    to_first_question,
    widget_text,
)

from assistant.records import CaseStore
from assistant.training.moves import MOVES
from assistant.training.store import MEETING_AT_LEAST, list_practices, open_training_store
from assistant.ui.screens.help import KEYS
from assistant.ui.screens.training import (
    FeedbackScreen,
    PersonaChooser,
    PracticeScreen,
    PracticeStart,
    ReferralView,
    RoleCardScreen,
    RoleCardView,
)
from assistant.ui.widgets.confirm import Confirm
from assistant.ui.widgets.keybar import KeyBar
from assistant.ui.widgets.move_panel import MovePanel

WIDE = PRACTICE_SIZE


def panel(screen: Any) -> MovePanel:
    return screen.query_one(MovePanel)


def secrets(persona: Any) -> list[str]:
    """Words only the role card holds: ideas the persona turns down, its own goals."""
    words = [w for t in persona.turns_down for w in t.words]
    return words + [g.what for g in persona.goals]


# ------------------------------------------------------------------ the end of a practice


@pytest.mark.slow
async def test_ending_a_practice_started_for_one_persona_goes_back_to_the_chooser(
    make_app, content
) -> None:
    # `train --persona stan`, then End the practice: it crashed (IndexError: pop from empty
    # list) because the start screen was the app's first screen and was swapped out.
    async with practice_begun(make_app, content) as (app, pilot, _):
        await press(pilot, "ctrl+f")
        assert isinstance(app.screen, FeedbackScreen)
        await pilot.click("#end")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonaChooser)
        assert app.is_running and app.return_code is None


# ------------------------------------------------------------------ who sees the secrets


@pytest.mark.slow
async def test_solo_start_shows_what_a_worker_knows_not_the_role_card(make_app, content) -> None:
    app = practice_app(make_app, content, persona_id="stan")
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        start = app.screen
        assert isinstance(start, PracticeStart)
        text = screen_text(app)
        assert "What you know about Stan" in text
        assert "Role card" not in text and "Who you are" not in text
        assert not [w for w in secrets(start.persona) if w[:30] in text]


@pytest.mark.slow
async def test_f10_in_solo_practice_shows_what_you_know_not_the_role_card(
    make_app, content
) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await press(pilot, "f10")
        assert isinstance(app.screen, ReferralView)
        assert "What you know about Stan" in screen_text(app)
        assert "Role card" not in screen_text(app)
        await press(pilot, "f10")
        assert app.screen is screen


@pytest.mark.slow
async def test_the_chooser_shows_the_role_card_to_the_trainer_only_after_asking(
    make_app, content
) -> None:
    app = practice_app(make_app, content)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        chooser = app.screen
        await press(pilot, "f10")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "escape")  # no: nothing shown
        assert app.screen is chooser
        await press(pilot, "f10")
        await pilot.click("#confirm-yes")
        await settle(app, pilot)
        assert isinstance(app.screen, RoleCardScreen) and app.screen.trainer
        assert "Role card: " in screen_text(app)
        assert app.screen.query("#trainer-notes")
        assert "Hand back" not in screen_text(app)


@pytest.mark.slow
async def test_the_trainers_view_keeps_the_notes_back_until_asked(make_app, content) -> None:
    async with practice_begun(make_app, content) as (app, pilot, _):
        await press(pilot, "ctrl+o")
        feedback = app.screen
        assert isinstance(feedback, FeedbackScreen)
        assert not feedback.query("#trainer-notes") and not feedback.query("#role-card")
        await press(pilot, "f10")
        await pilot.click("#confirm-yes")
        await settle(app, pilot)
        assert app.screen is feedback
        assert feedback.query("#trainer-notes") and feedback.query("#role-card")


@pytest.mark.slow
async def test_paired_hands_the_keyboard_over_for_the_role_card_and_back(make_app, content) -> None:
    app = practice_app(make_app, content, persona_id="stan", mode="paired")
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        start = app.screen
        assert isinstance(start, PracticeStart)
        assert "Give the keyboard to the person playing Stan" in screen_text(app)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, RoleCardScreen) and app.screen.hand_back
        assert "Role card: Stan" in screen_text(app)
        assert "Hand back to the worker" in screen_text(app)
        await press(pilot, "ctrl+s")
        assert app.screen is start
        assert "What you know about Stan" in screen_text(app)
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        # The key says what it does here (it said "About them", as in solo).
        keys = widget_text(screen.query_one(KeyBar))
        assert "F10 Role card" in keys and "About them" not in keys
        await press(pilot, "f10")  # mid-practice, the app asks before showing the card
        assert isinstance(app.screen, Confirm)
        await pilot.click("#confirm-yes")
        await settle(app, pilot)
        assert isinstance(app.screen, RoleCardView)
        await press(pilot, "f10")
        assert app.screen is screen


# ------------------------------------------------------------------ the trainee's name


@pytest.mark.slow
async def test_the_trainee_is_asked_once_and_names_the_practice(make_app, content) -> None:
    app = practice_app(make_app, content, trainee="")
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        chooser = app.screen
        assert isinstance(chooser, PersonaChooser)
        assert app.focused is chooser.query_one("#trainee")
        await press(pilot, "ctrl+s")  # nothing happens here; the name comes first
        chooser.query_one("#personas").focus()
        await press(pilot, "enter")
        assert app.screen is chooser  # no name yet: not started
        assert app.focused is chooser.query_one("#trainee")
        await pilot.press(*"Ann Lee", "enter")
        await settle(app, pilot)
        assert app.focused is chooser.query_one("#personas")
        await press(pilot, "enter")
        screen = await begin_practice(app, pilot)
        assert screen.training.trainee == "Ann Lee"
        assert "Ann Lee" in widget_text(screen.query_one("#session-title"))
        await press(pilot, "ctrl+f")
        await pilot.click("#end")
        await settle(app, pilot)
        assert app.screen is chooser
        assert chooser.query_one("#trainee").value == "Ann Lee"  # remembered


@pytest.mark.slow
@pytest.mark.parametrize("passphrase", [None, "correct horse"])
async def test_a_trainee_named_as_a_real_person_is_warned_and_may_go_on(
    make_app, content, data_dir, passphrase: str | None
) -> None:
    # The practice is saved under the trainee's name: a real person's name (case and accents
    # aside) is pointed out before starting, from the people list alone (the records
    # encrypted and unlocked, or not); the trainee may change it or still go on.
    from assistant.records import init_store
    from assistant.training import TrainingLaunch

    store, _ = init_store(data_dir, passphrase)
    store.create_person("Real Person One")
    launch = TrainingLaunch(seed=7, trainee="")
    app = make_app(content=content, training=launch, passphrase=passphrase)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        chooser = app.screen
        assert isinstance(chooser, PersonaChooser)
        warning = chooser.query_one("#trainee-warning")
        assert not warning.display
        await pilot.press(*"real person one")
        await pilot.pause()
        assert warning.display and warning.region.height
        assert widget_text(warning) == (
            "Someone with a record here is called real person one. Practice is kept apart "
            "from real records; use your own name, not a person's."
        )
        chooser.query_one("#trainee", Input).value = "Réal  PERSON one"
        await pilot.pause()
        assert warning.display  # accents, case and spaces aside, the same name
        await pilot.press("end", "backspace")
        await pilot.pause()
        assert not warning.display  # another name: nothing to say
        await pilot.press("e", "enter")
        await settle(app, pilot)
        assert warning.display
        await press(pilot, "enter")  # still free to go on
        assert isinstance(app.screen, PracticeStart)


async def test_train_with_persona_and_a_real_persons_name_says_so_as_it_starts(
    make_app, content, data_dir
) -> None:
    # `train --persona stan --trainee NAME` goes straight to the start screen: the chooser's
    # warning line is never seen on the way, so it is said as a notice.
    from assistant.records import init_store
    from assistant.training import TrainingLaunch

    store, _ = init_store(data_dir, None)
    store.create_person("Real Person One")
    launch = TrainingLaunch(seed=7, trainee="real person one", persona_id="stan")
    app = make_app(content=content, training=launch)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PracticeStart)
        said = [str(n.message) for n in app._notifications]
        assert any("Someone with a record here is called real person one" in m for m in said)


def test_no_open_records_no_warning() -> None:
    # Records locked (not unlocked yet) or unusable: app.store is None, nothing to check.
    from types import SimpleNamespace

    from assistant.ui.screens.training import real_names

    assert real_names(SimpleNamespace(store=None)) == frozenset()  # type: ignore[arg-type]


# ------------------------------------------------------------------ the moves


@pytest.mark.slow
async def test_no_topic_plays_itself_and_a_move_gets_one_reaction(make_app, content) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        conv = screen.meeting.conv
        await to_first_question(app, pilot, screen)
        assert not [e for e in conv.log if e.get("by") == "person"]  # nothing played itself
        moves = [info.kind for info in panel(screen).moves]
        assert moves[0] == "open_question" and "answer_for" in moves
        assert not screen.query_one("#answer-slot").display  # the moves, not the answer box
        step = conv.step
        before = len(conv.log)
        await press(pilot, "1")
        assert [e.get("by") for e in conv.log[before:]] == ["person"]
        assert conv.step is not step
        said = widget_text(screen.query_one("#persona-says"))
        assert said.startswith("» Stan says:")
        assert "warmth" not in screen_text(app).lower()  # warmth is for the feedback


@pytest.mark.slow
async def test_the_trainees_words_go_with_the_move(make_app, content) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        await press(pilot, "tab")
        assert app.focused is screen.query_one("#move-words")
        await pilot.press(*"What name do you like?", "enter")
        await settle(app, pilot)
        moves = [e for e in screen.training.events if e["kind"] == "move"]
        assert moves[-1]["move"] == "open_question"
        assert moves[-1]["words"] == "What name do you like?"


@pytest.mark.slow
async def test_words_typed_on_the_moves_go_to_the_words_box_digits_and_all(
    make_app, content
) -> None:
    # Typed with the moves focused, the letters were thrown away and the 1 made a move.
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        assert app.focused is screen.query_one("#move-list")
        before = [e for e in screen.training.events if e["kind"] == "move"]
        await pilot.press(*"Tell me 1 thing")
        await settle(app, pilot)
        assert [e for e in screen.training.events if e["kind"] == "move"] == before
        words = screen.query_one("#move-words")
        assert app.focused is words and words.value == "Tell me 1 thing"
        await pilot.press("enter")  # the highlighted move, with those words
        await settle(app, pilot)
        made = [e for e in screen.training.events if e["kind"] == "move"][-1]
        assert (made["move"], made["words"]) == ("open_question", "Tell me 1 thing")


@pytest.mark.slow
async def test_a_suggestion_needs_words_and_a_burst_loses_none(make_app, content) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await open_practice_topic(app, pilot, screen, "goals")
        conv = screen.meeting.conv
        for _ in range(5):  # bounded: to the list of goals
            if getattr(conv.step.node, "store", None) == "goals.list":
                break
            await press(pilot, "enter")
            await settle(app, pilot)
        assert "propose" in [info.kind for info in panel(screen).moves]
        # All in one burst, as a fast typist sends them: 7 asks for the idea, the words
        # go into the box, Enter suggests it.
        await pilot.press("7", *"Join the day centre", "enter")
        await settle(app, pilot)
        made = [e for e in screen.training.events if e["kind"] == "move"][-1]
        assert made["move"] == "propose" and made["words"] == "Join the day centre"
        assert screen.meeting.turn is not None and screen.meeting.turn.reaction == "refused"
        said = widget_text(screen.query_one("#persona-says"))
        assert screen.meeting.turn.words in said
        assert not (conv.data.get("goals") or {}).get("list")  # nothing was stored


@pytest.mark.slow
async def test_answer_for_them_shows_the_answer_box_and_says_so(make_app, content) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        await press(pilot, "8")
        assert not panel(screen).display and screen.query_one("#answer-slot").display
        assert "what you type goes in as yours" in screen_text(app)
        conv = screen.meeting.conv
        before = len(conv.log)
        await pilot.press(*"Stanley", "enter")
        await settle(app, pilot)
        assert [e.get("by") for e in conv.log[before:]] == ["worker"]
        assert [e for e in screen.training.events if e["kind"] == "talked_over"]
        assert panel(screen).display  # the next question: the moves again


@pytest.mark.slow
async def test_f7_at_the_persons_question_is_leaving_it_for_now(make_app, content) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        await press(pilot, "f7")
        made = [e for e in screen.training.events if e["kind"] == "move"][-1]
        assert made["move"] == "move_on"


@pytest.mark.slow
async def test_ctrl_s_at_the_moves_asks_for_a_move(make_app, content) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        before = len(screen.training.events)
        await press(pilot, "ctrl+s")
        assert len(screen.training.events) == before
        assert "Choose a move first" in widget_text(screen.query_one("#answer-message"))


@pytest.mark.slow
async def test_paired_practice_has_no_moves(make_app, content) -> None:
    async with practice_begun(make_app, content, mode="paired") as (app, pilot, screen):
        await open_practice_topic(app, pilot, screen, "getting_started")
        await press(pilot, "enter")
        assert not panel(screen).display
        assert screen.query_one("#answer-slot").display


# ------------------------------------------------------------------ carrying on


@pytest.mark.slow
async def test_an_unfinished_practice_is_carried_on_in_the_same_record(
    make_app, content, data_dir
) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        await press(pilot, "1")
        step = screen.meeting.conv.step.node.id
        moves = len(screen.training.events)
    # The app closed mid-practice. The next run offers to carry on with it.
    app = practice_app(make_app, content)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        chooser = app.screen
        assert isinstance(chooser, PersonaChooser)
        assert "Carry on with Stan" in screen_text(app)
        await press(pilot, "home", "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        assert screen.meeting.conv.step.node.id == step
        assert len(screen.training.events) == moves
        assert screen.training.trainee == "Test Trainee"
        await press(pilot, "1")
        await press(pilot, "ctrl+f")
        await pilot.click("#end")
        await settle(app, pilot)
        assert app.screen is chooser
        assert "Carry on with" not in screen_text(app)  # finished now
    store = open_training_store(data_dir)
    practices = list_practices(store, "Test Trainee")
    assert len(practices) == 1 and practices[0].is_finished
    assert CaseStore(data_dir).list_people() == []


@pytest.mark.slow
async def test_train_resume_opens_the_practice(make_app, content, data_dir) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        await press(pilot, "1")
    info = list_practices(open_training_store(data_dir))[0]
    app = practice_app(make_app, content, resume=(info.record_id, info.session_id))
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PracticeScreen)
        assert app.screen.training.persona.id == "stan"


async def test_carry_on_chosen_while_the_topics_load_opens_the_practice_once_they_are_in(
    make_app, content, data_dir, monkeypatch
) -> None:
    """`train --resume` with the topics still loading: Enter on the highlighted "Carry on"
    line said "Practice cannot start: No topics." (the second wait cancelled the load)."""
    import assistant.authoring.content as loading

    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        await press(pilot, "1")
    info = list_practices(open_training_store(data_dir))[0]
    loaded = threading.Event()
    load = loading.load_content_for_meetings

    def held(*args: Any, **kwargs: Any) -> Any:
        loaded.wait(30)  # until the test lets the topics in
        return load(*args, **kwargs)

    monkeypatch.setattr(loading, "load_content_for_meetings", held)
    # No content given: the app loads the topics itself, as the real one does.
    app = practice_app(make_app, None, resume=(info.record_id, info.session_id))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, PersonaChooser)
            await press(pilot, "enter")
            loaded.set()
            await settle(app, pilot)
            assert isinstance(app.screen, PracticeScreen)
    finally:
        loaded.set()


async def test_a_practice_to_carry_on_with_says_when_it_waits_for_the_topics(
    make_app, content, data_dir, monkeypatch
) -> None:
    import assistant.authoring.content as loading

    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
    info = list_practices(open_training_store(data_dir))[0]
    loaded = threading.Event()
    load = loading.load_content_for_meetings

    def held(*args: Any, **kwargs: Any) -> Any:
        loaded.wait(30)  # until the test lets the topics in
        return load(*args, **kwargs)

    monkeypatch.setattr(loading, "load_content_for_meetings", held)
    app = practice_app(make_app, None, resume=(info.record_id, info.session_id))
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await pilot.pause()
            await pilot.pause()  # the toast drawn
            [toast] = app.screen.query(Toast)
            assert "the topics are still loading" in " ".join(str(toast.render()).split())
    finally:
        loaded.set()


# ------------------------------------------------------------------ help and 80x24


def test_help_lists_every_move_key_and_every_practice_key() -> None:
    practice = dict(KEYS)["Practice (training)"]
    keys = [key for key, _ in practice]
    words = " ".join(w for _, w in practice)
    for info in MOVES:
        assert info.key in keys, info.kind
    for key in ("F2", "F10", "ctrl+s", "ctrl+o", "ctrl+f or Escape"):
        assert key in keys
    assert "ctrl+l" not in keys and "answer for them" in words


@pytest.mark.slow
async def test_at_80x24_the_moves_and_the_feedback_have_room(make_app, content) -> None:
    async with practice_begun(make_app, content, size=(80, 24)) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        region = panel(screen).region
        assert region.bottom <= 23  # above the key bar: every move on screen
        assert "TRAINING — FICTIONAL PERSON" in screen_text(app)
        await press(pilot, "ctrl+f")
        body = app.screen.query_one("#feedback-body")
        assert body.region.height >= 14


async def test_a_resumed_practice_says_so_below_the_training_banner(
    make_app, content, data_dir
) -> None:
    # At 80x24 the notice "Carrying on with Stan where you left off" covered the banner.
    async with practice_begun(make_app, content, size=(80, 24)) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
    info = list_practices(open_training_store(data_dir))[0]
    app = practice_app(make_app, content, resume=(info.record_id, info.session_id))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        [toast] = screen.query(Toast)
        assert "Carrying on with Stan" in " ".join(screen_text(app).split())
        assert not toast.region.overlaps(screen.query_one("#training-banner").region)
        assert screen.training.banner in screen_text(app)


@pytest.mark.slow
async def test_moves_typed_in_a_burst_each_reach_their_own_question(make_app, content) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        first = screen.meeting.conv.step.node.id
        await pilot.press("1", "3")  # no pause between them: the second waits its turn
        await settle(app, pilot)
        moves = [(e["node"], e["move"]) for e in screen.training.events if e["kind"] == "move"]
        assert moves[0] == (first, "open_question")
        assert moves[1][1] == "closed_question" and moves[1][0] != first


@pytest.mark.slow
async def test_a_second_practice_with_the_same_persona_is_a_later_meeting(
    make_app, content
) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        assert screen.training.meeting == 1
        # Enough done for a meeting (store.MEETING_AT_LEAST moves): one ended at once is not.
        await to_first_question(app, pilot, screen)

        def moves() -> int:
            return sum(1 for e in screen.training.events if e["kind"] == "move")

        for _ in range(3 * MEETING_AT_LEAST):  # bounded: steps with no moves go on with Enter
            if moves() >= MEETING_AT_LEAST:
                break
            await press(pilot, "1" if panel(screen).display else "enter")
        assert moves() >= MEETING_AT_LEAST
        await press(pilot, "ctrl+f")
        await pilot.click("#end")
        await settle(app, pilot)
        chooser = app.screen
        assert isinstance(chooser, PersonaChooser)
        chooser.start(chooser.personas["stan"])
        await settle(app, pilot)
        assert "practice meeting 2 with Stan" in screen_text(app)
        screen = await begin_practice(app, pilot)
        assert screen.training.meeting == 2


@pytest.mark.slow
async def test_a_trainee_name_that_looks_like_markup_is_shown_as_typed(make_app, content) -> None:
    name = "Jo [b]x[/] [@click=app.quit]q[/]"
    async with practice_begun(make_app, content, trainee=name) as (app, _pilot, screen):
        assert name in widget_text(screen.query_one("#session-title"))
        assert screen.training.trainee == name
        assert app.is_running


@pytest.mark.slow
async def test_a_long_trainee_name_is_cut_with_an_ellipsis_before_the_save_line(
    make_app, content
) -> None:
    # At 80 columns the name was clipped with no "…" and ran into the save line
    # ("... [bold red]Eve[/]○ Nothing to save yet"); it is cut, a space kept before the line.
    name = "[bold red]Eve[/] {{x}} O'Neil <b>Priya</b> the longest trainee name of all"
    async with practice_begun(make_app, content, size=(80, 24), trainee=name) as (app, *_):
        [top] = [line for line in screen_text(app).splitlines() if "Practice with" in line]
        status = widget_text(app.screen.query_one("#save-indicator"))
        assert top.rstrip().endswith(f"… {status}"), top
        assert "Practice with Stan  ·  solo practice  ·  [bold red]Eve" in top, top
        assert app.is_running


def test_train_persona_ended_in_the_app_exits_cleanly(
    make_app, content, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cpi-assistant train --persona stan``, begun and ended: through the CLI's own entry
    point and run_app (headless), no crash and exit code 0; before the fix, the end crashed
    (IndexError), which run_app reports with exit code 1."""
    import functools

    from textual.app import App

    import assistant.ui.app as ui_app
    from assistant import cli

    async def trainee(pilot: Any) -> None:
        app = pilot.app
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.click("#end")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonaChooser)
        app.exit()

    def factory(**options: Any) -> Any:
        options.pop("content_root", None)
        app = make_app(content=content, **options)
        app.run = functools.partial(App.run, app, headless=True, auto_pilot=trainee)
        return app

    monkeypatch.setattr(ui_app, "make_app", factory)
    code = cli.main(["train", "--persona", "stan", "--trainee", "Ann", "--seed", "7"])
    assert code == 0


@pytest.mark.slow
async def test_f2_at_the_moves_leaves_who_answers_to_the_moves(make_app, content) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        by = screen.meeting.by
        assert not screen.query_one("#speaker").display
        await press(pilot, "f2")
        assert screen.meeting.by == by
        assert "8 answers for them" in widget_text(screen.query_one("#answer-message"))


@pytest.mark.slow
async def test_the_chooser_offers_only_this_trainees_practices(make_app, content) -> None:
    async with practice_begun(make_app, content, trainee="Ann") as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        await press(pilot, "1")
    app = practice_app(make_app, content, trainee="Bo")
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert "Carry on with" not in screen_text(app)  # Ann's, not Bo's
        name = app.screen.query_one("#trainee")
        name.focus()
        await pilot.pause()
        name.value = "ann"
        await press(pilot, "tab")  # leaving the name is enough
        assert "Carry on with Stan" in screen_text(app)


@pytest.mark.slow
async def test_f1_in_a_practice_opens_help_at_the_practice_keys(make_app, content) -> None:
    from assistant.ui.screens.help import HelpScreen

    async with practice_begun(make_app, content, size=(80, 24)) as (app, pilot, _):
        await press(pilot, "f1")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Practice (training)" in text and "Solo, your move: ask the question openly" in text
        assert "In a meeting" not in text  # scrolled to the practice's own keys


@pytest.mark.slow
async def test_a_practice_open_in_another_window_is_refused_not_opened_twice(
    make_app, content, data_dir
) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        await press(pilot, "1")
    info = list_practices(open_training_store(data_dir))[0]
    app = practice_app(make_app, content, resume=(info.record_id, info.session_id))
    with open_training_store(data_dir).open(info.record_id):  # open in another window
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await settle(app, pilot)
            assert not isinstance(app.screen, PracticeScreen)
            said = " ".join(n.message for n in app._notifications)
            assert "is open in another window" in said


@pytest.mark.slow
async def test_train_resume_waits_for_the_topics_loaded_as_the_cli_loads_them(
    make_app, content, data_dir
) -> None:
    # The real `train --resume` gives the app no topics: it loads them once ready, after the
    # chooser asked to carry on (walkthrough finding: "Practice cannot start / No topics.").
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        await press(pilot, "1")
    info = list_practices(open_training_store(data_dir))[0]
    app = practice_app(make_app, None, resume=(info.record_id, info.session_id))
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await settle(app, pilot)
        assert isinstance(app.screen, PracticeScreen), type(app.screen)


@pytest.mark.slow
async def test_train_persona_without_a_name_asks_for_it_first(make_app, content) -> None:
    app = practice_app(make_app, content, persona_id="stan", trainee="")
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        chooser = app.screen
        assert isinstance(chooser, PersonaChooser)
        assert app.focused is chooser.query_one("#trainee")
        await pilot.press(*"Eve", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PracticeStart) and app.screen.persona.id == "stan"
        screen = await begin_practice(app, pilot)
        assert screen.training.trainee == "Eve"


@pytest.mark.slow
async def test_enter_on_an_empty_name_keeps_the_cursor_in_the_name_box(make_app, content) -> None:
    # Tester: Enter with no name moved the cursor to the personas, so the name typed next
    # went to the list and the practice never started.
    app = practice_app(make_app, content, persona_id="stan", trainee="")
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        chooser = app.screen
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.focused is chooser.query_one("#trainee")
        await pilot.press(*"Eve", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PracticeStart) and app.screen.persona.id == "stan"


@pytest.mark.slow
async def test_escape_while_answering_for_them_goes_back_to_the_moves(make_app, content) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        await press(pilot, "8")
        assert screen.answering_for
        await press(pilot, "escape")
        assert app.screen is screen and not screen.answering_for
        assert panel(screen).display


@pytest.mark.slow
async def test_the_reaction_line_goes_when_the_conversation_moves_on_without_a_move(
    make_app, content
) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        says = screen.query_one("#persona-says")
        for _ in range(8):  # bounded: moves until the next step only says something
            await press(pilot, "1")
            await settle(app, pilot)
            if not panel(screen).display:
                break
        assert says.display  # the reaction to the last move
        await press(pilot, "enter")  # past the words on screen: no move, no reaction
        await settle(app, pilot)
        assert not says.display


@pytest.mark.slow
async def test_the_move_panel_shows_what_the_person_chooses_from(make_app, content) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        for _ in range(8):  # bounded: to the first question with options
            step = screen.meeting.conv.step
            if panel(screen).display and step.options:
                break
            await press(pilot, "1" if panel(screen).display else "enter")
            await settle(app, pilot)
        step = screen.meeting.conv.step
        assert step.options
        shown = widget_text(screen.query_one("#move-options"))
        assert all(label in shown for _, label in step.options)


@pytest.mark.slow
async def test_at_80x24_the_words_box_stays_on_screen_through_a_topic(make_app, content) -> None:
    # Walkthrough finding: in What matters, after a two-line answer and a hint, the words box
    # was below the screen and typing went into it unseen.
    async with practice_begun(make_app, content, size=(80, 24)) as (app, pilot, screen):
        await open_practice_topic(app, pilot, screen, "what_matters")
        checked = 0
        for _ in range(25):  # bounded: through the topic's first questions
            if screen.meeting.conv.step.kind == "topics":
                break
            if panel(screen).display:
                words = screen.query_one("#move-words")
                await press(pilot, "tab")
                region = words.region
                assert region.height == 1 and 0 < region.y < 23, screen.meeting.conv.step.node_id
                await press(pilot, "shift+tab")
                checked += 1
            await press(pilot, "1" if panel(screen).display else "enter")
            await settle(app, pilot)
        assert checked >= 3


@pytest.mark.slow
async def test_feedback_is_exported_to_the_settings_export_folder(
    make_app, content, tmp_path
) -> None:
    app = practice_app(make_app, content, persona_id="stan")
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.settings.export_dir = tmp_path
        await begin_practice(app, pilot)
        await press(pilot, "ctrl+o")
        field = app.screen.query_one("#export-folder")
        assert field.value == str(tmp_path / "practice-feedback")


@pytest.mark.slow
async def test_feedback_without_an_export_folder_goes_where_plan_exports_go_first(
    make_app, content, tmp_path, monkeypatch
) -> None:
    # It went to the folder the app was started from, unlike plan exports.
    home, started_in = tmp_path / "home", tmp_path / "started-here"
    (home / "Documents").mkdir(parents=True)
    started_in.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(started_in)
    app = practice_app(make_app, content, persona_id="stan")
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        app.settings.export_dir = None
        await begin_practice(app, pilot)
        await press(pilot, "ctrl+o")
        field = app.screen.query_one("#export-folder")
        assert field.value == str(home / "Documents" / "practice-feedback")


@pytest.mark.slow
async def test_the_feedback_notice_names_the_whole_folder(
    make_app, content, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = practice_app(make_app, content, persona_id="stan")
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(app, pilot)
        await begin_practice(app, pilot)
        await press(pilot, "ctrl+o")
        app.screen.query_one("#export-folder").value = "out"
        await press(pilot, "ctrl+o")
        said = [n.message for n in app._notifications]
        assert any(m.endswith(f" in {tmp_path / 'out'}") for m in said), said


@pytest.mark.slow
async def test_quitting_with_words_typed_for_a_move_asks_first(make_app, content) -> None:
    # ctrl+q closed the practice at once, the words typed for a move lost.
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        await pilot.press(*"What name")
        await settle(app, pilot)
        await press(pilot, "ctrl+q")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        assert "no move was made with them" in widget_text(
            app.screen.query_one("#confirm-question")
        )
        await press(pilot, "escape")  # Stay
        await settle(app, pilot)
        assert app.screen is screen and screen.query_one("#move-words").value == "What name"


@pytest.mark.slow
async def test_quitting_with_words_typed_for_them_asks_first(make_app, content) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        await press(pilot, "8")  # answer for them: the answer box
        await pilot.press(*"Stanley")
        await settle(app, pilot)
        await press(pilot, "ctrl+q")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        assert "What you typed is not saved yet" in widget_text(
            app.screen.query_one("#confirm-question")
        )


@pytest.mark.slow
async def test_ending_the_practice_with_words_typed_asks_first(make_app, content) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        await pilot.press(*"What name")
        await settle(app, pilot)
        await press(pilot, "ctrl+f")
        await pilot.click("#end")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        question = widget_text(app.screen.query_one("#confirm-question"))
        assert question.endswith("End the practice anyway?")
        await press(pilot, "escape")  # Stay: back at the moves, the words kept
        await settle(app, pilot)
        assert app.screen is screen and screen.query_one("#move-words").value == "What name"


@pytest.mark.slow
async def test_back_takes_a_move_out_of_the_conversation_so_far(make_app, content) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        await press(pilot, "1")  # asked openly; Stan answers
        await settle(app, pilot)
        assert "You asked openly" in screen_text(app)
        await press(pilot, "f8")
        await settle(app, pilot)
        # Taken back, Stan said nothing: there is nothing to reflect back yet (2 rings).
        await press(pilot, "2")
        await settle(app, pilot)
        assert not screen.training.events
        await press(pilot, "3")  # a closed question instead
        await settle(app, pilot)
        text = screen_text(app)
        assert "You asked openly" not in text
        assert [e["move"] for e in screen.training.events if e["kind"] == "move"] == [
            "closed_question"
        ]


@pytest.mark.slow
async def test_ctrl_s_ends_the_practice_from_the_feedback(make_app, content) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await press(pilot, "ctrl+o")  # the trainer's view mid-practice: nothing to end
        await settle(app, pilot)
        assert isinstance(app.screen, FeedbackScreen) and "^s End" not in screen_text(app)
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, FeedbackScreen) and not screen.meeting.closed
        await press(pilot, "escape")
        await press(pilot, "ctrl+f")
        await settle(app, pilot)
        assert isinstance(app.screen, FeedbackScreen) and "^s End " in screen_text(app)
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonaChooser) and screen.meeting.closed


async def test_a_name_typed_for_the_persona_is_an_answer_and_the_person_stays_the_persona(
    make_app, content
) -> None:
    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        assert screen.meeting.conv.step.node_id == "name"
        await press(pilot, "8")  # answer for them, with a real person's name
        await pilot.press(*"Margaret Jones", "enter")
        await settle(app, pilot)
        await press(pilot, "1")  # the next question: Stan answers it himself
        await settle(app, pilot)
        text = screen_text(app)
        assert "Practice with Stan" in text and "Practice with Margaret" not in text
        assert "Margaret Jones" in text  # the answer, shown as given
        assert "— Margaret Jones" not in text  # nobody's answer is credited to that name
        assert "— Stan" in text


async def test_solo_the_personas_earlier_answer_does_not_open_the_change_dialog(
    make_app, content
) -> None:
    from assistant.ui.screens.edit_answer import EditAnswer

    async with practice_begun(make_app, content) as (app, pilot, screen):
        await to_first_question(app, pilot, screen)
        await press(pilot, "1")  # Stan answers what to call him
        await settle(app, pilot)
        transcript = screen.query_one("#transcript")
        transcript.focus()
        transcript.highlighted = transcript.get_option_index(
            f"e{screen.meeting.conv.log[-1]['seq']}"
        )
        await press(pilot, "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, EditAnswer)
        said = " ".join(n.message for n in app._notifications)
        assert "Stan's words stay Stan's" in said and "8 answers for Stan" in said
        assert screen.meeting.conv.data["about"]["name"] == "Stan"
