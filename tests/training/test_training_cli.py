"""``cpi-assistant train``: list, role cards, trainer notes, preview, feedback, the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from training_support import Clock

from assistant.cli import main
from assistant.training import TrainingLaunch, TrainingSession
from assistant.training.render import WATERMARK


def test_list_names_every_persona(capsys: pytest.CaptureFixture[str], personas: dict) -> None:
    assert main(["train", "--list"]) == 0
    out = capsys.readouterr().out
    assert all(persona_id in out for persona_id in personas)


def test_a_role_card_prints_watermarked_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--persona", "jade", "--role-card"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Role card: Jade")
    assert out.count(WATERMARK) == 2


def test_a_role_card_can_be_written_as_html(tmp_path: Path) -> None:
    target = tmp_path / "card.html"
    assert (
        main(["train", "--persona", "amira", "--role-card", "--format", "html", "-o", str(target)])
        == 0
    )
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and WATERMARK in page


def test_trainer_notes_cover_the_twelve_questions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--persona", "marcus", "--trainer-notes"]) == 0
    out = capsys.readouterr().out
    assert all(f"Training question {n}:" in out for n in range(1, 13))


def test_an_unknown_persona_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--persona", "stna", "--role-card"]) == 2
    assert "did you mean `stan`" in capsys.readouterr().err


def test_preview_plays_the_persona_and_ends_with_feedback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["train", "--persona", "alex", "--preview", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "Alex: Alex. And it's 'they', please." in out
    assert "# Practice feedback: Alex" in out


def test_feedback_from_a_saved_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content, personas
) -> None:
    session = TrainingSession(personas["stan"], content, seed=1, clock=Clock())
    session.play_topic("what_matters")
    saved = tmp_path / "practice.json"
    saved.write_text(json.dumps(session.to_state()), encoding="utf-8")
    assert main(["train", "--feedback", str(saved)]) == 0
    assert "| What matters to me | done |" in capsys.readouterr().out


def test_feedback_refuses_a_file_that_is_not_a_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "other.json"
    saved.write_text('{"format": "something-else"}', encoding="utf-8")
    assert main(["train", "--feedback", str(saved)]) == 2
    assert "not a saved practice session" in capsys.readouterr().err


def test_train_starts_the_app_in_training_mode_with_the_users_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`cpi-assistant train` builds the same app as Home's practice: this user's settings file
    is read (theme, records folder), and the practice is chosen before the app starts."""
    started: list[dict] = []

    class FakeApp:
        return_code = 0

        def run(self) -> None:
            started.append({"ran": True})

    def make_app(**options: object) -> FakeApp:
        started.append(options)
        return FakeApp()

    monkeypatch.setattr("assistant.ui.app.make_app", make_app)
    monkeypatch.setattr("assistant.settings.settings_path", lambda: tmp_path / "app.json")
    assert main(["train", "--persona", "jade", "--mode", "paired", "--seed", "9"]) == 0
    assert started[0]["training"] == TrainingLaunch("jade", "paired", 9)
    assert started[0]["settings_path"] == tmp_path / "app.json"
    assert started[1] == {"ran": True}
