"""``cpi-assistant train``: list, role cards, trainer notes, preview, feedback, the app."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import pytest
from training_support import Clock

from assistant.cli import main
from assistant.records import crypto
from assistant.records.setup import init_store
from assistant.training import TrainingLaunch, TrainingSession
from assistant.training.loader import personas_dir
from assistant.training.render import WATERMARK
from assistant.training.store import open_training_store, save_practice


@pytest.fixture
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt with n=2**10 so the encryption test stays quick."""
    monkeypatch.setattr(crypto, "DEFAULT_PARAMS", (10, 8, 1))


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


def test_preview_stops_with_a_message_when_a_topic_never_ends(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Three steps stand for a topic that goes on for ever (one that runs itself).
    monkeypatch.setattr("assistant.cli.training.PREVIEW_STEPS", 3)
    assert main(["train", "--persona", "alex", "--preview", "--seed", "3"]) == 1
    err = capsys.readouterr().err
    assert "the preview stopped in the topic" in err
    assert "did not finish in 3 steps: does it loop for ever?" in err


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


# -------------------------------------------------- practices in the training store (issue 17)


def saved_practice(
    data_dir: Path,
    content,
    persona,
    *,
    trainee: str = "Sam",
    at: int = 0,
    finished: bool = False,
    passphrase: str | None = None,
) -> tuple[str, str]:
    """A practice saved in the training store the way the app saves one."""
    session = TrainingSession(persona, content, seed=1, clock=Clock().at(at), trainee=trainee)
    session.play_topic("what_matters")
    return save_practice(open_training_store(data_dir, passphrase), session, finished=finished)


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict]:
    """`make_app` replaced: the options the CLI started the app with, for each start."""
    started: list[dict] = []

    class FakeApp:
        return_code = 0

        def run(self) -> None:
            pass

    def make_app(**options: object) -> FakeApp:
        started.append(options)
        return FakeApp()

    monkeypatch.setattr("assistant.ui.app.make_app", make_app)
    monkeypatch.setattr("assistant.settings.settings_path", lambda: tmp_path / "app.json")
    return started


