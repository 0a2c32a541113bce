"""A content pack's export templates tried on real plans, as ``validate`` does.

Parsing a template finds broken syntax only: a misspelt name (``{{ agency_nam }}``) or a
filter on the wrong kind of value fails when a worker exports, with the person waiting. So
each template a pack replaces is also rendered, in a scratch folder that is removed after, with
the demo's fictional person (:mod:`assistant.meetings.demo`): the first plan and the review's,
the person's own copy and the care team's (which leaves private parts out), and the
supervision export; and a first meeting that got no further than the person's name, as the
first export of a real plan often is (``plan.goals[0]`` fails there, not on the demo); and
the review plan with every optional part a template may branch on filled in (a reference, an
NHS number, a date of birth, every person's words, a group taken off the directory, a name
kept private after it left the list, an agreed state), for every audience (the person, the
care team, their GP, someone they named), and with every list emptied on purpose, since a
line only some plans reach (``{{ p.person.refrence }}`` under ``{% if p.person.reference %}``)
is never tried by a demo that has no reference. A
problem is reported at the template's file and line, once. A template that gives nothing at all
(an empty file, or one whose every line is a comment) is an error too: every copy would be
blank, with no plan and no numbers to ring.
"""

from __future__ import annotations

import datetime as _dt
import tempfile
from pathlib import Path
from typing import Any, cast, get_args

from pydantic import BaseModel

from assistant.agency import load_agency
from assistant.authoring.content import load_content
from assistant.content_pack.layers import ContentLayers
from assistant.export.render import FORMATS, TEMPLATE_KIND, template_context
from assistant.export.supervision import SUPERVISION_FORMATS, SUPERVISION_NOTICE
from assistant.export.templates import Kind, TemplateMissing, TemplateProblem, render_template
from assistant.flows.loader import display_name
from assistant.flows.problems import ContentError, Problem
from assistant.meetings.demo import play_demo
from assistant.meetings.supervision import supervision_context
from assistant.plans.demo_data import DEMO_NAME
from assistant.plans.from_session import build_plan
from assistant.plans.model import Audience, Code, KeptName, Plan, PlanState, Words
from assistant.plans.sharing import GP_NAME, SharingRefused, copy_for
from assistant.plans.versions import PlanError
from assistant.records import CaseStore


def _demo() -> tuple[Plan, Plan, dict[str, Any]]:
    """The demo's two plans and its supervision export's data, made in a scratch records
    folder that is removed after (the shipped content; its days ahead are checked as ahead,
    so they are worked out from today)."""
    with tempfile.TemporaryDirectory(prefix="cpi-template-trial-") as scratch:
        store = CaseStore(Path(scratch), training=True)
        person = store.create_person(DEMO_NAME)
        content = load_content()
        with store.open(person) as case:
            plan1, plan2 = play_demo(case, content, _dt.date.today())
            return plan1, plan2, supervision_context(case, content)


#: Whose copy each trial plan is made as (the named person's is the trial's ``share_who``).
_AUDIENCES = {
    "the person's copy": Audience(kind="person"),
    "the care team's copy": Audience(kind="team"),
    "their GP's copy": Audience(kind="named", name=GP_NAME),
    "the copy for someone they named": Audience(kind="named", name="Jo Trial"),
}
_TRIAL_WORDS = "Words for the template trial"
_FAMILY = Code(code="family", label="Family or a carer")


def _words_filled(model: BaseModel) -> BaseModel:
    """``model`` with each missing piece of the person's words (a ``Words | None`` field)
    written in, all the way down."""
    update: dict[str, Any] = {}
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None and Words in get_args(field.annotation):
            update[name] = Words(text=_TRIAL_WORDS)
        elif isinstance(value, BaseModel):
            update[name] = _words_filled(value)
        elif isinstance(value, list):
            update[name] = [_words_filled(v) if isinstance(v, BaseModel) else v for v in value]
    return model.model_copy(update=update)


def _everything_filled(plan: Plan) -> Plan:
    """The review plan with every optional part a template may branch on: the person's
    identifiers, every piece of their words, a directory group taken off, a private name
    taken off its list, someone named to share with, and agreed (so every copy is made)."""
    filled = cast(Plan, _words_filled(plan))
    person = filled.person.model_copy(
        update={"reference": "TRIAL-0001", "nhs_number": "9434765919", "born": "1970-04-01"}
    )
    community = filled.community
    if community.from_directory:
        picks = list(community.from_directory)
        picks[-1] = picks[-1].model_copy(update={"removed": True})
        community = community.model_copy(update={"from_directory": picks})
    family = [] if any(c.code == "family" for c in plan.sharing.share_with) else [_FAMILY]
    sharing = filled.sharing.model_copy(
        update={
            "share_with": [*filled.sharing.share_with, *family],
            "share_who": Words(text="Jo Trial"),
            "kept_names": [KeptName(id="trial-kept", name="Alex Trial", marked="2026-01-05")],
        }
    )
    state = PlanState(
        status="agreed", saved_at=filled.created, agreed_at=filled.created, agreed_by="both"
    )
    return filled.model_copy(
        update={"person": person, "community": community, "sharing": sharing, "state": state}
    )


