"""The app on the training records: which practice meeting a new practice is, what the
feedback files are called, and asking for the passphrase of encrypted records to practise."""

from __future__ import annotations

from pathlib import Path

from ui_support import practice_app, screen_text, settle

from assistant.flows.loader import Content
from assistant.training import Move, TrainingLaunch, TrainingSession
from assistant.training.session import Mode
from assistant.training.store import open_training_store, save_practice
from assistant.ui.screens.training import PracticeStart


def practised(
    data_dir: Path, content: Content, persona: str, *, mode: Mode, done: int, at: str
) -> None:
    """A finished practice of Pat Lee's, with ``done`` moves (solo) or answers (paired) in
    What matters, saved in the training records."""
    from assistant.training.loader import load_personas

    session = TrainingSession(
        load_personas()[persona], content, mode=mode, seed=1, trainee="Pat Lee", started=at
    )
    conv = session.conversation
    conv.goto_topic("what_matters")
    while done:
        if conv.step.kind == "say":
            conv.proceed()
        elif mode == "solo":
            session.take_move(Move("open_question"))
            done -= 1
        else:
            session.answer("My garden.", by="person")
            done -= 1
    save_practice(open_training_store(data_dir), session, finished=True)


async def test_a_paired_role_play_or_a_practice_ended_at_once_is_not_a_meeting_with_the_persona(
    make_app, content, data_dir
) -> None:
    # Pat played Pauline's paired role-play with a colleague (the app's Pauline never met
    # Pat), then ended a solo practice with her after one move: a first meeting still.
    practised(data_dir, content, "pauline", mode="paired", done=3, at="2099-03-02T10:00:00")
    practised(data_dir, content, "pauline", mode="solo", done=1, at="2099-03-02T11:00:00")
    app = practice_app(make_app, content, persona_id="pauline", trainee="Pat Lee")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PracticeStart)
        assert app.screen.meeting == 1
        assert "This is your first practice meeting with Pauline." in screen_text(app)


def test_the_trainers_view_exports_the_feedback_under_the_trainees_name(
    tmp_path: Path, content: Content
) -> None:
    from assistant.training.loader import get_persona
    from assistant.ui.screens.training import export_feedback

    training = TrainingSession(
        get_persona("stan"), content, seed=1, trainee="Pat Lee", started="2026-12-06T11:38:41"
    )
    written = export_feedback(training, tmp_path)
    assert [p.name for p in written] == [
        "practice-stan-pat-lee-2026-12-06T113841.md",
        "practice-stan-pat-lee-2026-12-06T113841.html",
    ]


async def test_the_passphrase_asked_to_practise_says_why_and_how_to_practise_without_it(
    make_app, content, data_dir: Path, monkeypatch
) -> None:
    # `train --persona marcus` on encrypted records: a bare "The records are encrypted"
    # dialog, no training banner, no word of why a trainee is asked for it.
    from assistant.records import crypto, init_store
    from assistant.ui.screens.passphrase import PassphraseScreen

    monkeypatch.setattr(crypto, "DEFAULT_PARAMS", (10, 8, 1))  # a quick key for the test
    init_store(data_dir, "correct horse battery")
    app = practice_app(make_app, content, persona_id="marcus")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PassphraseScreen)
        text = " ".join(screen_text(app).replace("│", " ").replace("┃", " ").split())
        assert "TRAINING — FICTIONAL PERSON" in text
        assert "Practice is kept with these records, encrypted with the same passphrase" in text
        assert "cpi-assistant train --data-dir FOLDER" in text
        assert app.screen.query_one("#unlock-passphrase").region.bottom <= 23  # all of it shown


async def test_the_passphrase_asked_for_real_records_says_nothing_of_practice(
    make_app, data_dir: Path, monkeypatch
) -> None:
    from assistant.records import crypto, init_store
    from assistant.ui.screens.passphrase import PassphraseScreen

    monkeypatch.setattr(crypto, "DEFAULT_PARAMS", (10, 8, 1))
    init_store(data_dir, "correct horse battery")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PassphraseScreen)
        assert "TRAINING" not in screen_text(app) and "Practice" not in screen_text(app)


async def test_a_notice_on_the_practice_passphrase_screen_keeps_off_the_training_banner(
    make_app, content, data_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    # At 80x24 the notice that the settings file was damaged (20 seconds) covered the
    # TRAINING banner on the first screen of `train`: the trainee could not see it was practice.
    from textual.widgets._toast import Toast

    from assistant.records import crypto, init_store
    from assistant.ui.screens.passphrase import PassphraseScreen

    monkeypatch.setattr(crypto, "DEFAULT_PARAMS", (10, 8, 1))  # a quick key for the test
    init_store(data_dir, "correct horse battery")
    settings = tmp_path / "app.json"
    settings.write_text('{"theme": "cpi-dayl')
    app = make_app(
        content=content,
        settings_path=settings,
        training=TrainingLaunch(seed=7, trainee="Test Trainee"),
    )
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PassphraseScreen)
        [toast] = screen.query(Toast)
        banner = screen.query_one("#training-banner")
        assert "damaged" in screen_text(app)
        assert not toast.region.overlaps(banner.region)
        assert "TRAINING — FICTIONAL PERSON · practice" in screen_text(app)
