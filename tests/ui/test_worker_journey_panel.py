"""The worker's journey in a real meeting, by keys (issue 16): in Things to do and places to go
the worker writes down what they will find out before next time; it is on disk at once, as
the worker's, and the plan so far shows it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ui_support import open_meeting, open_topic, screen_text, settle, through_topic

from assistant.records import CaseStore

SIZE = (120, 40)


@pytest.mark.slow
async def test_the_workers_list_is_saved_by_keys_and_shown_in_the_plan_so_far(
    make_app: Any, content: Any, data_dir: Path
) -> None:
    app = make_app(content=content)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meeting(app, pilot)
        # A record is kept only once the person agrees (Getting started).
        await open_topic(pilot, screen, "getting_started")
        await through_topic(pilot, screen, {"name": [*"Sam", "enter"], "consent_record": ["y"]})
        await open_topic(pilot, screen, "community")
        add = ["a", *"Ring the allotment society", "tab", *"A community garden", "ctrl+s"]
        seen = await through_topic(pilot, screen, {"actions": [*add, "ctrl+s"]})
        assert "actions" in seen
        await settle(app, pilot)
        person = app.store.list_people()[0].id
        shown = screen_text(app)
    with CaseStore(data_dir).read(person) as case:
        data = case.sessions()[-1]["state"]["data"]
        log = case.sessions()[-1]["state"]["log"]
    # The list may start with what the person asked of the worker on the way (going along
    # the first time): the one typed here is kept with what it is for.
    [task] = [a for a in data["worker_journey"]["actions"] if not a["id"].startswith("asked-")]
    assert (task["what"], task["why"]) == ("Ring the allotment society", "A community garden")
    [entry] = [e for e in log if e.get("path") == "worker_journey.actions"]
    assert entry["by"] == "worker"
    assert "Ring the allotment society" in shown
