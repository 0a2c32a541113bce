"""Where the shipped content stores the answers the code reasons about (no imports, no Textual).

The content (``content/flows/*.yaml``) decides which questions are asked and where each
answer is stored (its ``store``). A few of those places are also known to the code: consent
decides whether a record is kept, the name is shown, the network is drawn, goals and things
to try are lists a practice persona answers, the agreement offers finishing, and a later
meeting starts from last time's ratings. Those store paths are named here only; the
meetings, plans and training packages import them. When the content moves one of these
answers, change it here (and the playthroughs, whose answers name paths as the content does).

The plan's own fields (``about.hopes``, ``resourceful.DOMAIN``, ...) are read by one module
only, :mod:`assistant.plans.from_session`, the plan's map of the content.

The readers here work on the session data (nested dicts, as the engine keeps it) by dotted
path, without the engine's ``#id`` record segments: the paths here never need them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# -- the store paths ------------------------------------------------------------------------

# Getting started: may a record be kept (yes/no); older content also kept the words of what
# should not be written down.
CONSENT = "consent"
CONSENT_RECORD = "consent.record"
CONSENT_NOT_RECORDED = "consent.not_recorded"
# The name the person asked to be called.
NAME = "about.name"
# True beside it while that name was only filled in from the record's name (named on Home),
# not given by the person at a meeting: a rename of the record then changes it too. Read it
# with that meeting's log (meetings.paths.name_from_record): an answer there makes it theirs.
NAME_FROM_RECORD = "about.name_from_record"
# The people in the network (records with an id; fields name, circle, ...).
NETWORK_PEOPLE = "network.people"
# The lists a meeting builds (records with an id).
CONCERNS_LIST = "concerns.list"
GOALS_LIST = "goals.list"
# The ids of the goals a later meeting started with: Goals and actions' "Only the new ones"
# goes through the others (added at this meeting).
PREVIOUS_GOALS = "previous.goals"
# The ids of those of them finished or let go by then (a goal's `next`, GOALS_CLOSED): Goals
# and actions' "All of them" leaves them out, as Looking back does, while one finished or let
# go at this meeting can still be gone through again.
PREVIOUS_GOALS_CLOSED = "previous.goals_closed"
# The ids of the goals' actions there when a later meeting started: Looking back asks only
# about these, not about an action added to a goal earlier the same meeting.
PREVIOUS_GOAL_ACTIONS = "previous.goal_actions"
GOALS_CLOSED: tuple[str, ...] = ("finished", "let_go")
# A goal reworded at a review (review_goal's "Change it") keeps the new words in its record
# under GOAL_NEW_WORDS, beside its own (`what`): they are the goal's words only while its
# `next` is GOAL_CHANGE (goal_words), so a change taken back leaves the earlier words. The
# next meeting starts with them as the goal's own. Records saved before kept the new words in
# `what` itself, which reads the same. GOAL_REWORDED_FROM keeps the words the new ones were
# given over: when the goal's own words are edited after that (in the goals list, which edits
# `what`), the later edit is the goal's words.
GOAL_NEW_WORDS = "new_what"
GOAL_REWORDED_FROM = "new_what_over"
GOAL_CHANGE = "change"
COMMUNITY_LIST = "community.list"
# The community directory entries picked in the community topic (their ids), and whose idea
# they were. Each thing to try that came from the directory keeps the entry's id in its
# record under TRY_DIRECTORY (not a field of the list: the list editor never shows it).
DIRECTORY_PICKS = "community.from_directory"
DIRECTORY_IDEA_FROM = "community.from_directory_idea_from"
TRY_DIRECTORY = "directory"
# The worker's journey: what the worker will find out or do for the person's community links
# (records: what, why, by_when, add_to_directory; at review status, found_out).
WORKER_ACTIONS = "worker_journey.actions"
# Moving on: what life would look like when the person needs the service less (long text).
MOVING_ON_PICTURE = "moving_on.picture"
# Life area ratings: RATINGS.AREA (1-7) and MORE_HELP.AREA (yes/no); RATINGS_FOCUS, the
# areas (up to 3) picked after the ratings to talk about in this meeting.
RATINGS = "ratings"
MORE_HELP = "more_help"
RATINGS_FOCUS = "ratings_focus"
# The two life areas whose rating of 1 or 2 makes the meeting offer a pause for safety
# and the plan for hard times: life_areas.yaml's rate_mental_health and rate_safety store them.
SAFETY_RATINGS: tuple[str, ...] = (f"{RATINGS}.mental_health", f"{RATINGS}.safety")
# The person's plan for hard times (topic hard_times): HARD_TIMES.early_signs, .what_helps, ...
HARD_TIMES = "hard_times"
# How to reach me, and who to contact (topic contacts): CONTACTS.how_to_contact,
# .communication, and two lists of records (name, ...) the person chose to give.
CONTACTS = "contacts"
PERSONAL_CONTACTS = "contacts.personal"
# People picked from NETWORK_PEOPLE as contacts (their ids); topic contact_detail stores each
# one's contact_relationship, how_to_reach and emergency into their network record.
CONTACTS_FROM_NETWORK = "contacts.from_network"
PROFESSIONAL_CONTACTS = "contacts.professional"
# Closing: the plan agreed by both, when, and what is shared.
# The topic (its id) where the pair agree the plan; on screen it goes by its title.
AGREEING_TOPIC = "closing"
AGREEMENT = "agreement"
PERSON_AGREES = "agreement.person_agrees"
WORKER_AGREES = "agreement.worker_agrees"
AGREEMENT_DATE = "agreement.date"
# A review meeting's answers about the last plan.
REVIEW = "review"
# Who typed (per meeting).
SESSION = "session"
# What helps the person when we talk (Getting started): about them, not one meeting, so a
# later meeting starts with it to be confirmed or changed (the rest of SESSION is not carried).
SESSION_WHAT_HELPS = "session.what_helps"
# The worker's reflection on one meeting (content/flows/worker_reflection.yaml, worker only):
# kept with that meeting in the record, never in a plan, not carried into the next meeting.
REFLECTION = "reflection"
# What a later meeting starts from: PREVIOUS_RATINGS.AREA, PREVIOUS.date and PREVIOUS.moving_on.
PREVIOUS = "previous"
PREVIOUS_RATINGS = "previous.ratings"
PREVIOUS_DATE = "previous.date"
# The day each area in PREVIOUS_RATINGS was rated (ISO), kept when a meeting skips the ratings.
PREVIOUS_RATING_DATES = "previous.rating_dates"
# Last time's moving-on words, so a review can say "Last time you said ...".
PREVIOUS_MOVING_ON = "previous.moving_on"
# The last meeting's worker (their name, as the record kept it: plans/workers.py), so a review
# after a handover can say so and whose the earlier worker's actions were.
PREVIOUS_WORKER = "previous.worker"
# Last time's answers to "Who will look at the plan with you next time?" (and who, when
# someone else) and "Would you like your own copy?": Closing offers them filled in, to keep or
# change. Only offered: the agreement is asked afresh, so nothing is in the plan until answered.
PREVIOUS_REVIEW_BY = "previous.review_by"
PREVIOUS_REVIEW_BY_WHO = "previous.review_by_who"
PREVIOUS_COPY = "previous.copy"

# How life feels (topic wellbeing): WELLBEING.ITEM, the four ONS personal well-being
# answers (0-10; items in assistant.plans.outcomes.ONS4). Asked afresh at every meeting:
# the next meeting starts from PREVIOUS_WELLBEING (latest known answer per item) and the day
# they were given, PREVIOUS_WELLBEING_DATE.
WELLBEING = "wellbeing"
PREVIOUS_WELLBEING = "previous.wellbeing"
PREVIOUS_WELLBEING_DATE = "previous.wellbeing_date"
# Each item's day (item -> YYYY-MM-DD), as PREVIOUS_RATING_DATES: an item not answered at the
# last meeting carries an older answer, whose day is not PREVIOUS_WELLBEING_DATE's.
PREVIOUS_WELLBEING_DATES = "previous.wellbeing_dates"
# Referrals (topic referrals, reviewed in review_referral): records with an id (entry, to,
# route, route_detail, consent, shared, by_whom, status, status_on, message, notes).
# PREVIOUS_REFERRALS_OPEN: the ids of those planned, sent or replied when a meeting starts.
REFERRALS = "referrals"
REFERRALS_LIST = "referrals.list"
PREVIOUS_REFERRALS_OPEN = "previous.referrals_open"
REFERRALS_OPEN_STATUSES: tuple[str, ...] = ("planned", "sent", "replied")
# Things to try (COMMUNITY_LIST records) get a `status` at a review (not_yet, tried, going,
# stopped); PREVIOUS_OPPORTUNITIES_OPEN: the ids of those not stopped when a meeting starts.
PREVIOUS_OPPORTUNITIES_OPEN = "previous.opportunities_open"

# The agreement answers that count as agreeing ("mostly" is agreeing, with words about the
# rest). A yes/no question stores True for yes.
AGREEING: tuple[str, ...] = ("yes", "mostly")


# -- tiny readers and writers -------------------------------------------------------------------


def value_at(data: Any, path: str, default: Any = None) -> Any:
    """The value stored at a dotted ``path`` of the session data, or ``default``."""
    current = data
    for segment in path.split("."):
        if not isinstance(current, Mapping) or segment not in current:
            return default
        current = current[segment]
    return current


def with_value(data: Mapping[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``data`` with ``value`` stored at ``path`` (the other answers kept)."""
    head, _, rest = path.partition(".")
    if not rest:
        return {**data, head: value}
    inner = data.get(head)
    return {**data, head: with_value(inner if isinstance(inner, Mapping) else {}, rest, value)}


def without(data: Mapping[str, Any], paths: Iterable[str]) -> dict[str, Any]:
    """A copy of ``data`` without the answers at ``paths`` (missing ones are ignored)."""
    new = dict(data)
    for path in paths:
        head, _, rest = path.partition(".")
        if not rest:
            new.pop(head, None)
        elif isinstance(new.get(head), Mapping):
            new[head] = without(new[head], [rest])
    return new


def goal_words(goal: Mapping[str, Any]) -> Any:
    """A goal record's words now: the new words while its change stands (GOAL_NEW_WORDS),
    unless its own words (``what``) were edited since they were given (GOAL_REWORDED_FROM no
    longer matches: the later edit wins); else its own, as stored."""
    if goal.get("next") == GOAL_CHANGE:
        new = goal.get(GOAL_NEW_WORDS)
        over = goal.get(GOAL_REWORDED_FROM)
        if isinstance(new, str) and new.strip() and (over is None or over == goal.get("what")):
            return new
    return goal.get("what")


def agrees(answer: Any) -> bool:
    """True when an agreement answer (stored value or plan code) says yes or mostly."""
    return answer is True or answer in AGREEING
