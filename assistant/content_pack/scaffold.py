"""Make a new agency content pack: the folders and commented starting files (``pack new``).

The pack starts as a copy of nothing the app needs: every file in it either explains itself
(READMEs, commented samples that are not loaded) or is the shipped example agency file with
``example: true`` kept, so a new pack changes nothing until the agency fills it in, and
``cpi-assistant validate --strict`` of it is clean from the start.

Nothing is ever written inside the app's own folders (an upgrade would replace it), and no
file that is already there is overwritten.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.content_pack.choice import inside_the_app
from assistant.content_pack.manifest import PACK_FILE, PACK_FORMAT
from assistant.locations import content_dir
from assistant.safe_read import read_regular

#: New files: readable by everyone who can use the app, writable only by their owner (a pack
#: holds no personal data, but a world-writable one would let anyone change the content).
FILE_MODE = 0o644
DIR_MODE = 0o755
#: The longest pack name kept (it is shown on Home and in Settings).
MAX_NAME = 80

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class ScaffoldRefused(Exception):
    """The pack cannot be made there; the message says why, in plain words."""


@dataclass
class Scaffolded:
    """What ``new_pack`` did."""

    folder: Path
    written: list[Path] = field(default_factory=list)
    #: Files of the scaffold that were already there (``force``), left untouched.
    kept: list[Path] = field(default_factory=list)


def clean_name(name: str) -> str:
    """The pack's name as it will be kept: one line, no control characters, not too long."""
    return " ".join(_CONTROL.sub(" ", name).split())[:MAX_NAME].strip()


def shipped_topics() -> list[str]:
    """The ids of the shipped topics offered in the topic list (sub-flows, which only run
    from another topic, cannot be switched off on their own)."""
    ids: list[str] = []
    for path in sorted((content_dir() / "flows").glob("*.yaml")):
        try:
            data = yaml.safe_load(read_regular(path).decode("utf-8"))
        except (OSError, ValueError, yaml.YAMLError):
            continue  # the linter reports a broken shipped topic; the comment can do without
        if isinstance(data, dict) and data.get("listed", True) is not False:
            ids.append(str(data.get("id", path.stem)))
    return ids


def shipped_templates() -> list[Path]:
    """The shipped export templates, which a pack may override by file name."""
    return sorted(p for p in (content_dir() / "templates").iterdir() if p.is_file())


def new_pack(folder: Path, name: str | None = None, *, force: bool = False) -> Scaffolded:
    """Write a new pack into ``folder`` (made if missing).

    Refused (``ScaffoldRefused``) inside the app's own folders, and in a folder that already
    holds files unless ``force``; with ``force``, files already there are kept as they are
    and only the missing ones are written. ``OSError`` when the disk says no.
    """
    target = folder.expanduser().absolute()
    if inside_the_app(target):
        raise ScaffoldRefused(
            f"{target} is inside the app's own files, which the next upgrade replaces. "
            "Make the pack in a folder of its own (your home folder, or a shared drive)."
        )
    if target.exists() and not target.is_dir():
        raise ScaffoldRefused(f"{target} is a file, not a folder.")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise ScaffoldRefused(
            f"{target} is not empty, so nothing was written. Choose an empty or new folder, "
            "or add --force to add the pack's missing files there (files already there are "
            "never changed)."
        )
    title = clean_name(name if name is not None else target.name) or "Our agency's pack"
    done = Scaffolded(target)
    for relative, text in _files(title).items():
        path = target / relative
        path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        try:
            # O_EXCL: a file already there (or a link planted there) is never written through.
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            done.kept.append(path)
            continue
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        done.written.append(path)
    return done


def _files(title: str) -> dict[str, str]:
    return {
        PACK_FILE: _pack_yaml(title),
        "README.md": _README.format(title=title),
        "agency.yaml": _agency_yaml(),
        "directory/README.md": _DIRECTORY_README,
        "directory/_area.yaml": _area_yaml(),
        "directory/example_entry.yaml.sample": _modeline("directory") + _DIRECTORY_SAMPLE,
        "templates/README.md": _TEMPLATES_README.format(
            shipped=content_dir() / "templates",
            names="\n".join(f"- `{p.name}`" for p in shipped_templates()),
        ),
        "flows/README.md": _FLOWS_README,
        "flows/example_topic.yaml.sample": _modeline("topic") + _FLOW_SAMPLE,
        "playthroughs/our_welcome.yaml.sample": _modeline("playthrough") + _PLAYTHROUGH_SAMPLE,
        **_schemas(),
    }


def _pack_yaml(title: str) -> str:
    topics = textwrap.fill(
        ", ".join(shipped_topics()), 96, initial_indent="# ", subsequent_indent="#   "
    )
    # JSON's quoted string is a valid YAML double-quoted scalar: any name stays one string.
    return _PACK_YAML.format(
        name=json.dumps(title, ensure_ascii=False),
        format=PACK_FORMAT,
        topics=topics,
        example=(shipped_topics() or ["a_topic_id"])[-1],
    )


