"""A pack's export templates, agency details and practice personas, over the base's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from layering_support import write_pack

from assistant.agency import ENV_AGENCY_FILE
from assistant.authoring.content import load_content
from assistant.cli import main
from assistant.content_pack.choice import ENV_CONTENT_PACK
from assistant.content_pack.layers import ContentLayers
from assistant.export.render import ExportError, render
from assistant.locations import content_dir
from assistant.plans.from_session import build_plan
from assistant.plans.model import Plan
from assistant.training.loader import get_persona, load_personas
from assistant.training.session import TrainingSession

SHIPPED = content_dir()
CREATED = "2026-12-02T10:00:00+00:00"


def body(data: bytes) -> list[str]:
    """The lines of an export between the draft marks every export has."""
    return [line for line in data.decode().splitlines() if line and "DRAFT" not in line]


@pytest.fixture(scope="module")
def plan() -> Plan:
    return build_plan({"about": {"name": "Sam"}}, created=CREATED)


def test_a_pack_template_is_used_by_a_real_export(tmp_path: Path, plan: Plan) -> None:
    pack = write_pack(tmp_path / "pack", {"templates/plan.md.j2": "Eastgate plan for {{ name }}\n"})
    layers = ContentLayers.of(load_content(pack=pack))
    assert body(render(plan, "md", layers=layers)) == ["Eastgate plan for Sam"]


def test_a_template_the_pack_does_not_have_comes_from_the_base(tmp_path: Path, plan: Plan) -> None:
    pack = write_pack(tmp_path / "pack", {"templates/plan.md.j2": "Ours\n"})
    layers = ContentLayers(SHIPPED, pack)
    assert render(plan, "txt", layers=layers) == render(plan, "txt")


def test_the_base_templates_come_from_the_base_content_folder(tmp_path: Path, plan: Plan) -> None:
    # `--content DIR` brings its own templates (before packs, the shipped ones were used).
    base = tmp_path / "content"
    shutil.copytree(SHIPPED / "templates", base / "templates")
    (base / "templates" / "plan.md.j2").write_text("From the base: {{ name }}\n", "utf-8")
    assert body(render(plan, "md", layers=ContentLayers(base))) == ["From the base: Sam"]


def test_a_folder_given_for_one_export_still_comes_before_the_pack(
    tmp_path: Path, plan: Plan
) -> None:
    pack = write_pack(tmp_path / "pack", {"templates/plan.md.j2": "Pack\n"})
    given = tmp_path / "given"
    given.mkdir()
    (given / "plan.md.j2").write_text("Given\n", "utf-8")
    exported = render(plan, "md", templates=given, layers=ContentLayers(SHIPPED, pack))
    assert body(exported) == ["Given"]


def test_a_broken_pack_template_names_its_file_and_line(tmp_path: Path, plan: Plan) -> None:
    pack = write_pack(tmp_path / "pack", {"templates/plan.md.j2": "Hello\n{% if %}\n"})
    with pytest.raises(ExportError) as caught:
        render(plan, "md", layers=ContentLayers(SHIPPED, pack))
    assert "pack/templates/plan.md.j2, line 2" in str(caught.value)


def _agency(organisation: str) -> str:
    text = (SHIPPED / "agency.yaml").read_text("utf-8")
    line = next(x for x in text.splitlines() if x.startswith("organisation:"))
    return text.replace(line, f"organisation: {organisation}")


def test_the_packs_agency_file_replaces_the_shipped_one(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", {"agency.yaml": _agency("Eastgate Connections")})
    assert load_content(pack=pack).agency.organisation == "Eastgate Connections"


def test_without_an_agency_file_of_its_own_the_shipped_one_stays(tmp_path: Path) -> None:
    content = load_content(pack=write_pack(tmp_path / "pack"))
    assert content.agency == load_content().agency


def test_cpi_agency_file_still_beats_the_packs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "own.yaml"
    own.write_text(_agency("Set by the variable"), "utf-8")
    monkeypatch.setenv(ENV_AGENCY_FILE, str(own))
    pack = write_pack(tmp_path / "pack", {"agency.yaml": _agency("Eastgate Connections")})
    assert load_content(pack=pack).agency.organisation == "Set by the variable"


def _persona(source: str, persona_id: str, name: str) -> str:
    text = (SHIPPED / "personas" / f"{source}.yaml").read_text("utf-8")
    lines = text.splitlines(keepends=True)
    out = []
    for line in lines:
        if line.startswith("id:"):
            line = f"id: {persona_id}\n"
        elif line.startswith("name:"):
            line = f"name: {name}\n"
        out.append(line)
    return "".join(out)


def test_a_pack_persona_with_a_shipped_id_replaces_it_in_its_place(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", {"personas/stan.yaml": _persona("stan", "stan", "Stas")})
    personas = load_personas(pack=pack / "personas")
    assert list(personas) == list(load_personas())
    assert get_persona("stan", pack=pack / "personas").name == "Stas"


def test_a_pack_persona_with_a_new_id_comes_after_the_shipped_ones(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", {"personas/bea.yaml": _persona("alex", "bea", "Bea")})
    assert list(load_personas(pack=pack / "personas")) == [*load_personas(), "bea"]


def test_a_practice_session_on_a_packs_content_finds_the_packs_persona(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", {"personas/bea.yaml": _persona("alex", "bea", "Bea")})
    session = TrainingSession.start("bea", content=load_content(pack=pack))
    assert session.persona.name == "Bea"


def test_train_lists_the_chosen_packs_personas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = write_pack(tmp_path / "pack", {"personas/stan.yaml": _persona("stan", "stan", "Stas")})
    monkeypatch.setenv(ENV_CONTENT_PACK, str(pack))
    assert main(["train", "--list"]) == 0
    (stan,) = [line for line in capsys.readouterr().out.splitlines() if line.startswith("stan ")]
    assert "Stas," in stan
