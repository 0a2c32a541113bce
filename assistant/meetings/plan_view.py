"""'Our plan so far': what has been said and agreed (pure: no Textual here).

For the CPI content the panel shows the plan itself (``assistant.plans`` builds it from the
answers, the same plan that is agreed and exported). For other content (e.g. a training set
of topics) it falls back to every answer still in force, topic by topic, with the question
as it was asked and who gave it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.agency import contact_blocks
from assistant.dates import local_iso_day
from assistant.engine import datapaths as dp
from assistant.engine.answer_words import value_words
from assistant.engine.conversation import Conversation
from assistant.engine.words import format_date, spark
from assistant.export.views import HARD_TIMES_PARTS, contacts_view, participation_view
from assistant.flows.model import AskNode
from assistant.plans.area_words import not_rated_words
from assistant.plans.from_session import labels_from_content
from assistant.plans.model import (
    Action,
    Audience,
    Code,
    DirectoryPick,
    Goal,
    Opportunity,
    Plan,
    Referral,
)
from assistant.plans.outcomes import GAS_LABELS, ONS4
from assistant.sentences import full_stop

# The panel is read by the person at the laptop: in their own copy's words.
_PERSONS_COPY = Audience(kind="person")


@dataclass(frozen=True)
class PlanItem:
    prompt: str
    answer: str
    by: str = ""
    path: str = ""


@dataclass
class PlanSection:
    topic: str
    title: str
    items: list[PlanItem] = field(default_factory=list)


def _pick_facts(pick: DirectoryPick) -> str:
    """A directory pick's short detail line (when, where, what it costs), or "" for none."""
    if pick.removed:
        return "no longer in the directory"
    d = pick.details
    if d is None:
        return ""
    where = d.venue or d.area or ("Online" if d.online else None)
    return "; ".join(part for part in (d.when, where, d.cost) if part)


def _pick_line(pick: DirectoryPick) -> str:
    """A directory pick's name and a short detail line: when, where and what it costs."""
    facts = _pick_facts(pick)
    if pick.removed:
        return f"{pick.label} ({facts})"
    return f"{pick.label}: {facts}" if facts else pick.label


def _try_line(opp: Opportunity) -> str:
    """A thing to try: the words on the list, the next step, going along, whose idea, and
    for one from the directory its short detail line (named when the list words differ)."""
    text = opp.what
    if opp.next_step is not None:
        text += f" ({opp.next_step.label})"
    if opp.go_along is not None:
        text += f", going along: {opp.go_along.label}"
    text += _idea(opp.idea_from)
    if opp.status is not None:
        text += f" - {_status_words(opp.status.code, opp.status.label, opp.status_history)}"
    pick = opp.directory
    if pick is None:
        return text
    if pick.label != opp.what:
        return f"{text}. From the directory: {_pick_line(pick)}"
    facts = _pick_facts(pick)
    return f"{text}. {facts[0].upper()}{facts[1:]}" if facts else text


def _node(conv: Conversation, topic: str, node_id: str) -> AskNode | None:
    index = conv.content.topics.get(topic)
    node = index.nodes.get(node_id) if index else None
    return node if isinstance(node, AskNode) else None


def plan_so_far(conv: Conversation) -> list[PlanSection]:
    """Sections in topic order; each item the latest answer at one path, in plain words."""
    latest: dict[str, Any] = {}
    for entry in conv.transcript():
        if entry.path and entry.action in ("answered", "changed", "skipped"):
            latest[entry.path] = entry
    order = {t.id: n for n, t in enumerate(conv.content.listed())}
    # Words for values of options worked out when asked (directory entries by name).
    labels = labels_from_content(conv.content) if latest else {}
    sections: dict[str, PlanSection] = {}
    data = conv.data
    for path, entry in latest.items():
        if entry.action == "skipped":
            continue
        value = dp.get(data, dp.split(path))
        if value is dp.MISSING or value in (None, "", []):
            continue
        node = _node(conv, entry.topic, entry.node)
        index = conv.content.topics.get(entry.topic)
        title = index.topic.title if index else entry.topic
        section = sections.setdefault(entry.topic, PlanSection(entry.topic, title))
        options = tuple(labels.get(node.store, {}).items()) if node and node.options_from else ()
        section.items.append(
            PlanItem(entry.prompt, value_words(value, node, options), entry.by, path)
        )
    return sorted(sections.values(), key=lambda s: (order.get(s.topic, 999), s.title))


def _by(item: Any) -> str:
    return str(getattr(item, "proposed_by", None) or "")


def _date(value: str | None) -> str:
    return format_date(value) if value else ""


