"""Helpers for the directory view's tests (test_directory_view.py, test_snapshots_directory.py):
a small topic beside a copy of the shipped directory, and the way into the view by keys."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from ui_support import open_meeting, open_topic, press, settle

from assistant.directory import default_directory_path

TOPIC = """
id: likes
title: What I like
description: What the person enjoys and can do, and things to try.
order: 1
nodes:
  - id: interests
    kind: ask
    type: long_text
    speaker: person
    prompt: "What do you enjoy doing, or used to enjoy?"
    store: about.interests
  - id: strengths
    kind: ask
    type: text
    speaker: person
    prompt: "What are you good at?"
    store: about.strengths
  - id: list
    kind: ask
    type: records
    speaker: person
    prompt: "Let's write down anything you would like to try."
    store: community.list
    item_label: "{{ item.what }}"
    item_name: "something to try"
    fields:
      - name: what
        label: What it is
        type: text
        required: true
      - name: where
        label: Where
        type: choice
        options:
          - value: near
            label: Near me
          - value: online
            label: Online
      - name: idea_from
        label: Whose idea
        type: choice
        options:
          - value: me
            label: My idea
          - value: worker
            label: My worker's idea
          - value: together
            label: We thought of it together
          - value: someone_else
            label: Someone else's idea
  - id: note
    kind: ask
    type: text
    speaker: person
    prompt: "Anything else?"
    store: about.note
  - id: done
    kind: end
"""

HOSTILE_NAME = "[b]Jam[/b] [/] {{ 7*7 }} [@click=app.quit]x[/]"
HOSTILE = f"""
id: hostile_jam
name: "{HOSTILE_NAME}"
kind: music
description: "Bring [red]your[/red] own $var {{{{ x }}}} and [/] more."
tags: [music]
area: town_centre
when: "Tuesdays [/], 7pm"
cost: Free
free: true
access: "Step-free [i]mostly"
contact:
  phone: "01632 960000"
bring_someone: true
first_visit:
  - "Say [b]hi[/b]"
checked: "2020-01-01"
"""


def write_directory_content(root: Path) -> Path:
    """The topic above beside the shipped directory and one hostile, long-unchecked entry,
    written into ``root``; returns it (load it with ``load_content``)."""
    (root / "flows").mkdir(parents=True)
    (root / "flows" / "likes.yaml").write_text(TOPIC.lstrip(), encoding="utf-8")
    shutil.copytree(default_directory_path(), root / "directory")
    (root / "directory" / "hostile_jam.yaml").write_text(HOSTILE.lstrip(), encoding="utf-8")
    return root


async def open_from_home(app: Any, pilot: Any) -> Any:
    """Home, then d: the directory to browse."""
    from assistant.ui.screens.directory import DirectoryScreen

    await settle(app, pilot)
    await press(pilot, "d")
    await settle(app, pilot)
    assert isinstance(app.screen, DirectoryScreen)
    return app.screen


async def meeting_at_list(app: Any, pilot: Any) -> Any:
    """A meeting where the person said what they enjoy and can do, at the things-to-try list."""
    await settle(app, pilot)  # Home is up
    screen = await open_meeting(app, pilot)
    await open_topic(pilot, screen, "likes")
    await press(pilot, *"I used to love fishing, and I like music", "ctrl+s")
    await press(pilot, *"I can fix bikes", "enter")
    assert screen.meeting.conv.step.node_id == "list"
    return screen


async def open_in_meeting(app: Any, pilot: Any) -> Any:
    """ctrl+\\ in the meeting: the directory with suggestions."""
    from assistant.ui.screens.directory import MeetingDirectoryScreen

    await press(pilot, "ctrl+backslash")
    await settle(app, pilot)
    assert isinstance(app.screen, MeetingDirectoryScreen)
    return app.screen
