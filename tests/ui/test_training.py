"""Practice (training) in the app: chooser, role card, solo and paired sessions, feedback."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import (
    begin_practice,
    open_practice_topic,
    practice_app,
    press,
    screen_text,
    settle,
    widget_text,
)

from assistant.records import CaseStore, init_store

BANNER = "TRAINING — FICTIONAL PERSON"
WIDE = (120, 40)


async def through_topic_by_moves(app, pilot, screen) -> list[str]:
    """Solo: ask each of the person's questions openly (1), go on past the rest (Enter),
    until the topic list comes back (bounded); returns what the persona's line showed."""
    conv = screen.meeting.conv
    said = []
    for _ in range(60):
        if conv.step.kind == "topics":
            return said
        move = screen.query_one("#move-panel").display
        await press(pilot, "1" if move else "enter")
        await settle(app, pilot)
        if move:
            said.append(widget_text(screen.query_one("#persona-says")))
    raise AssertionError(f"stuck at {conv.step.node.id}")


@pytest.mark.slow
async def test_whole_solo_practice_ends_with_feedback(make_app, content) -> None:
    from assistant.ui.screens.training import FeedbackScreen, PersonaChooser

    app = practice_app(make_app, content)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        chooser = app.screen
        assert isinstance(chooser, PersonaChooser)
        stan = list(chooser.personas).index("stan")
        await press(pilot, *["down"] * stan, "enter")
        assert "What you know about Stan" in screen_text(app)
        screen = await begin_practice(app, pilot)
        await open_practice_topic(app, pilot, screen, "getting_started")
        conv = screen.meeting.conv
        assert conv.step.kind != "topics"  # no topic plays itself
        said = await through_topic_by_moves(app, pilot, screen)
        assert any(e.get("by") == "person" for e in conv.log)
        assert said and all("Stan says:" in line for line in said)
        statuses = {t.id: t.status for t in conv.topics()}
        assert statuses["getting_started"] == "done"
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        text = app.screen.query_one("#feedback").source
        assert "Practice feedback: Stan" in text
        await pilot.click("#end")
        await pilot.pause()
        assert isinstance(app.screen, PersonaChooser)


@pytest.mark.slow
async def test_banner_stays_on_screen_at_80x24(make_app, content) -> None:
    app = practice_app(make_app, content, persona_id="stan")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert BANNER in screen_text(app)  # the start screen
        screen = await begin_practice(app, pilot)
        await open_practice_topic(app, pilot, screen, "getting_started")
        for _ in range(4):
            assert BANNER in screen_text(app)
            assert "Stan, 68" in screen_text(app)
            await press(pilot, "1" if screen.query_one("#move-panel").display else "enter")
            await settle(app, pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert BANNER in screen_text(app)  # the trainer's view


@pytest.mark.slow
async def test_paired_mode_does_not_answer_for_the_person(make_app, content) -> None:
    app = practice_app(make_app, content, persona_id="stan", mode="paired")
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        screen = await begin_practice(app, pilot)
        await open_practice_topic(app, pilot, screen, "getting_started")
        conv = screen.meeting.conv
        assert conv.step.kind != "topics"
        assert conv.current_topic == "getting_started"
        assert not [e for e in conv.log if e.get("by") == "person"]
        assert not screen.query_one("#persona-says").display
        assert "paired role-play" in screen_text(app)
        await pilot.press("f10")
        await pilot.pause()
        await pilot.click("#confirm-yes")  # the role card is for the colleague: asked first
        await settle(app, pilot)
        assert "Role card: Stan" in screen_text(app)


@pytest.mark.slow
async def test_imposed_goal_shows_the_persona_refusing(make_app, content) -> None:
    from assistant.training.moves import Move

    app = practice_app(make_app, content, persona_id="stan")
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        screen = await begin_practice(app, pilot)
        await open_practice_topic(app, pilot, screen, "goals")
        conv = screen.meeting.conv
        for _ in range(5):  # bounded: past the topic's opening words to the list of goals
            if getattr(conv.step.node, "store", None) == "goals.list":
                break
            await press(pilot, "enter")
            await settle(app, pilot)
        assert conv.step.node.store == "goals.list"  # the persona waits for the proposal
        await screen.act(screen.training_meeting.move, Move("propose", "Join the day centre"))
        await pilot.pause()
        refusal = [e for e in screen.training.events if e["kind"] == "refused"][-1]
        turned_down = [w for t in screen.training.persona.turns_down for w in t.words]
        assert refusal["words"] in turned_down  # Stan's own words for the day centre
        said = widget_text(screen.query_one("#persona-says"))
        assert f"Stan says: {refusal['words']}" in said
        assert not (conv.data.get("goals") or {}).get("list")  # nothing was stored


@pytest.mark.slow
async def test_practice_is_never_in_the_real_records(make_app, content, data_dir) -> None:
    from assistant.ui.screens.home import HomeScreen
    from assistant.ui.screens.training import PersonaChooser

    app = make_app(content=content)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PersonaChooser)
        await pilot.press(*"Sam", "enter")  # the trainee's name first
        await pilot.press("enter")
        await pilot.pause()
        screen = await begin_practice(app, pilot)
        await open_practice_topic(app, pilot, screen, "getting_started")
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.click("#end")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#people").option_count == 0
        training_people = CaseStore(data_dir, training=True).list_people()
    assert len(training_people) == 1  # it was saved, in the training records
    assert CaseStore(data_dir).list_people() == []


