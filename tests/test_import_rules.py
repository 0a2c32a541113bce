"""Architecture rules: the layers (import-linter), where imports may be deferred, Textual only
in ``assistant.ui``, and what Home loads to start."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_outside_ui_imports_textual() -> None:
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1] and "textual" in _imports(path)
    ]
    assert offenders == []


def test_core_packages_import_without_loading_textual() -> None:
    # The static check misses dynamic imports; this proves it at run time.
    code = (
        "import sys, importlib\n"
        "for m in ('assistant.flows.loader', 'assistant.engine.conversation',"
        " 'assistant.authoring.lint', 'assistant.cli'):\n"
        "    importlib.import_module(m)\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_import_contracts_hold() -> None:
    # The layers of docs/architecture.md ([tool.importlinter] in pyproject.toml), over every
    # import, also those inside functions: `lint-imports`, as .ci/run runs it.
    code = (
        "import sys\n"
        "from importlinter.cli import lint_imports\n"
        "sys.exit(lint_imports(no_cache=True))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE.parent
    )
    assert out.returncode == 0, out.stdout + out.stderr


# Where an import of the project's own code may wait inside a function, and why. Everywhere
# else imports sit at the top. Imports of another package inside a function are allowed only
# at the named boundaries:
# - CLI handlers: each command of ``assistant.cli`` loads what it runs.
DEFERRED_IN_MODULES = ("assistant.cli",)
# - In the app (``assistant.ui``): screen and app actions and event handlers (``action_*``,
#   ``on_*``, ``@on(...)``) and the app's workers (``@work``), which load a screen's code when
#   it is opened (so Home starts without the records, plans and content code it does not
#   show), and these functions, each for the reason given.
UI_BOUNDARIES = {
    # The console script's way in: Textual and the app load only when the app is run.
    "assistant.ui.run_app": "the app loads only when it is run",
    # The practice screens (personas, topics: pydantic, YAML) load only when the app starts
    # into practice (``cpi-assistant train``), not for Home.
    "assistant.ui.app.CpiApp.get_default_screen": "practice screens only for practice",
    "assistant.ui.app.CpiApp.show_home": "practice screens only for practice",
    # The start_meeting worker's body: the meeting's engine, opening code and screen load
    # when a meeting opens, not when Home starts.
    "assistant.ui.app.CpiApp._start_meeting": "the meeting code when a meeting opens",
    "assistant.ui.app.CpiApp._session_for": "the meeting code when a meeting opens",
    # The command palette checks for an open meeting; from Home, without the meeting's code.
    "assistant.ui.app.CpiApp.get_system_commands": "Home's command palette without the meeting",
}
# Inside one package, only these modules defer, each for the reason given.
DEFERRED_INSIDE_PACKAGE = {
    # PEP 562 facade: the store's case code (TinyDB) loads on first use of those names.
    "assistant.records": "PEP 562 facade",
    # Case and storage bring in TinyDB: loaded when a record is opened, not when Home lists people.
    "assistant.records.store": "TinyDB only when a record is opened",
    # Each format's code (Jinja, FHIR models, the PDF printer, SVG drawings) loads for its format.
    "assistant.export.render": "per-format renderers",
    # plans.model is pydantic: Home shows a plan's state words without loading it.
    "assistant.plans.state": "Home without pydantic",
    # The playthrough runner loads content through authoring.content, which imports lint.
    "assistant.authoring.lint": "cycle with authoring.playthrough",
}


def _is_ui_boundary(module: str, functions: list[ast.FunctionDef | ast.AsyncFunctionDef]) -> bool:
    """An import inside these (nested) functions of ``module`` is at a named UI boundary."""
    if not module.startswith("assistant.ui"):
        return False
    for function in functions:
        if function.name.startswith(("action_", "on_")):
            return True
        for decorator in function.decorator_list:
            call = decorator.func if isinstance(decorator, ast.Call) else decorator
            if isinstance(call, ast.Name) and call.id in ("work", "on"):
                return True
    return False


def _deferred_imports(path: Path) -> list[tuple[str, int, str, bool]]:
    """(imported module, line, function, at a UI boundary) for each import of project code
    inside a function; the function is named ``module.Class.function``."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    module = module.removesuffix(".__init__")
    package = module.split(".")
    found: list[tuple[str, int, str, bool]] = []

    def visit(
        node: ast.AST, names: list[str], functions: list[ast.FunctionDef | ast.AsyncFunctionDef]
    ) -> None:
        for child in ast.iter_child_nodes(node):
            qualname = ".".join([module, *names])
            boundary = _is_ui_boundary(module, functions) or qualname in UI_BOUNDARIES
            if functions and isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package if path.name == "__init__.py" else package[:-1]
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join([*base, *([child.module] if child.module else [])])
                else:
                    target = child.module or ""
                if target.split(".")[0] == "assistant":
                    found.append((target, child.lineno, qualname, boundary))
            elif functions and isinstance(child, ast.Import):
                found.extend(
                    (a.name, child.lineno, qualname, boundary)
                    for a in child.names
                    if a.name.startswith("assistant")
                )
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, [*names, child.name], [*functions, child])
            elif isinstance(child, ast.ClassDef):
                visit(child, [*names, child.name], functions)
            else:
                visit(child, names, functions)

    visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)), [], [])
    return found


