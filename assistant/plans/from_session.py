"""From a meeting's answers to a plan: the one module that knows where the plan's parts are stored.

When the content pack (``content/flows/*.yaml``, data model in docs/authors-guide.md) moves
or renames an answer a plan is built from, change it here. Everything else in
``assistant.plans`` and ``assistant.export`` works on the :class:`~assistant.plans.model.Plan`.
(The answers other code reasons about too, such as the name, the network and the lists, are
named in :mod:`assistant.store_paths` and read from there; the demo's answers,
:mod:`assistant.plans.demo_data`, spell store paths as the content's answers do.)

:func:`build_plan` is a pure function of the session data, the answer log (who gave each
answer: the ``by`` of the log entry that set it, and of later ``changed`` entries) and the
previous plan version (rating history, review statuses, who proposed carried-over items).
"""

from __future__ import annotations

import copy
import datetime as _dt
from collections.abc import Collection, Iterable, Mapping
from typing import Any, Final, Literal

from assistant import store_paths as sp
from assistant.agency import Agency
from assistant.dates import local_iso_day
from assistant.directory import Directory, DirectoryEntry, directory_of
from assistant.directory.model import ROUTES
from assistant.directory.referral import kept_flags
from assistant.engine.answer_words import emptied
from assistant.engine.conversation import CORRECTION
from assistant.engine.functions import (
    ASKED_PREFIX,
    ITEM_PREFIX,
    MARKED_PEOPLE,
    MEETING_ITEM_PATHS,
    MEETING_ITEMS,
    NOTHING_PRIVATE,
    PLAN_SECTIONS,
    PREVIOUS_PRIVATE_WORDS,
    SECTION_PREFIX,
    off_the_lists,
    plan_parts,
    put_off_tasks,
)
from assistant.engine.no_longer_asked import no_longer_asked, without
from assistant.flows import model as m
from assistant.plans.model import (
    About,
    Action,
    ActionWho,
    Agreement,
    AttainmentPoint,
    Attributed,
    Barrier,
    Code,
    Community,
    Concern,
    Connection,
    ConnectionCounts,
    Contacts,
    DirectoryPick,
    Goal,
    GoalLevels,
    GoalOption,
    HardTimes,
    KeptName,
    LifeArea,
    Measures,
    MeasuresPoint,
    MovingOn,
    Network,
    Opportunity,
    Participation,
    PersonalContact,
    PersonRef,
    PickContact,
    PickDetails,
    Plan,
    PrivatePart,
    ProfessionalContact,
    RatingPoint,
    Referral,
    ResourceDomain,
    Resourceful,
    ResourcefulPerson,
    Review,
    Sharing,
    StatusPoint,
    SupportNeed,
    TakenOff,
    WellbeingScores,
    Words,
    WorkerAction,
    WorkerJourney,
)
from assistant.plans.outcomes import (
    ATTAINMENT_CODES,
    ONS4,
    OPPORTUNITY_STATUSES,
    REFERRAL_ROUTES,
    REFERRAL_STATUSES,
    connection_counts,
)
from assistant.plans.provenance import Prior, Provenance

# Words someone said, with who said them: an answer in their own words, or a goal's option.
_Said = Words | GoalOption

# The eight life areas (after DIALOG+), in the order the content asks them.
# Stored at ratings.AREA (1-7) and more_help.AREA (yes/no); see content/flows/life_areas.yaml.
LIFE_AREAS: tuple[tuple[str, str], ...] = (
    ("mental_health", "Mental health"),
    ("physical_health", "Physical health"),
    ("daytime", "What I do in the day"),
    ("home", "Where I live"),
    ("leisure", "Free time"),
    ("friendships", "Friendships"),
    ("family", "Family or partner"),
    ("safety", "Feeling safe"),
    # DIALOG+'s three treatment aspects, asked only when the agency chose them
    # (agency.yaml `ratings: treatment_aspects: true`).
    ("medication", "Medication"),
    ("practical_help", "Practical help"),
    ("meetings", "Meetings with professionals"),
)
# Resourceful people by domain (after Resource Generator-UK's domains): resourceful.DOMAIN
# (records: who, tie) and resourceful.want_more.DOMAIN (yes/no).
RESOURCE_DOMAINS: tuple[tuple[str, str], ...] = (
    ("practical", "Everyday, practical help"),
    ("advice", "Advice and information"),
    ("skills", "Showing me how to do things"),
    ("emergency", "When something goes wrong"),
)
# Action `who` codes (goal_steps.yaml) -> the plan's ActionWho kinds.
_ACTION_WHO = {"me": "person", "worker": "worker", "both": "both", "someone_else": "other"}

# What each can do towards a goal: goals.list.*.KEY -> the plan's GoalOption `who`.
_GOAL_OPTIONS: tuple[tuple[str, Literal["person", "worker", "others"]], ...] = (
    ("person_can", "person"),
    ("worker_can", "worker"),
    ("others_can", "others"),
)

# The plan for hard times: hard_times.FIELD (long text each), as HardTimes names them.
_HARD_TIMES_FIELDS = (
    "early_signs",
    "what_helps",
    "what_does_not_help",
    "contact_day",
    "contact_night",
    "others_do",
)

# Who reviews the plan with the person (closing.yaml `review_by`): the worker (named from
# the agency settings) or someone else (named at `review_by_who`).
_REVIEW_BY_WORKER = "worker"
_REVIEW_BY_SOMEONE_ELSE = "someone_else"
# The reviewer's words when the worker reviews but the agency settings name no worker (the
# easy read says "your worker" for it: export.views.easy_reviewer).
REVIEWER_MY_WORKER = "My worker"

# The entries chosen from the community directory (community.yaml `directory_matches`).
_DIRECTORY_PICKS = sp.DIRECTORY_PICKS

# Parts of the plan marked not to be shared (closing.yaml `private_parts`, values from the
# engine's plan_parts()): kept outside `agreement`, so a later meeting starts from them.
_PRIVATE = "sharing.private"
# Closing's sharing answers (under `agreement`, otherwise asked afresh at each meeting): a
# restriction or a consent stands until the person changes it.
_SHARING_CARRIED = ("share_with", "share_who", "keep_private")
# The kinds of people "Who exactly?" names (closing.yaml `share_who`'s `when`).
_NAMED_SHARE_CHOICES: Final = ("family", "someone_else")

# What was said about the areas picked after the ratings (what_matters.yaml and review.yaml
# `focus_talk`): belongs to its meeting, like the picks.
RATINGS_FOCUS_TALK = "ratings_focus_talk"

# What the person keeps from others stays in the plan even when Closing no longer asks it
# (they now share with nobody): a restriction stands until the person changes it, and kept
# beside "nobody" it restricts nothing.
_RESTRICTIONS: Final = frozenset({_PRIVATE, "agreement.keep_private"})

# Choice labels are looked up by the `store` written in the content (plus `.field` for a
# field of a records answer), so a relabelled option shows its new words in new plans.
_CHOICE_KEYS = {
    "relationship": f"{sp.NETWORK_PEOPLE}.relationship",
    "contact": "person.contact",
    "support": "person.support",
    "feeling": "person.feeling",
    "want": "person.want",
    "concern_kind": f"{sp.CONCERNS_LIST}.kind",
    "tie": "resourceful.{domain}.tie",
    "where": f"{sp.COMMUNITY_LIST}.where",
    "activity_idea_from": f"{sp.COMMUNITY_LIST}.idea_from",
    "next_step": "activity.next_step",
    "go_along": "activity.go_along",
    "goal_idea_from": f"{sp.GOALS_LIST}.idea_from",
    "action_idea_from": "goal.actions.idea_from",
    "way_past_from": "goal.barriers.way_past_from",
    "might_help_from": "concern.might_help_from",
    "resourceful_idea_from": "resourceful.{domain}.idea_from",
    "directory_idea_from": "community.from_directory_idea_from",
    "status": "action.status",
    "worker_status": "task.status",
    "progress": "goal.progress",
    "goal_next": "goal.next",
    "moving_on": "review.moving_on",
    "contact_relationship": f"{sp.PERSONAL_CONTACTS}.relationship",
    "network_contact_relationship": "person.contact_relationship",
    "took_part": "agreement.took_part",
    "at_keyboard": "session.at_keyboard",
    "agrees": sp.PERSON_AGREES,
    "worker_agrees": sp.WORKER_AGREES,
    "share_with": "agreement.share_with",
    "copy": "agreement.copy",
}
# Choices of the issue-19 answers, looked up under each `store` the content may use (the
# list's own path, or a sub-flow's loop name); without content words, outcomes' defaults.
_CHOICE_FALLBACKS: Final[dict[str, tuple[tuple[str, ...], Mapping[str, str]]]] = {
    "opportunity_status": (
        (f"{sp.COMMUNITY_LIST}.status", "activity.status", "opportunity.status"),
        OPPORTUNITY_STATUSES,
    ),
    "referral_status": (
        (f"{sp.REFERRALS_LIST}.status", "referral.status"),
        REFERRAL_STATUSES,
    ),
    "referral_route": ((f"{sp.REFERRALS_LIST}.route", "referral.route"), REFERRAL_ROUTES),
    "referral_by_whom": (
        (f"{sp.REFERRALS_LIST}.by_whom", "referral.by_whom"),
        {"person": "The person", "worker": "The worker", "both": "Both together"},
    ),
    "referral_idea_from": ((f"{sp.REFERRALS_LIST}.idea_from", "referral.idea_from"), {}),
}


# -- reading the session data -------------------------------------------------------------------