def _emptied(plan: Plan) -> Plan:
    """``plan`` with each list a person can empty on purpose emptied (as they said)."""
    return plan.model_copy(
        update={
            "network": plan.network.model_copy(update={"people": []}),
            "concerns": [],
            "community": plan.community.model_copy(
                update={"opportunities": [], "from_directory": []}
            ),
            "goals": [],
            "referrals": [],
            "support_needed": [],
            "emptied_lists": ["network", "concerns", "community", "goals", "referrals"],
        }
    )


def try_templates(layers: ContentLayers, names: set[str]) -> list[Problem]:
    """Render each of ``names`` (template file names the pack replaces) with the demo's plans
    and supervision export; a problem for each place that fails."""
    plan_formats = {f.template: fmt for fmt, f in FORMATS.items() if f.template in names}
    supervision = {t: fmt for fmt, t in SUPERVISION_FORMATS.items() if t in names}
    if not plan_formats and not supervision:
        return []
    folders = layers.templates()
    agency = load_agency(layers.base, pack=layers.pack).agency
    try:
        plan1, plan2, context = _demo()
    except (ContentError, OSError, PlanError) as exc:
        # Never a crash in validate: the templates were still parsed, and this says why they
        # could not be tried as well.
        return [
            Problem(
                display_name(folders[0]) if folders else "templates",
                1,
                1,
                "K304",
                f"the templates could not be tried on the demo's plans ({exc}); "
                "export one plan by hand to check them",
                "warning",
            )
        ]
    just_a_name = build_plan(
        {"about": {"name": DEMO_NAME}}, created=_dt.datetime.now(_dt.UTC).isoformat()
    )
    plans = {
        "a first meeting with only a name": copy_for(just_a_name, Audience(kind="person")),
        "the demo's first plan": copy_for(plan1, Audience(kind="person")),
        "the demo's review plan": copy_for(plan2, Audience(kind="person")),
        "the demo's care team copy": copy_for(plan2, Audience(kind="team")),
    }
    full = _everything_filled(plan2)
    for whose, audience in _AUDIENCES.items():
        for which, plan in (("everything filled in", full), ("every list emptied", _emptied(full))):
            try:
                plans[f"a plan with {which} ({whose})"] = copy_for(plan, audience)
            except SharingRefused:  # the demo's person changed whom they share with
                continue
    # (what is exported, the template's kind, its name, what it is given)
    trials: list[tuple[str, Kind, str, dict[str, Any]]] = []
    for name, fmt in plan_formats.items():
        for which, plan in plans.items():
            kind = cast(Kind, TEMPLATE_KIND[fmt])
            trials.append((which, kind, name, template_context(plan, fmt, agency)))
    for name, fmt in supervision.items():
        ctx = {**context, "notice": SUPERVISION_NOTICE}
        trials.append(("the demo's supervision export", cast(Kind, fmt), name, ctx))
    problems: dict[tuple[str, int, str], Problem] = {}
    for which, kind, name, ctx in trials:
        try:
            text = render_template(kind, name, ctx, None, folders)
        except TemplateProblem as exc:
            file = display_name(Path(exc.file)) if exc.file else "templates"
            line = exc.line or 1
            key = (file, line, exc.reason)
            if key in problems:
                continue
            if isinstance(exc, TemplateMissing):
                # Not about the plan: every export with this template fails the same way.
                problems[key] = Problem(file, line, exc.column, "K303", exc.reason)
                continue
            problems[key] = Problem(
                file,
                line,
                1,
                "K303",
                f"this line fails with {which}: {exc.reason or exc}; "
                "fix it (a name the plan has, or a test such as `{% if x is defined %}`)",
            )
            continue
        if not text.strip() and (name, 0, "empty") not in problems:
            problems[(name, 0, "empty")] = Problem(
                _file_of(name, folders),
                1,
                1,
                "K305",
                f"this template gives nothing at all with {which}: every copy would be blank. "
                "Start again from the app's own (`cpi-assistant pack templates` shows where it "
                "is), or take this file out of the pack to use the app's",
            )
    return list(problems.values())


def _file_of(name: str, folders: tuple[Path, ...]) -> str:
    """The pack file (the first folder holding ``name``) as problems name it."""
    for folder in folders:
        if (folder / name).is_file():
            return display_name(folder / name)
    return name
