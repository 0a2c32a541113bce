"""The schema registry and its one writer: what `cpi-assistant schema` writes is what is
committed in content/schema/, byte for byte, for every kind of content file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.authoring import schemas
from assistant.locations import schema_dir

COMMITTED = sorted(p.name for p in schema_dir().glob("*.json"))


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The real entry point, as `cpi-assistant` (`python -m assistant` runs the same main)."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("schema")
    result = _cli("schema", "--dir", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


def test_the_registry_names_every_committed_schema_file() -> None:
    assert sorted(schemas.schemas()) == COMMITTED


def test_the_schema_command_writes_one_file_per_kind_of_content(written: Path) -> None:
    assert sorted(p.name for p in written.iterdir()) == COMMITTED


@pytest.mark.parametrize("name", COMMITTED)
def test_each_committed_schema_is_byte_for_byte_what_the_command_writes(
    written: Path, name: str
) -> None:
    committed = (schema_dir() / name).read_bytes()
    assert committed == (written / name).read_bytes(), "run: cpi-assistant schema"


def test_check_passes_on_the_committed_schemas() -> None:
    result = _cli("schema", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_check_finds_a_schema_written_in_another_layout(written: Path) -> None:
    # Same data, different bytes (the old directory writer's layout): still stale.
    target = written / "directory.schema.json"
    original = target.read_text(encoding="utf-8")
    target.write_text(json.dumps(json.loads(original), indent=4) + "\n", encoding="utf-8")
    try:
        result = _cli("schema", "--check", "--dir", str(written))
    finally:
        target.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    # The advice names the folder checked: without --dir it would rewrite the app's own.
    assert result.stdout.splitlines() == [
        f"{target}: out of date; run `cpi-assistant schema --dir {written}`"
    ]


def test_check_finds_a_missing_schema(tmp_path: Path) -> None:
    schemas.write(tmp_path)
    (tmp_path / "persona.schema.json").unlink()
    assert schemas.stale(tmp_path) == ["persona.schema.json"]


def test_every_schema_says_its_dialect_and_names_its_files() -> None:
    for name, build in schemas.schemas().items():
        schema = build()
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", name
        assert str(schema["title"]).startswith("Connecting People Assistant"), name
