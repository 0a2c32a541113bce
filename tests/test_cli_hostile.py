"""No text a person typed reaches the terminal from a command (issue 13 §4).

A record from before issue 13 (the records then kept any name) holds a name, a reference and
answers with Escape sequences (clear screen, OSC 52 clipboard), BEL, NUL, a C1 CSI and a bidi
override. Every command that shows them is run through the real entry point
(``python -m assistant``), to a pipe and, for the commands that print a plan, on a real
terminal (a pseudo-terminal): what comes out is UTF-8 with no character from the person's
text that controls the terminal; JSON keeps the answers exactly (names and references are
cleaned when read, as they are when saved).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import subprocess
import sys

import pytest

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.plans.autoplay import play_meeting
from assistant.plans.demo_data import demo_meetings
from assistant.plans.versions import agree_plan
from assistant.records import CaseStore
from assistant.records import case as records_case

HOSTILE = "Ann\x1b[2J\x1b]52;c;SGVsbG8=\x07 \u202eevil\u202c\x00\x9b31m end"
REFERENCE = "R\x1b[31m1\u202e"
# Never in a command's output, as characters or UTF-8 bytes.
FORBIDDEN = {
    "ESC": b"\x1b",
    "BEL": b"\x07",
    "NUL": b"\x00",
    "C1 CSI": "\x9b".encode(),
    "right-to-left override": "\u202e".encode(),
    "pop direction": "\u202c".encode(),
}
# Exports written to a pipe are the same file as one written to disk: they show Escape and
# the other controls as symbols themselves, and keep bidi characters as the person's words.
FORBIDDEN_IN_FILES = {k: v for k, v in FORBIDDEN.items() if k in ("ESC", "BEL", "NUL", "C1 CSI")}


@pytest.fixture
def person(store: CaseStore, content: Content, monkeypatch: pytest.MonkeyPatch) -> str:
    """A person whose name, reference and answers hold control and bidi characters."""
    with monkeypatch.context() as old_records:
        old_records.setattr(records_case, "clean_name", lambda name: " ".join(name.split()))
        person_id = store.create_person(HOSTILE, reference=REFERENCE)
    (topics, answers), _ = demo_meetings(dt.date.today())
    answers = {**answers, "about.name": HOSTILE, "about.hopes": HOSTILE}
    meeting = play_meeting(Conversation(content), topics, answers)
    with store.open(person_id) as case:
        case.save_session("m1", meeting.to_state(), meeting.log)
        agree_plan(case, meeting.data, meeting.log, content=content)
    return person_id


def cli(store: CaseStore, *args: str) -> subprocess.CompletedProcess[bytes]:
    """``cpi-assistant ARGS --data-dir ...`` as a user runs it, output to pipes."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args, "--data-dir", str(store.root)],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def on_a_terminal(store: CaseStore, *args: str, typed: bytes | None = None) -> bytes:
    """``cpi-assistant ARGS`` with its output on a pseudo-terminal; everything it wrote.

    With ``typed``, the terminal is its input too and ``typed`` is what the user types."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", *args, "--data-dir", str(store.root)],
        stdin=subprocess.DEVNULL if typed is None else follower,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    if typed is not None:
        os.write(leader, typed)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command has finished
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    code = process.wait(timeout=120)
    # erase answered "no" stops with its own code (nothing was erased); the rest succeed.
    assert typed is not None or code == 0, out.decode("utf-8", "replace")
    return out


def leaks(output: bytes, forbidden: dict[str, bytes] = FORBIDDEN) -> list[str]:
    output.decode("utf-8")  # valid UTF-8: no lone surrogate, nothing half-written
    return [name for name, raw in forbidden.items() if raw in output]


COMMANDS = {
    "people": ["people"],
    "people search": ["people", "evil"],
    "people --json": ["people", "--json"],
    "audit": ["audit", "{person}"],
    "audit --json": ["audit", "{person}", "--json"],
    "plan list": ["plan", "list", "{person}"],
    "plan show": ["plan", "show", "{person}"],
    "export-all": ["export-all", "{person}"],
    "export-all in words": ["export-all", "{person}", "--format", "txt"],
    "export-all as a page": ["export-all", "{person}", "--format", "html"],
    "a person not found": ["audit", HOSTILE.replace("\x00", "") + "x"],  # argv has no NUL
}


@pytest.mark.slow
@pytest.mark.parametrize("words", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_command_prints_no_control_character_from_a_person_s_text(
    store: CaseStore, person: str, words: list[str]
) -> None:
    done = cli(store, *[w.replace("{person}", person) for w in words])
    assert leaks(done.stdout) == [] and leaks(done.stderr) == []
    assert b"Traceback" not in done.stderr
    assert b"evil" in done.stdout + done.stderr  # the text is there, made safe


@pytest.mark.slow
def test_names_from_an_older_record_are_listed_without_their_controls(
    store: CaseStore, person: str
) -> None:
    # Names and references are cleaned when read, as they are when saved now: the
    # controls are left out, every visible letter stays.
    out = cli(store, "people").stdout.decode()
    assert "Ann[2J]52;c;SGVsbG8= evil31m end" in out
    assert "R[31m1" in out


def _strings(data: object) -> list[str]:
    """Every text value in parsed JSON."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [text for value in data.values() for text in _strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in _strings(value)]
    return []


