"""Practice in the app with an agency's content pack, or another content folder
(``train --content DIR``): their personas are offered, as the command line lists them."""

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


def _content_folder_with(folder: Path, **renamed: str) -> Path:
    """A content folder whose personas are Stan's story under each of ``renamed``'s ids
    (id: name): what ``train --content DIR`` reads its personas from."""
    text = (content_dir() / "personas" / "stan.yaml").read_text("utf-8")
    (folder / "personas").mkdir(parents=True)
    for persona_id, name in renamed.items():
        lines = [
            f"id: {persona_id}\n"
            if line.startswith("id:")
            else f"name: {name}\n"
            if line.startswith("name:")
            else line
            for line in text.splitlines(keepends=True)
        ]
        (folder / "personas" / f"{persona_id}.yaml").write_text("".join(lines), "utf-8")
    return folder


async def test_a_persona_only_the_content_folder_has_opens_its_start_screen(
    make_app, content, tmp_path: Path
) -> None:
    folder = _content_folder_with(tmp_path / "content2", zed="Zed")
    launch = TrainingLaunch(persona_id="zed", seed=7, trainee="Ann")
    app = make_app(content=content, content_root=folder, training=launch)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert "What you know about Zed" in screen_text(app)


async def test_a_persona_renamed_in_the_content_folder_is_shown_by_its_new_name(
    make_app, content, tmp_path: Path
) -> None:
    from assistant.ui.screens.training import PersonaChooser

    folder = _content_folder_with(tmp_path / "content2", stan="Stanley")
    app = make_app(content=content, content_root=folder, training=TrainingLaunch(seed=7))
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PersonaChooser)
        assert app.screen.personas["stan"].name == "Stanley"
        assert "Stanley, 68" in screen_text(app)


async def test_an_unknown_persona_asked_for_leaves_the_chooser_and_says_so(
    make_app, content, tmp_path: Path
) -> None:
    from assistant.ui.screens.training import PersonaChooser

    launch = TrainingLaunch(persona_id="stna", seed=7, trainee="Ann")
    app = make_app(content=content, training=launch)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PersonaChooser)
        said = [n.message for n in app._notifications]
        assert any("There is no persona `stna` (did you mean `stan`?)" in m for m in said)