def _agency_yaml() -> str:
    shipped = read_regular(content_dir() / "agency.yaml").decode("utf-8")
    # The shipped file's opening comment tells how to replace it; the pack's own says what
    # to do here instead. Everything from `example: true` on is kept as it is.
    start = shipped.find("\nexample:")
    body = shipped[start + 1 :] if start >= 0 else shipped
    return _modeline("agency", top=True) + _AGENCY_HEAD + "\n" + body


def _area_yaml() -> str:
    shipped = read_regular(content_dir() / "directory" / "_area.yaml").decode("utf-8")
    start = shipped.find("\nexample_data:")
    body = shipped[start + 1 :] if start >= 0 else shipped
    return _modeline("directory") + _AREA_HEAD + "\n" + body


def _modeline(kind: str, top: bool = False) -> str:
    """The editor's schema line (for completion only), pointing at the pack's own copy in
    ``schema/`` relative to the file (``top``: a file at the top of the pack): an absolute
    path to the app's copy would break when the app moves, and the shipped ``../schema/``
    is not there inside a pack."""
    where = "schema" if top else "../schema"
    return f"# yaml-language-server: $schema={where}/{kind}.schema.json\n"


def _schemas() -> dict[str, str]:
    """The app's schemas, copied into the pack's ``schema/`` for editors (``cpi-assistant
    schema --dir PACK/schema`` refreshes them after an upgrade)."""
    folder = content_dir() / "schema"
    return {
        f"schema/{path.name}": read_regular(path).decode("utf-8")
        for path in sorted(folder.glob("*.schema.json"))
    }


_PACK_YAML = """\
# This folder is your agency's own content pack for Connecting People Assistant.
# The app lays it over the content it ships with, and upgrading the app never touches it.
# See docs/agency-pack.md. Check it with:  cpi-assistant validate --strict THIS_FOLDER
# Use it with:  cpi-assistant pack use THIS_FOLDER  (or Settings, or CPI_CONTENT_PACK)

# The pack's name, shown on Home and in Settings so a worker can see which pack is in use.
name: {name}
# The pack format this app version reads. Leave it as it is.
format: {format}
# One or two sentences for whoever looks after the content next.
description: >-
  Our agency's details, local directory and any changes to the topics.

# Shipped topics your agency does not use, by id; they drop out of the topic list.
# The shipped topics are:
{topics}
# For example:  switch_off: [{example}]
switch_off: []
"""

_README = """\
# {title}: our agency's content pack

This folder holds everything that makes Connecting People Assistant ours. The app lays it
over the content it ships with, so an upgrade of the app never changes or loses it.

- `pack.yaml`: the pack's name, and shipped topics switched off.
- `agency.yaml`: our organisation, the worker, out-of-hours and crisis numbers. Fill it in,
  then delete the `example: true` line.
- `directory/`: our local groups and services, one file each. Once there is one, the made-up
  example directory is no longer shown.
- `templates/`: our own versions of the export templates (optional).
- `flows/`: extra topics, or our own version of a shipped topic (optional).
- `personas/`, `playthroughs/`: practice personas and playthroughs for our topics (optional).

After any change, check the pack:

    cpi-assistant validate --strict THIS_FOLDER

Choose it once (it is remembered): `cpi-assistant pack use THIS_FOLDER`, or in the app's
Settings. `cpi-assistant pack show` says which pack is in use and what it changes.
"""

_AGENCY_HEAD = """\
# YOUR AGENCY'S DETAILS. Fill this file in, then delete the line `example: true` below.
# Until you do, the app and every plan say that these details are made up.
# `cpi-assistant agency` shows what the person will be given; `cpi-assistant validate`
# reports anything wrong with its line and column. See docs/agency.md.
#
# What follows is a copy of the made-up example the app ships with.
"""

_DIRECTORY_README = """\
# Our local directory

One file per group, service or activity, named after its `id` (e.g. `quiet_swim.yaml`).
`example_entry.yaml.sample` is a commented example: copy it to a name ending in `.yaml`
and put in the real details. The format is in docs/directory-format.md.

The app ships with a made-up example directory (Brackenford, not a real town). As soon as
this folder holds one entry of our own, the example entries drop out: workers and the
people they work with see only ours. An entry with the same `id` as a shipped one replaces it.

`_area.yaml` is the area the directory covers and its neighbourhoods: put in yours before
adding entries (it is a copy of the made-up example area until you do). Optional:
`_tags.yaml`, tags of our own added to the app's (same format as the app's).
"""

_AREA_HEAD = """\
# YOUR AREA: used once this folder has entries of its own (until then the app's example
# directory is shown, with its own area). Put in your area's name and its neighbourhoods:
# each entry says where it is with `area:` (a neighbourhood id below, `all_areas` or
# `online`). When your entries are real, set `example_data: false` and take out `notice:`.
#
# What follows is a copy of the made-up example area the app ships with.
"""