@pytest.mark.slow
async def test_feedback_exports_watermarked_files(make_app, content, tmp_path: Path) -> None:
    app = practice_app(make_app, content, persona_id="stan")
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        screen = await begin_practice(app, pilot)
        await open_practice_topic(app, pilot, screen, "getting_started")
        await pilot.press("ctrl+o")
        await pilot.pause()
        folder = tmp_path / "out"
        app.screen.query_one("#export-folder").value = str(folder)
        await pilot.press("ctrl+o")
        await pilot.pause()
    files = sorted(folder.iterdir())
    assert [f.suffix for f in files] == [".html", ".md"]
    assert all(BANNER in f.read_text(encoding="utf-8") for f in files)


def test_persona_words_are_never_markup() -> None:
    from assistant.ui.training_view import said_line

    line = said_line("Stan [b]", "a [/] b [@click=app.quit]x[/] [$5]")
    assert line.plain == "» Stan [b] says: a [/] b [@click=app.quit]x[/] [$5]"


def test_the_mark_for_what_the_persona_said_is_one_cell_in_every_terminal() -> None:
    # The speaking-head emoji was one cell to Rich and two in tmux and most terminals: each
    # line pushed the side panel's border out and left stale rows behind.
    import unicodedata

    from assistant.ui.training_view import SAID_MARK, said_line

    assert said_line("Stan", "Hello").plain.startswith(f"{SAID_MARK} Stan says:")
    for char in SAID_MARK:
        assert ord(char) < 0x2000, "symbols past U+2000 may be drawn as wide emoji"
        assert unicodedata.east_asian_width(char) in ("N", "Na")


async def test_the_chosen_practice_mode_is_shown_by_a_mark_not_only_a_colour(
    make_app, content
) -> None:
    from assistant.ui.screens.training import PersonaChooser

    app = practice_app(make_app, content)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        chooser = app.screen
        assert isinstance(chooser, PersonaChooser)

        def marked() -> list[str]:
            return [
                line.strip()
                for line in screen_text(app).splitlines()
                if "Solo:" in line or "Paired:" in line
            ]

        solo, paired = marked()
        assert "●" in solo and "●" not in paired
        chooser.action_toggle_mode()
        await pilot.pause()
        solo, paired = marked()
        assert "●" in paired and "●" not in solo


def test_carrying_on_says_when_the_practice_was_last_saved_not_started(
    tmp_path: Path, content
) -> None:
    import datetime as dt

    from assistant.training.loader import get_persona
    from assistant.training.session import TrainingSession
    from assistant.training.store import list_practices, open_training_store, save_practice
    from assistant.ui.screens.training import left_off_words

    store = open_training_store(tmp_path)
    started = dt.datetime(2026, 3, 1, 9, 5, tzinfo=dt.UTC)
    session = TrainingSession(get_persona("stan"), content, seed=1, clock=lambda: started)
    record, session_id = save_practice(store, session)
    [info] = list_practices(store)
    saved = dt.datetime.fromisoformat(info.updated).astimezone()
    words = left_off_words("Stan", store, record, session_id)
    assert words == f"Carrying on with Stan where you left off (last saved {saved:%d %b %H:%M})."
    assert "01 Mar" not in words  # the start, which it said before


