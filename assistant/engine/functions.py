"""What a content expression sees: the answers, the loop records, and the functions it can call.

The engine's own functions read the conversation's state: ``answered``, ``skipped``, ``get``,
``visited``, ``topic_status``, ``today`` and ``in_days`` (on the conversation's clock, so tests,
demos and training can set the day), ``agency_choice`` (a choice the agency's settings switch
on), ``plan_parts`` (the parts of the plan so far, as options
for marking what is not to be shared: see :func:`plan_parts`), ``worker_asks`` (what the
person asked of the worker, as starting entries for the worker's list), ``put_off_tasks``
(the worker's going-along actions for things to try put off till later), ``goal_words`` (a
goal's words now, reworded or not), and ``opportunities`` /
``opportunity``, which offer nothing. A layer above gives the content more functions through
``Content.functions`` (the community directory's ``opportunities`` and ``opportunity``); those
take the place of the engine's own of the same name. The referral functions (``referral_*``)
are the exception: the engine's own fill the arguments a flow leaves out from the
conversation (the directory picks, the person's age and name, the worker's name) and then call
the directory's function of the same name.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from typing import Any

from assistant import store_paths as sp
from assistant.engine import datapaths as dp
from assistant.engine.answers import is_empty
from assistant.engine.state import ConversationState
from assistant.flows.expressions import STATIC_GLOBALS, days_on, record_view

Clock = Callable[[], _dt.datetime]

# The plan's sections a person can keep private (assistant.plans.model.PRIVATE_SECTIONS, the
# same codes, in the plan's order), with the words shown for each and where the content
# stores its answers: a section is offered only when something is stored there. The engine
# sits below the plans, so the codes are written here too; a test keeps the two lists equal.
PLAN_SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("about", "About me", ("about", "session.what_helps")),
    (
        "life_areas",
        "How things are (the 1 to 7 ratings)",
        (sp.RATINGS, sp.MORE_HELP, sp.RATINGS_FOCUS),
    ),
    ("network", "My connections", ("network",)),
    ("concerns", "Things that make it hard", ("concerns",)),
    ("resourceful", "People who could help", ("resourceful",)),
    ("community", "Things to do and places to go", ("community",)),
    ("goals", "Goals and actions", ("goals",)),
    ("worker_journey", "What my worker will find out or do", ("worker_journey",)),
    ("moving_on", "When I need the service less", ("moving_on",)),
    ("hard_times", "My plan for hard times", ("hard_times",)),
    ("contacts", "How to reach me, and contacts", ("contacts",)),
    # Looking back also holds what was said about each goal and action at the review: a
    # shared copy leaves those out with it (assistant.plans.sharing), so the words say so.
    ("review", "Looking back (and what we said about each goal)", (sp.REVIEW,)),
    # The measures are more than this meeting's answers: earlier well-being answers carried
    # over, the history of a later meeting (previous.date) and the counts of connections made
    # from the network, resourceful people and things to try.
    (
        "measures",
        # Only what a private "measures" takes (sharing._measures_shared): the well-being
        # answers and the counts. Goal attainment and how things to try went stay with
        # their goals and Looking back, so "how things have changed" would promise more.
        "How life feels (the 0 to 10 questions), and the counts of people and things to do",
        (
            sp.WELLBEING,
            sp.PREVIOUS_WELLBEING,
            sp.PREVIOUS_DATE,
            sp.NETWORK_PEOPLE,
            "resourceful",
            sp.COMMUNITY_LIST,
        ),
    ),
    ("referrals", "Getting in touch with groups and services", (sp.REFERRALS_LIST,)),
)
# The option meaning "nothing is kept private" (a multi-choice left empty is not stored, so
# unmarking everything needs an answer of its own).
NOTHING_PRIVATE = "nothing"
SECTION_PREFIX = "section:"
ITEM_PREFIX = "item:"
# "Was anyone else with us today?" (Closing) can name someone the person keeps private, so it
# can be kept private as an item of its own: this is its item code (``item:others_present``).
# Not a record id (records' ids are generated and never this word).
OTHERS_PRESENT_ITEM = "others_present"
_OTHERS_PRESENT = "agreement.others_present"
# Closing's other answers about this meeting that can name someone kept private: who reviews
# the plan with the person, when it is someone else ("Who will it be?"), and the information
# the worker gave. Each can be kept private on its own, like "Also there", so a private name
# there does not mean keeping back a whole section. Item codes, as for "Also there".
REVIEW_BY_WHO_ITEM = "review_by_who"
INFORMATION_GIVEN_ITEM = "information_given"
_REVIEW_BY = "agreement.review_by"
_REVIEW_BY_WHO = "agreement.review_by_who"
_INFORMATION_GIVEN = "agreement.information_given"
# The marks on this meeting's answers: asked afresh at each meeting (with the agreement), so
# not carried to the next one.
MEETING_ITEMS: tuple[str, ...] = (OTHERS_PRESENT_ITEM, REVIEW_BY_WHO_ITEM, INFORMATION_GIVEN_ITEM)
# Where each of them is stored.
MEETING_ITEM_PATHS: dict[str, str] = {
    OTHERS_PRESENT_ITEM: _OTHERS_PRESENT,
    REVIEW_BY_WHO_ITEM: _REVIEW_BY_WHO,
    INFORMATION_GIVEN_ITEM: _INFORMATION_GIVEN,
}
# The words of those marked private at the last meeting (item code -> words, as typed): the
# same words typed again at this meeting are offered with the mark ticked (marked_again).
PREVIOUS_PRIVATE_WORDS = "previous.private_words"
# What the person said about their network as a whole ("What I notice", "People I have lost
# touch with", "People I would like more of") names people too: each can be kept private on
# its own, so keeping one person private does not mean keeping back the whole section (and
# with it everyone in it). Item code, where it is stored, and its words.
NETWORK_WORDS_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("network_notice", "network.notice", "What I notice"),
    ("network_lost_touch", "network.lost_touch", "People I have lost touch with"),
    ("network_would_like", "network.would_like", "People I would like more of"),
)
# The resourceful people's domains (resourceful.DOMAIN holds records with `who`).
_RESOURCE_DOMAINS = ("practical", "advice", "skills", "emergency")
# The people a person can keep private one by one (the names the private-names check looks
# for): where each list is stored, the field holding the name, and the words for one of them.
PEOPLE_LISTS: tuple[tuple[str, str, str], ...] = (
    (sp.NETWORK_PEOPLE, "name", "Someone in my life"),
    *((f"resourceful.{domain}", "who", "Could help") for domain in _RESOURCE_DOMAINS),
    (sp.PERSONAL_CONTACTS, "name", "Contact"),
)
# The people marked private one by one, kept with their names (``id``, ``name``, ``kind``:
# the words for one of them, ``marked``: the day they were first marked): a person's wish to
# be kept private outlasts their removal from the list, so the names check still finds them
# and the mark can be offered, and taken off, as "Maria (no longer on the list)".
MARKED_PEOPLE = "sharing.marked_people"
MARKS = "sharing.private"
NO_LONGER_LISTED = "(no longer on the list)"
# The section whose mark keeps each people list private as a whole (PLAN_SECTIONS' codes).
_PEOPLE_SECTIONS: dict[str, str] = {
    sp.NETWORK_PEOPLE: "network",
    **{f"resourceful.{domain}": "resourceful" for domain in _RESOURCE_DOMAINS},
    sp.PERSONAL_CONTACTS: "contacts",
}


def _entries(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, list):
        return []
    return [r for r in value if isinstance(r, Mapping) and r.get("id") is not None]


def _words(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _has_answers(value: Any) -> bool:
    if isinstance(value, Mapping):
        return any(_has_answers(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_answers(v) for v in value)
    return not is_empty(value)


def _listed_people(data: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Each person on the lists now, by id: (their name, the words for one of them)."""
    found: dict[str, tuple[str, str]] = {}
    for path, field, kind in PEOPLE_LISTS:
        for record in _entries(sp.value_at(data, path)):
            name = _words(record.get(field))
            if name is not None:
                found[str(record["id"])] = (name, kind)
    return found