def _idea(code: Code | None) -> str:
    """Whose idea it was, as the plan says it (" (my worker's idea)"), or nothing. In
    brackets: after words that end a sentence, " - My idea" read as a line of its own."""
    if code is None or not code.label:
        return ""
    return f" ({code.label[0].lower()}{code.label[1:]})"


# The agency's details shown with the plan for hard times (the made-up example's mark first).
_HARD_TIMES_NUMBERS = ("Made-up example", "When the team is closed", "In a crisis, day or night")
#: The most of an answer the plan panel shows (ui/widgets/panels.py): a block of numbers
#: longer than that goes on under its heading again rather than losing a number.
_PANEL_ANSWER_CHARS = 600


def _grouped(lines: Sequence[str], limit: int = _PANEL_ANSWER_CHARS) -> list[str]:
    """``lines`` joined one to a line, in as few texts as keep each within ``limit``."""
    texts: list[str] = []
    for line in lines:
        if texts and len(texts[-1]) + 1 + len(line) <= limit:
            texts[-1] += "\n" + line
        else:
            texts.append(line)
    return texts


#: The mark on a goal's line once it is closed (its ``next``), as Closing reads it back.
_GOAL_CLOSED = {"finished": " (✓ done)", "let_go": " (let go for now)"}


def goal_closed_mark(goal: Goal) -> str:
    """`` (✓ done)`` or `` (let go for now)`` for a closed goal; ``""`` while it is open."""
    return _GOAL_CLOSED.get(goal.next.code, "") if goal.next is not None else ""


#: The mark on an action's line once a review has said how it went (its ``status``); an
#: action not done yet is still open and has none.
_ACTION_STATUS = {"done": " (✓ done)", "partly": " (partly done)", "dropped": " (let go)"}


def action_status_mark(action: Action) -> str:
    """`` (✓ done)``, `` (partly done)`` or `` (let go)`` for an action a review looked
    back on; ``""`` while it is open."""
    return _ACTION_STATUS.get(action.status.code, "") if action.status is not None else ""


def _empty_list_words(plan: Plan, code: str, none: str, *, shown: bool) -> str:
    """What the copies say under an empty list (``none``: "no one" or "nothing"): emptied,
    given empty on purpose, or (only when ``shown``: the section has other parts) not
    talked about yet; "" for nothing to say. A plan saved before it kept which empty lists
    were given empty on purpose (``none_right_now`` None) says neither: "written down"."""
    if code in plan.emptied_lists:
        return f"Emptied: {none} on this list now."
    if plan.none_right_now is None:
        return f"{none.capitalize()} written down yet." if shown else ""
    if code in plan.none_right_now:
        return f"{none.capitalize()} right now."
    return "Not talked about yet." if shown else ""


