"""How to reach me, and contacts (issue 14), by keys in the real app with the shipped topics:
the person's words, a personal contact added with the list editor (who they are, how to reach
them, OK in an emergency), a question left for another day, and the plan panel showing them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui_support import open_meeting, open_topic, press, screen_text, settle

from assistant.ui.app import make_app
from assistant.ui.widgets.record_form import RecordForm


async def test_contacts_by_keys(data_dir: Path, content: Any) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = await open_meeting(app, pilot)
        conv = screen.meeting.conv
        await open_topic(pilot, screen, "contacts")
        assert conv.step.node_id == "intro"
        await press(pilot, "enter")
        assert conv.step.node_id == "how_to_contact"
        await press(pilot, *"Text me [b]first[/b]", "ctrl+s")
        assert conv.step.node_id == "communication"
        await press(pilot, "f7")  # not today
        assert conv.step.node_id == "personal"
        await press(pilot, "a")
        assert isinstance(app.screen, RecordForm)
        # Name; who they are (a list: Enter opens it, Down twice is "My next of kin", Enter);
        # how to reach them; OK in an emergency (Down is "Yes").
        await press(pilot, *"Dan", "tab", "enter", "down", "down", "enter")
        await press(pilot, "tab", *"Mobile", "tab", "enter", "down", "enter", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        await press(pilot, "ctrl+s")
        assert conv.step.node_id == "professional"
        await press(pilot, "f7")
        await press(pilot, "enter")  # the end
        await settle(app, pilot)
        assert conv.step.kind == "topics"
        stored = conv.data["contacts"]
        assert stored["how_to_contact"] == "Text me [b]first[/b]"
        assert "communication" not in stored
        (dan,) = stored["personal"]
        assert (dan["name"], dan["relationship"], dan["how_to_reach"], dan["emergency"]) == (
            "Dan",
            "next_of_kin",
            "Mobile",
            True,
        )
        # The plan panel shows the words as typed (never as markup).
        assert "Text me [b]first[/b]" in screen_text(app)