def _mark_codes(data: Mapping[str, Any]) -> list[str]:
    marks = sp.value_at(data, MARKS)
    return [str(c) for c in marks] if isinstance(marks, list) else []


def privately_listed(data: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """The people on a list whose whole section is marked private, by id: (their name, the
    words for one of them). Taken off the list, they stay private (:func:`kept_off_the_list`)."""
    codes = set(_mark_codes(data))
    found: dict[str, tuple[str, str]] = {}
    for path, field, kind in PEOPLE_LISTS:
        if f"{SECTION_PREFIX}{_PEOPLE_SECTIONS[path]}" not in codes:
            continue
        for record in _entries(sp.value_at(data, path)):
            name = _words(record.get(field))
            if name is not None:
                found[str(record["id"])] = (name, kind)
    return found


def kept_off_the_list(
    data: Mapping[str, Any], before: Mapping[str, tuple[str, str]], today: str
) -> tuple[list[str], list[dict[str, str]]] | None:
    """The marks and :data:`MARKED_PEOPLE` after a change, when it took someone off every
    list while their section was marked private (``before``: :func:`privately_listed` before
    the change): each is marked one by one from then on (``item:ID``, their name kept, as if
    marked so), so they stay private until someone takes that mark off. None when no one was."""
    codes = _mark_codes(data)
    if not before or NOTHING_PRIVATE in codes:
        return None
    listed = _listed_people(data)
    kept = list(_entries(sp.value_at(data, MARKED_PEOPLE)))
    added = False
    for key, (name, kind) in before.items():
        code = f"{ITEM_PREFIX}{key}"
        if key in listed or code in codes:
            continue
        codes.append(code)
        kept = [r for r in kept if str(r["id"]) != key]
        kept.append({"id": key, "name": name, "kind": kind, "marked": today})
        added = True
    return (codes, [dict(r) for r in kept]) if added else None


def marked_people(data: Mapping[str, Any], today: str) -> list[dict[str, str]]:
    """The people marked private one by one, with their names, as :data:`MARKED_PEOPLE`
    should hold them now: each person still on a list with the name written there; each
    one taken off a list kept as last written (their mark stands until it is taken off); a
    mark taken off forgets them. ``marked``: the day first marked (``today`` when new)."""
    marks = sp.value_at(data, MARKS)
    codes = {str(c) for c in marks} if isinstance(marks, list) else set()
    before = {str(r["id"]): r for r in _entries(sp.value_at(data, MARKED_PEOPLE))}
    if not before and not any(c.startswith(ITEM_PREFIX) for c in codes):
        return []  # nobody marked one by one: the lists need not be read (every action)
    listed = _listed_people(data)
    kept = []
    for key in sorted({*before, *listed}):
        if f"{ITEM_PREFIX}{key}" not in codes:
            continue
        old = before.get(key, {})
        name, kind = listed.get(key, (str(old.get("name", "")), str(old.get("kind", ""))))
        marked = str(old.get("marked") or today)
        kept.append({"id": key, "name": name, "kind": kind, "marked": marked})
    return sorted(kept, key=lambda r: (r["marked"], r["id"]))


def meeting_answers(data: Mapping[str, Any]) -> dict[str, Any]:
    """This meeting's answers that can be marked private one by one, by item code."""
    return {code: sp.value_at(data, path) for code, path in MEETING_ITEM_PATHS.items()}


def marked_again(data: Mapping[str, Any], before: Mapping[str, Any]) -> list[str] | None:
    """The marks after a change that gave one of this meeting's answers (``before``:
    :func:`meeting_answers` before it) word for word as it was when marked private at the
    last meeting (:data:`PREVIOUS_PRIVATE_WORDS`): its mark is ticked again, for the people to
    untick if they like. None when no answer came to be so. Only on the change that gives
    those words, so a mark taken off afterwards stays off."""
    last = sp.value_at(data, PREVIOUS_PRIVATE_WORDS)
    if not isinstance(last, Mapping) or not last:
        return None
    codes = [c for c in _mark_codes(data) if c != NOTHING_PRIVATE]
    added = False
    for code, now in meeting_answers(data).items():
        mark = f"{ITEM_PREFIX}{code}"
        words = last.get(code)
        if not isinstance(words, str) or now != words or before.get(code) == now:
            continue
        if mark not in codes:
            codes.append(mark)
            added = True
    return codes if added else None


def off_the_lists(data: Mapping[str, Any]) -> list[dict[str, str]]:
    """The people kept private (:data:`MARKED_PEOPLE`) who are no longer on their list."""
    listed = _listed_people(data)
    return [
        {key: str(kept.get(key) or "") for key in ("id", "name", "kind", "marked")}
        | {"kind": str(kept.get("kind") or "Someone in my life")}
        for kept in _entries(sp.value_at(data, MARKED_PEOPLE))
        if str(kept["id"]) not in listed and _words(kept.get("name")) is not None
    ]


def plan_parts(data: Mapping[str, Any]) -> list[dict[str, str]]:
    """The parts of the plan so far that a person can keep private, as choice options.

    Sections with something in them (``section:CODE``), then single items (``item:ID``, the
    record's id, which the plan keeps): people in the network, things that make it hard,
    resourceful people, things to try, contacts, goals and their actions, and what the worker
    will find out or do, what was said about the network as a whole, who reviews the plan
    (when someone else does), who else was there and the information given ("What I notice",
    "Also there": they can name someone kept private). A person marked private and then taken
    off their list is still offered (:data:`MARKED_PEOPLE`: "Someone in my life: Maria (no
    longer on the list)"), so the mark can be taken off on purpose. Goals let go and
    actions done or dropped are still offered: an old plan version may hold them. Labels use
    the person's own words;
    :mod:`assistant.plans.from_session` keeps them with the marks.
    """
    options = [
        {"value": f"{SECTION_PREFIX}{code}", "label": f"All of: {label}"}
        for code, label, paths in PLAN_SECTIONS
        if any(_has_answers(sp.value_at(data, path)) for path in paths)
    ]

    def item(record: Mapping[str, Any], kind: str, text: str | None) -> None:
        if text is not None:
            options.append({"value": f"{ITEM_PREFIX}{record['id']}", "label": f"{kind}: {text}"})

    for record in _entries(sp.value_at(data, sp.NETWORK_PEOPLE)):
        item(record, "Someone in my life", _words(record.get("name")))
    for code, path, words in NETWORK_WORDS_ITEMS:
        item({"id": code}, words, _words(sp.value_at(data, path)))
    for number, record in enumerate(_entries(sp.value_at(data, sp.CONCERNS_LIST)), 1):
        # The kind is a code (its words are in the content, which the engine does not read
        # here): without the person's words, the concern is named by its place in the list.
        item(record, "What makes it hard", _words(record.get("words")) or f"number {number}")
    for domain in _RESOURCE_DOMAINS:
        for record in _entries(sp.value_at(data, f"resourceful.{domain}")):
            item(record, "Could help", _words(record.get("who")))
    for record in _entries(sp.value_at(data, sp.COMMUNITY_LIST)):
        item(record, "To try", _words(record.get("what")))
    for record in _entries(sp.value_at(data, sp.PERSONAL_CONTACTS)):
        item(record, "Contact", _words(record.get("name")))
    for record in _entries(sp.value_at(data, sp.PROFESSIONAL_CONTACTS)):
        item(record, "Contact", _words(record.get("name")))
    for goal in _entries(sp.value_at(data, sp.GOALS_LIST)):
        item(goal, "Goal", _words(sp.goal_words(goal)))
        for action in _entries(goal.get("actions")):
            item(action, "Action", _words(action.get("what")))
    for task in _entries(sp.value_at(data, sp.WORKER_ACTIONS)):
        item(task, "My worker will", _words(task.get("what")))
    for referral in _entries(sp.value_at(data, sp.REFERRALS_LIST)):
        item(referral, "Getting in touch with", _words(referral.get("to")))
    if sp.value_at(data, _REVIEW_BY) == "someone_else":
        # Only while someone else reviews it: "My worker" is the agency's worker, not a name
        # the person gave (and review_by_who is kept, unasked, if the choice changes back).
        who = _words(sp.value_at(data, _REVIEW_BY_WHO))
        item({"id": REVIEW_BY_WHO_ITEM}, "Who will review it with me", who)
    for kept in off_the_lists(data):
        # Marked private, then taken off the list: still kept private until unmarked here.
        item(kept, kept["kind"], f"{kept['name']} {NO_LONGER_LISTED}")
    item({"id": OTHERS_PRESENT_ITEM}, "Also there", _words(sp.value_at(data, _OTHERS_PRESENT)))
    information = _words(sp.value_at(data, _INFORMATION_GIVEN))
    item({"id": INFORMATION_GIVEN_ITEM}, "Information and advice given", information)
    return options


# A starting entry's id in the worker's list: the id of what the person asked it from, so it
# is offered once (worker_asks) however often the list is reached.
ASKED_PREFIX = "asked-"


# The next steps of a thing to try for which community_step asks whether someone goes along.
_GOING_STEPS = frozenset({"try", "find_out"})
# A review's "What would you like to do with this goal now?" answers that close a goal.
_GOAL_CLOSED = frozenset({"finished", "let_go"})


def worker_asks(data: Mapping[str, Any]) -> list[dict[str, str]]:
    """What the person asked of the worker so far, as starting entries for the worker's list
    (``worker_journey.actions``): "Yes, my worker" to going along the first time, and what the
    worker could do for a goal still open (not done or let go). A goal's own actions whose who
    is the worker are not offered: they are already in the plan and reviewed with their goal,
    and offering them here put them in the plan and the review twice. Each entry's id is
    ``asked-`` and the id it came from; those already in the list (by id, or by the same
    words) are left out, so a list reached twice is not offered them again."""
    stored = _entries(sp.value_at(data, sp.WORKER_ACTIONS))
    have_ids = {str(r["id"]) for r in stored}
    have_words = {(_words(r.get("what")) or "").casefold() for r in stored}
    asks: list[dict[str, str]] = []

    def ask(source: Any, what: str | None, why: str | None) -> None:
        entry_id = f"{ASKED_PREFIX}{source}"
        if what is None or entry_id in have_ids or what.casefold() in have_words:
            return
        asks.append({"id": entry_id, "what": what, **({"why": why} if why else {})})

    for activity in _entries(sp.value_at(data, sp.COMMUNITY_LIST)):
        what = _words(activity.get("what"))
        # Going along is asked only for "Go along and try it" and "Find out more first": after
        # "Maybe later" an earlier "Yes, my worker" stays stored but is no longer asked of them.
        if (
            activity.get("next_step") in _GOING_STEPS
            and activity.get("go_along") == "worker"
            and what is not None
        ):
            ask(activity["id"], f"Go along the first time: {what}", what)
    for goal in _entries(sp.value_at(data, sp.GOALS_LIST)):
        if goal.get("next") in _GOAL_CLOSED:
            # Done or let go: what the worker could do for it is no longer to do.
            continue
        goal_words = _words(sp.goal_words(goal))
        ask(goal["id"], _words(goal.get("worker_can")), goal_words)
    return asks


def put_off_tasks(data: Mapping[str, Any]) -> list[str]:
    """The ids of the worker's going-along actions (``asked-`` and a thing to try's id, as
    :func:`worker_asks` made them) whose thing to try is put off till later ("Maybe later"):
    going along no longer applies, so they are not read back, reviewed or shown as open. Kept
    in the list, they apply again if the pair go back to trying it."""
    return [
        f"{ASKED_PREFIX}{activity['id']}"
        for activity in _entries(sp.value_at(data, sp.COMMUNITY_LIST))
        if activity.get("next_step") is not None and activity.get("next_step") not in _GOING_STEPS
    ]


class ExpressionFunctions:
    """The functions content expressions can call, over one conversation's state."""

    def __init__(
        self,
        state: ConversationState,
        clock: Clock,
        given: Mapping[str, Callable[..., Any]],
        agency: Any = None,
    ) -> None:
        self._state = state
        self._clock = clock
        # The agency's settings (an assistant.agency.Agency, which the engine, below it, does
        # not import), or None when there are none.
        self._agency = agency
        self.by_name: dict[str, Callable[..., Any]] = {
            "answered": self.answered,
            "skipped": self.skipped,
            "get": self.get,
            "visited": self.visited,
            "topic_status": self.topic_status,
            "today": self.today,
            "in_days": self.in_days,
            "plan_parts": self.plan_parts,
            "worker_asks": self.worker_asks,
            "put_off_tasks": self.put_off_tasks,
            "goal_words": self.goal_words,
            "opportunities": self.opportunities,
            "opportunity": self.opportunity,
            "with_picks": self.with_picks,
            "with_referrals": self.with_referrals,
            "person_age": self.person_age,
            "person_gender": self.person_gender,
            "agency_choice": self.agency_choice,
            "worker_name": self.worker_name,
            "earlier_worker": self.earlier_worker,
            # Functions the layers above gave the content (the directory's), by name.
            **given,
            # The referral functions fill what a flow leaves out from this conversation, then
            # call the directory's function of the same name (in ``given``), so they stay here.
            "referral_options": self.referral_options,
            "referral_to": self.referral_to,
            "referral_routes": self.referral_routes,
            "referral_detail": self.referral_detail,
            "referral_asks": self.referral_asks,
            "referral_checks": self.referral_checks,
            "referral_message": self.referral_message,
            "referral_signed": self.referral_signed,
        }
        self._given = dict(given)

    def context(self, **extra: Any) -> dict[str, Any]:
        """The names an expression sees now: answers, shared globals, functions, loop records."""
        loop_values, _ = self._state.loop_bindings()
        records = {name: record_view(record) for name, record in loop_values.items()}
        return {**self._state.data, **STATIC_GLOBALS, **self.by_name, **records, **extra}

    def answered(self, path: str) -> bool:
        value = dp.get(self._state.data, self._state.resolve(str(path)))
        return value is not dp.MISSING and not is_empty(value)

    def skipped(self, path: str) -> bool:
        return bool(self._state.tree["skipped"].get(dp.join(self._state.resolve(str(path)))))

    def get(self, path: str, default: Any = None) -> Any:
        value = dp.get(self._state.data, self._state.resolve(str(path)))
        return default if value is dp.MISSING else value

    def visited(self, ref: str) -> int:
        ref = str(ref)
        if "." not in ref:
            stack = self._state.stack()
            current = stack[-1]["topic"] if stack else None
            ref = f"{current}.{ref}"
        return int(self._state.tree["visits"].get(ref, 0))

    def topic_status(self, topic_id: str) -> str:
        return self._state.status(str(topic_id))

    def today(self) -> str:
        return self._clock().date().isoformat()

    def in_days(self, days: Any, weekday: Any = False) -> str:
        return days_on(self._clock().date(), days, weekday)

    def plan_parts(self) -> list[dict[str, str]]:
        """The plan's parts so far, as options (see :func:`plan_parts`)."""
        return plan_parts(self._state.data)

    def worker_asks(self) -> list[dict[str, str]]:
        """What the person asked of the worker, not yet in the list (see :func:`worker_asks`)."""
        return worker_asks(self._state.data)

    def put_off_tasks(self) -> list[str]:
        """The worker's going-along actions for things put off (see :func:`put_off_tasks`)."""
        return put_off_tasks(self._state.data)

    def goal_words(self, goal: Any) -> Any:
        """A goal record's words now (:func:`assistant.store_paths.goal_words`): the new words
        given at a review while its "Change it" stands, else its own; '' when it has none."""
        words = sp.goal_words(goal) if isinstance(goal, Mapping) else None
        return "" if words is None else words

    def opportunities(
        self, interests: Any = "", limit: int = 8, **more: Any
    ) -> list[dict[str, str]]:
        # Without a community directory beside the content there is nothing to offer; with
        # one, the directory's own function (in content.functions) takes this name. `more`
        # takes what flows may pass it (strengths=, other=, age=, gender=, ...).
        return []

    def opportunity(self, entry_id: str) -> dict[str, Any]:
        return {}

    def with_picks(self, records: Any, picks: Any = None, idea_from: Any = None) -> Any:
        # Without a directory there is nothing to name a pick by: the list stays as it is.
        return records

    def with_referrals(self, records: Any, picks: Any = None) -> Any:
        # Without a directory there is no entry to add: the list stays as it is.
        return records

    def person_age(self) -> int | None:
        # Not known without a person's record (a meeting gives its own: meetings.directory).
        return None

    def person_gender(self) -> str | None:
        return None

    # -- referrals: without a community directory (no function given) each has nothing to
    # offer; with one, the directory's function answers (assistant.directory.referral).

    def _referral(self, name: str, empty: Any, *args: Any, **kwargs: Any) -> Any:
        given = self._given.get(name)
        return empty if given is None else given(*args, **kwargs)

    def referral_options(self, picks: Any = None, things: Any = None) -> list[dict[str, str]]:
        """The meeting's directory picks and things to try from the directory, as options."""
        data = self._state.data
        return self._referral(
            "referral_options",
            [],
            sp.value_at(data, sp.DIRECTORY_PICKS) if picks is None else picks,
            sp.value_at(data, sp.COMMUNITY_LIST) if things is None else things,
        )

    def referral_to(self, entry_id: Any = None) -> str:
        return self._referral("referral_to", "", entry_id)

    def referral_routes(self, entry_id: Any = None, consent: Any = None) -> list[dict[str, str]]:
        return self._referral("referral_routes", [], entry_id, consent)

    def referral_detail(self, entry_id: Any = None, route: Any = None) -> str:
        return self._referral("referral_detail", "", entry_id, route)

    def referral_asks(self, entry_id: Any = None) -> str:
        return self._referral("referral_asks", "", entry_id)

    def referral_checks(
        self, entry_id: Any = None, age: Any = None, gender: Any = None, situations: Any = None
    ) -> list[str]:
        """The worker's flags; age and gender default to the person's record's (the
        content's ``person_age()`` and ``person_gender()``)."""
        if age is None:
            age = self.by_name["person_age"]()
        if gender is None:
            gender = self.by_name["person_gender"]()
        return self._referral("referral_checks", [], entry_id, age, gender, situations)

    def referral_message(
        self,
        entry_id: Any = None,
        by_whom: Any = None,
        shared: Any = None,
        to: Any = None,
        person_name: Any = None,
        worker_name: Any = None,
    ) -> str:
        """A suggested wording; the names default to the person's (``about.name``) and the
        worker's and organisation's from the agency's settings."""
        if person_name is None:
            person_name = sp.value_at(self._state.data, sp.NAME)
        worker = getattr(self._agency, "worker", None)
        if worker_name is None:
            worker_name = getattr(worker, "name", None)
        organisation = getattr(self._agency, "organisation", None)
        return self._referral(
            "referral_message",
            "",
            entry_id,
            by_whom,
            shared,
            to,
            person_name,
            worker_name,
            organisation,
        )

    def referral_signed(self, text: Any = None) -> Any:
        """``text`` (a referral's suggested wording) from today's worker when the last
        meeting's worker wrote it (a handover, :meth:`earlier_worker`); as it is otherwise."""
        earlier = self.earlier_worker()
        if not earlier:
            return text
        return self._referral("referral_signed", text, text, earlier, self.worker_name())

    def worker_name(self) -> str:
        """Today's worker's name from the agency's settings; "" when they name none."""
        name = getattr(getattr(self._agency, "worker", None), "name", None)
        return name.strip() if isinstance(name, str) else ""

    def earlier_worker(self) -> str:
        """The last meeting's worker (``previous.worker``) when today's worker is someone else,
        e.g. after a handover; "" when it is the same worker, or either is not known."""
        before = sp.value_at(self._state.data, sp.PREVIOUS_WORKER)
        now = self.worker_name()
        if not isinstance(before, str) or not before.strip() or not now:
            return ""
        return (
            ""
            if " ".join(before.split()).casefold() == " ".join(now.split()).casefold()
            else before.strip()
        )

    def agency_choice(self, name: str) -> bool:
        """True when the agency's settings switch the choice ``name`` on (a dotted name in
        agency.yaml, e.g. ``ratings.treatment_aspects``); False without agency settings, or
        for a name they do not have."""
        value: Any = self._agency
        for part in str(name).split("."):
            if value is None:
                return False
            value = value.get(part) if isinstance(value, Mapping) else getattr(value, part, None)
        return value is True
