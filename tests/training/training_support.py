"""Shared helpers for the training tests: a hand-set clock, a small content set with known
tags and stores, and a made-up test persona."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

# Far ahead: the engine refuses dates before the real today(), so the test day must be later.
T0 = dt.datetime(2099, 3, 2, 10, 0, 0, tzinfo=dt.UTC)


class Clock:
    """A clock that stands still until the test moves it."""

    def __init__(self, start: dt.datetime = T0) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def at(self, seconds: int) -> Clock:
        """Set the time to ``seconds`` after T0."""
        self.now = T0 + dt.timedelta(seconds=seconds)
        return self


# A small topic set whose tags and stores the tests know by heart.
MINI_FLOWS = {
    "what_matters": """
        id: what_matters
        title: What matters
        description: About you.
        order: 10
        nodes:
          - id: intro
            kind: say
            text: Let's start with you.
            tags: [person_centred, worker_attitudes]
          - id: interests
            kind: ask
            type: long_text
            prompt: What do you enjoy?
            store: about.interests
            tags: [person_centred, engagement_through_activities]
          - id: hopes
            kind: ask
            type: long_text
            prompt: What are you hoping for?
            store: about.hopes
            tags: [person_centred, goal_setting]
          - id: mood
            kind: ask
            type: rating
            prompt: How are things, 1 to 7?
            store: ratings.mood
            tags: [person_centred]
          - id: finish
            kind: end
    """,
    "concerns": """
        id: concerns
        title: Things that make it hard
        description: What gets in the way.
        order: 20
        nodes:
          - id: list
            kind: ask
            type: records
            prompt: What makes it hard?
            store: concerns.list
            fields:
              - name: kind
                label: What it is about
                type: choice
                required: true
                options: [confidence, trust, money, other]
              - name: words
                label: In your words
                type: text
            tags: [overcoming_barriers, person_centred]
          - id: each
            kind: repeat
            over: concerns.list
            as: concern
            topic: concern_detail
          - id: finish
            kind: end
    """,
    "concern_detail": """
        id: concern_detail
        title: One concern
        description: One thing that makes it hard.
        listed: false
        nodes:
          - id: might_help
            kind: ask
            type: long_text
            prompt: What might help?
            store: concern.might_help
            tags: [overcoming_barriers, co_production]
          - id: done
            kind: end
    """,
    "goals": """
        id: goals
        title: Goals
        description: What you would like to work on.
        order: 30
        nodes:
          - id: list
            kind: ask
            type: records
            prompt: What would you like to work on?
            store: goals.list
            fields:
              - name: what
                label: My goal
                type: text
                required: true
              - name: idea_from
                label: Whose idea
                type: choice
                options: [me, worker, together, someone_else]
            tags: [goal_setting, co_production]
          - id: each
            kind: repeat
            over: goals.list
            as: goal
            topic: goal_steps
          - id: finish
            kind: end
    """,
    "goal_steps": """
        id: goal_steps
        title: One goal
        description: Steps for one goal.
        listed: false
        nodes:
          - id: actions
            kind: ask
            type: records
            speaker: both
            prompt: What will happen, who, by when?
            store: goal.actions
            fields:
              - name: what
                label: What
                type: text
                required: true
              - name: who
                label: Who
                type: choice
                options: [me, worker, both, someone_else]
              - name: by_when
                label: By when
                type: date
            tags: [goal_setting, taking_responsibility]
          - id: done
            kind: end
    """,
    "community": """
        id: community
        title: Places to go
        description: Things to do.
        order: 40
        nodes:
          - id: next
            kind: menu
            prompt: Shall we look at places?
            options:
              - {id: go_on, label: Go on, goto: try}
              - {id: stop, label: Stop here, goto: finish}
            tags: [outward_facing]
          - id: try
            kind: ask
            type: text
            speaker: person
            prompt: What would you like to try?
            store: community.try
            tags: [outward_facing, new_networks]
          - id: go
            kind: ask
            type: choice
            prompt: Shall we go together?
            options: [yes, no]
            store: community.go
            tags: [practical_support]
          - id: worker_view
            kind: ask
            type: long_text
            speaker: worker
            prompt: Worker, what do you think?
            store: worker.view
            tags: [worker_attitudes]
          - id: finish
            kind: end
    """,
}


def write_mini(root: Path) -> Path:
    flows = root / "flows"
    flows.mkdir(parents=True, exist_ok=True)
    for name, text in MINI_FLOWS.items():
        (flows / f"{name}.yaml").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


TESS: dict[str, Any] = {
    "id": "tess",
    "name": "Tess",
    "age": 40,
    "pronouns": "she/her",
    "summary": "A made-up person for tests.",
    "backstory": "Made up for tests.",
    "what_matters": ["Swimming"],
    "concerns": [
        {
            "id": "shy",
            "kind": "confidence",
            "words": "Shy with new people.",
            "details": {"might_help": "Going with someone."},
        },
        {"id": "cash", "kind": "money", "words": "Money is tight.", "share_at": 5},
    ],
    "goals": [
        {
            "id": "swim",
            "what": "Learn to swim",
            "match": ["swim", "pool"],
            "agree": ["Yes, swimming!"],
            "details": {
                "actions": {"value": [{"what": "Ring the pool", "who": "me", "by_when": "+7d"}]}
            },
        },
        {"id": "paint", "what": "Paint again", "match": ["paint"], "share_at": 4},
    ],
    "turns_down": [{"idea": "Bingo", "match": ["bingo"], "words": ["Bingo? Never."]}],
    "warmth": {"start": 0, "open_at": 2, "ready_after": ["what_matters", "concerns"]},
    "voice": {
        "pushback": ["Not for me."],
        "not_yet": ["Too soon."],
        "agree": ["OK."],
        "not_today": ["Pass."],
        "talked_over": ["I can speak for myself."],
    },
    "answers": {
        "what_matters.interests": {"guarded": ["Not much."], "open": ["Swimming and painting."]},
        "what_matters.mood": "not a number",
        "community.go": "yes",
    },
    "by_tag": {"goal_setting": ["To be happier."]},
    "by_type": {"rating": [5], "long_text": ["I don't know."]},
    "role_card": {
        "who_you_are": "You are Tess.",
        "how_you_come_across": "Quiet.",
        "at_the_start": "Short answers.",
        "as_you_warm_up": "Talk about swimming.",
        "if_pushed": "Say no to bingo.",
    },
    "trainer": {"notes": ["A persona for tests."]},
}