def plan_sections(plan: Plan) -> list[PlanSection]:
    """A plan as panel sections (only what has something)."""
    sections: list[PlanSection] = []

    def section(key: str, title: str) -> PlanSection:
        new = PlanSection(key, title)
        sections.append(new)
        return new

    about = section("about", "About me")
    for label, words in (
        ("What I like to be called", plan.about.name),
        ("What matters to me", plan.about.what_matters),
        ("What I enjoy", plan.about.interests),
        ("What I am good at", plan.about.strengths),
        ("My hopes", plan.about.hopes),
        ("A good week", plan.about.good_week),
    ):
        if words is not None:
            about.items.append(PlanItem(label, words.text, _by(words)))

    # How to reach me, and contacts: in the exports' words (export.views), so the panel and
    # every copy say the same.
    reach = contacts_view(plan.contacts)
    if reach is not None:
        contacts = section("contacts", "How to reach me, and contacts")
        for part in reach["parts"]:
            words = getattr(plan.contacts, part["field"])
            contacts.items.append(PlanItem(part["label"], words.text, _by(words)))
        for c in reach["personal"]:
            contacts.items.append(PlanItem("Contact", "; ".join([c["name"], *c["details"]]), ""))
        for c in reach["professional"]:
            contacts.items.append(
                PlanItem("Professional", "; ".join([c["name"], *c["details"]]), "")
            )

    # Every area the plan lists, as the person's copy lists them: one carried from the last
    # version and not talked about yet is in the plan they agree, so it is shown here too.
    areas = section("life_areas", "How satisfied, 1 to 7")
    for area in plan.life_areas:
        text = (
            f"{area.value} out of 7"
            if area.value is not None
            else not_rated_words(area, _PERSONS_COPY) or ""
        )
        if area.previous is not None:
            text += f" (last time {area.previous})"
            values = [p.value for p in area.history] + (
                [area.value] if area.value is not None else []
            )
            text += f"  {spark(values)}"
        if area.more_help:
            text += ", would like more help"
        if area.focus:
            text += ", picked to talk about today"
        areas.items.append(PlanItem(area.label, text, _by(area)))

    network = section("network", "My connections")
    people = plan.network.people
    if people:
        for circle in (1, 2, 3):
            names = [p.name for p in people if (p.circle or 3) == circle]
            if names:
                network.items.append(PlanItem(f"Circle {circle}", ", ".join(names), ""))
    for label, words in (
        ("What I notice", plan.network.notice),
        ("Lost touch with", plan.network.lost_touch),
        ("I would like more of", plan.network.would_like),
    ):
        if words is not None:
            network.items.append(PlanItem(label, words.text, _by(words)))
    if not people:
        # In the copies' words: "No one right now" is the pair's answer, told apart from a
        # list left for another day (said only when the section shows for its other parts).
        empty = _empty_list_words(plan, "network", "no one", shown=bool(network.items))
        if empty:
            network.items.insert(0, PlanItem("People", empty, ""))

    concerns = section("concerns", "Things that make it hard")
    if not plan.concerns:
        empty = _empty_list_words(plan, "concerns", "nothing", shown=False)
        if empty:
            concerns.items.append(PlanItem("Hard", empty, ""))
    for concern in plan.concerns:
        what = concern.words or (concern.kind.label if concern.kind else "")
        # Labelled by its kind (Confidence, Money), as the exports do, when the words say
        # the rest; a concern with no words of its own shows its kind as the words.
        label = concern.kind.label if concern.kind is not None and concern.words else "Hard"
        if what:
            concerns.items.append(PlanItem(label, what, _by(concern)))
        if concern.might_help is not None:
            # A line of its own with its own speaker, as the copies have it: what might
            # help is often the worker's answer to a concern the person named.
            help_ = f"{concern.might_help.text}{_idea(concern.might_help_from)}"
            concerns.items.append(PlanItem("Might help", help_, _by(concern.might_help)))

    helpers = section("resourceful", "People who could help")
    for domain in plan.resourceful.domains:
        who = ", ".join(f"{p.who}{_idea(p.idea_from)}" for p in domain.people)
        text = who or ("not talked about yet" if domain.not_talked_about else "nobody yet")
        # Only the person's yes says so: a domain with nobody yet is a gap before the
        # question is asked, or when it is skipped, and those are not their words.
        if domain.want_more:
            text += " (would like to know more people for this)"
        helpers.items.append(PlanItem(domain.domain.label, text, ""))

    community = section("community", "Things to try")
    idea = _idea(plan.community.from_directory_idea_from)
    carried = {o.directory.code for o in plan.community.opportunities if o.directory is not None}
    for pick in plan.community.from_directory:
        if pick.code in carried:
            continue  # shown below, as a thing to try, with its details
        community.items.append(PlanItem("Picked from the directory", _pick_line(pick) + idea, ""))
    for opp in plan.community.opportunities:
        community.items.append(PlanItem("To try", _try_line(opp), _by(opp)))

    goals = section("goals", "Goals and actions")
    for goal in plan.goals:
        # A goal done or let go says so on its own line: its actions below still carry the
        # dates they had, which read as still to do.
        closed = goal_closed_mark(goal)
        goals.items.append(PlanItem("Goal", goal.what + closed + _idea(goal.idea_from), _by(goal)))
        if goal.smallest_step is not None:
            goals.items.append(
                PlanItem("First small step", goal.smallest_step.text, _by(goal.smallest_step))
            )
        for action in goal.actions:
            who = ""
            if action.who is not None:
                who = (
                    action.who.name
                    if action.who.kind == "other" and action.who.name
                    else {
                        "person": "me",
                        "worker": "my worker",
                        "both": "both of us",
                    }.get(action.who.kind, action.who.kind)
                )
            text = action.what
            details = [
                d for d in (who, _date(action.by_when) and f"by {_date(action.by_when)}") if d
            ]
            if details:
                text += f" ({', '.join(details)})"
            text += _idea(action.idea_from)
            if action.status is not None:
                # As the copies say it: "last time" read wrong for a status given today.
                text += f" - status: {action.status.label}"
            goals.items.append(PlanItem("Action", text, _by(action)))
        for barrier in goal.barriers:
            text = barrier.barrier
            if barrier.way_past is not None:
                way = f"Way past it: {barrier.way_past}{_idea(barrier.way_past_from)}"
                text = f"{full_stop(text)} {way}" if text else way
            goals.items.append(PlanItem("Might get in the way", text, _by(barrier)))
        goals.items += _goal_levels(goal)
        if goal.progress is not None:
            goals.items.append(PlanItem("How it is going", goal.progress.label, ""))
        if goal.next is not None:
            # Goals done or let go stay in the plan, marked, as part of its history.
            goals.items.append(PlanItem("What now", goal.next.label, ""))

    # The worker's side of the plan (what they will find out or do), then moving on.
    worker = section("worker_journey", "What my worker will find out or do")
    for task in plan.worker_journey.actions:
        text = task.what
        details = [d for d in (task.why and f"for {task.why}", _date(task.by_when)) if d]
        if task.by_when:
            details[-1] = f"by {details[-1]}"
        if details:
            text += f" ({', '.join(details)})"
        if task.status is not None:
            text += f" - status: {task.status.label}"
        if task.found_out is not None:
            text += f". Found out: {task.found_out.text}"
        worker.items.append(PlanItem("My worker will", text, _by(task)))
    picture = plan.moving_on.picture
    if picture is not None:
        moving_on = section("moving_on", "When I need the service less")
        moving_on.items.append(PlanItem("What life would look like", picture.text, _by(picture)))

    support = section("support", "Help asked for")
    for need in plan.support_needed:
        support.items.append(PlanItem("Help", need.text, ""))

    hard = plan.hard_times
    if hard is not None:
        hard_times = section("hard_times", "My plan for hard times")
        # In the exports' words, so the panel and every copy say the same.
        for field_name, label, _ in HARD_TIMES_PARTS:
            words = getattr(hard, field_name)
            if words is not None:
                hard_times.items.append(PlanItem(label, words.text, _by(words)))
        # Beside the person's words, the numbers the plan hands them (agency settings),
        # each heading once above its numbers, as the exports group them.
        for block in contact_blocks(plan.agency):
            if block.heading in _HARD_TIMES_NUMBERS:
                for text in _grouped(block.lines):
                    hard_times.items.append(PlanItem(block.heading, text, ""))

    if plan.review is not None:
        review = section("review", "Looking back")
        for label, words in (
            ("Keep doing", plan.review.keep),
            ("Change", plan.review.change),
            ("Stop", plan.review.stop),
        ):
            if words is not None:
                review.items.append(PlanItem(label, words.text, _by(words)))

    measures = section("measures", "How life feels, and my connections")
    measures.items += measure_items(plan)
    referrals = section("referrals", "Getting in touch with a group or service")
    for referral in plan.referrals:
        referrals.items += referral_items(referral)

    agreement = section("agreement", "Agreeing the plan")
    agreed = plan.agreement
    if agreed.person_agrees is not None:
        agreement.items.append(PlanItem("Person agrees", agreed.person_agrees.label, "person"))
    if agreed.person_not_agreed is not None:
        agreement.items.append(
            PlanItem("Not agreed (person)", agreed.person_not_agreed.text, "person")
        )
    if agreed.worker_agrees is not None:
        agreement.items.append(PlanItem("Worker agrees", agreed.worker_agrees.label, "worker"))
    if agreed.worker_not_agreed is not None:
        agreement.items.append(
            PlanItem("Not agreed (worker)", agreed.worker_not_agreed.text, "worker")
        )
    if agreed.next_meeting:
        agreement.items.append(PlanItem("Next meeting", _date(agreed.next_meeting), ""))
    for row in participation_view(plan):
        agreement.items.append(PlanItem(row["label"], row["text"], ""))
    if agreed.information_given is not None:
        agreement.items.append(
            PlanItem(
                "Information and advice given",
                agreed.information_given.text,
                _by(agreed.information_given),
            )
        )
    if plan.sharing.share_with:
        agreement.items.append(
            PlanItem("Can see the plan", ", ".join(c.label for c in plan.sharing.share_with), "")
        )
    return [s for s in sections if s.items]


