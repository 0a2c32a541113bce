"""Export benchmarks: export_ms_<format> for a full plan (20 connections, 5 goals).

Each figure is the median of repeated exports after one warm-up (templates compiled and
cached, as in a running app). PDF starts a headless browser each time: the median of 3 (5
without --quick), beside the same browser printing an empty page in the same run
(``export_pdf_ratio_to_blank``) and the browser's name (``export_pdf_browser``: a headless
shell is used first when installed, see docs/export.md).
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.authoring.content import load_content
from assistant.export.pdf import find_chromium, html_to_pdf
from assistant.export.render import render
from assistant.plans.from_session import LIFE_AREAS, build_plan
from assistant.plans.model import Plan

RELATIONSHIPS = ("family", "friend", "neighbour", "group", "online", "professional", "partner")


def _data(ratings_shift: int) -> dict[str, Any]:
    """Session data as the content stores it: 20 people, 5 goals with actions and barriers."""
    day = dt.date(2026, 3, 1)
    people = [
        {
            "id": f"p{n:02d}",
            "name": f"Person {n}",
            "relationship": RELATIONSHIPS[n % len(RELATIONSHIPS)],
            "circle": 1 + n % 3,
            "contact": "weekly",
            "support": ["company", "practical"],
            "feeling": "good",
            "want": "more",
        }
        for n in range(20)
    ]
    goals = [
        {
            "id": f"g{n}",
            "what": f"Goal number {n}, in the person's own words",
            "idea_from": "me",
            "going_well": "Some things are going well already.",
            "best_case": "Seeing people every week and feeling part of something.",
            "smallest_step": "Find out when the group meets.",
            "person_can": "Ring them on Monday.",
            "worker_can": "Go along the first time.",
            "others_can": "A friend could come too.",
            "actions": [
                {
                    "id": f"g{n}a{k}",
                    "what": f"Action {k} for goal {n}",
                    "who": ("me", "worker", "someone_else")[k],
                    "who_else": "Jo",
                    "by_when": (day + dt.timedelta(days=7 * k)).isoformat(),
                    "status": ("done", "partly", "not_yet")[k],
                }
                for k in range(3)
            ],
            "barriers": [
                {"id": f"g{n}b{k}", "barrier": "Feeling anxious", "way_past": "Text my worker"}
                for k in range(2)
            ],
        }
        for n in range(5)
    ]
    return {
        "about": {
            "name": "Sam",
            "what_matters": "My family and music.",
            "interests": "Walking, films, guitar",
            "strengths": "Listening",
            "hopes": "More friends",
        },
        "ratings": {area: 1 + (i + ratings_shift) % 7 for i, (area, _) in enumerate(LIFE_AREAS)},
        "more_help": {"friendships": True},
        "network": {"people": people, "notice": "I miss some people."},
        "concerns": {
            "list": [
                {"id": f"c{n}", "kind": "confidence", "words": "Meeting new people", "hard": "x"}
                for n in range(3)
            ]
        },
        "resourceful": {"practical": [{"id": "r1", "who": "Mr K", "tie": "neighbour"}]},
        "community": {
            # Four groups from the shipped directory: each export shows their details.
            "from_directory": [
                "kick_off_together_football",
                "northfield_jam_room",
                "open_door_art_group",
                "make_believe_theatre",
            ],
            "from_directory_idea_from": "together",
            "list": [
                {"id": f"o{n}", "what": f"Group {n}", "next_step": "try", "go_along": "worker"}
                for n in range(3)
            ],
        },
        "goals": {"list": goals},
        # How to reach me, and contacts (issue 14): two people and two professionals.
        "contacts": {
            "how_to_contact": "Text me first, then ring. Not before 10.",
            "communication": "Write things down for me. Give me time to answer.",
            "personal": [
                {
                    "id": "k1",
                    "name": "Dan",
                    "relationship": "next_of_kin",
                    "emergency": True,
                    "how_to_reach": "07700 900123",
                },
                {"id": "k2", "name": "Jo", "relationship": "friend", "emergency": False},
            ],
            "professional": [
                {"id": "k3", "name": "Dr Ahmed", "role": "GP", "how_to_reach": "Riverside"},
                {"id": "k4", "name": "Priya", "role": "Community psychiatric nurse"},
            ],
        },
        "session": {"at_keyboard": "together"},
        "agreement": {
            "review_by": "worker",
            "took_part": "together",
            "others_present": "Dan, for the last part.",
            "information_given": "The walking group's leaflet. How to get a bus pass.",
            "person_agrees": "yes",
            "worker_agrees": "yes",
            "date": day.isoformat(),
            "next_meeting": (day + dt.timedelta(days=28)).isoformat(),
            "share_with": ["care_team"],
        },
    }


def full_plan() -> Plan:
    content = load_content()
    first = build_plan(_data(0), content=content, number=1, created="2026-02-01T10:00:00Z")
    return build_plan(_data(2), (), first, content=content, number=2, created="2026-03-01T10:00Z")


def _median_ms(plan: Plan, fmt: str, repeats: int) -> float:
    render(plan, fmt)  # warm-up: templates compiled and cached
    samples = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        render(plan, fmt)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return statistics.median(samples)


def run(quick: bool) -> dict[str, float]:
    plan = full_plan()
    repeats = 5 if quick else 30
    figures = {
        f"export_ms_{fmt}": _median_ms(plan, fmt, repeats)
        for fmt in ("md", "html", "txt", "json", "fhir", "easy")
    }
    browser = find_chromium()
    if browser is not None:
        # Each PDF starts a headless Chromium: the median of 3 (target 1,500 ms, issues 14
        # and 18), after one warm-up run that also fills the OS's file cache. The same-run
        # baseline is the same browser printing an empty page (its start alone), interleaved:
        # export_pdf_ratio_to_blank is what the plan itself costs on top, steadier than the
        # absolute figure on a busy machine.
        html_to_pdf(BLANK)
        plans, blanks = [], []
        for _ in range(3 if quick else 5):
            plans.append(_timed(lambda: render(plan, "pdf")))
            blanks.append(_timed(lambda: html_to_pdf(BLANK)))
        figures["export_ms_pdf"] = statistics.median(plans)
        figures["export_pdf_blank_page_ms"] = statistics.median(blanks)
        figures["export_pdf_ratio_to_blank"] = statistics.median(plans) / statistics.median(blanks)
        figures["export_pdf_browser"] = Path(browser).name  # type: ignore[assignment]
    return figures


BLANK = "<!DOCTYPE html><html><head><title>Blank</title></head><body></body></html>"


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter_ns()
    call()
    return (time.perf_counter_ns() - start) / 1e6


if __name__ == "__main__":
    for name, value in run(quick=False).items():
        print(f"{name:30s} {value:10.3f}")
