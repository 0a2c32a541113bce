"""An export while the chosen content pack cannot be used (its folder deleted, a share not
mounted) is refused: the copy would print the app's made-up example details and crisis
numbers in place of the agency's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli_plans import agreed, run  # noqa: F401 (agreed: the fixture)

from assistant.content_pack.choice import ENV_CONTENT_PACK
from assistant.records import CaseStore


def test_export_is_refused_while_the_chosen_pack_cannot_be_used(
    store: CaseStore,
    agreed: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_CONTENT_PACK, str(tmp_path / "unmounted share"))
    target = tmp_path / "plan.txt"
    code = run(store, "export", agreed, "--format", "txt", "--for", "person", "-o", str(target))
    err = capsys.readouterr().err
    assert code == 1 and not target.exists()
    assert "is not there" in err and "Nothing was exported" in err and "pack forget" in err


def test_export_without_a_chosen_pack_goes_on(
    store: CaseStore,
    agreed: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "plan.txt"
    code = run(store, "export", agreed, "--format", "txt", "--for", "person", "-o", str(target))
    assert code == 0 and target.exists()
