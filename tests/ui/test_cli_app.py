"""``cpi-assistant`` with no command starts the app, with the global options passed on."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from assistant import cli


def test_no_command_starts_the_app_with_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("assistant.ui.run_app", lambda **kw: calls.append(kw) or 0)
    assert cli.main(["--data-dir", "/tmp/x", "--content", "c", "--theme", "light"]) == 0
    assert calls == [{"data_dir": "/tmp/x", "content_root": "c", "theme": "light"}]


def test_no_command_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("assistant.ui.run_app", lambda **kw: calls.append(kw) or 0)
    cli.main([])
    assert calls == [{"data_dir": None, "content_root": None, "theme": None}]


def test_subcommands_keep_their_own_data_dir(tmp_path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "people", "--data-dir", str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip().startswith("[")


def test_the_app_module_is_not_loaded_for_other_commands() -> None:
    code = (
        "import sys\n"
        "from assistant.cli import build_parser\n"
        "build_parser()\n"
        "print('textual' in sys.modules, 'assistant.ui.app' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


@pytest.mark.parametrize(
    ("argv", "app"),
    [
        ([], True),
        (["--data-dir", "d", "--theme=calm"], True),
        (["people"], False),
        (["--data-dir", "d", "people"], False),
        (["--help"], False),
        (["--version"], False),
        (["--theme"], False),  # no value: the full parser explains
        (["--colour", "red"], False),  # unknown: the full parser explains
    ],
)
def test_only_the_apps_own_options_skip_building_the_subcommands(
    argv: list[str], app: bool
) -> None:
    assert cli.starts_the_app(argv) is app


def test_starting_the_app_does_not_load_the_subcommand_modules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("assistant.ui.run_app", lambda **kw: 0)
    for name in cli.COMMAND_MODULES:
        monkeypatch.delitem(sys.modules, name, raising=False)
    cli.main(["--data-dir", "/tmp/x"])
    assert not any(name in sys.modules for name in cli.COMMAND_MODULES)


def test_a_mistake_is_still_explained_with_the_commands(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--colour", "red"])
    assert "choose from 'validate'" in capsys.readouterr().err