def test_exporting_the_feedback_again_never_replaces_the_first_files(
    tmp_path: Path, content
) -> None:
    # The second export silently wrote over the first pair.
    from assistant.training.loader import get_persona
    from assistant.training.session import TrainingSession
    from assistant.ui.screens.training import export_feedback

    training = TrainingSession(get_persona("stan"), content, seed=1)
    first = export_feedback(training, tmp_path)
    kept = {p: p.read_bytes() for p in first}
    (tmp_path / first[0].name).write_bytes(b"my notes on it")
    second = export_feedback(training, tmp_path)
    assert [p.name for p in second] == [p.name.replace(p.suffix, f"-2{p.suffix}") for p in first]
    assert (tmp_path / first[0].name).read_bytes() == b"my notes on it"
    assert (tmp_path / first[1].name).read_bytes() == kept[first[1]]


def test_the_feedback_folder_made_for_an_export_is_owner_only(tmp_path: Path, content) -> None:
    # ~/practice-feedback was made drwxr-xr-x: others could list whose practices these are.
    from assistant.training.loader import get_persona
    from assistant.training.session import TrainingSession
    from assistant.ui.screens.training import export_feedback

    folder = tmp_path / "exports" / "practice-feedback"
    export_feedback(TrainingSession(get_persona("stan"), content, seed=1), folder)
    assert folder.stat().st_mode & 0o777 == 0o700
    assert folder.parent.stat().st_mode & 0o777 == 0o700


def test_a_feedback_folder_made_open_by_an_earlier_version_is_made_owner_only(
    tmp_path: Path, content
) -> None:
    from assistant.training.loader import get_persona
    from assistant.training.session import TrainingSession
    from assistant.ui.screens.training import export_feedback

    folder = tmp_path / "practice-feedback"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    export_feedback(TrainingSession(get_persona("stan"), content, seed=1), folder)
    assert folder.stat().st_mode & 0o777 == 0o700


def test_the_first_practice_meeting_is_said_as_a_practice_not_the_persons_story() -> None:
    # Beside Amira's briefing ("This is a review meeting"), "This is a first meeting with
    # Amira" contradicted it.
    from assistant.ui.training_view import practice_meeting_words

    assert practice_meeting_words(1, "Amira") == "This is your first practice meeting with Amira."
    assert practice_meeting_words(2, "Amira").startswith("This is practice meeting 2 with Amira")


@pytest.mark.parametrize(("size", "whole"), [((120, 40), True), ((80, 24), False)])
async def test_the_chooser_cuts_a_summary_only_where_the_list_ends(
    make_app, content, size: tuple[int, int], whole: bool
) -> None:
    # Cut at 90 characters, Farah's read "rarely goes out without h…" at 120 columns.
    from assistant.ui.screens.training import PersonaChooser

    app = make_app(content=content)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonaChooser)
        text = screen_text(app)
        [line] = [line for line in text.splitlines() if "Farah, 39" in line]
        assert ("rarely goes out without her husband." in line) is whole
        assert line.rstrip(" ▎").endswith("…") is not whole


async def test_practice_on_encrypted_records_opens_the_chooser_after_the_passphrase(
    make_app, content, data_dir: Path
) -> None:
    # `train` on an encrypted folder opened Home after the passphrase: real people's names
    # on a classroom's projector.
    from assistant.ui.screens.passphrase import PassphraseScreen
    from assistant.ui.screens.training import PersonaChooser

    init_store(data_dir, "correct horse")
    CaseStore(data_dir, "correct horse").create_person("Real Person One")
    app = practice_app(make_app, content)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PassphraseScreen)
        await press(pilot, *"correct horse", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonaChooser)
        assert "Real Person One" not in screen_text(app)
        # The chooser is the first screen, as without a passphrase: closing it ends the app,
        # never going back to the emptied passphrase screen.
        await press(pilot, "escape")
        await settle(app, pilot)
        assert app.return_code is not None or not app.is_running
