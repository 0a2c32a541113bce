"""The tests' own layout: they mirror the packages, and every test file has a name of its own;
and the end of a run (tests/conftest.py)."""

from __future__ import annotations

import gc
from collections import defaultdict
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
PACKAGE = TESTS.parent / "assistant"

# Packages whose tests live with another folder's, and why.
TESTED_ELSEWHERE = {
    "cli": "each command is tested with its area, through the real entry point "
    "(tests/records/test_cli.py, tests/plans/test_cli_plans.py, "
    "tests/training/test_training_cli.py, tests/ui/test_cli_app.py, tests/authoring/test_lint.py)",
}
# Top-level test files that test the project as a whole rather than one package. The other
# top-level ones test a module at the top of assistant/ (test_settings.py: assistant/settings.py).
WHOLE_PROJECT = {
    "test_bench_scripts.py",  # scripts/
    "test_cli_hostile.py",  # every command's output on a terminal (issue 13), across areas
    "test_content_pack.py",  # content/: the shipped topics, playthroughs and their rules
    "test_docs.py",  # docs/ and README.md
    "test_fidelity.py",  # the authors' guide fidelity table against the shipped content
    "test_import_rules.py",  # the layers across every package
    "test_tests_layout.py",  # tests/ itself
}


def _packages() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())


def test_every_package_has_a_test_folder_of_the_same_name() -> None:
    missing = [
        name for name in _packages() if name not in TESTED_ELSEWHERE and not (TESTS / name).is_dir()
    ]
    assert missing == [], f"give these packages a tests/<package>/ folder: {missing}"


def test_a_top_level_test_file_tests_a_top_level_module_or_the_whole_project() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    stray = sorted(
        path.name
        for path in TESTS.glob("test_*.py")
        if path.name not in WHOLE_PROJECT and path.stem.removeprefix("test_") not in modules
    )
    assert stray == [], f"move these into the folder of the package they test: {stray}"


def test_no_two_test_modules_share_a_name() -> None:
    # tests/ has no __init__.py, so pytest imports every test file and helper module by its bare
    # name: two of one name stop the whole run at collection ("import file mismatch").
    by_name: dict[str, list[str]] = defaultdict(list)
    for path in TESTS.rglob("*.py"):
        if path.name != "conftest.py":
            by_name[path.name].append(str(path.relative_to(TESTS)))
    shared = {name: paths for name, paths in by_name.items() if len(paths) > 1}
    assert shared == {}, f"rename one of each: {shared}"


def test_no_test_undoes_its_whole_monkeypatch() -> None:
    # The test's `monkeypatch` also holds the root conftest's isolation (every CPI_* variable
    # cleared, the XDG data, config, cache and state folders in a temp folder): undoing it
    # lets the rest of the test read or write the real home folder. A patch meant to end
    # early goes in its own `with monkeypatch.context() as patch:` (or pytest.MonkeyPatch).
    call = "monkeypatch" + ".undo()"
    found = [
        f"{path.relative_to(TESTS)}:{number}"
        for path in sorted(TESTS.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if call in line
    ]
    assert found == [], f"use a patch of its own (monkeypatch.context()) in: {found}"


def test_a_run_ends_with_one_sweep_then_freezes_what_is_left(
    pytestconfig: pytest.Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pytest's own five sweeps came next over the whole heap of a worker: past xdist's 5 s
    # to finish, a SIGINT hit them ("Exception ignored in ... gc_callback": KeyboardInterrupt).
    conftest = pytestconfig.pluginmanager.get_plugin(str(TESTS / "conftest.py"))
    done: list[str] = []
    monkeypatch.setattr(gc, "collect", lambda *_: done.append("sweep") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: done.append("freeze"))
    conftest.pytest_unconfigure(pytestconfig)
    assert done == ["sweep", "freeze"]
