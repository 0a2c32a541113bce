"""A list entry's dialog with no field shown only for a choice (no `shown_when`) does not
work out which fields to show at each key typed: there is nothing to show or hide."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input
from ui_support import press, settle

from assistant.flows.model import AskNode
from assistant.ui.widgets.record_form import RecordForm

PEOPLE = AskNode.model_validate(
    {
        "id": "people",
        "kind": "ask",
        "type": "records",
        "prompt": "Who is in your life?",
        "store": "network.people",
        "item_name": "person",
        "fields": [
            {"name": "name", "label": "Name", "type": "text"},
            {"name": "note", "label": "A note", "type": "text"},
        ],
    }
)


async def test_typing_does_not_work_out_the_fields_again(
    make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(RecordForm(PEOPLE, None))
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        calls: list[None] = []
        monkeypatch.setattr(form, "_show_fields", lambda: calls.append(None))
        form.query_one("#field-name", Input).focus()
        await press(pilot, "J", "o")
        assert form.query_one("#field-name", Input).value == "Jo"
        assert calls == []