@pytest.mark.slow
def test_json_output_keeps_names_as_the_records_read_them_and_answers_exactly(
    store: CaseStore, person: str
) -> None:
    people = json.loads(cli(store, "people", "--json").stdout)
    assert [p["display_name"] for p in people] == ["Ann[2J]52;c;SGVsbG8= evil31m end"]
    assert people[0]["reference"] == "R[31m1"
    everything = json.loads(cli(store, "export-all", person).stdout)
    assert everything["person"]["display_name"] == "Ann[2J]52;c;SGVsbG8= evil31m end"
    # The person's answers are their words: JSON carries them exactly.
    assert HOSTILE in _strings(everything["sessions"])


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["txt", "md", "easy", "html", "json"])
def test_an_export_to_a_pipe_is_the_file_itself(store: CaseStore, person: str, fmt: str) -> None:
    done = cli(store, "export", person, "--for", "person", "--format", fmt)
    assert done.returncode == 0, done.stderr.decode()
    # JSON escapes the C0 controls itself; the rest it carries as they are (valid JSON).
    kept = {k: v for k, v in FORBIDDEN_IN_FILES.items() if fmt != "json" or k != "C1 CSI"}
    assert leaks(done.stdout, kept) == []
    if fmt == "json":
        assert json.loads(done.stdout)["about"]["hopes"]["text"] == HOSTILE


@pytest.mark.slow
@pytest.mark.parametrize(
    "words",
    [["plan", "show", "{person}"], ["export", "{person}", "--for", "person", "--format", "txt"]],
    ids=["plan show", "export txt"],
)
def test_a_plan_printed_on_a_terminal_holds_no_control_character(
    store: CaseStore, person: str, words: list[str]
) -> None:
    out = on_a_terminal(store, *[w.replace("{person}", person) for w in words])
    assert leaks(out) == []
    assert b"evil" in out and b"\\u202e" in out  # shown, as an escape


@pytest.mark.slow
def test_a_name_with_a_lone_surrogate_is_kept_whole_and_listed(store: CaseStore) -> None:
    # It used to raise UnicodeEncodeError when the record was written.
    person = store.create_person("Ann \ud800 Lee")
    assert store.find(person).display_name == "Ann \ufffd Lee"
    done = cli(store, "people")
    assert done.returncode == 0 and "Ann \ufffd Lee" in done.stdout.decode()


@pytest.mark.slow
def test_the_erase_question_on_a_terminal_holds_no_control_character(
    store: CaseStore, person: str
) -> None:
    out = on_a_terminal(store, "erase", person, typed=b"no\n")
    assert b"Erase everything held about" in out and b"Nothing was erased" in out
    assert leaks(out) == []
    assert store.case_path(person).exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    "words",
    [
        ["new", HOSTILE.replace("\x00", "")],
        ["new", "Jo", "--reference", REFERENCE],
        ["details", "{person}", "--name", "Jo\u202eoJ"],
        ["new", "Jo", "--gender", "fem\u202eme"],
        ["details", "{person}", "--gender", "fem\u202eme"],
    ],
    ids=["new name", "new reference", "details name", "new gender", "details gender"],
)
def test_a_name_with_hidden_characters_is_refused_and_says_which(
    store: CaseStore, person: str, words: list[str]
) -> None:
    before = [(p.display_name, p.reference) for p in store.list_people()]
    done = cli(store, *[w.replace("{person}", person) for w in words])
    assert done.returncode == 2
    assert b"hidden characters" in done.stderr and b"\\u202e" in done.stderr
    assert leaks(done.stdout) == [] and leaks(done.stderr) == []
    assert [(p.display_name, p.reference) for p in store.list_people()] == before