_DIRECTORY_SAMPLE = """\
# An example entry. To use it: copy this file to a name ending in .yaml, named after its
# id (e.g. riverside_walking_group.yaml), and put in the real details. Everything here is
# shown to the person: write it in plain words, for them.

# The entry's name for the app: lower case, digits and _. Never change it once used.
id: riverside_walking_group
name: Riverside Walking Group
# The main kind of opportunity (the list is grouped by it), one of: arts, music,
# sport_and_walking, gardening, faith, learning, volunteering, peer_support, befriending,
# gaming_and_online, carers, money_advice, employment_support, housing_advice,
# community_transport, social, other (docs/directory-format.md, `kind`).
kind: sport_and_walking
description: >-
  A gentle walk by the river, about an hour. Anyone can come. You do not need to book.
# Tags from _tags.yaml, used to find entries.
tags: [sport, wellbeing]
# A neighbourhood id from _area.yaml, or all_areas, or online.
area: riverside
venue: Meet at the bandstand
when: Wednesdays, 10am
cost: Free
free: true
access: >-
  Flat paths, with benches on the way. Tell the walk leader if you need to go slower.
contact:
  phone: 01632 960000
  web: https://example.org/walks
# Whether the person may bring someone along (a friend, their worker).
bring_someone: true
first_visit:
  - Look for the walk leader in a yellow jacket.
# When these details were last checked with the group (YYYY-MM-DD).
checked: 2026-01-31
"""

_TEMPLATES_README = """\
# Our export templates (optional)

To change how a plan looks when it is exported, copy one of the app's templates into this
folder (`cpi-assistant pack copy plan.md.j2`) and edit the copy. Ours is then used instead
of the app's; templates we have not copied stay the app's own, and get the app's
improvements on upgrade.

The app's templates are in {shipped}
(`cpi-assistant pack templates` lists them with their full paths):

{names}

Template changes are checked by `cpi-assistant validate --strict THIS_PACK`. After an
upgrade, `cpi-assistant pack changes` says which of the app's templates changed since we
copied them, and `cpi-assistant pack changes NAME` shows what changed (`pack copy` kept the
app's file as it was in ../originals/).
"""

_FLOWS_README = """\
# Our topics (optional)

A topic file here is added to the app's topics. One with the same `id` as a shipped topic
replaces it: copy the shipped topic here first (`cpi-assistant pack copy TOPIC_ID`), then
change the copy; after an upgrade, `cpi-assistant pack changes` shows what the app changed in
its own since. To leave a shipped
topic out altogether, name it in `switch_off` in pack.yaml.

`example_topic.yaml.sample` is a small example. It is not used while its name ends in
`.sample`: rename it to `our_welcome.yaml` to try it, then run
`cpi-assistant validate --strict THIS_PACK` and `cpi-assistant explore`.
`../playthroughs/our_welcome.yaml.sample` plays it through (rename it too, then
`cpi-assistant play THIS_PACK/playthroughs`): write one for every route through a topic
of your own.
The format is in docs/content-format.md; write for the person in short, plain sentences.

A plan holds only the parts the app knows (the data model in docs/authors-guide.md).
Answers kept under a name of your own (`our_welcome.hopes`) stay with the meeting, but are in
no plan or copy: `cpi-assistant validate` says so (K306) unless the question says
`in_plan: false` (for the conversation only). Keeping an answer at a path a shipped question
asks would replace that question's answer.
"""

_FLOW_SAMPLE = """\
# A small example topic. Rename this file to our_welcome.yaml to use it.
id: our_welcome
title: About our service
description: What our service offers, and what the person would like from it.
tags: [person_centred]
order: 15
nodes:
  - id: intro
    kind: say
    speaker: person
    text: "Here is a little about our service. Ask anything you like."
    guidance: "Say what the service can and cannot do, in the person's words where you can."
    tags: [person_centred]
  - id: hopes
    kind: ask
    type: long_text
    speaker: person
    prompt: "What would you like from our service?"
    store: our_welcome.hopes
    # For the conversation only: kept with the meeting, in no plan or copy. A plan holds
    # only the parts the app knows; without this line validate says so (K306).
    in_plan: false
    tags: [person_centred]
  - id: done
    kind: end
"""

_PLAYTHROUGH_SAMPLE = """\
# Plays the example topic through, as `cpi-assistant play THIS_PACK/playthroughs` does:
# rename this file to our_welcome.yaml once flows/our_welcome.yaml is in use.
name: Our welcome topic, answered
steps:
  - expect_step: topics
  - go: our_welcome
  - expect_text: "Here is a little about our service."
  - continue
  - expect_ask: hopes
  - answer: "Meet people who like music"
  - expect_step: topics
expect_data:
  our_welcome: {hopes: "Meet people who like music"}
expect_status:
  our_welcome: done
"""