def _status_words(code: str, label: str, history: Sequence[Any]) -> str:
    """A status with the one before it: ``Keeps going (before: been once or twice)``. The
    history's last point is the status now (codes, not labels): the one before is the
    latest that differs from it."""
    before = next((p.status for p in reversed(history) if p.status and p.status != code), None)
    if before is None:
        return label
    return f"{label} (before: {_STATUS_BEFORE.get(before, before)})"


# Things to try's status codes in words, for last time's status (history keeps codes only).
_STATUS_BEFORE = {
    "not_yet": "not yet",
    "tried": "been once or twice",
    "going": "keeps going",
    "stopped": "stopped",
}


def _goal_levels(goal: Goal) -> list[PlanItem]:
    """A goal's attainment levels in the person's words, and how far it has come."""
    items = []
    levels = goal.levels
    if levels is not None:
        for label, words in (
            ("How things are now", levels.now),
            ("What we hope to see", levels.expected),
            ("Even better", levels.better),
        ):
            if words:
                items.append(PlanItem(label, words, ""))
    if goal.attainment is not None:
        text = f"{goal.attainment:+d} {GAS_LABELS[goal.attainment]}"
        earlier = goal.attainment_history
        if earlier:
            text += f" (last time {earlier[-1].value:+d})"
            text += f"  {spark([p.value for p in earlier] + [goal.attainment], -2, 2)}"
        items.append(PlanItem("How far it has come", text, ""))
    return items


