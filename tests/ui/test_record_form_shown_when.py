"""A list entry's dialog shows a field with `shown_when` only while the choice it follows
has one of its values: live as the choice changes (keys or mouse), out of the Tab order when
hidden, its words left out at Save; an entry stored before with words there keeps it shown
(only stored words: what the dialog keeps is what the meeting keeps at Done)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Select, Static
from ui_support import middle, open_meeting, post_click, press, screen_text, settle, widget_text

from assistant.authoring.content import load_content
from assistant.flows.model import AskNode
from assistant.ui.widgets.record_form import RecordForm
from assistant.ui.widgets.records_editor import RecordsAnswer

ACTIONS = AskNode.model_validate(
    {
        "id": "actions",
        "kind": "ask",
        "type": "records",
        "prompt": "What will happen?",
        "store": "goal.actions",
        "item_name": "action",
        "fields": [
            {"name": "what", "label": "What", "type": "text"},
            {
                "name": "who",
                "label": "Who will do it",
                "type": "choice",
                "options": [
                    {"value": "me", "label": "Me"},
                    {"value": "someone_else", "label": "Someone else"},
                ],
            },
            {
                "name": "who_else",
                "label": "If someone else, who",
                "type": "text",
                "shown_when": {"field": "who", "is": ["someone_else"]},
            },
            {"name": "note", "label": "A note", "type": "text"},
        ],
    }
)


async def _open(app: Any, pilot: Any, stored: dict[str, Any] | None = None) -> RecordForm:
    """The dialog for ``stored`` (an entry saved with the list before, as on the list)."""
    await settle(app, pilot)
    saved: list[Any] = []
    app.push_screen(RecordForm(ACTIONS, stored, earlier=stored), saved.append)
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, RecordForm)
    form.saved = saved  # type: ignore[attr-defined]
    return form


def _shown(form: RecordForm) -> bool:
    return form.query_one("#field-who_else", Input).display


def _note(form: RecordForm) -> str | None:
    """The words under "If someone else, who" when they are on screen, else None."""
    note = form.query_one(".field-note", Static)
    return widget_text(note) if note.display else None


async def _pick_by_keys(pilot: Any, form: RecordForm, downs: int) -> None:
    form.query_one("#field-who", Select).focus()
    await press(pilot, "enter", *["down"] * downs, "enter")


async def test_the_field_is_hidden_until_its_choice_is_picked(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open(app, pilot)
        assert not _shown(form)
        assert "If someone else, who" not in screen_text(app)


async def test_picking_the_choice_by_keys_shows_it_and_another_hides_it(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open(app, pilot)
        await _pick_by_keys(pilot, form, 2)  # Choose… -> Me -> Someone else
        assert form.query_one("#field-who", Select).value == "someone_else"
        assert _shown(form)
        assert "If someone else, who" in screen_text(app)
        await press(pilot, "enter", "up", "enter")  # from Someone else up to Me
        assert form.query_one("#field-who", Select).value == "me"
        assert not _shown(form)


async def test_picking_the_choice_with_the_mouse_shows_it(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open(app, pilot)
        assert not _shown(form)
        await post_click(app, pilot, *middle(form.query_one("#field-who", Select)))
        overlay = app.screen.query_one("SelectOverlay")
        # One line an option: Choose…, Me, Someone else.
        row = overlay.content_region.y + 2 - overlay.scroll_offset.y
        await post_click(app, pilot, overlay.region.x + 3, row)
        assert form.query_one("#field-who", Select).value == "someone_else"
        assert _shown(form)


async def test_tab_skips_the_hidden_field(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open(app, pilot)
        form.query_one("#field-who", Select).focus()
        await press(pilot, "tab")
        assert app.focused is form.query_one("#field-note", Input)


async def test_tab_goes_to_the_field_once_it_is_shown(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open(app, pilot)
        await _pick_by_keys(pilot, form, 2)
        await press(pilot, "tab")
        assert app.focused is form.query_one("#field-who_else", Input)


async def test_words_in_a_field_hidden_again_are_not_saved(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open(app, pilot)
        await press(pilot, *"Ring")
        await _pick_by_keys(pilot, form, 2)
        await press(pilot, "tab", *"Jo")
        form.query_one("#field-who", Select).value = "me"
        await settle(app, pilot)
        assert not _shown(form)
        await press(pilot, "ctrl+s")
        (saved,) = form.saved  # type: ignore[attr-defined]
        assert saved["who"] == "me" and "who_else" not in saved


async def test_an_entry_saved_before_with_words_there_keeps_the_field_shown(
    make_app: Any,
) -> None:
    old = {"id": "a1", "what": "Ring", "who": "me", "who_else": "Jo"}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open(app, pilot, old)
        assert _shown(form)
        assert form.query_one("#field-who_else", Input).value == "Jo"
        await press(pilot, "ctrl+s")
        (saved,) = form.saved  # type: ignore[attr-defined]
        assert saved["who_else"] == "Jo"


NOTE = "This is only used when “Who will do it” is “Someone else”. Clear it if it is not needed."


async def test_words_kept_from_before_say_when_they_are_used(make_app: Any) -> None:
    old = {"id": "a1", "what": "Ring", "who": "me", "who_else": "Jo"}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open(app, pilot, old)
        assert _note(form) == NOTE


async def test_the_note_goes_when_the_words_are_cleared(make_app: Any) -> None:
    old = {"id": "a1", "what": "Ring", "who": "me", "who_else": "Jo"}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open(app, pilot, old)
        form.query_one("#field-who_else", Input).focus()
        await press(pilot, "backspace", "backspace")
        assert _shown(form)  # still there to type in again, until saved
        assert _note(form) is None
        await press(pilot, "ctrl+s")
        (saved,) = form.saved  # type: ignore[attr-defined]
        assert "who_else" not in saved


async def test_no_note_while_the_choice_asks_for_the_field(make_app: Any) -> None:
    old = {"id": "a1", "what": "Ring", "who": "someone_else", "who_else": "Jo"}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open(app, pilot, old)
        assert _shown(form)
        assert _note(form) is None


async def test_a_dialog_whose_fields_all_start_hidden_opens_on_cancel(make_app: Any) -> None:
    each_other = AskNode.model_validate(
        {
            "id": "pair",
            "kind": "ask",
            "type": "records",
            "prompt": "Which?",
            "store": "pair",
            "fields": [
                {
                    "name": "a",
                    "label": "A",
                    "type": "choice",
                    "options": ["x"],
                    "shown_when": {"field": "b", "is": ["x"]},
                },
                {
                    "name": "b",
                    "label": "B",
                    "type": "choice",
                    "options": ["x"],
                    "shown_when": {"field": "a", "is": ["x"]},
                },
            ],
        }
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(RecordForm(each_other, None))
        await settle(app, pilot)
        assert isinstance(app.screen, RecordForm)
        assert app.focused is app.screen.query_one("#form-cancel")


# In a meeting: the list's dialog and the meeting at Done agree on what an entry keeps.
STEPS_TOPIC = """
id: steps
title: Steps
description: What will happen, and who will do it.
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
    store: steps.actions
    item_name: action
    item_label: "{{ item.what }}"
    fields:
      - {name: what, label: What, type: text}
      - name: who
        label: Who will do it
        type: choice
        options:
          - {value: me, label: Me}
          - {value: someone_else, label: Someone else}
      - name: who_else
        label: If someone else, who
        type: text
        shown_when: {field: who, is: [someone_else]}
  - id: done
    kind: end