def test_imports_wait_inside_functions_only_at_named_boundaries() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        at_boundary = module.startswith(DEFERRED_IN_MODULES)
        own = ".".join(module.split(".")[:2])
        for target, line, function, ui_boundary in _deferred_imports(path):
            same_package = target == own or target.startswith(own + ".")
            if at_boundary or ui_boundary or (same_package and module in DEFERRED_INSIDE_PACKAGE):
                continue
            if target == "assistant" and module in DEFERRED_INSIDE_PACKAGE:
                continue
            offenders.append(
                f"{path.relative_to(PACKAGE.parent)}:{line} imports {target} in {function}"
            )
    assert offenders == [], "import at the top, or name the boundary here:\n" + "\n".join(offenders)


def test_named_ui_boundaries_exist() -> None:
    # A boundary named here that is renamed or gone would quietly excuse nothing.
    functions = {
        function for path in PACKAGE.rglob("*.py") for _, _, function, _ in _deferred_imports(path)
    }
    assert sorted(set(UI_BOUNDARIES) - functions) == []


HOME_PROBE = """
import sys
from textual.app import App

def ready(app):
    print("HOME", app.screen.__class__.__name__, flush=True)
    print("LOADED", " ".join(m for m in HEAVY if m in sys.modules), flush=True)
    app.exit()

HEAVY = sys.argv[2].split(",")
run = App.run
App.run = lambda self, **kw: run(self, headless=True, size=(80, 24))
import assistant.ui.app as ui_app
make_app = ui_app.make_app
ui_app.make_app = lambda **kw: make_app(**kw, on_ready=ready)
from assistant.cli import main
main(["--data-dir", sys.argv[1]])
"""


@pytest.mark.ui  # draws Home in a headless app, through the console script's path
def test_home_starts_without_records_content_or_plan_libraries(tmp_path: Path) -> None:
    # Start-up stays as fast as it is: Home (with a person on record) is drawn through the
    # console script's own path, and none of these libraries has been imported by then.
    from assistant.records import init_store

    store, _ = init_store(tmp_path / "records", None)
    store.create_person("Sam", reference="R1")
    heavy = ("tinydb", "jinja2", "pydantic", "yaml")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPI_")}
    out = subprocess.run(
        [sys.executable, "-c", HOME_PROBE, str(tmp_path / "records"), ",".join(heavy)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    lines = dict(
        line.split(" ", 1) if " " in line else (line, "") for line in out.stdout.splitlines()
    )
    assert lines.get("HOME") == "HomeScreen", out.stdout + out.stderr
    assert lines.get("LOADED", "").split() == []


@pytest.mark.ui  # draws Home in a headless app, through the console script's path
def test_home_starts_with_a_chosen_pack_without_those_libraries(tmp_path: Path) -> None:
    # Choosing the pack (CPI_CONTENT_PACK) as the app starts reads no YAML: the pack's name
    # and content come with the content, after Home is drawn.
    from assistant.content_pack.choice import ENV_CONTENT_PACK
    from assistant.content_pack.scaffold import new_pack
    from assistant.records import init_store

    store, _ = init_store(tmp_path / "records", None)
    store.create_person("Sam", reference="R1")
    pack = new_pack(tmp_path / "pack", "Eastgate").folder
    heavy = ("tinydb", "jinja2", "pydantic", "yaml")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPI_")}
    env[ENV_CONTENT_PACK] = str(pack)
    out = subprocess.run(
        [sys.executable, "-c", HOME_PROBE, str(tmp_path / "records"), ",".join(heavy)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    lines = dict(
        line.split(" ", 1) if " " in line else (line, "") for line in out.stdout.splitlines()
    )
    assert lines.get("HOME") == "HomeScreen", out.stdout + out.stderr
    assert lines.get("LOADED", "").split() == []
