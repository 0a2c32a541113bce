"""The demo's two meetings (fictional), answered by store path, for ``cpi-assistant demo``.

A first meeting and a review with Sam, played through the shipped content by
:mod:`assistant.plans.autoplay`. The answers name the content's store paths (as
:mod:`assistant.plans.from_session` does), so a moved or renamed answer is changed here too;
the bench script and the plan and export tests build their plans from these meetings.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from assistant.plans.autoplay import Pick, PickShown, Said, per_record

#: The demo person's name on record: never taken for a real person's.
DEMO_NAME = "Sam (demo, fictional)"
#: The demo's meetings, by their session ids (each plan version names its meeting).
DEMO_SESSIONS = ("demo-meeting-1", "demo-meeting-2")


def is_demo_plan(display_name: str | None, session: str | None) -> bool:
    """True for a plan of the demo's fictional person, by its name or meeting, even with its
    training mark taken out of the file."""
    return display_name == DEMO_NAME or session in DEMO_SESSIONS


def also_listed(added: list[dict[str, Any]]) -> Any:
    """A list answer that keeps the entries already stored (as the list editor shows them)
    and adds ``added``."""

    def answer(parent: dict[str, Any]) -> list[dict[str, Any]]:
        stored = parent.get("list")
        return [*(stored if isinstance(stored, list) else []), *added]

    return answer


def demo_meetings(today: _dt.date) -> list[tuple[list[str], dict[str, Any]]]:
    """(topics, answers) for a first meeting and a review, for ``cpi-assistant demo``."""

    def day(offset: int) -> str:
        return (today + _dt.timedelta(days=offset)).isoformat()

    first: dict[str, Any] = {
        "about.name": "Sam",
        "session.at_keyboard": "together",
        "session.what_helps": "Going slowly. Having a cup of tea while we talk.",
        "consent.record": True,
        "about.interests": "Walking by the river, old films, I used to play the guitar",
        "about.strengths": "I'm a good listener.\nI can fix bikes.",
        "about.hopes": "To have someone to go walking with, and to feel less on my own.",
        "about.good_week": "Seeing Jo for a coffee and getting out of the flat most days.",
        "about.what_matters": "My brother Dan, and getting back to playing music.",
        "what_matters.ratings_menu": "ratings_now",
        "ratings.mental_health": 4,
        "ratings.physical_health": 5,
        "ratings.daytime": 2,
        "more_help.daytime": True,
        "ratings.home": 5,
        "ratings.leisure": 3,
        "ratings.friendships": 2,
        "more_help.friendships": True,
        "ratings.family": 4,
        "ratings.safety": 6,
        # Up to three to talk about today (stored in the order offered).
        "ratings_focus": ["daytime", "friendships"],
        # How life feels (the ONS4 questions, 0 to 10; anxious: lower is better).
        "wellbeing.satisfied": 4,
        "wellbeing.worthwhile": 5,
        "wellbeing.happy": 5,
        "wellbeing.anxious": 7,
        "network.people": [
            {"name": "Dan", "relationship": "family", "circle": 1},
            {"name": "Jo", "relationship": "friend", "circle": 1},
            {"name": "Mum", "relationship": "family", "circle": 2},
            {"name": "Priya (CPN)", "relationship": "professional", "circle": 2},
            {"name": "Mr K", "relationship": "neighbour", "circle": 3},
            {"name": "GuitarTabs forum", "relationship": "online", "circle": 3},
        ],
        "network.people.*.contact": per_record(
            "name",
            {
                "Dan": "monthly",
                "Jo": "weekly",
                "Mum": "weekly",
                "Priya (CPN)": "monthly",
                "Mr K": "less_often",
                "GuitarTabs forum": "weekly",
            },
        ),
        "network.people.*.support": per_record(
            "name",
            {
                "Dan": ["emotional", "company"],
                "Jo": ["company"],
                "Mum": ["practical", "when_unwell"],
                "Priya (CPN)": ["advice", "when_unwell"],
                "Mr K": ["practical"],
                "GuitarTabs forum": ["advice"],
            },
        ),
        "network.people.*.feeling": per_record(
            "name", {"Dan": "good", "Jo": "good", "Mum": "mixed", "Mr K": "good"}
        ),
        "network.people.*.want": per_record(
            "name", {"Dan": "more", "Jo": "more", "Mum": "same", "Mr K": "same"}
        ),
        "network.notice": "Most of them I don't see much. I miss Dan.",
        "network.lost_touch": "Ray from the band.",
        "network.would_like": "Someone to go walking with. People who like music.",
        "concerns.list": [
            {"kind": "confidence", "words": "Walking into a room full of people I don't know"},
            {"kind": "money", "words": "Bus fares add up"},
        ],
        "concerns.list.*.hard": per_record(
            "kind", {"confidence": "I worry what they think of me.", "money": "My money is tight."}
        ),
        "concerns.list.*.helped_before": per_record(
            "kind", {"confidence": "Going with Jo the first time."}
        ),
        "concerns.list.*.might_help": per_record(
            "kind",
            {
                "confidence": "Going at a quiet time, with someone.",
                "money": Said("Asking about a bus pass at the advice centre.", "worker"),
            },
        ),
        "concerns.list.*.might_help_from": per_record(
            "kind", {"confidence": "me", "money": Said("worker", "worker")}
        ),
        "concerns.list.*.work_on": per_record("kind", {"confidence": True, "money": True}),
        "resourceful.meaning": "Someone who knows what to do and doesn't judge.",
        "resourceful.practical": [{"who": "Mr K", "tie": "neighbour", "idea_from": "me"}],
        "resourceful.want_more.practical": False,
        "resourceful.advice": [{"who": "Priya", "tie": "professional", "idea_from": "worker"}],
        "resourceful.want_more.advice": False,
        "resourceful.skills": [],
        "resourceful.want_more.skills": True,
        "resourceful.emergency": [{"who": "Dan", "tie": "family"}],
        "resourceful.want_more.emergency": False,
        "resourceful.goal_idea": "Someone who could show me how to record music on my phone.",
        "resourceful.can_offer": "Fixing bikes. Listening.",
        "community.from_directory": Pick(2),
        "community.from_directory_idea_from": "together",
        "community.shared_interest": "People who like old films and guitar music.",
        "community.try_new": "Maybe a walking group.",
        # The list editor starts from the groups picked above (carried onto the list with
        # their details); Sam and the worker add two ideas of their own.
        "community.list": also_listed(
            [
                {
                    "what": "Wellbeing walks, Tuesday mornings",
                    "where": "near",
                    "idea_from": "worker",
                },
                {"what": "Open mic at the Jam Room", "where": "near", "idea_from": "me"},
            ]
        ),
        "community.list.*.next_step": per_record(
            "what",
            {"Wellbeing walks, Tuesday mornings": "try", "Open mic at the Jam Room": "find_out"},
            otherwise=("directory", {"brackenford_repair_cafe": "find_out"}),
        ),
        "community.list.*.go_along": per_record(
            "what",
            {
                "Wellbeing walks, Tuesday mornings": "worker",
                "Open mic at the Jam Room": "someone_i_know",
            },
        ),
        "community.list.*.go_along_who": "Jo",
        "community.list.*.easier": per_record(
            "what", {"Wellbeing walks, Tuesday mornings": "Knowing where to meet."}
        ),
        # Getting in touch (issue 19): Sam, who fixes bikes, asks the Repair Café (picked
        # from the directory above) about helping there; he and the worker will ring together.
        "referrals.from_directory": PickShown(("Brackenford Repair Café",)),
        "referrals.list": also_listed([]),
        "referrals.list.*.consent": "yes",
        "referrals.list.*.route": "phone",
        "referrals.list.*.route_detail": "01632 960117",
        "referrals.list.*.shared": "My first name, my mobile number, and that I fix bikes "
        "and would like to help.",
        "referrals.list.*.by_whom": "both",
        "referrals.list.*.status": "planned",
        "referrals.list.*.message": "Hello, my name is Sam. I can fix bikes and I would like "
        "to help at the Repair Café. Could you tell me how to start?",
        "referrals.list.*.notes": "Ring after 10 in the morning.",
        # The worker's journey (issue 16): what the worker will find out before next time.
        # Asked in Things to do and again from Goals (an action is the worker's): the second
        # time the list is given back as it is.
        "worker_journey.actions": lambda journey: Said(
            journey.get("actions")
            or [
                {
                    "what": "Ask who runs the open mic, and if Sam can watch first",
                    "why": "Open mic at the Jam Room",
                    "by_when": day(10),
                },
                {
                    "what": "Ask my colleague Priya, who plays guitar, to meet Sam there",
                    "why": "Playing music with other people",
                    "by_when": day(14),
                },
            ],
            "worker",
        ),
        "goals.list": [
            {"what": "See more of my brother Dan", "idea_from": "me"},
            {"what": "Go to the walking group", "idea_from": "together"},
        ],
        "goals.list.*.going_well": per_record(
            "what", {"See more of my brother Dan": "We text sometimes."}
        ),
        "goals.list.*.hard": per_record(
            "what", {"See more of my brother Dan": "He lives a bus ride away and works late."}
        ),
        "goals.list.*.best_case": per_record(
            "what",
            {
                "See more of my brother Dan": "Meeting Dan for lunch every month.",
                "Go to the walking group": "Going every week and knowing people by name.",
            },
        ),
        "goals.list.*.smallest_step": per_record(
            "what",
            {
                "See more of my brother Dan": "Text Dan to ask about lunch.",
                "Go to the walking group": "Find out where they meet.",
            },
        ),
        "goals.list.*.person_can": per_record(
            "what", {"See more of my brother Dan": "Send the text this week."}
        ),
        "goals.list.*.worker_can": per_record(
            "what",
            {
                "Go to the walking group": Said(
                    "Come along the first time and then step back.", "worker"
                )
            },
        ),
        "goals.list.*.others_can": per_record(
            "what", {"Go to the walking group": "Jo might come too."}
        ),
        "goals.list.*.actions": per_record(
            "what",
            {
                "See more of my brother Dan": [
                    {
                        "what": "Text Dan about lunch",
                        "idea_from": "me",
                        "who": "me",
                        "by_when": day(7),
                    },
                ],
                "Go to the walking group": Said(
                    [
                        # Sam's idea, done by the worker: whose idea is not who does it.
                        {
                            "what": "Find the meeting place",
                            "idea_from": "me",
                            "who": "worker",
                            "by_when": day(5),
                        },
                        {
                            "what": "Go to the first walk",
                            "idea_from": "together",
                            "who": "both",
                            "by_when": day(12),
                        },
                        {
                            "what": "Come along to the first walk",
                            "idea_from": "worker",
                            "who": "someone_else",
                            "who_else": "Jo",
                            "by_when": day(10),
                        },
                    ],
                    "both",
                ),
            },
        ),
        # Goal attainment levels in Sam's words, for the walking group (-2, 0, +2).
        "goals.list.*.level_now": per_record(
            "what", {"Go to the walking group": "I haven't been. I don't know where they meet."}
        ),
        "goals.list.*.level_expected": per_record(
            "what", {"Go to the walking group": "I have been on one walk."}
        ),
        "goals.list.*.level_better": per_record(
            "what", {"Go to the walking group": "I go most weeks and know people by name."}
        ),
        "goals.list.*.barriers": per_record(
            "what",
            {
                "Go to the walking group": [
                    {
                        "barrier": "Feeling too anxious on the day",
                        "way_past": "Text my worker",
                        "way_past_from": "me",
                    }
                ]
            },
        ),
        "hard_times.start": "start_now",
        "hard_times.early_signs": "I stop going out and don't answer my phone. I sleep in the day.",
        "hard_times.what_helps": "Walking by the river. Playing old songs. Dan ringing me.",
        "hard_times.what_does_not_help": "Lots of questions at once. Being told to cheer up.",
        "hard_times.contact_day": "Dan, by phone. Or my worker at the team office.",
        "hard_times.contact_night": "Dan, if it isn't too late.",
        "hard_times.others_do": "Check I'm eating. Ask Mr K to knock on my door.",
        "moving_on.picture": "Walking with the group most weeks, and seeing Dan for lunch. "
        "Playing music again.",
        "agreement.person_agrees": "mostly",
        "agreement.person_not_agreed": "I'm not sure about Jo coming, I'd rather ask her myself.",
        "agreement.worker_agrees": Said("yes", "worker"),
        "agreement.next_meeting": day(14),
        "agreement.share_with": ["care_team"],
        # Sam keeps Mum private: copies for the care team leave her out (the marks carry
        # over to the review, where Closing shows them ticked).
        "sharing.private": PickShown(("Someone in my life: Mum",)),
        "agreement.keep_private": "What I said about Mum.",
        "agreement.copy": "paper",
        "agreement.review_by": "worker",
        "agreement.took_part": "together",
        "agreement.information_given": Said(
            "The walking group's leaflet (Tuesdays, by the river). How to ask the council for "
            "a bus pass.",
            "worker",
        ),
        # How to reach me, and contacts: Dan and Jo picked from the network (Dan as next of
        # kin), Mrs Lee named here, and the professionals Sam wants listed.
        "contacts.how_to_contact": "Text me first, then ring. Not before 10 in the morning.",
        "contacts.communication": "Write things down for me. I need time to think before I answer.",
        "contacts.from_network": PickShown(("Dan", "Jo")),
        "network.people.*.contact_relationship": per_record(
            "name", {"Dan": "next_of_kin", "Jo": "friend"}
        ),
        "network.people.*.how_to_reach": per_record("name", {"Dan": "Mobile, any evening"}),
        "network.people.*.emergency": per_record("name", {"Dan": True, "Jo": False}),
        "contacts.personal": [
            {"name": "Mrs Lee", "relationship": "other", "how_to_reach": "Flat 2, next door"},
        ],
        "contacts.professional": [
            {"name": "Dr Ahmed", "role": "GP", "how_to_reach": "Riverside Surgery"},
            {"name": "Priya", "role": "Community psychiatric nurse (CPN)"},
        ],
    }
    review: dict[str, Any] = {
        "about.name": "Sam",
        # Both open goals are looked at today (the options are the goals, by id).
        "review.goals_today": Pick(2),
        "goals.list.*.actions.*.status": per_record(
            "what",
            {
                "Text Dan about lunch": "done",
                "Find the meeting place": Said("done", "worker"),
                "Go to the first walk": "partly",
                "Come along to the first walk": "not_yet",
            },
        ),
        "goals.list.*.actions.*.review_notes": per_record(
            "what",
            {
                "Text Dan about lunch": "We're meeting on Saturday!",
                "Go to the first walk": "Went half way, then my legs hurt.",
            },
        ),
        "goals.list.*.progress": per_record(
            "what", {"See more of my brother Dan": "closer", "Go to the walking group": "same"}
        ),
        # Where the walking group is on Sam's levels: a bit better, not yet what he hoped.
        "goals.list.*.attainment": per_record("what", {"Go to the walking group": "minus_1"}),
        "goals.list.*.next": per_record(
            "what", {"See more of my brother Dan": "keep", "Go to the walking group": "keep"}
        ),
        "review.ratings_menu": "ratings_now",
        "ratings.mental_health": 4,
        "ratings.physical_health": 4,
        "ratings.daytime": 3,
        "more_help.daytime": True,
        "ratings.home": 5,
        "ratings.leisure": 4,
        "ratings.friendships": 3,
        "more_help.friendships": True,
        "ratings.family": 5,
        "ratings.safety": 6,
        "ratings_focus": ["friendships"],
        # How life feels again: more satisfied, less anxious than at the first meeting.
        "wellbeing.satisfied": 6,
        "wellbeing.worthwhile": 6,
        "wellbeing.happy": 6,
        "wellbeing.anxious": 5,
        # Goals come next as their own topic (below), so not from the review as well.
        "review.focus_menu": "focus_later",
        "review.network_changes": "I met Alex at the walk. We talked about films.",
        "review.network_menu": "keep_people",
        # The plan for hard times is looked at again and kept as it is.
        "review.hard_times_menu": "hard_times_keep",
        # The Repair Café: Sam and the worker rang and left a message (followed up here).
        "referrals.list.*.status": "sent",
        "referrals.list.*.status_on": day(0),
        "referrals.list.*.notes": "We rang together and left a message. Waiting to hear back.",
        "review.keep": "Meeting at the café.",
        "review.change": "Shorter walks to start with.",
        # How the worker's actions went (the open mic one is marked for the directory).
        "worker_journey.actions.*.status": per_record(
            "why",
            {
                "Open mic at the Jam Room": Said("done", "worker"),
                "Playing music with other people": Said("partly", "worker"),
            },
        ),
        "worker_journey.actions.*.found_out": per_record(
            "why",
            {
                "Open mic at the Jam Room": Said(
                    "It is run by Lee. Anyone can come and listen first, on the first Friday.",
                    "worker",
                ),
                "Playing music with other people": Said(
                    "Priya is happy to meet Sam. We have not found a day yet.", "worker"
                ),
            },
        ),
        "worker_journey.actions.*.add_to_directory": per_record(
            "why", {"Open mic at the Jam Room": Said(True, "worker")}
        ),
        "moving_on.picture": "Walking with the group most weeks, seeing Dan and Alex. "
        "Playing music again, maybe at the open mic.",
        "review.moving_on": "same",
        # A records answer lists each record's own fields; the engine keeps the rest by id.
        "goals.list": lambda goals: (
            [
                {k: g[k] for k in ("id", "what", "idea_from") if k in g}
                for g in goals.get("list", [])
            ]
            + [
                {"what": "Play guitar with other people", "idea_from": "me"},
            ]
        ),
        "goals.list.*.smallest_step": per_record(
            "what", {"Play guitar with other people": "Restring my guitar."}
        ),
        "goals.list.*.actions": per_record(
            "what",
            {
                "Play guitar with other people": [
                    {"what": "Restring the guitar", "who": "me", "by_when": day(7)},
                    {"what": "Find out about the open mic", "who": "worker", "by_when": day(10)},
                ]
            },
        ),
        "agreement.person_agrees": "yes",
        "agreement.worker_agrees": Said("yes", "worker"),
        "agreement.next_meeting": day(28),
        "agreement.share_with": ["care_team", "gp"],
        "agreement.copy": "paper",
        "agreement.review_by": "worker",
        "agreement.took_part": "together",
        "agreement.others_present": "Dan came for the last part.",
    }
    return [
        (
            [
                "getting_started",
                "what_matters",
                "wellbeing",
                "connections",
                "concerns",
                "resourceful_people",
                "community",
                "referrals",
                "goals",
                "hard_times",
                "contacts",
                "closing",
            ],
            first,
        ),
        (["review", "wellbeing", "goals", "closing"], review),
    ]
