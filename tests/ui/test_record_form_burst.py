"""The goals' Add-action dialog takes a burst of keys (no pause between them, as a fast
typist at the real terminal types them) exactly as if typed slowly: the drop-downs opened
and picked, the date typed, and the field shown for "Someone else" reached by the Tab after
it, in order, none lost. (A tester's report of this very burst losing keys: `a`, the
action, Tab, Enter, Down Down, Enter, Tab, Enter, Down x4, Enter, Tab, a date, Tab, a name.
It did not happen here, nor in tmux at 100x30 with two busy cores: this pins it.)"""

from __future__ import annotations

from typing import Any

import pytest
from test_key_order import burst, node_id, until
from textual.widgets import Input, Select
from textual.widgets._select import SelectOverlay
from ui_support import open_meeting, press

from assistant.authoring.content import load_content
from assistant.ui.widgets.record_form import RecordForm

ACTION_TOPIC = """
id: acts
title: Actions
description: One list of actions, as the goals' list has.
order: 1
nodes:
  - id: consent
    kind: ask
    type: yes_no
    prompt: "Is it OK to keep a record of what we say?"
    store: consent.record
  - id: actions
    kind: ask
    type: records
    prompt: "What will happen?"
    store: goal.actions
    item_label: "{{ item.what }}"
    item_name: action
    fields:
      - {name: what, label: What, type: text, required: true}
      - name: idea_from
        label: Whose idea
        type: choice
        options:
          - {value: me, label: My idea}
          - {value: worker, label: My worker's idea}
          - {value: together, label: We thought of it together}
          - {value: someone_else, label: Someone else's idea}
      - name: who
        label: Who will do it
        type: choice
        options:
          - {value: me, label: Me}
          - {value: worker, label: My worker}
          - {value: both, label: Both of us}
          - {value: someone_else, label: Someone else}
      - {name: by_when, label: By when, type: date}
      - name: who_else
        label: If someone else, who
        type: text
        shown_when: {field: who, is: [someone_else]}
  - id: done
    kind: end
"""


def form_state(app: Any) -> object:
    """The screen on top, and each field's value and the focus when it is the form."""
    screen = app.screen
    if not isinstance(screen, RecordForm):
        return type(screen).__name__
    fields = {w.id: w.value for w in screen.query(Input)}
    fields.update({w.id: w.value for w in screen.query(Select)})
    focused = app.focused.id if app.focused is not None else None
    return {"fields": fields, "focused": focused}


async def test_an_action_typed_in_one_burst_lands_in_every_field(
    make_app: Any, write_topics: Any
) -> None:
    app = make_app(content=load_content(write_topics(acts=ACTION_TOPIC)))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "enter", "y")  # the only topic, then yes to the record
        await until(pilot, lambda: node_id(screen) == "actions", "at the list")
        burst(
            app,
            "a",
            "Ring the church",
            "tab",
            "enter",
            "down",
            "down",
            "enter",
            "tab",
            "enter",
            *["down"] * 4,
            "enter",
            "tab",
            "next Tuesday",
            "tab",
            "Reverend Ann at St Mark's",
        )
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, RecordForm)
                and app.screen.query_one("#field-who_else", Input).value
                == "Reverend Ann at St Mark's"
            ),
            "every key landed",
            lambda: form_state(app),
        )
        form = app.screen
        assert form.query_one("#field-idea_from", Select).value == "worker"
        assert form.query_one("#field-who", Select).value == "someone_else"
        assert form.query_one("#field-by_when", Input).value == "next Tuesday"


#: Turns of the app's queue a pick waits for on its way from a drop-down's list to the
#: drop-down, as on a busy computer: more than a key's settling once counted on.
PICK_HOPS = 12


def slow_pick(self: SelectOverlay, event: Any) -> None:
    """A drop-down list that passes a pick on only after ``PICK_HOPS`` turns of the app's
    queue and its own (each turn a message waiting behind others)."""
    event.stop()
    index = event.option_index

    def forward(left: int) -> None:
        if left:
            self.app.call_later(self.call_later, forward, left - 1)
        else:
            self.post_message(self.UpdateSelection(index))

    forward(PICK_HOPS)


async def test_tab_after_a_pick_waits_for_the_pick_to_reach_its_drop_down(
    make_app: Any, write_topics: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual hands the pick (Enter in the list) to the drop-down by messages, and the
    # drop-down takes the focus back by another. When they took more turns than a key's
    # settling waited for, the Tab typed next went to the list still closing, and the keys
    # after it to the wrong drop-down (or none).
    monkeypatch.setattr(SelectOverlay, "on_option_list_option_selected", slow_pick)
    app = make_app(content=load_content(write_topics(acts=ACTION_TOPIC)))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "enter", "y")
        await until(pilot, lambda: node_id(screen) == "actions", "at the list")
        burst(app, "a", "tab", "enter", "down", "down", "enter", "tab", "enter")
        burst(app, *["down"] * 4, "enter", "tab", "next Tuesday")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, RecordForm)
                and app.screen.query_one("#field-by_when", Input).value == "next Tuesday"
            ),
            "the date was typed in its field",
            lambda: form_state(app),
        )
        form = app.screen
        assert form.query_one("#field-idea_from", Select).value == "worker"
        assert form.query_one("#field-who", Select).value == "someone_else"