def _records(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [r for r in value if isinstance(r, dict) and r.get("id") is not None]


def _text(value: Any) -> str | None:
    # Verbatim: no trimming. Blank answers count as "not given" (the engine never stores them).
    return value if isinstance(value, str) and value.strip() else None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _int(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if low <= value <= high else None


def _attainment(value: Any) -> int | None:
    """A review's attainment: a code (minus_2 ... plus_2) or a number -2..2."""
    if isinstance(value, str):
        return ATTAINMENT_CODES.get(value)
    return _int(value, -2, 2)


def _yes_no(value: Any) -> bool | None:
    """A yes/no answer stored as a bool or as the codes yes/no."""
    if isinstance(value, bool):
        return value
    return {"yes": True, "no": False}.get(value) if isinstance(value, str) else None


def _date(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return _dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


# -- labels ---------------------------------------------------------------------------------------


def labels_from_content(content: Any) -> dict[str, dict[str, str]]:
    """Option labels by ``store`` (and ``store.field`` for records), from loaded content."""
    found: dict[str, dict[str, str]] = {}
    for index in content.topics.values():
        for node in index.topic.nodes:
            if not isinstance(node, m.AskNode):
                continue
            # Two flows may offer one store different codes (a referral's status when it
            # is made and at the review): each code keeps the first words found for it.
            if node.options:
                known = found.setdefault(node.store, {})
                for o in node.options:
                    known.setdefault(o.value, o.text)
            for field in node.fields:
                if field.options:
                    known = found.setdefault(f"{node.store}.{field.name}", {})
                    for o in field.options:
                        known.setdefault(o.value, o.text)
    directory = directory_of(content)
    if directory is not None:
        found[_DIRECTORY_PICKS] = {e.id: e.name for e in directory.entries}
        # A referral's route is offered per entry inside its loop, so its options cannot be
        # listed here: the directory's route words, so the transcript never shows "Self".
        for store in _CHOICE_FALLBACKS["referral_route"][0]:
            found.setdefault(store, dict(ROUTES))
    return found


def pick_details(entry: DirectoryEntry, directory: Directory) -> PickDetails:
    """A directory entry's details, copied into the plan as they are now."""
    contact = entry.contact
    return PickDetails(
        what=entry.description,
        when=entry.when,
        venue=entry.venue,
        area=directory.area_name(entry.area),
        online=entry.online,
        cost=entry.cost,
        free=entry.free,
        who_for=entry.who_for,
        access=entry.access,
        bring_someone=entry.bring_someone,
        first_visit=list(entry.first_visit),
        contact=PickContact(
            name=contact.name, phone=contact.phone, email=contact.email, web=contact.web
        ),
        checked=entry.checked,
    )


def _humanise(code: str) -> str:
    return code.replace("_", " ").capitalize()


# The fields that are an item's own words, for items a review asks about (goals, actions,
# worker's actions, things to try, referrals): only replacing these changes the item. The
# review's answers (progress, what next, attainment, a status and its notes) are kept with
# their own history and who gave them (``reviewed_by``), never as changes to the item.
_WHAT: Final = ("what",)
_REFERRAL_WORDS: Final = ("to", "entry")

# A worker's action reviewed as one of these is finished: its history stays in the plan.
_FINISHED: Final = frozenset({"done", "dropped"})


class _Builder:
    def __init__(
        self,
        data: Mapping[str, Any],
        log: Iterable[Mapping[str, Any]],
        previous: Plan | None,
        labels: Mapping[str, Mapping[str, str]],
        directory: Directory | None = None,
        no_longer_asked: Iterable[str] = (),
        left_today: Iterable[str] = (),
    ) -> None:
        # Answers whose question no longer applies (its `when` turned false after an earlier
        # answer changed) stay stored, so the question shows them again if it applies again;
        # no part of the plan reads them (see :func:`_no_longer_asked`).
        self.data = without(data, no_longer_asked)
        # The questions left for today ("Not today"), by store path (:func:`_left_today`).
        self.left_today = frozenset(left_today)
        log = list(log)
        self.prov = Provenance(log)
        # The answers given at this meeting and still in force: a goal's words changed only
        # to put right a mistake in the record (a correction, not a change of mind) keep
        # "the words before the change" they had (:meth:`words_corrected_only`).
        undone = {e.get("of") for e in log if e.get("action") == "undone"}
        self.given = [
            e
            for e in log
            if e.get("action") in ("answered", "changed")
            and e.get("path")
            and e.get("seq") not in undone
        ]
        self.previous = previous
        self.labels = labels
        self.directory = directory
        # The day this meeting's measures and statuses are dated (set by build_plan).
        self.today: str | None = None
        # The version this meeting's statuses are first recorded in (set by build_plan).
        self.number: int | None = None
        # The day the previous version's were (as rating history dates them).
        self.before: str | None = None
        if previous is not None:
            self.before = previous.agreement.date or local_iso_day(previous.created)

    # -- small helpers --------------------------------------------------------------------------

    def words_corrected_only(self, goal_path: str) -> bool:
        """Whether this meeting changed the goal's words (``what``, or its new words) only
        as corrections of a mistake in the record: an answer at one of them, or a list or
        record saved whole in which this goal's words differ. A change of mind beside a
        correction (new words given, then a typo in them corrected) is a change."""
        leaves = (f"{goal_path}.what", f"{goal_path}.{sp.GOAL_NEW_WORDS}")
        kinds = set()
        for entry in self.given:
            path = str(entry["path"])
            if path in leaves or (
                goal_path.startswith(f"{path}.")
                and _goal_words_in(entry.get("old"), path, goal_path)
                != _goal_words_in(entry.get("value"), path, goal_path)
            ):
                kinds.add(entry.get("reason") == CORRECTION)
        return kinds == {True}

    def code(self, key: str, value: Any) -> Code | None:
        if value is None or isinstance(value, (dict, list)):
            return None
        text = str(value)
        if isinstance(value, bool):
            text = "yes" if value else "no"
        label = self.labels.get(key, {}).get(text)
        return Code(code=text, label=label if label is not None else _humanise(text))

    def codes(self, key: str, value: Any) -> list[Code]:
        if not isinstance(value, list):
            return []
        return [c for c in (self.code(key, v) for v in value) if c is not None]

    def choice(self, kind: str, value: Any) -> Code | None:
        """A choice of the issue-19 answers (:data:`_CHOICE_FALLBACKS`): the content's words
        from the first of its stores that has words for it (a status is offered by two
        flows, each with some of the codes), else plain default words."""
        stores, defaults = _CHOICE_FALLBACKS[kind]
        found = self.code(stores[0], value)
        if found is None:
            return None
        for key in stores:
            label = self.labels.get(key, {}).get(found.code)
            if label is not None:
                return found.model_copy(update={"label": label})
        if found.code in defaults:
            return found.model_copy(update={"label": defaults[found.code]})
        return found

    def attributed(
        self, path: str, prev: Attributed | None, changes_in: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """Who proposed and changed the item at ``path`` (see :meth:`Provenance.of`)."""
        prior = (
            Prior(prev.proposed_by, tuple(prev.changed_by), prev.agreed_by)
            if prev is not None
            else None
        )
        return self.prov.of(path, prior, changes_in)

    def words(self, path: str, value: Any, prev: Words | None = None) -> Words | None:
        text = _text(value)
        if text is None:
            return None
        return Words(text=text, **self.attributed(path, self.carried(path, text, prev)))

    def carried(self, path: str, text: str, prev: _Said | None) -> _Said | None:
        """The earlier version's words at ``path`` whose attribution these words keep: while
        they are unchanged, or when this meeting edited them (who said them first still said
        them; the editor is added as a change, as within one meeting). New words given in
        place of none (a box that starts empty at a review) are this meeting's own."""
        if prev is None:
            return None
        if prev.text == text or self.prov.started_from(path, prev.text):
            return prev
        return None

    def at(self, path: str) -> Any:
        return sp.value_at(self.data, path)

    # -- sections -------------------------------------------------------------------------------

    def about(self) -> About:
        prev = self.previous.about if self.previous else About()
        return About(
            name=self.words(sp.NAME, self.at(sp.NAME), prev.name),
            what_matters=self.words(
                "about.what_matters", self.at("about.what_matters"), prev.what_matters
            ),
            interests=self.words("about.interests", self.at("about.interests"), prev.interests),
            strengths=self.words("about.strengths", self.at("about.strengths"), prev.strengths),
            hopes=self.words("about.hopes", self.at("about.hopes"), prev.hopes),
            good_week=self.words("about.good_week", self.at("about.good_week"), prev.good_week),
        )

    def life_areas(self) -> list[LifeArea]:
        before = {a.area: a for a in self.previous.life_areas} if self.previous else {}
        when = None
        if self.previous is not None:
            when = self.previous.agreement.date or local_iso_day(self.previous.created)
        areas = []
        picked = self.at(sp.RATINGS_FOCUS)
        focus = {str(a) for a in picked} if isinstance(picked, list) else set()
        for area, label in LIFE_AREAS:
            value = _int(self.at(f"{sp.RATINGS}.{area}"), 1, 7)
            # Offered and left for today: the plan says so, so a reader sees it was asked.
            left = value is None and f"{sp.RATINGS}.{area}" in self.left_today
            more_help = _bool(self.at(f"{sp.MORE_HELP}.{area}"))
            old = before.get(area)
            history = list(old.history) if old else []
            if old is not None and old.value is not None:
                history.append(
                    RatingPoint(
                        plan_version=self.previous and self.previous.number,
                        date=when,
                        value=old.value,
                    )
                )
            asked = value is not None or more_help is not None or left or area in focus
            # An area the last version listed stays listed ("not rated this time"), so one
            # left for today then and not asked now is never silently dropped.
            if not asked and not history and old is None:
                continue
            # Who gave the rating: a topic gone through again, its rating given again as it
            # was by another speaker, does not make the rating theirs.
            by = self.prov.given_by(f"{sp.RATINGS}.{area}")
            areas.append(
                LifeArea(
                    area=area,
                    label=label,
                    value=value,
                    left_today=left,
                    # Not talked about now, left for another day last time: copies say both.
                    left_last_time=not asked and old is not None and old.left_today,
                    more_help=more_help,
                    focus=area in focus,
                    history=history,
                    proposed_by=by if by is not None else (old.proposed_by if old else None),
                )
            )
        return areas

    def network(self) -> Network:
        prev = self.previous.network if self.previous else Network()
        before = {p.id: p for p in prev.people}
        people = []
        for record in _records(self.at(sp.NETWORK_PEOPLE)):
            name = _text(record.get("name"))
            if name is None:
                continue
            rid = str(record["id"])
            path = f"{sp.NETWORK_PEOPLE}.#{rid}"
            people.append(
                Connection(
                    id=rid,
                    name=name,
                    relationship=self.code(
                        _CHOICE_KEYS["relationship"], record.get("relationship")
                    ),
                    circle=_int(record.get("circle"), 1, 3),
                    contact=self.code(_CHOICE_KEYS["contact"], record.get("contact")),
                    support=self.codes(_CHOICE_KEYS["support"], record.get("support")),
                    feeling=self.code(_CHOICE_KEYS["feeling"], record.get("feeling")),
                    want=self.code(_CHOICE_KEYS["want"], record.get("want")),
                    **self.attributed(path, before.get(rid)),
                )
            )
        return Network(
            people=people,
            notice=self.words("network.notice", self.at("network.notice"), prev.notice),
            lost_touch=self.words(
                "network.lost_touch", self.at("network.lost_touch"), prev.lost_touch
            ),
            would_like=self.words(
                "network.would_like", self.at("network.would_like"), prev.would_like
            ),
        )

    def concerns(self) -> list[Concern]:
        before = {c.id: c for c in self.previous.concerns} if self.previous else {}
        found = []
        for record in _records(self.at(sp.CONCERNS_LIST)):
            rid = str(record["id"])
            path = f"{sp.CONCERNS_LIST}.#{rid}"
            old = before.get(rid)
            found.append(
                Concern(
                    id=rid,
                    kind=self.code(_CHOICE_KEYS["concern_kind"], record.get("kind")),
                    words=_text(record.get("words")),
                    hard=self.words(f"{path}.hard", record.get("hard"), old.hard if old else None),
                    helped_before=self.words(
                        f"{path}.helped_before",
                        record.get("helped_before"),
                        old.helped_before if old else None,
                    ),
                    might_help=self.words(
                        f"{path}.might_help",
                        record.get("might_help"),
                        old.might_help if old else None,
                    ),
                    might_help_from=self.code(
                        _CHOICE_KEYS["might_help_from"], record.get("might_help_from")
                    ),
                    work_on=_bool(record.get("work_on")),
                    **self.attributed(path, old),
                )
            )
        return found

    def resourceful(self) -> Resourceful:
        prev = self.previous.resourceful if self.previous else Resourceful()
        before = {p.id: p for d in prev.domains for p in d.people}
        domains = []
        for domain, label in RESOURCE_DOMAINS:
            stored = self.at(f"resourceful.{domain}")
            want_more = _bool(self.at(f"resourceful.want_more.{domain}"))
            if stored is None and want_more is None:
                continue  # not talked about yet: neither people nor a gap
            people = []
            for record in _records(stored):
                who = _text(record.get("who"))
                if who is None:
                    continue
                rid = str(record["id"])
                people.append(
                    ResourcefulPerson(
                        id=rid,
                        who=who,
                        idea_from=self.code(
                            _CHOICE_KEYS["resourceful_idea_from"].format(domain=domain),
                            record.get("idea_from"),
                        ),
                        tie=self.code(_CHOICE_KEYS["tie"].format(domain=domain), record.get("tie")),
                        **self.attributed(f"resourceful.{domain}.#{rid}", before.get(rid)),
                    )
                )
            domains.append(
                ResourceDomain(
                    domain=Code(code=domain, label=label),
                    people=people,
                    want_more=want_more,
                    gap=want_more is True or (not people and want_more is not False),
                    # Skipped (or only "would it help to know more?" answered): a copy says
                    # "not talked about yet", never "no one yet", a gap nobody described.
                    not_talked_about=stored is None,
                )
            )
        return Resourceful(
            meaning=self.words("resourceful.meaning", self.at("resourceful.meaning"), prev.meaning),
            domains=domains,
            goal_idea=self.words(
                "resourceful.goal_idea", self.at("resourceful.goal_idea"), prev.goal_idea
            ),
            can_offer=self.words(
                "resourceful.can_offer", self.at("resourceful.can_offer"), prev.can_offer
            ),
        )

    def community(self) -> Community:
        prev = self.previous.community if self.previous else Community()
        before = {o.id: o for o in prev.opportunities}
        opportunities = []
        for record in _records(self.at(sp.COMMUNITY_LIST)):
            what = _text(record.get("what"))
            if what is None:
                continue
            rid = str(record["id"])
            path = f"{sp.COMMUNITY_LIST}.#{rid}"
            old = before.get(rid)
            go_along = self.code(_CHOICE_KEYS["go_along"], record.get("go_along"))
            opportunities.append(
                Opportunity(
                    id=rid,
                    what=what,
                    where=self.code(_CHOICE_KEYS["where"], record.get("where")),
                    idea_from=self.code(
                        _CHOICE_KEYS["activity_idea_from"], record.get("idea_from")
                    ),
                    next_step=self.code(_CHOICE_KEYS["next_step"], record.get("next_step")),
                    go_along=go_along,
                    go_along_who=self.words(
                        f"{path}.go_along_who",
                        record.get("go_along_who"),
                        old.go_along_who if old else None,
                    ),
                    easier=self.words(
                        f"{path}.easier", record.get("easier"), old.easier if old else None
                    ),
                    directory=self.opportunity_pick(record, old),
                    **self.status_of(record, old),
                    **self.attributed(path, old, _WHAT),
                )
            )
        return Community(
            shared_interest=self.words(
                "community.shared_interest",
                self.at("community.shared_interest"),
                prev.shared_interest,
            ),
            try_new=self.words("community.try_new", self.at("community.try_new"), prev.try_new),
            from_directory=self.directory_picks(prev.from_directory),
            opportunities=opportunities,
            from_directory_idea_from=self.code(
                _CHOICE_KEYS["directory_idea_from"], self.at("community.from_directory_idea_from")
            ),
        )

    def directory_picks(self, before: list[DirectoryPick]) -> list[DirectoryPick]:
        """The entries chosen from the community directory, each with a copy of its details.

        The details are copied now, so this version shows what the person was given even if
        the directory changes later. An entry no longer in the directory keeps its name (from
        the last version, if it had one) and is marked ``removed``, without details. Without
        a directory (a plan built from answers alone) the last version's copy is kept.
        """
        old = {p.code: p for p in before}
        picks = []
        for chosen in self.codes(_DIRECTORY_PICKS, self.at(_DIRECTORY_PICKS)):
            if chosen.code == "placeholder":  # the content's stand-in without a directory
                continue
            picks.append(self.directory_pick(chosen, old.get(chosen.code)))
        return picks

    def directory_pick(self, chosen: Code, kept: DirectoryPick | None) -> DirectoryPick:
        """One directory entry as the plan keeps it: its name and a copy of its details now
        (the last version's copy without a directory; ``removed`` once it has left it)."""
        # Without a directory, or with the entry's file unreadable just now (it has not gone),
        # the last version's copy is kept.
        if self.directory is None or self.directory.unreadable_file(chosen.code) is not None:
            return kept or DirectoryPick(code=chosen.code, label=chosen.label)
        try:
            entry = self.directory.entry(chosen.code)
        except KeyError:
            label = kept.label if kept is not None else chosen.label
            return DirectoryPick(code=chosen.code, label=label, removed=True)
        return DirectoryPick(
            code=entry.id, label=entry.name, details=pick_details(entry, self.directory)
        )

    def opportunity_pick(
        self, record: Mapping[str, Any], old: Opportunity | None
    ) -> DirectoryPick | None:
        """The directory entry a thing to try came from (its record's ``directory``), or None
        for the person's own ideas."""
        code = record.get(sp.TRY_DIRECTORY)
        if not isinstance(code, str) or not code:
            return None
        kept = old.directory if old is not None and old.directory is not None else None
        if kept is not None and kept.code != code:
            kept = None
        label = self.labels.get(_DIRECTORY_PICKS, {}).get(code)
        if label is None:
            label = kept.label if kept is not None else _text(record.get("what")) or _humanise(code)
        return self.directory_pick(Code(code=code, label=label), kept)

    def status_of(self, record: Mapping[str, Any], old: Opportunity | None) -> dict[str, Any]:
        """A thing to try's status at this review (``status``), or the last one while it is
        not asked again, and every status given with its day (grown only by a change)."""
        status = self.choice("opportunity_status", record.get("status"))
        history = list(old.status_history) if old is not None else []
        if status is None:
            if old is not None:
                status = old.status
            else:  # no earlier version to read: the meeting's carried answer
                status = self.choice("opportunity_status", record.get("status_before"))
        if status is not None and (not history or history[-1].status != status.code):
            history.append(
                StatusPoint(status=status.code, date=self.today, plan_version=self.number)
            )
        return {"status": status, "status_history": history}

    def goal_measures(self, record: Mapping[str, Any], old: Goal | None) -> dict[str, Any]:
        """A goal's attainment levels (the person's words), this review's attainment and the
        earlier ones (the last version's own attainment appended, as ratings are)."""
        levels = GoalLevels(
            now=_text(record.get("level_now")),
            expected=_text(record.get("level_expected")),
            better=_text(record.get("level_better")),
        )
        history = list(old.attainment_history) if old is not None else []
        if old is not None and old.attainment is not None and self.previous is not None:
            history.append(
                AttainmentPoint(
                    plan_version=self.previous.number, date=self.before, value=old.attainment
                )
            )
        return {
            "levels": None if levels == GoalLevels() else levels,
            "attainment": _attainment(record.get("attainment")),
            "attainment_history": history,
        }

    def wellbeing(self) -> WellbeingScores | None:
        """This meeting's ONS4 answers (``wellbeing.ITEM``, 0-10), None when none was given."""
        scores = WellbeingScores(
            **{i.id: _int(self.at(f"{sp.WELLBEING}.{i.id}"), 0, 10) for i in ONS4}
        )
        return None if scores.empty else scores

    def referrals(self) -> list[Referral]:
        """Referrals (``referrals.list``): to whom, how, consent, what is shared, the status
        with its history (grown when the status or its day changes), and the wording."""
        before = {r.id: r for r in self.previous.referrals} if self.previous else {}
        found = []
        for record in _records(self.at(sp.REFERRALS_LIST)):
            rid = str(record["id"])
            path = f"{sp.REFERRALS_LIST}.#{rid}"
            old = before.get(rid)
            entry = self.referral_entry(record, old)
            to = _text(record.get("to")) or (entry.label if entry is not None else None)
            if to is None:
                continue
            status = self.choice("referral_status", record.get("status"))
            if status is None and old is not None:
                status = old.status
            status_on = self.status_on(record, old, status, path)
            history = list(old.history) if old is not None else []
            if status is not None and (
                not history or (history[-1].status, history[-1].date) != (status.code, status_on)
            ):
                history.append(
                    StatusPoint(status=status.code, date=status_on, plan_version=self.number)
                )
            flags = record.get("flags")
            consent = _yes_no(record.get("consent"))
            found.append(
                Referral(
                    id=rid,
                    to=to,
                    entry=entry,
                    idea_from=self.choice("referral_idea_from", record.get("idea_from")),
                    route=self.choice("referral_route", record.get("route")),
                    route_detail=_text(record.get("route_detail")),
                    consent=consent,
                    # With a no to sharing nothing is shared, whatever words were typed.
                    shared=None
                    if consent is False
                    else self.words(
                        f"{path}.shared", record.get("shared"), old.shared if old else None
                    ),
                    by_whom=self.choice("referral_by_whom", record.get("by_whom")),
                    status=status,
                    status_on=status_on,
                    history=history,
                    message=self.words(
                        f"{path}.message", record.get("message"), old.message if old else None
                    ),
                    notes=self.referral_notes(path, record, old),
                    # Not one that stops being true when a file is fixed (kept_flags).
                    flags=[f for f in kept_flags(flags) if _text(f)],
                    **self.attributed(path, old, _REFERRAL_WORDS),
                )
            )
        return found

    def status_on(
        self, record: Mapping[str, Any], old: Referral | None, status: Code | None, path: str
    ) -> str | None:
        """The day of a referral's current status: as given; else, while the status is the
        one it had, the day it first had it (the next meeting keeps last time's day in
        ``status_on_before``); else this meeting's day.

        A day given before the status was changed to another (from the transcript, say
        "sent" back to "planned") was the day of the status before: it is not this one's
        (the log keeps it, with the change)."""
        given = _date(record.get("status_on"))
        changed = self.prov.last_replaced(f"{path}.status")
        if given is not None and changed is not None:
            day_given = self.prov.last_given(f"{path}.status_on")
            if day_given is None or day_given < changed:
                given = None
        if given is not None or status is None:
            return given
        if old is not None and old.status is not None and old.status.code == status.code:
            return old.status_on
        if record.get("status_before") == status.code:
            before = _date(record.get("status_on_before"))
            if before is not None:
                return before
        return self.today

    def referral_entry(
        self, record: Mapping[str, Any], old: Referral | None
    ) -> DirectoryPick | None:
        """The directory entry a referral is to (with its details now), None for the
        person's own idea."""
        code = record.get("entry")
        if not isinstance(code, str) or not code or code == "placeholder":
            return None
        kept = old.entry if old is not None and old.entry is not None else None
        if kept is not None and kept.code != code:
            kept = None
        label = self.labels.get(_DIRECTORY_PICKS, {}).get(code)
        if label is None:
            label = kept.label if kept is not None else _text(record.get("to")) or _humanise(code)
        return self.directory_pick(Code(code=code, label=label), kept)

    def referral_notes(
        self, path: str, record: Mapping[str, Any], old: Referral | None
    ) -> Words | None:
        """This meeting's notes; else last time's, even when the status moved on: the
        review's box starts empty and its guidance says "Saying nothing keeps last time's
        words" (the history's dated steps say when the status changed)."""
        said = self.words(f"{path}.notes", record.get("notes"), old.notes if old else None)
        if said is not None:
            return said
        if old is not None and old.notes is not None:
            return old.notes
        return self.words(f"{path}.notes", record.get("notes_before"))

    def measures(self, plan: Plan) -> Measures:
        """This version's measures (well-being, connection counts) and the earlier ones:
        the last version's history with its own point appended."""
        history: list[MeasuresPoint] = []
        prev = self.previous
        if prev is not None:
            history = list(prev.measures.history)
            history.append(
                MeasuresPoint(
                    plan_version=prev.number,
                    date=prev.measures.date or self.before,
                    wellbeing=prev.measures.wellbeing,
                    # A version saved before measures were kept is counted now: its network
                    # and things to try are all in it.
                    connections=prev.measures.connections or connection_counts(prev),
                    attainment={g.id: g.attainment for g in prev.goals if g.attainment is not None},
                )
            )
        before = prev.measures.connections if prev is not None else None
        counts = connection_counts(plan, before)
        return Measures(
            date=self.today,
            wellbeing=self.wellbeing(),
            # Nothing counted yet (no network, resourceful people or things to try): none.
            connections=None if counts == ConnectionCounts() else counts,
            history=history,
        )

    def goals(self) -> list[Goal]:
        before = {g.id: g for g in self.previous.goals} if self.previous else {}
        goals = []
        for record in _records(self.at(sp.GOALS_LIST)):
            what = _text(sp.goal_words(record))
            if what is None:
                continue
            gid = str(record["id"])
            path = f"{sp.GOALS_LIST}.#{gid}"
            old = before.get(gid)
            old_options = {o.who: o for o in old.options} if old else {}
            options = []
            for key, who in _GOAL_OPTIONS:
                text = _text(record.get(key))
                if text is None:
                    continue
                same = self.carried(f"{path}.{key}", text, old_options.get(who))
                options.append(
                    GoalOption(who=who, text=text, **self.attributed(f"{path}.{key}", same))
                )
            goal_next = self.code(_CHOICE_KEYS["goal_next"], record.get("next"))
            goals.append(
                Goal(
                    id=gid,
                    what=what,
                    idea_from=self.code(_CHOICE_KEYS["goal_idea_from"], record.get("idea_from")),
                    going_well=self.words(
                        f"{path}.going_well",
                        record.get("going_well"),
                        old.going_well if old else None,
                    ),
                    hard=self.words(f"{path}.hard", record.get("hard"), old.hard if old else None),
                    best_case=self.words(
                        f"{path}.best_case", record.get("best_case"), old.best_case if old else None
                    ),
                    smallest_step=self.words(
                        f"{path}.smallest_step",
                        record.get("smallest_step"),
                        old.smallest_step if old else None,
                    ),
                    options=options,
                    actions=self.actions(path, record.get("actions"), old),
                    barriers=self.barriers(path, record.get("barriers"), old),
                    progress=self.code(_CHOICE_KEYS["progress"], record.get("progress")),
                    next=goal_next,
                    reviewed_by=self.reviewed_by(path, record, old),
                    reviewed_on=self.goal_reviewed_on(path, record, old),
                    change_notes=self.words(
                        f"{path}.change_notes",
                        record.get("change_notes"),
                        old.change_notes if old else None,
                    ),
                    **self.goal_measures(record, old),
                    **self.goal_attributed(path, record, what, old),
                    words_before=(
                        (old.words_before if old is not None else None)
                        if self.words_corrected_only(path)
                        else _words_before(record, what, old)
                    ),
                )
            )
        return goals

    def goal_attributed(
        self, path: str, record: Mapping[str, Any], what: str, old: Goal | None
    ) -> dict[str, Any]:
        """Who proposed the goal and who changed its words: new words given at the review
        (``new_what``, in force while "Change it" stands) are a change by whoever gave
        them; taken back, they are no change at all."""
        found = self.attributed(path, old, _WHAT)
        if what == _text(record.get("what")):
            return found
        by = self.prov.given_by(f"{path}.{sp.GOAL_NEW_WORDS}")
        changed = list(found["changed_by"])
        if by is not None and (not changed or changed[-1] != by):
            changed.append(by)
        return {**found, "changed_by": changed}

    def reviewed_by(self, path: str, record: dict[str, Any], old: Goal | None) -> str | None:
        """Who gave the goal's review answers now in force (how it is going, what next), when
        one speaker gave them all; None when two did, or one is not known: a view the
        person gave must never be printed as the worker's. An answer carried over unchanged
        from the last version keeps who gave it then."""
        speakers = set()
        for key in ("progress", "next"):
            value = record.get(key)
            if value is None:
                continue
            by = self.prov.given_by(f"{path}.{key}")
            if by is None and old is not None:
                before = getattr(old, key)
                if before is not None and before.code == value:
                    by = old.reviewed_by
            speakers.add(by)
        return speakers.pop() if len(speakers) == 1 else None

    def goal_reviewed_on(
        self, path: str, record: Mapping[str, Any], old: Goal | None
    ) -> str | None:
        """The day the goal's review answers in force (how it is going, what next) were given:
        this meeting's when it gave either of them, else the day the last version kept for
        them (a goal not looked at this time keeps its last review's view, and its date)."""
        if record.get("progress") is None and record.get("next") is None:
            return None
        # given_by, not seen: the goals list saved whole (a goal added) writes this goal's
        # view again as it was, which gives it nothing.
        if any(self.prov.given_by(f"{path}.{key}") for key in ("progress", "next")):
            return self.today
        return old.reviewed_on if old is not None else None

    def actions(self, goal_path: str, stored: Any, old_goal: Goal | None) -> list[Action]:
        before = {a.id: a for a in old_goal.actions} if old_goal else {}
        actions = []
        for record in _records(stored):
            what = _text(record.get("what"))
            if what is None:
                continue
            aid = str(record["id"])
            path = f"{goal_path}.actions.#{aid}"
            old = before.get(aid)
            who = None
            kind = _ACTION_WHO.get(str(record.get("who")))
            if kind is not None:
                name = _text(record.get("who_else")) if kind == "other" else None
                who = ActionWho(kind=kind, name=name)
            status = self.code(_CHOICE_KEYS["status"], record.get("status"))
            if status is None and old is not None:
                status = old.status  # not reviewed this time: the last review still stands
            actions.append(
                Action(
                    id=aid,
                    what=what,
                    idea_from=self.code(_CHOICE_KEYS["action_idea_from"], record.get("idea_from")),
                    who=who,
                    by_when=_date(record.get("by_when")),
                    status=status,
                    review_notes=self._review_notes(path, record, old, status),
                    **self.attributed(path, old, _WHAT),
                )
            )
        return actions

    def _review_notes(
        self, path: str, record: Mapping[str, Any], old: Action | None, status: Code | None
    ) -> Words | None:
        """What helped or got in the way: this review's words; else last time's, while the
        status they were said with stands (beside a new status they would read as today's).
        """
        said = self.words(
            f"{path}.review_notes", record.get("review_notes"), old.review_notes if old else None
        )
        was = old.status.code if old is not None and old.status is not None else None
        if said is not None or (old is not None and was != (status.code if status else None)):
            return said
        if old is not None:
            return old.review_notes
        return self.words(f"{path}.review_notes", record.get("review_notes_before"))

    def barriers(self, goal_path: str, stored: Any, old_goal: Goal | None) -> list[Barrier]:
        before = {b.id: b for b in old_goal.barriers} if old_goal else {}
        found = []
        for record in _records(stored):
            text = _text(record.get("barrier"))
            if text is None:
                continue
            bid = str(record["id"])
            found.append(
                Barrier(
                    id=bid,
                    barrier=text,
                    way_past=_text(record.get("way_past")),
                    way_past_from=self.code(
                        _CHOICE_KEYS["way_past_from"], record.get("way_past_from")
                    ),
                    **self.attributed(f"{goal_path}.barriers.#{bid}", before.get(bid)),
                )
            )
        return found

    def worker_journey(self) -> WorkerJourney:
        """What the worker will find out or do (``worker_journey.actions``), with how each
        went at a review; a status not asked this time keeps the last review's."""
        prev = self.previous.worker_journey if self.previous else WorkerJourney()
        before = {a.id: a for a in prev.actions}
        put_off = set(put_off_tasks(self.data))
        found = []
        for record in _records(self.at(sp.WORKER_ACTIONS)):
            what = _text(record.get("what"))
            if what is None:
                continue
            tid = str(record["id"])
            path = f"{sp.WORKER_ACTIONS}.#{tid}"
            old = before.get(tid)
            status = self.code(_CHOICE_KEYS["worker_status"], record.get("status"))
            if status is None and old is not None:
                status = old.status  # not reviewed this time: the last review still stands
            if tid in put_off and (status is None or status.code not in _FINISHED):
                # Going along to a thing to try put off till later: it does not apply while
                # the thing is put off (as the going-along answer, which the plan leaves out
                # then), so it is not shown as still to do. Done or let go, it is history.
                continue
            found_out = self.words(
                f"{path}.found_out", record.get("found_out"), old.found_out if old else None
            )
            if found_out is None and (old is None or old.status == status):
                # Nothing said this time: last time's words stand while the status they were
                # said with does; beside a new status they would read as today's.
                found_out = (
                    old.found_out
                    if old is not None
                    else self.words(f"{path}.found_out", record.get("found_out_before"))
                )
            found.append(
                WorkerAction(
                    id=tid,
                    what=what,
                    why=self.task_for(tid, _text(record.get("why"))),
                    by_when=_date(record.get("by_when")),
                    status=status,
                    found_out=found_out,
                    add_to_directory=_bool(record.get("add_to_directory")),
                    **self.attributed(path, old, _WHAT),
                )
            )
        # One done or let go is history: taken off the worker's list later (to tidy it),
        # it stays in the plan, as it was last reviewed. An open one taken off is gone.
        kept = {a.id for a in found}
        found += [
            a
            for a in prev.actions
            if a.id not in kept and a.status is not None and a.status.code in _FINISHED
        ]
        return WorkerJourney(actions=found)

    def task_for(self, tid: str, why: str | None) -> str | None:
        """What a worker's action is for. One the person asked for a goal (its id is the
        goal's, after ``asked-``) names the goal as it is now, while its words are words the
        goal has had (copied when it was asked, then the goal reworded); words the worker
        wrote instead, and actions of no goal, keep their own words."""
        if why is None or not tid.startswith(ASKED_PREFIX):
            return why
        gid = tid.removeprefix(ASKED_PREFIX)
        goal = next((g for g in _records(self.at(sp.GOALS_LIST)) if str(g["id"]) == gid), None)
        now = _text(sp.goal_words(goal)) if goal is not None else None
        if now is None:
            return why
        had = {
            _text(v)
            for key in ("what", sp.GOAL_NEW_WORDS)
            for v in self.prov.values(f"{sp.GOALS_LIST}.#{gid}.{key}")
        }
        if self.previous is not None:
            had |= {g.what for g in self.previous.goals if g.id == gid}
        return now if why in had else why

    def moving_on(self) -> MovingOn:
        """What life would look like when the person needs the service less."""
        prev = self.previous.moving_on if self.previous else MovingOn()
        return MovingOn(
            picture=self.words(sp.MOVING_ON_PICTURE, self.at(sp.MOVING_ON_PICTURE), prev.picture)
        )

    def hard_times(self) -> HardTimes | None:
        """The person's plan for hard times (``hard_times.*``), or None when nothing is said."""
        prev = self.previous.hard_times if self.previous else None
        fields = {
            name: self.words(
                f"{sp.HARD_TIMES}.{name}",
                self.at(f"{sp.HARD_TIMES}.{name}"),
                getattr(prev, name) if prev is not None else None,
            )
            for name in _HARD_TIMES_FIELDS
        }
        found = HardTimes(**fields)
        return None if found.empty else found

    def contacts(self) -> Contacts:
        """How to reach the person, and the contacts they chose to list (``contacts.*``)."""
        prev = self.previous.contacts if self.previous else Contacts()
        before_personal = {c.id: c for c in prev.personal}
        before_professional = {c.id: c for c in prev.professional}
        personal = self.network_contacts(before_personal)
        personal += [
            PersonalContact(
                id=str(record["id"]),
                name=name,
                relationship=self.code(
                    _CHOICE_KEYS["contact_relationship"], record.get("relationship")
                ),
                how_to_reach=_text(record.get("how_to_reach")),
                emergency=_bool(record.get("emergency")),
                **self.attributed(
                    f"{sp.PERSONAL_CONTACTS}.#{record['id']}",
                    before_personal.get(str(record["id"])),
                ),
            )
            for record in _records(self.at(sp.PERSONAL_CONTACTS))
            if (name := _text(record.get("name"))) is not None
        ]
        professional = [
            ProfessionalContact(
                id=str(record["id"]),
                name=name,
                role=_text(record.get("role")),
                how_to_reach=_text(record.get("how_to_reach")),
                **self.attributed(
                    f"{sp.PROFESSIONAL_CONTACTS}.#{record['id']}",
                    before_professional.get(str(record["id"])),
                ),
            )
            for record in _records(self.at(sp.PROFESSIONAL_CONTACTS))
            if (name := _text(record.get("name"))) is not None
        ]
        return Contacts(
            how_to_contact=self.words(
                f"{sp.CONTACTS}.how_to_contact",
                self.at(f"{sp.CONTACTS}.how_to_contact"),
                prev.how_to_contact,
            ),
            communication=self.words(
                f"{sp.CONTACTS}.communication",
                self.at(f"{sp.CONTACTS}.communication"),
                prev.communication,
            ),
            personal=personal,
            professional=professional,
        )

    def network_contacts(self, before: Mapping[str, PersonalContact]) -> list[PersonalContact]:
        """The people picked from the network as contacts (``contacts.from_network``), in the
        network's order, with what ``contact_detail`` stored into their records."""
        picked = self.at(sp.CONTACTS_FROM_NETWORK)
        if not isinstance(picked, list):
            return []
        chosen = {str(code) for code in picked}
        found = []
        for record in _records(self.at(sp.NETWORK_PEOPLE)):
            rid = str(record["id"])
            name = _text(record.get("name"))
            if rid not in chosen or name is None:
                continue
            found.append(
                PersonalContact(
                    id=rid,
                    name=name,
                    relationship=self.code(
                        _CHOICE_KEYS["network_contact_relationship"],
                        record.get("contact_relationship"),
                    ),
                    how_to_reach=_text(record.get("how_to_reach")),
                    emergency=_bool(record.get("emergency")),
                    from_network=True,
                    **self.attributed(sp.CONTACTS_FROM_NETWORK, before.get(rid)),
                )
            )
        return found

    def participation(self) -> Participation:
        """Who took part in this meeting and how (``session.at_keyboard``, ``agreement.*``),
        and what helps the person when we talk (``session.what_helps``)."""
        helps = self.previous.participation.what_helps if self.previous else None
        return Participation(
            at_keyboard=self.code(_CHOICE_KEYS["at_keyboard"], self.at("session.at_keyboard")),
            took_part=self.code(_CHOICE_KEYS["took_part"], self.at("agreement.took_part")),
            others_present=self.words(
                "agreement.others_present", self.at("agreement.others_present")
            ),
            # About the person, not this meeting: asked in Getting started, which a review
            # may not go through, so last time's words stand until they are asked again
            # (and, carried into the review's answers, keep who said them first).
            what_helps=self.words(sp.SESSION_WHAT_HELPS, self.at(sp.SESSION_WHAT_HELPS), helps)
            or helps,
        )

    def reviewer(self, agency: Agency | None) -> str | None:
        """Who reviews the plan with the person (``agreement.review_by``): the worker is
        named from the agency settings; someone else as the person named them."""
        chosen = self.at("agreement.review_by")
        if chosen == _REVIEW_BY_WORKER:
            worker = agency.worker if agency is not None else None
            if worker is not None and worker.name:
                return f"{worker.name} ({worker.role})" if worker.role else worker.name
            return REVIEWER_MY_WORKER
        if chosen == _REVIEW_BY_SOMEONE_ELSE:
            return _text(self.at("agreement.review_by_who")) or "Someone else"
        return None

    def review(self) -> Review | None:
        stored = self.at(sp.REVIEW)
        if not isinstance(stored, dict) or not stored:
            return None
        review = Review(
            reviewed_on=_date(stored.get("reviewed_on")),
            network_changes=self.words("review.network_changes", stored.get("network_changes")),
            keep=self.words("review.keep", stored.get("keep")),
            change=self.words("review.change", stored.get("change")),
            stop=self.words("review.stop", stored.get("stop")),
            moving_on=self.code(_CHOICE_KEYS["moving_on"], stored.get("moving_on")),
            moving_on_help=self.words("review.moving_on_help", stored.get("moving_on_help")),
        )
        # The review topic stores other answers here too (which people to go through, the
        # day): with none of these, and nothing else looked at, there is nothing to look back
        # on, and no empty "Looking back" with only its date. A review that went through
        # goals, actions, things to try or referrals keeps its day, so a reader still sees
        # that it took place.
        if review.model_copy(update={"reviewed_on": None}) != Review():
            return review
        return review if review.reviewed_on and self._reviewed_items() else None

    def _reviewed_items(self) -> bool:
        """True when this meeting gave a review answer about a goal, an action, a thing to
        try, a referral or one of the worker's actions."""
        asked = [
            f"{sp.COMMUNITY_LIST}.#{r['id']}.status" for r in _records(self.at(sp.COMMUNITY_LIST))
        ]
        asked += [
            f"{sp.REFERRALS_LIST}.#{r['id']}.status" for r in _records(self.at(sp.REFERRALS_LIST))
        ]
        asked += [
            f"{sp.WORKER_ACTIONS}.#{r['id']}.status" for r in _records(self.at(sp.WORKER_ACTIONS))
        ]
        for goal in _records(self.at(sp.GOALS_LIST)):
            path = f"{sp.GOALS_LIST}.#{goal['id']}"
            asked += [f"{path}.{key}" for key in ("progress", "next", "attainment")]
            asked += [f"{path}.actions.#{a['id']}.status" for a in _records(goal.get("actions"))]
        return any(self.prov.seen(path) for path in asked)

    def agreement(self, agency: Agency | None = None) -> Agreement:
        def not_agreed(words: str) -> Words | None:
            return self.words(words, self.at(words))

        return Agreement(
            person_agrees=self.code(_CHOICE_KEYS["agrees"], self.at(sp.PERSON_AGREES)),
            person_not_agreed=not_agreed("agreement.person_not_agreed"),
            worker_agrees=self.code(_CHOICE_KEYS["worker_agrees"], self.at(sp.WORKER_AGREES)),
            worker_not_agreed=not_agreed("agreement.worker_not_agreed"),
            date=_date(self.at(sp.AGREEMENT_DATE)),
            next_meeting=_date(self.at("agreement.next_meeting")),
            reviewer=self.reviewer(agency),
            information_given=self.words(
                "agreement.information_given", self.at("agreement.information_given")
            ),
        )

    def sharing(self) -> Sharing:
        prev = self.previous.sharing if self.previous else Sharing()
        share_with = self.codes(_CHOICE_KEYS["share_with"], self.at("agreement.share_with"))
        private = self.private_parts(prev.private)
        return Sharing(
            private=private,
            kept_names=self.kept_names(private, prev.kept_names),
            share_with=share_with,
            share_who=self.words(
                "agreement.share_who", self.at("agreement.share_who"), prev.share_who
            ),
            keep_private=self.words(
                "agreement.keep_private", self.at("agreement.keep_private"), prev.keep_private
            ),
            copy_for_person=self.code(_CHOICE_KEYS["copy"], self.at("agreement.copy")),
        )

    def kept_names(self, private: list[PrivatePart], before: list[KeptName]) -> list[KeptName]:
        """The people marked private and since taken off their list, whose marks still
        stand in ``private``: as the session keeps them, else as the last version did."""
        marked = {p.code for p in private if p.kind == "item"}
        stored = sp.value_at(self.data, MARKED_PEOPLE)
        if not isinstance(stored, list):
            return [k for k in before if k.id in marked]
        return [
            KeptName(id=k["id"], name=k["name"], marked=k["marked"])
            for k in off_the_lists(self.data)
            if k["id"] in marked
        ]

    def items_marked(self) -> set[str]:
        """The ids of the items this meeting's marks name, those no longer listed too
        (:meth:`private_parts` keeps only those the plan still has)."""
        stored = self.at(_PRIVATE)
        if not isinstance(stored, list):
            return set()
        return {
            str(code).removeprefix(ITEM_PREFIX)
            for code in stored
            if str(code).startswith(ITEM_PREFIX)
        }

    def private_parts(self, before: list[PrivatePart]) -> list[PrivatePart]:
        """The parts marked not to be shared (Closing's ``sharing.private``), with their words.

        Not answered: last version's marks still stand (privacy is kept until changed).
        ``nothing`` unmarks everything. A marked section stays marked while it is empty (it
        may fill up later); a marked item no longer in the plan has nothing left to hide.
        """
        stored = self.at(_PRIVATE)
        if not isinstance(stored, list):
            return list(before)
        codes = [str(code) for code in stored]
        if NOTHING_PRIVATE in codes:
            return []
        items = {o["value"]: o["label"] for o in plan_parts(self.data)}
        sections = {f"{SECTION_PREFIX}{code}": label for code, label, _ in PLAN_SECTIONS}
        found = []
        for code in dict.fromkeys(codes):
            if code in sections:
                found.append(
                    PrivatePart(
                        kind="section", code=code.removeprefix(SECTION_PREFIX), label=sections[code]
                    )
                )
            elif code.startswith(ITEM_PREFIX) and code in items:
                found.append(
                    PrivatePart(kind="item", code=code.removeprefix(ITEM_PREFIX), label=items[code])
                )
        return found


def _support_needed(
    areas: list[LifeArea], resourceful: Resourceful, community: Community
) -> list[SupportNeed]:
    needs = [
        SupportNeed(kind="life_area", text=f"More help with: {a.label}")
        for a in areas
        if a.more_help
    ]
    needs += [
        SupportNeed(kind="people", text=f"Would like to know more people for: {d.domain.label}")
        for d in resourceful.domains
        if d.want_more
    ]
    # Going along is for the first time: once they have been (or have stopped), the team
    # would plan support no longer needed.
    needs += [
        SupportNeed(kind="going_along", text=f"Worker goes along the first time: {o.what}")
        for o in community.opportunities
        if o.go_along is not None
        and o.go_along.code == "worker"
        and (o.status is None or o.status.code == "not_yet")
    ]
    return needs


def build_plan(
    data: Mapping[str, Any],
    log: Iterable[Mapping[str, Any]] = (),
    previous: Plan | None = None,
    *,
    content: Any = None,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    person: PersonRef | None = None,
    session: str | None = None,
    number: int | None = None,
    created: str | None = None,
    agency: Agency | None = None,
    directory: Directory | None = None,
) -> Plan:
    """Build a plan from a meeting's answers (pure: the same inputs give the same plan).

    ``content`` (or precomputed ``labels``) supplies the words for choices; without either,
    codes are shown humanised. ``content`` also says which stored answers' questions no
    longer apply (a ``when`` false now): no part of the plan has them (docs/plan-model.md).
    ``directory`` (default: the content's community directory) supplies the details copied
    for each entry chosen from it. ``created`` defaults to now;
    pass it for reproducible plans.
    ``agency`` (default: the content's agency settings, if any) is copied into the plan, so
    the plan keeps the numbers the person was given.
    """
    if agency is None:
        agency = getattr(content, "agency", None)
    if labels is None:
        labels = labels_from_content(content) if content is not None else {}
    if directory is None and content is not None:
        directory = directory_of(content)
    log = list(log)
    created = created or _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    left_today = _left_today(log)
    b = _Builder(
        data,
        log,
        previous,
        labels,
        directory,
        _no_longer_asked(content, data, left_today),
        left_today,
    )
    b.today = _date(b.at(sp.AGREEMENT_DATE)) or _date(created)
    # A plan built during a meeting has no number yet: when saved it is the one after the
    # version it is built on (the record numbers versions so), which its statuses name.
    b.number = number if number is not None else (previous.number or 0) + 1 if previous else 1
    areas = b.life_areas()
    resourceful = b.resourceful()
    community = b.community()
    plan = Plan(
        number=number,
        previous_number=previous.number if previous is not None else None,
        created=created,
        session=session,
        content_hash=getattr(content, "hash", None),
        person=person or (previous.person if previous is not None else PersonRef()),
        about=b.about(),
        life_areas=areas,
        focus_talk=b.words(RATINGS_FOCUS_TALK, b.at(RATINGS_FOCUS_TALK)),
        network=b.network(),
        concerns=b.concerns(),
        resourceful=resourceful,
        community=community,
        goals=b.goals(),
        worker_journey=b.worker_journey(),
        moving_on=b.moving_on(),
        support_needed=_support_needed(areas, resourceful, community),
        hard_times=b.hard_times(),
        review=b.review(),
        referrals=b.referrals(),
        contacts=b.contacts(),
        agreement=b.agreement(agency),
        participation=b.participation(),
        emptied_lists=_emptied_lists(data, log, previous),
        none_right_now=_none_right_now(data),
        sharing=b.sharing(),
        agency=agency,
    )
    taken_off = _taken_off(previous, plan, b.today, b.number, b.items_marked())
    # Counted from the plan as built (its network, resourceful people, things to try).
    return plan.model_copy(update={"measures": b.measures(plan), "taken_off": taken_off})


def _taken_off(
    previous: Plan | None,
    plan: Plan,
    day: str | None,
    number: int | None,
    marked_now: Collection[str] = (),
    *,
    marks_unknown: bool = False,
) -> list[TakenOff]:
    """The goals and people taken off their list: the earlier versions' (``previous``), then
    those ``previous`` had and ``plan`` has not, taken off at this meeting (on ``day``, in
    version ``number``). Private: the item or its whole section (Goals and actions, My
    connections) marked so in ``previous`` or at this meeting (``plan``'s sections and
    ``marked_now``, the items this meeting marked, which ``plan`` no longer lists): a mark
    goes with its item, so the line keeps it after the section or the mark is taken off.
    ``marks_unknown``: this meeting's marks were not kept (:func:`taken_off_before`), so
    every line new at it is private."""
    if previous is None:
        return []
    goals = {g.id for g in plan.goals}
    people = {p.id for p in plan.network.people}
    parts = [*previous.sharing.private, *plan.sharing.private]
    marked = {p.code for p in parts if p.kind == "item"} | set(marked_now)
    sections = {p.code for p in parts if p.kind == "section"}
    found = [t for t in previous.taken_off if t.id not in goals | people]
    found += [
        TakenOff(
            kind="goal",
            id=g.id,
            what=g.what,
            idea_from=g.idea_from,
            on=day,
            plan_version=number,
            private=marks_unknown or g.id in marked or "goals" in sections,
        )
        for g in previous.goals
        if g.id not in goals
    ]
    found += [
        TakenOff(
            kind="person",
            id=p.id,
            what=p.name,
            on=day,
            plan_version=number,
            private=marks_unknown or p.id in marked or "network" in sections,
        )
        for p in previous.network.people
        if p.id not in people
    ]
    return found


def taken_off_before(previous: Plan, plan: Plan) -> list[TakenOff]:
    """The lines ``plan`` (a version saved before plans kept ``taken_off``) would have: those
    of ``previous`` (the version it follows, already worked out), then each goal and person
    ``previous`` had and ``plan`` has not, taken off on ``plan``'s day.

    Every line new at ``plan`` is private (only the person's own copy and the full record
    say it): the marks made at that meeting on the items it took off were not saved with
    the version (a mark on an item no longer listed is dropped), so whether the person kept
    one private then cannot be known, and a copy for others must not guess."""
    day = plan.agreement.date or _date(plan.created)
    return _taken_off(previous, plan, day, plan.number, marks_unknown=True)


def _no_longer_asked(
    content: Any, data: Mapping[str, Any], left_today: frozenset[str]
) -> frozenset[str]:
    """The stored answers no part of the plan reads: those whose every question has a `when`
    that is false now (``assistant.engine.no_longer_asked``), except what the person keeps
    from others (:data:`_RESTRICTIONS`). None without content to know the questions by.
    ``left_today``: the answers left for today (:func:`_left_today` of the answer log)."""
    if not isinstance(getattr(content, "topics", None), Mapping):
        return frozenset()
    return no_longer_asked(content, data, skipped=left_today) - _RESTRICTIONS


# The lists a person can empty on purpose (where a meeting stores them), by the code of the
# plan section that holds them (Plan.emptied_lists).
_EMPTIABLE: Final = (
    (sp.NETWORK_PEOPLE, "network"),
    (sp.CONCERNS_LIST, "concerns"),
    (sp.COMMUNITY_LIST, "community"),
    (sp.GOALS_LIST, "goals"),
    (sp.REFERRALS_LIST, "referrals"),
)


def _emptied_lists(
    data: Mapping[str, Any], log: list[Mapping[str, Any]], previous: Plan | None
) -> list[Any]:
    """The lists emptied on purpose and empty now: at this meeting (the last answer to the
    list in ``log``, undone ones aside, took every entry off: ``answer_words.emptied``, as
    the conversation and the subject access copy say it), or at an earlier one (``previous``
    says so) and not answered since."""
    undone = {e.get("of") for e in log if e.get("action") == "undone"}
    last: dict[str, bool] = {}
    for entry in log:
        path = entry.get("path")
        if entry.get("action") in ("answered", "changed") and entry.get("seq") not in undone:
            last[str(path)] = emptied(entry.get("value"), entry.get("old"))
    before = set(previous.emptied_lists) if previous is not None else set()
    found = []
    for path, code in _EMPTIABLE:
        if sp.value_at(data, path):
            continue
        if last.get(path, code in before):
            found.append(code)
    return found


# The lists whose copies tell "No one right now" (given empty) from "Not today" (left for
# another day, or never asked: nothing stored), where a meeting stores them.
_ANSWERABLE_EMPTY: Final = ((sp.NETWORK_PEOPLE, "network"), (sp.CONCERNS_LIST, "concerns"))


def _none_right_now(data: Mapping[str, Any]) -> list[Any]:
    """The lists given empty on purpose: an empty list stored as the answer ("No one right
    now"), where "Not today" stores nothing. A list emptied on purpose is one too; the copies
    say "emptied" for it (Plan.emptied_lists) before this."""
    return [code for path, code in _ANSWERABLE_EMPTY if sp.value_at(data, path) == []]


def _left_today(log: list[Mapping[str, Any]]) -> frozenset[str]:
    """The store paths whose last answer in ``log`` (undone ones aside) was "Not today"."""
    undone = {e.get("of") for e in log if e.get("action") == "undone"}
    last: dict[str, str] = {}
    for entry in log:
        path, action = entry.get("path"), entry.get("action")
        if path and action in ("answered", "changed", "skipped") and entry.get("seq") not in undone:
            last[str(path)] = str(action)
    return frozenset(path for path, action in last.items() if action == "skipped")


def _latest_ratings(
    data: Mapping[str, Any], date: str | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Each area's latest rating and the day it was given: this meeting's where it has one,
    else the one it was shown as last time, so a meeting that skips the ratings (or an area)
    does not wipe "last time" for the meeting after."""
    earlier = sp.value_at(data, sp.PREVIOUS_RATINGS)
    earlier_dates = sp.value_at(data, sp.PREVIOUS_RATING_DATES)
    ratings: dict[str, Any] = {}
    rated_on: dict[str, str] = {}
    if isinstance(earlier, Mapping):
        for area, value in earlier.items():
            if value is None:
                continue
            ratings[area] = value
            when = earlier_dates.get(area) if isinstance(earlier_dates, Mapping) else None
            if isinstance(when, str):
                rated_on[area] = when
    now = sp.value_at(data, sp.RATINGS)
    if isinstance(now, Mapping):
        for area, value in now.items():
            if value is None:
                continue
            ratings[area] = value
            rated_on.pop(area, None)  # an older day would be wrong beside this rating
            if date is not None:
                rated_on[area] = date
    return ratings, rated_on


def data_for_next_meeting(
    data: Mapping[str, Any],
    plan: Plan | None = None,
    *,
    worker: str | None = None,
    content: Any = None,
    log: Iterable[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The answers a later (review) meeting starts from.

    Everything carries over (people, goals and actions, so the review can go through them),
    except what belongs to one meeting: this time's ratings move to ``previous.ratings`` (the
    content shows them beside the new ones; an area not rated this time keeps its latest
    earlier rating, with the day it was given in ``previous.rating_dates``), the moving-on
    words are copied to ``previous.moving_on`` (the review reads them back), and "more
    help?", the agreement, the review and who typed are cleared so they are asked afresh
    (what helps the person when we talk, ``session.what_helps``, is kept: it is about them),
    except who may see the plan and what must not be shared (``agreement.share_with``,
    ``share_who``, ``keep_private``): like the private-part marks, they stand until the
    person changes them, so a review's Closing shows them filled in and "not today" there
    never drops a restriction. The worker's reflection stays with its own meeting (it is
    never carried into the next). ``worker``: the last meeting's worker
    (``MeetingHistory.last_worker``: as the record kept it, else as its own plan version
    names it), goes to ``previous.worker``: a review after a handover says so, and whose the
    earlier worker's actions were.

    ``content`` and ``log`` (the last meeting's answer log): the answers whose question no
    longer applied when the last meeting ended (docs/plan-model.md) are not carried, as its
    plan left them out: the next meeting would otherwise offer them again as if current
    (the record and its audit keep them). Without content every answer is carried.
    """
    if content is not None:
        data = without(data, _no_longer_asked(content, data, _left_today(list(log))))
    new = copy.deepcopy(dict(data))
    sharing = {
        key: new[sp.AGREEMENT][key]
        for key in _SHARING_CARRIED
        if isinstance(new.get(sp.AGREEMENT), dict) and key in new[sp.AGREEMENT]
    }
    chosen = sharing.get("share_with")
    if not (isinstance(chosen, list) and set(chosen) & set(_NAMED_SHARE_CHOICES)):
        # "Who exactly?" is asked only while family or someone else is ticked: unticked, the
        # names were left out of the plan (maybe to stop that person seeing it), and ticking
        # again must not bring them back filled in, unasked.
        sharing.pop("share_who", None)
    # As docs/authors-guide.md "Later meetings" describes it.
    new.pop(sp.RATINGS, None)
    new.pop(sp.RATINGS_FOCUS, None)  # what to talk about is picked afresh at each meeting
    new.pop(RATINGS_FOCUS_TALK, None)
    for key in (sp.MORE_HELP, sp.AGREEMENT, sp.REVIEW, sp.SESSION, sp.PREVIOUS, sp.REFLECTION):
        new.pop(key, None)
    if sharing:
        new[sp.AGREEMENT] = sharing
    new = _agreement_offered_again(data, new)
    marks = sp.value_at(new, _PRIVATE)
    meeting_marks = {f"{ITEM_PREFIX}{code}" for code in MEETING_ITEMS}
    if isinstance(marks, list) and meeting_marks & set(marks):
        # Who else was there, who reviews the plan and the information given are asked afresh
        # (with the agreement): their marks were for that meeting's answers, not the next's.
        kept = [code for code in marks if code not in meeting_marks]
        new = sp.with_value(new, _PRIVATE, kept)
        # Their words are kept aside: typed again word for word, the mark comes back ticked.
        marked_words = {
            code: words
            for code, path in MEETING_ITEM_PATHS.items()
            if f"{ITEM_PREFIX}{code}" in marks
            and isinstance(words := sp.value_at(data, path), str)
            and words.strip()
        }
        if marked_words:
            new = sp.with_value(new, PREVIOUS_PRIVATE_WORDS, marked_words)
    helps = _what_helps_when_we_talk(data, plan)
    if helps is not None:
        new = sp.with_value(new, sp.SESSION_WHAT_HELPS, helps)
    date = _date(sp.value_at(data, sp.AGREEMENT_DATE))
    if date is None and plan is not None:
        date = plan.agreement.date or local_iso_day(plan.created)
    ratings, rated_on = _latest_ratings(data, date)
    new = sp.with_value(new, sp.PREVIOUS_RATINGS, ratings)
    if rated_on:
        new = sp.with_value(new, sp.PREVIOUS_RATING_DATES, rated_on)
    if date is not None:
        new = sp.with_value(new, sp.PREVIOUS_DATE, date)
    # The moving-on words stay where they are (the review changes them there); a copy says
    # what they were, so the review can read last time's words back.
    picture = _text(sp.value_at(data, sp.MOVING_ON_PICTURE))
    if picture is not None:
        new = sp.with_value(new, sp.PREVIOUS_MOVING_ON, picture)
    # Only the worker the caller knows was the last meeting's: the latest plan version may
    # be from an earlier meeting (the last one made none), with another worker.
    if worker:
        new = sp.with_value(new, sp.PREVIOUS_WORKER, worker)
    new = _wellbeing_for_next(data, new, date)
    new = _opportunities_for_review(_referrals_for_review(new, plan))
    return _goal_actions_for_review(_worker_actions_for_review(_tasks_name_goals(new, plan)))


def _agreement_offered_again(data: Mapping[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Last time's reviewer (and who, when someone else) and own-copy answers, under
    ``previous.*``: Closing offers them filled in, as it shows who may see the plan, but they
    are only offered (the agreement is asked afresh), never in the plan until given again.
    Who reviews it is offered only while "Someone else" was the answer (as the plan names
    them), so a name dropped by choosing "My worker" does not come back."""
    review_by = sp.value_at(data, "agreement.review_by")
    if isinstance(review_by, str):
        new = sp.with_value(new, sp.PREVIOUS_REVIEW_BY, review_by)
        who = _text(sp.value_at(data, "agreement.review_by_who"))
        if review_by == _REVIEW_BY_SOMEONE_ELSE and who is not None:
            new = sp.with_value(new, sp.PREVIOUS_REVIEW_BY_WHO, who)
    own_copy = sp.value_at(data, "agreement.copy")
    if isinstance(own_copy, str):
        new = sp.with_value(new, sp.PREVIOUS_COPY, own_copy)
    return new


def _what_helps_when_we_talk(data: Mapping[str, Any], plan: Plan | None) -> str | None:
    """What helps the person when we talk, for the next meeting to offer back: the last
    meeting's words, else its plan's (a meeting that did not ask, saved before the words were
    carried, left them only in the plan)."""
    words = _text(sp.value_at(data, sp.SESSION_WHAT_HELPS))
    if words is None and plan is not None and plan.participation.what_helps is not None:
        words = plan.participation.what_helps.text
    return words


def _wellbeing_for_next(
    data: Mapping[str, Any], new: dict[str, Any], date: str | None
) -> dict[str, Any]:
    """``new`` with this meeting's well-being answers moved to ``previous.wellbeing`` (each
    item's latest known answer: one not answered today keeps last time's), each item's day
    to ``previous.wellbeing_dates`` (an older answer keeps its own day) and the last day
    any was given to ``previous.wellbeing_date``; ``wellbeing`` is asked afresh."""
    new.pop(sp.WELLBEING, None)
    earlier = sp.value_at(data, sp.PREVIOUS_WELLBEING)
    earlier_dates = sp.value_at(data, sp.PREVIOUS_WELLBEING_DATES)
    if not isinstance(earlier_dates, Mapping):
        earlier_dates = {}
    latest: dict[str, int] = {}
    given_on: dict[str, str] = {}
    for item in ONS4:
        value = _int(sp.value_at(data, f"{sp.WELLBEING}.{item.id}"), 0, 10)
        when = date
        if value is None and isinstance(earlier, Mapping):
            value = _int(earlier.get(item.id), 0, 10)
            when = _date(earlier_dates.get(item.id))  # unknown (an older meeting's): none
        if value is not None:
            latest[item.id] = value
            if when is not None:
                given_on[item.id] = when
    if not latest:
        return new
    new = sp.with_value(new, sp.PREVIOUS_WELLBEING, latest)
    if given_on:
        new = sp.with_value(new, sp.PREVIOUS_WELLBEING_DATES, given_on)
    answered_now = any(
        _int(sp.value_at(data, f"{sp.WELLBEING}.{i.id}"), 0, 10) is not None for i in ONS4
    )
    when = date if answered_now else _date(sp.value_at(data, sp.PREVIOUS_WELLBEING_DATE))
    if when is not None:
        new = sp.with_value(new, sp.PREVIOUS_WELLBEING_DATE, when)
    return new


def _opportunities_for_review(new: dict[str, Any]) -> dict[str, Any]:
    """``new`` with each thing to try's status moved to ``status_before`` (the review asks
    afresh and shows last time's; not asked, the plan keeps the last one) and the ids of
    those not stopped in ``previous.opportunities_open``."""
    records = _records(sp.value_at(new, sp.COMMUNITY_LIST))
    if not records:
        return new
    open_ids: list[str] = []
    for record in records:
        status = record.pop("status", None)
        if status is None:
            status = record.get("status_before")
        elif isinstance(status, str):
            record["status_before"] = status
        if status != "stopped":
            open_ids.append(str(record["id"]))
    return sp.with_value(new, sp.PREVIOUS_OPPORTUNITIES_OPEN, open_ids)


def _referrals_for_review(new: dict[str, Any], plan: Plan | None = None) -> dict[str, Any]:
    """``new`` with each referral's notes moved to ``notes_before``, its status copied to
    ``status_before`` (the status stays: it is the current state) and its day moved to
    ``status_on_before`` (review_referral asks the day again only when the status changes),
    and the ids of those still open (planned, sent or replied) in
    ``previous.referrals_open``: the review asks what happened with those.

    The day is the plan's for that status when it has one: a day given for the status
    before (sent, then changed back to planned) stays in the answers, and the plan knows
    it is not this status's day (``_Builder.status_on``)."""
    records = _records(sp.value_at(new, sp.REFERRALS_LIST))
    if not records:
        return new
    planned_days = {
        r.id: (r.status.code, r.status_on)
        for r in (plan.referrals if plan is not None else [])
        if r.status is not None and r.status_on is not None
    }
    open_ids: list[str] = []
    for record in records:
        words = record.pop("notes", None)
        if _text(words) is not None:
            record["notes_before"] = words
        if record.get("status") is not None:
            record["status_before"] = record["status"]
        day = record.pop("status_on", None)
        status, plan_day = planned_days.get(str(record.get("id")), (None, None))
        if plan_day is not None and status == record.get("status"):
            day = plan_day
        if day is not None:
            record["status_on_before"] = day
        if record.get("status") in sp.REFERRALS_OPEN_STATUSES:
            open_ids.append(str(record["id"]))
    return sp.with_value(new, sp.PREVIOUS_REFERRALS_OPEN, open_ids)


def _goal_words_in(value: Any, path: str, goal_path: str) -> tuple[Any, Any] | None:
    """A goal's words (``what``, new words) in ``value``, an answer stored at ``path`` that
    holds the goal at ``goal_path`` (a list saved whole, ``goals.list``); None when absent."""
    for segment in goal_path[len(path) + 1 :].split("."):
        if segment.startswith("#") and isinstance(value, list):
            value = next(
                (r for r in value if isinstance(r, Mapping) and r.get("id") == segment[1:]), None
            )
        elif isinstance(value, Mapping):
            value = value.get(segment)
        else:
            return None
    if not isinstance(value, Mapping):
        return None
    return value.get("what"), value.get(sp.GOAL_NEW_WORDS)


def _words_before(record: Mapping[str, Any], what: str, old: Goal | None) -> str | None:
    """A goal's words before they were last changed: the earlier version's, when this
    meeting changed them; the words "Change it" was given over, when the goal was first
    written at this meeting; else what the earlier version kept (none for new words)."""
    if old is not None and old.what != what:
        return old.what
    given = _text(record.get("what"))
    if old is None and given is not None and given != what:
        return given
    return old.words_before if old is not None else None


def _goal_actions_for_review(new: dict[str, Any]) -> dict[str, Any]:
    """``new`` with each goal action's review words moved to ``review_notes_before``: the
    review's box starts empty and its question shows them (typing would otherwise run into
    last time's words); saying nothing keeps them (``_Builder._review_notes``). Each goal's
    attainment moves to ``attainment_before`` likewise (asked afresh at the next review).
    A goal with level words is marked ``levels_earlier``: they were written at an earlier
    meeting, so the review asks where things are on them, even on the same day (the flow's
    ``levels_on`` date alone cannot tell two meetings on one day apart). The goals' ids go in
    ``previous.goals``: Goals and actions tells them from goals added at the next meeting,
    and their actions' in ``previous.goal_actions``: Looking back asks about these only, not
    about an action added to a goal earlier the same meeting;
    those finished or let go by then in ``previous.goals_closed`` too ("All of them" leaves
    them out). A
    goal's "Change it" (``next``) is not carried: the change was made at its meeting, so the
    next review asks what now with nothing chosen ("Keep going" first), and its new words
    (``new_what``) become the goal's own; new words of a change taken back are not carried."""
    goals = _records(sp.value_at(new, sp.GOALS_LIST))
    if goals:
        new = sp.with_value(new, sp.PREVIOUS_GOALS, [str(goal["id"]) for goal in goals])
        actions = [str(a["id"]) for goal in goals for a in _records(goal.get("actions"))]
        new = sp.with_value(new, sp.PREVIOUS_GOAL_ACTIONS, actions)
        closed = [str(goal["id"]) for goal in goals if goal.get("next") in sp.GOALS_CLOSED]
        if closed:
            new = sp.with_value(new, sp.PREVIOUS_GOALS_CLOSED, closed)
    for goal in _records(sp.value_at(new, sp.GOALS_LIST)):
        attainment = goal.pop("attainment", None)
        if attainment is not None:
            goal["attainment_before"] = attainment
        if any(_text(goal.get(key)) for key in ("level_now", "level_expected", "level_better")):
            goal["levels_earlier"] = True
        # The goal's words as this meeting left them (reworded while "Change it" stands).
        words = sp.goal_words(goal)
        goal.pop(sp.GOAL_NEW_WORDS, None)
        goal.pop(sp.GOAL_REWORDED_FROM, None)
        if words is not None:
            goal["what"] = words
        if goal.get("next") == sp.GOAL_CHANGE:
            # Done once, at the meeting that reworded the goal: kept, the next review offered
            # "Change it" again as the answer Enter keeps, and its words would fill the box
            # the next time "Change it" is chosen, as if said that day.
            del goal["next"]
            goal.pop("change_notes", None)
        for record in _records(goal.get("actions")):
            words = record.pop("review_notes", None)
            if _text(words) is not None:
                record["review_notes_before"] = words
    return new


# The worker's actions still open when a later meeting starts (their ids): the review asks
# about these only, not about one the worker added earlier in the same meeting.
PREVIOUS_WORKER_ACTIONS = "previous.worker_actions"


def _tasks_name_goals(new: dict[str, Any], plan: Plan | None) -> dict[str, Any]:
    """``new`` with what each worker's action asked for a goal is for as the plan says it:
    the goal's words now (``_Builder.task_for``), so the next meeting's list shows them and
    a goal reworded again is still found by them."""
    if plan is None:
        return new
    goals = {g.id: g.what for g in plan.goals}
    named = {
        a.id: a.why
        for a in plan.worker_journey.actions
        if a.id.startswith(ASKED_PREFIX) and a.why == goals.get(a.id.removeprefix(ASKED_PREFIX))
    }
    stored = {
        str(g["id"]): _text(sp.goal_words(g)) for g in _records(sp.value_at(new, sp.GOALS_LIST))
    }
    for record in _records(sp.value_at(new, sp.WORKER_ACTIONS)):
        why = named.get(str(record["id"]))
        if why is not None and stored.get(str(record["id"]).removeprefix(ASKED_PREFIX)) == why:
            record["why"] = why
    return new


def _worker_actions_for_review(new: dict[str, Any]) -> dict[str, Any]:
    """``new`` with each worker's action's last words moved to ``found_out_before`` (the
    review's box starts empty and its prompt shows them: what the worker finds out this
    time is new words, not an edit of last time's), and the open ones' ids listed."""
    actions = sp.value_at(new, sp.WORKER_ACTIONS)
    if not isinstance(actions, list) or not actions:
        return new
    open_ids: list[str] = []
    for record in actions:
        if not isinstance(record, dict) or record.get("id") is None:
            continue
        words = record.pop("found_out", None)
        if _text(words) is not None:
            record["found_out_before"] = words
        if record.get("status") not in ("done", "dropped"):
            open_ids.append(str(record["id"]))
    return sp.with_value(new, PREVIOUS_WORKER_ACTIONS, open_ids)
