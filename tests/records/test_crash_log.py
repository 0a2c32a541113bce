"""No traceback with record data reaches a user (issue 13 §3).

An unexpected error in a command goes to an owner-only log holding the exception's type and
frames only (no message, no variables), and the user sees a short message naming the log.
The app's side is in tests/ui/test_crash_report.py.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from assistant.cli import EXIT_INTERNAL_ERROR, main
from assistant.crashlog import describe, log_dir, write_crash_log
from assistant.records import CaseStore

SECRET = "my brother Tobias in Leeds"


def _explode(self: CaseStore, *args: object, **kwargs: object) -> None:
    words = SECRET  # a local variable holding someone's words, as a real frame would
    raise ValueError(f"unexpected value {words!r}")


@pytest.fixture
def broken_people(monkeypatch: pytest.MonkeyPatch, store: CaseStore) -> CaseStore:
    store.create_person(SECRET)
    monkeypatch.setattr(CaseStore, "list_people", _explode)
    return store


def test_an_unexpected_error_gives_a_short_message_and_no_traceback(
    broken_people: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["people", "--data-dir", str(broken_people.root)])
    out, err = capsys.readouterr()
    assert code == EXIT_INTERNAL_ERROR
    assert "Traceback" not in err and SECRET not in out + err
    assert "unexpected problem inside the app (ValueError)" in err
    assert "Everything already saved is safe" in err
    assert str(log_dir() / "crash.log") in err


def test_the_log_holds_the_type_and_frames_but_no_words(
    broken_people: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["people", "--data-dir", str(broken_people.root)])
    text = (log_dir() / "crash.log").read_text()
    assert "builtins.ValueError" in text
    assert "assistant/cli/__init__.py:" in text and " in _explode" in text
    assert SECRET not in text and "Tobias" not in text
    assert str(broken_people.root) not in text  # no paths from the machine, either


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_log_is_readable_by_its_owner_only(
    broken_people: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["people", "--data-dir", str(broken_people.root)])
    assert stat.S_IMODE((log_dir() / "crash.log").stat().st_mode) == 0o600
    assert stat.S_IMODE(log_dir().stat().st_mode) == 0o700


def test_a_chained_error_is_described_without_its_messages() -> None:
    try:
        try:
            raise KeyError(SECRET)
        except KeyError as inner:
            raise RuntimeError(SECRET) from inner
    except RuntimeError as exc:
        text = describe(exc)
    assert "builtins.RuntimeError" in text and "builtins.KeyError" in text
    assert SECRET not in text


def test_when_the_log_cannot_be_written_the_user_is_told(
    monkeypatch: pytest.MonkeyPatch, tmp_path: os.PathLike[str]
) -> None:
    blocker = os.path.join(tmp_path, "not-a-folder")
    with open(blocker, "w") as file:
        file.write("x")
    monkeypatch.setenv("XDG_STATE_HOME", blocker)
    assert write_crash_log(ValueError(SECRET), "test") is None


def _crash_in_child(state: os.PathLike[str]) -> subprocess.CompletedProcess[str]:
    """The crash handler in its own process (a hang fails through the timeout)."""
    code = (
        "from assistant.crashlog import write_crash_log\n"
        "print(write_crash_log(ValueError('x'), 'test'))\n"
    )
    env = {**os.environ, "XDG_STATE_HOME": str(state)}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_at_the_log_does_not_block_the_crash_handler(
    tmp_path: os.PathLike[str],
) -> None:
    state = os.path.join(tmp_path, "state")
    os.makedirs(os.path.join(state, "cpi-assistant"), mode=0o700)
    os.mkfifo(os.path.join(state, "cpi-assistant", "crash.log"))
    result = _crash_in_child(state)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"  # nothing written; the user is told it could not be


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_with_a_reader_gets_no_note_either() -> None:
    log_dir().mkdir(mode=0o700, parents=True)
    pipe = log_dir() / "crash.log"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # someone listening at the pipe
    try:
        assert write_crash_log(ValueError(SECRET), "test") is None
        assert os.read(reader, 100) == b""  # nothing was sent down it
    finally:
        os.close(reader)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_existing_log_folder_and_log_are_made_owner_only_again() -> None:
    log_dir().mkdir(parents=True)
    (log_dir() / "crash.log").write_text("--- an earlier note\n")
    os.chmod(log_dir(), 0o755)
    os.chmod(log_dir() / "crash.log", 0o644)
    assert write_crash_log(ValueError(SECRET), "test") == log_dir() / "crash.log"
    assert stat.S_IMODE(log_dir().stat().st_mode) == 0o700
    assert stat.S_IMODE((log_dir() / "crash.log").stat().st_mode) == 0o600
    assert (log_dir() / "crash.log").read_text().startswith("--- an earlier note\n")
