"""Practice in the app with an agency's content pack: its personas are offered too."""

from __future__ import annotations

from pathlib import Path

from ui_support import screen_text, settle

from assistant.authoring.content import load_content
from assistant.locations import content_dir
from assistant.training import TrainingLaunch

WIDE = (120, 40)


def _pack_with_bea(folder: Path) -> Path:
    """A pack with one persona of its own, Bea (Alex's story under another name)."""
    text = (content_dir() / "personas" / "alex.yaml").read_text("utf-8")
    lines = [
        "id: bea\n"
        if line.startswith("id:")
        else "name: Bea\n"
        if line.startswith("name:")
        else line
        for line in text.splitlines(keepends=True)
    ]
    (folder / "personas").mkdir(parents=True)
    (folder / "personas" / "bea.yaml").write_text("".join(lines), "utf-8")
    (folder / "pack.yaml").write_text("name: Eastgate\nformat: 1\n", "utf-8")
    return folder


async def test_the_chooser_offers_the_packs_persona_after_the_shipped_ones(
    make_app, tmp_path: Path
) -> None:
    from assistant.ui.screens.training import PersonaChooser

    pack = _pack_with_bea(tmp_path / "pack")
    content = load_content(pack=pack)
    app = make_app(content=content, content_pack=pack, training=TrainingLaunch(seed=7))
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PersonaChooser)
        assert list(app.screen.personas)[-1] == "bea"


async def test_a_pack_persona_chosen_at_start_opens_its_start_screen(
    make_app, tmp_path: Path
) -> None:
    pack = _pack_with_bea(tmp_path / "pack")
    launch = TrainingLaunch(persona_id="bea", seed=7, trainee="Ann")
    app = make_app(content=load_content(pack=pack), content_pack=pack, training=launch)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "What you know about Bea" in text


async def test_a_broken_pack_persona_leaves_the_others_and_the_chooser_says_which(
    make_app, tmp_path: Path
) -> None:
    from assistant.ui.screens.training import PersonaChooser

    pack = _pack_with_bea(tmp_path / "pack")
    (pack / "personas" / "zed.yaml").write_text("id: zed\nname: Zed\nage: old\n", "utf-8")
    content = load_content(pack=pack)
    app = make_app(content=content, content_pack=pack, training=TrainingLaunch(seed=7))
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PersonaChooser)
        assert "stan" in app.screen.personas and "bea" in app.screen.personas
        assert "zed" not in app.screen.personas
        text = " ".join(screen_text(app).split())
        assert "Some persona files have problems" in text and "zed.yaml" in text