def test_feedback_for_a_training_record_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content, personas
) -> None:
    record_id, _ = saved_practice(tmp_path, content, personas["stan"])
    assert main(["train", "--feedback", record_id, "--data-dir", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "| What matters to me | done |" in out
    assert record_id in err  # which practice it was


def test_an_unknown_record_id_is_a_usage_error_with_a_did_you_mean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content, personas
) -> None:
    record_id, _ = saved_practice(tmp_path, content, personas["stan"])
    typo = record_id[:-1] + ("x" if record_id[-1] != "x" else "y")
    assert main(["train", "--feedback", typo, "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"did you mean `{record_id}`" in err
    assert "Traceback" not in err


def test_list_practices_names_trainee_persona_and_whether_finished(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content, personas
) -> None:
    done, _ = saved_practice(tmp_path, content, personas["stan"], finished=True)
    going, _ = saved_practice(tmp_path, content, personas["jade"], trainee="Priya", at=60)
    assert main(["train", "--list-practices", "--data-dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(done) and "Sam: stan, solo, meeting 1, finished" in lines[0]
    assert lines[1].startswith(going) and "Priya: jade, solo, meeting 1, not finished" in lines[1]
    assert main(["train", "--list-practices", "--trainee", "priya", "--format", "json",
                 "--data-dir", str(tmp_path)]) == 0  # fmt: skip
    listed = json.loads(capsys.readouterr().out)
    assert [(p["record_id"], p["trainee"]) for p in listed] == [(going, "Priya")]


def test_list_practices_cuts_a_long_trainee_name_to_fit_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch, content, personas
) -> None:
    record_id, _ = saved_practice(tmp_path, content, personas["stan"], trainee="W" * 300)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["train", "--list-practices", "--data-dir", str(tmp_path)]) == 0
    [row] = capsys.readouterr().out.splitlines()
    assert row.startswith(record_id) and "W…: stan, solo" in row and "W" * 25 not in row


def test_progress_exports_every_trainees_scores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content, personas
) -> None:
    saved_practice(tmp_path, content, personas["stan"], finished=True)
    saved_practice(tmp_path, content, personas["jade"], trainee="Priya", at=60)
    saved_practice(tmp_path, content, personas["alex"], at=120)
    target = tmp_path / "progress.csv"
    args = ["train", "--progress", "--format", "csv", "-o", str(target)]
    assert main([*args, "--data-dir", str(tmp_path)]) == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [(r["trainee"], r["persona"]) for r in rows] == [
        ("Priya", "jade"),
        ("Sam", "stan"),
        ("Sam", "alex"),
    ]
    assert all(r["what_matters_first"] in ("0", "1", "2") for r in rows)
    assert main(["train", "--progress", "--trainee", "Sam", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "## Sam" in out and "Priya" not in out
    assert out.count(WATERMARK) >= 2


def test_progress_for_a_trainee_with_no_practices_names_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content, personas
) -> None:
    saved_practice(tmp_path, content, personas["stan"], finished=True)
    args = ["train", "--progress", "--trainee", "nobody", "--data-dir", str(tmp_path)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "No practices by nobody in the training records yet." in out
    assert "## Sam" not in out


def test_csv_is_only_for_progress(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--persona", "stan", "--role-card", "--format", "csv"]) == 2
    assert "only for --progress" in capsys.readouterr().err


def test_resume_opens_the_app_on_that_practice(
    tmp_path: Path, fake_app: list[dict], content, personas
) -> None:
    record_id, session_id = saved_practice(tmp_path, content, personas["marcus"], trainee="Jo")
    assert main(["train", "--resume", record_id, "--data-dir", str(tmp_path)]) == 0
    launch = fake_app[0]["training"]
    assert launch.resume == (record_id, session_id)
    assert (launch.persona_id, launch.mode, launch.trainee, launch.meeting) == (
        "marcus",
        "solo",
        "Jo",
        1,
    )


def test_a_finished_practice_is_not_resumed(
    tmp_path: Path, fake_app: list[dict], capsys: pytest.CaptureFixture[str], content, personas
) -> None:
    record_id, _ = saved_practice(tmp_path, content, personas["stan"], finished=True)
    assert main(["train", "--resume", record_id, "--data-dir", str(tmp_path)]) == 2
    assert "--meeting 2" in capsys.readouterr().err  # how to go on with Stan instead
    assert fake_app == []


def test_resume_refuses_a_practice_open_in_another_window(
    tmp_path: Path, fake_app: list[dict], capsys: pytest.CaptureFixture[str], content, personas
) -> None:
    record_id, _ = saved_practice(tmp_path, content, personas["stan"])
    with open_training_store(tmp_path).open(record_id):  # the practice, open in a window
        assert main(["train", "--resume", record_id, "--data-dir", str(tmp_path)]) == 4
    assert "is open in another window" in capsys.readouterr().err
    assert fake_app == []


def test_resume_refuses_a_persona_that_does_not_fit(
    tmp_path: Path, fake_app: list[dict], capsys: pytest.CaptureFixture[str], content, personas
) -> None:
    record_id, _ = saved_practice(tmp_path, content, personas["stan"])
    args = ["train", "--resume", record_id, "--persona", "jade", "--data-dir", str(tmp_path)]
    assert main(args) == 2
    assert "--persona jade does not fit" in capsys.readouterr().err
    assert fake_app == []


def test_trainee_and_meeting_go_to_the_app(fake_app: list[dict]) -> None:
    assert main(["train", "--persona", "stan", "--trainee", " Sam ", "--meeting", "2"]) == 0
    assert fake_app[0]["training"] == TrainingLaunch("stan", "solo", None, "Sam", 2)


def test_a_meeting_number_below_one_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["train", "--persona", "stan", "--meeting", "0"])
    assert exit_.value.code == 2
    assert "from 1 up" in capsys.readouterr().err


@pytest.mark.usefixtures("cheap_kdf")
def test_encrypted_training_records_need_the_passphrase(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content,
    personas,
) -> None:
    init_store(tmp_path, "correct horse")
    record_id, _ = saved_practice(tmp_path, content, personas["stan"], passphrase="correct horse")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no terminal to ask in
    assert main(["train", "--feedback", record_id, "--data-dir", str(tmp_path)]) == 5
    assert "CPI_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("CPI_PASSPHRASE", "correct horse")
    assert main(["train", "--feedback", record_id, "--data-dir", str(tmp_path)]) == 0


def test_feedback_for_a_missing_file_says_it_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "gone.json"
    assert main(["train", "--feedback", str(missing), "--data-dir", str(tmp_path)]) == 2
    assert f"cannot read {missing}" in capsys.readouterr().err


def test_an_empty_training_store_has_no_practices_to_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", "--list-practices", "--data-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "No practices in the training records yet.\n"
    assert main(["train", "--feedback", "t-123", "--data-dir", str(tmp_path)]) == 2
    assert "hold no practices yet" in capsys.readouterr().err


@pytest.mark.usefixtures("cheap_kdf")
def test_resuming_encrypted_practice_asks_for_the_passphrase_once(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_app: list[dict],
    content,
    personas,
) -> None:
    """The command asks, to find the practice; the app it starts is given that passphrase
    rather than asking on its own screen straight after."""
    init_store(tmp_path, "correct horse")
    record_id, _ = saved_practice(tmp_path, content, personas["stan"], passphrase="correct horse")
    monkeypatch.delenv("CPI_PASSPHRASE", raising=False)
    asked: list[str] = []
    monkeypatch.setattr(
        "assistant.cli.records._ask_passphrase",
        lambda prompt: asked.append(prompt) or "correct horse",
    )
    assert main(["train", "--resume", record_id, "--data-dir", str(tmp_path)]) == 0
    assert (len(asked), fake_app[0]["passphrase"]) == (1, "correct horse")


@pytest.mark.parametrize(
    "both",
    [["--persona", "stan", "--role-card", "--trainer-notes"], ["--list", "--progress"]],
)
def test_two_things_to_do_at_once_are_refused(capsys, both: list[str]) -> None:
    # The first was done and the second dropped without a word, with exit code 0.
    with pytest.raises(SystemExit) as exited:
        main(["train", *both])
    assert exited.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_a_content_folder_that_is_a_pack_adds_its_personas_to_the_shipped_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--content PACK` lays the pack over the shipped content, topics and personas alike
    (the app started with it offers the same personas)."""
    text = (personas_dir() / "alex.yaml").read_text("utf-8")
    text = re.sub(r"(?m)^id: alex$", "id: bea", text)
    (tmp_path / "personas").mkdir()
    (tmp_path / "personas" / "bea.yaml").write_text(text, "utf-8")
    (tmp_path / "pack.yaml").write_text("name: Eastgate\nformat: 1\n", "utf-8")
    assert main(["train", "--list", "--content", str(tmp_path)]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert "stan" in listed and listed[-1] == "bea"


def test_resume_refuses_another_trainees_name(
    tmp_path: Path, fake_app: list[dict], capsys: pytest.CaptureFixture[str], content, personas
) -> None:
    record_id, _ = saved_practice(tmp_path, content, personas["stan"], trainee="Sam")
    args = ["train", "--resume", record_id, "--trainee", "Priya", "--data-dir", str(tmp_path)]
    assert main(args) == 2
    assert "--trainee Priya does not fit the practice" in capsys.readouterr().err
    assert fake_app == []


def test_resume_takes_the_trainees_name_in_another_case_and_spacing(
    tmp_path: Path, fake_app: list[dict], content, personas
) -> None:
    record_id, _ = saved_practice(tmp_path, content, personas["stan"], trainee="Sam Lee")
    args = ["train", "--resume", record_id, "--trainee", " sam  LEE ", "--data-dir", str(tmp_path)]
    assert main(args) == 0
    assert fake_app[0]["training"].trainee == "Sam Lee"


def test_train_help_says_how_to_clear_practice_data(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps the lines
    assert "Clearing practice data" in out
    assert "train --list-practices --trainee NAME" in out
    assert "erase RECORD_ID --training --yes" in out


def test_train_help_says_why_encrypted_records_ask_for_the_passphrase(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "encrypted with the same passphrase" in out
    assert "can practise with --data-dir pointing at a folder of their own" in out


def test_one_broken_persona_in_a_pack_is_left_out_and_named_not_every_command_stopped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As in the app: the other personas stay usable; the broken file and its problem are
    named on stderr."""
    text = (personas_dir() / "owen.yaml").read_text("utf-8")
    text = re.sub(r"(?m)^id: owen$", "id: owen2", text)
    text = re.sub(r"(?m)^(\s+)circle: \d+$", r"\1circle: 7", text, count=1)
    (tmp_path / "personas").mkdir()
    (tmp_path / "personas" / "owen2.yaml").write_text(text, "utf-8")
    (tmp_path / "pack.yaml").write_text("name: Eastgate\nformat: 1\n", "utf-8")
    assert main(["train", "--list", "--content", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    listed = [line.split()[0] for line in out.splitlines()]
    assert "owen" in listed and "owen2" not in listed
    assert "owen2.yaml" in err and "left out" in err