"""


async def _pick_me_instead(pilot: Any, form: RecordForm) -> None:
    """From "Someone else" up to "Me", by keys."""
    form.query_one("#field-who", Select).focus()
    await press(pilot, "enter", "up", "enter")


async def _at_the_list(app: Any, pilot: Any, stored: list[Any] | None = None) -> Any:
    screen = await open_meeting(app, pilot)
    if stored is not None:
        screen.meeting.conv.data["steps"] = {"actions": stored}  # as an earlier meeting left it
    await press(pilot, "enter", "y")  # the topic, then yes to the record
    await settle(app, pilot)
    assert screen.meeting.conv.step.node_id == "actions"
    return screen


async def test_words_saved_in_the_list_a_moment_ago_are_not_kept_for_another_choice(
    make_app: Any, write_topics: Any
) -> None:
    # Added with "Someone else" and Carol, then changed to "Me" in the same list: the field
    # stayed in view ("Clear it if it is not needed") and Save kept Carol on the list, but
    # Done found no stored entry and dropped her without a word.
    app = make_app(content=load_content(write_topics(steps=STEPS_TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_the_list(app, pilot)
        await press(pilot, "a", *"Ring")
        form = app.screen
        assert isinstance(form, RecordForm)
        await _pick_by_keys(pilot, form, 2)  # Someone else
        await press(pilot, "tab", *"Carol", "ctrl+s")
        await press(pilot, "enter")  # change the action just added
        form = app.screen
        assert isinstance(form, RecordForm)
        assert _shown(form)
        await _pick_me_instead(pilot, form)
        assert form.query_one("#field-who", Select).value == "me"
        assert not _shown(form)
        await press(pilot, "ctrl+s")
        (on_list,) = screen.query_one(RecordsAnswer).records
        assert "who_else" not in on_list
        await press(pilot, "ctrl+s")  # Done
        (kept,) = screen.meeting.conv.data["steps"]["actions"]
        assert kept == on_list


async def test_words_stored_before_stay_in_view_and_are_kept_at_done(
    make_app: Any, write_topics: Any
) -> None:
    stored = [{"id": "a1", "what": "Ring", "who": "someone_else", "who_else": "Carol"}]
    app = make_app(content=load_content(write_topics(steps=STEPS_TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_the_list(app, pilot, stored)
        await press(pilot, "enter")  # change the stored action
        form = app.screen
        assert isinstance(form, RecordForm)
        await _pick_me_instead(pilot, form)
        assert form.query_one("#field-who", Select).value == "me"
        assert _note(form) == NOTE
        await press(pilot, "ctrl+s", "ctrl+s")  # Save, then Done
        (kept,) = screen.meeting.conv.data["steps"]["actions"]
        assert kept["who"] == "me" and kept["who_else"] == "Carol"


async def test_someone_else_with_no_one_named_is_asked_about_before_saving(
    make_app: Any,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open(app, pilot)
        await press(pilot, *"Ring")
        await _pick_by_keys(pilot, form, 2)
        await press(pilot, "ctrl+s")
        assert form.saved == []  # type: ignore[attr-defined]
        assert "“If someone else, who” is empty" in screen_text(app)
        assert app.focused is form.query_one("#field-who_else", Input)


async def test_a_second_save_keeps_someone_else_blank_on_purpose(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _open(app, pilot)
        await press(pilot, *"Ring")
        await _pick_by_keys(pilot, form, 2)
        await press(pilot, "ctrl+s", "ctrl+s")
        (saved,) = form.saved  # type: ignore[attr-defined]
        assert saved["who"] == "someone_else" and not saved.get("who_else")
