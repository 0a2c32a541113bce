"""Home, when a topic of the agency's pack has a mistake: a topic of the pack's own that
nothing needs is left out and named (meetings start without it); otherwise meetings cannot
start, and the worker is told how to carry on today with the content the app came with."""

from __future__ import annotations

import json
from pathlib import Path

from ui_support import settle, widget_text

from assistant.content_pack.scaffold import new_pack

BROKEN = """\
id: our_welcome
title: About our service
description: What our service offers.
nodes:
  - id: hello
    kind: say
    text: "Hello {{ person.name | upper }"
  - id: done
    kind: end
"""


def _pack(tmp_path: Path, name: str = "our_welcome.yaml", text: str = BROKEN) -> Path:
    pack = new_pack(tmp_path / "ours", "Eastgate").folder
    (pack / "flows" / name).write_text(text, encoding="utf-8")
    return pack


def _chosen_in_settings(tmp_path: Path, pack: Path) -> Path:
    settings = tmp_path / "app.json"
    settings.write_text(json.dumps({"content_pack": str(pack)}), encoding="utf-8")
    return settings


async def test_home_names_the_topic_left_out_and_meetings_can_start(make_app, tmp_path) -> None:
    app = make_app(content=None, settings_path=_chosen_in_settings(tmp_path, _pack(tmp_path)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.topic_content is not None and app.content_problem is None
        assert "our_welcome" not in app.topic_content.topics
        text = " ".join(widget_text(app.screen.query_one("#home-notices")).split())
        assert "“About our service”" in text and "left out of meetings" in text


async def test_a_broken_copy_of_a_shipped_topic_says_how_to_carry_on_today(
    make_app, tmp_path
) -> None:
    broken = BROKEN.replace("id: our_welcome", "id: concern_detail")
    pack = _pack(tmp_path, "concern_detail.yaml", broken)
    app = make_app(content=None, settings_path=_chosen_in_settings(tmp_path, pack))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.topic_content is None
        problem = " ".join((app.content_problem or "").split())
        assert "meetings cannot start" in problem
        assert "To hold meetings today with the content the app came with" in problem
        assert "Clear under Agency content pack" in problem
        assert "cpi-assistant pack forget" in problem
        assert "concern_detail.yaml:7:" in problem