def measure_items(plan: Plan) -> list[PlanItem]:
    """The ONS well-being answers (with last time's) and the connection counts."""
    items = []
    measures = plan.measures
    earlier = [p.wellbeing for p in measures.history]
    scores = measures.wellbeing
    if scores is not None:
        for item in ONS4:
            value = getattr(scores, item.id)
            if value is None:
                continue
            text = f"{value} out of 10"
            before = [getattr(s, item.id) for s in earlier if s is not None]
            before = [v for v in before if v is not None]
            if before:
                text += f" (last time {before[-1]})  {spark([*before, value], 0, 10)}"
            if item.lower_is_better:
                text += ". Lower is better"
            items.append(PlanItem(item.label, text, ""))
    counts = measures.connections
    if counts is not None and (counts.people or counts.domains or counts.activities_started):
        parts = []
        if counts.people is not None:  # None: the network is not talked about yet
            parts.append(
                f"{counts.people} {'person' if counts.people == 1 else 'people'} in my network"
            )
        if counts.support_kinds:
            kinds = "kind" if counts.support_kinds == 1 else "kinds"
            parts.append(f"{counts.support_kinds} {kinds} of support")
        if counts.domains:
            kinds = "kind" if counts.domains == 1 else "kinds"
            parts.append(f"someone for {counts.domains} {kinds} of help")
        if counts.activities_started:
            things = "thing" if counts.activities_started == 1 else "things"
            parts.append(
                f"{counts.activities_started} {things} to try started, "
                f"{counts.activities_kept_up} kept up"
            )
        items.append(PlanItem("Connections counted", ", ".join(parts), ""))
    if measures.date and items:
        items.append(PlanItem("Taken on", _date(measures.date), ""))
    return items


#: How a referral is made, in words (route codes).
_ROUTES = {
    "phone": "by phone",
    "email": "by email",
    "form": "with their form",
    "in_person": "in person",
    "self": "the person gets in touch themselves",
    "other": "another way",
}


def referral_items(referral: Referral) -> list[PlanItem]:
    """One referral: to whom and how, consent and what is shared, its status with dates,
    and the worker's access checks (the screen is shared: they are marked as the worker's)."""
    how = ""
    if referral.route is not None:
        how = _ROUTES.get(referral.route.code, referral.route.label)
        if referral.route_detail:
            how += f": {referral.route_detail}"
    text = referral.to + (f" ({how})" if how else "") + _idea(referral.idea_from)
    if referral.by_whom is not None:
        text += f". Who gets in touch: {referral.by_whom.label}"
    items = [PlanItem("Getting in touch with", text, _by(referral))]
    if referral.consent is not None:
        consent = (
            "Yes, my details can be shared"
            if referral.consent
            else ("No, nothing about me is shared")
        )
        if referral.consent and referral.shared is not None:
            consent += f": {referral.shared.text}"
        items.append(PlanItem("Sharing my details", consent, ""))
    if referral.status is not None:
        status = referral.status.label
        if referral.status_on:
            status += f", {_date(referral.status_on)}"
        earlier = [
            f"{p.status} {_date(p.date)}".strip()
            for p in referral.history
            if (p.status, p.date) != (referral.status.code, referral.status_on)
        ]
        if earlier:
            status += f" (before: {'; '.join(earlier)})"
        items.append(PlanItem("Where it is up to", status, ""))
    if referral.notes is not None:
        items.append(PlanItem("Notes", referral.notes.text, _by(referral.notes)))
    for flag in referral.flags:
        items.append(PlanItem("For the worker to check", flag, "worker"))
    return items


def earlier_ratings(
    history: Sequence[Mapping[str, Any]], name: str
) -> list[tuple[str, int | float]]:
    """(date, rating) pairs for one life area, oldest first, from ``Case.ratings_history``."""
    out = []
    for item in history:
        ratings = item.get("ratings") or {}
        value = ratings.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out.append((local_iso_day(item.get("at")), value))
    return out
