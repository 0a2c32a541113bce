"""A meeting paused in "Our plan and next time" before who else was there (and what the
worker gave) moved before the sharing questions: resumed, those two are still asked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from assistant.authoring.content import load_content
from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.locations import content_dir

MOVED = ("others_present", "information_given")


def _in_the_old_order(tmp_path: Path) -> Content:
    """The shipped content with Closing as it was: the two asked after `took_part`."""
    folder = tmp_path / "content"
    shutil.copytree(content_dir(), folder)
    closing = folder / "flows" / "closing.yaml"
    text = closing.read_text(encoding="utf-8")
    blocks = re.split(r"(?m)^(?=  - id: |  # )", text)
    moved = [b for b in blocks if b.startswith(tuple(f"  - id: {n}\n" for n in MOVED))]
    kept = [b for b in blocks if b not in moved]
    at = next(i for i, b in enumerate(kept) if b.startswith("  - id: finish\n"))
    closing.write_text("".join([*kept[:at], *moved, *kept[at:]]), encoding="utf-8")
    return load_content(folder)


def test_closing_paused_at_the_copy_in_the_old_order_asks_who_else_was_there(
    tmp_path: Path, content: Content
) -> None:
    old = _in_the_old_order(tmp_path)
    conv = Conversation(old)
    conv.goto_topic("closing")
    while conv.step.node_id != "copy":
        assert conv.step.node_id not in MOVED
        if conv.step.kind == "ask":
            conv.skip(by="both")
        else:
            conv.proceed()
    resumed = Conversation.from_state(content, conv.to_state())
    assert resumed.step.node_id == "others_present"
