"""Agency content packs for the layering tests, written into a temporary folder."""

from __future__ import annotations

from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "sample"
TOPIC_HEAD = "# yaml-language-server: $schema=../schema/topic.schema.json\n"
MANIFEST = "name: Eastgate team\nformat: 1\n"


def write_pack(folder: Path, files: dict[str, str] | None = None, manifest: str = MANIFEST) -> Path:
    """A pack at ``folder``: its pack.yaml, then each of ``files`` (path in the pack: text)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(manifest, encoding="utf-8")
    for name, text in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def topic(topic_id: str, title: str, *, say: str = "Hello.", listed: bool = True) -> str:
    """A topic that says ``say`` and ends."""
    return (
        TOPIC_HEAD
        + f"id: {topic_id}\ntitle: {title}\ndescription: {title}, our way.\n"
        + ("" if listed else "listed: false\n")
        + "nodes:\n"
        + f"  - id: hello\n    kind: say\n    text: {say}\n"
        + "  - id: done\n    kind: end\n"
    )
