"""What changed between two plan versions, in words a worker and a person can read."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal

from assistant import store_paths as sp
from assistant.dates import say_date
from assistant.engine.functions import ASKED_PREFIX, put_off_tasks
from assistant.marks import TRAINING_WATERMARK
from assistant.plans.model import Plan
from assistant.plans.outcomes import CIRCLE_LABELS, CONNECTION_LABELS, ONS4
from assistant.sentences import quoted

SECTIONS: dict[str, str] = {
    "person": "Person",
    "about": "About me",
    "life_areas": "How things are (1 to 7)",
    "network": "My connections",
    "concerns": "Things that make it hard",
    "resourceful": "People who could help",
    "community": "Things to do and places to go",
    "goals": "Goals and actions",
    "worker_journey": "What my worker will find out or do",
    "moving_on": "When I need the service less",
    "support_needed": "Support needed",
    "hard_times": "My plan for hard times",
    "contacts": "How to reach me, and contacts",
    "review": "Looking back",
    "measures": "How things have changed",
    "referrals": "Getting in touch with groups and services",
    "agreement": "Agreement",
    "participation": "Who took part",
    "sharing": "Sharing",
}
# Bookkeeping, not content: differs between every two versions.
_SKIP = {
    "format",
    "version",
    "number",
    "previous_number",
    "created",
    "session",
    "content_hash",
    "proposed_by",
    "changed_by",
    # The goal's words before a change: the change of its words is said itself.
    "words_before",
    # Which lists were emptied: their entries going is said itself.
    "emptied_lists",
    # Which lists were given empty on purpose: their (no) entries are reported themselves.
    "none_right_now",
    # What was taken off a list: the entry going is said itself.
    "taken_off",
    "agreed_by",
    "reviewed_by",
    "history",
    # Earlier statuses and attainment (the measures' own history): the current one is
    # reported where it changed.
    "status_history",
    "attainment_history",
    "id",
    # A kind of help is a gap when nobody is in it or the person wants more people: worked
    # out from the two answers, which are reported themselves.
    "gap",
    # Whether who could help there was talked about: its people, reported themselves, say it.
    "not_talked_about",
}
_ITEM_LABEL_KEYS = ("name", "what", "who", "barrier", "text", "label", "to")
_WHO_WORDS = {"person": "the person", "worker": "the worker", "both": "both", "others": "others"}
# One entry of each list, for "+ goal "..."" lines.
_NOUNS = {
    "goals": "goal",
    "actions": "action",
    "barriers": "barrier",
    "people": "person",
    "concerns": "concern",
    "opportunities": "thing to try",
    "support_needed": "support",
    "personal": "contact",
    "professional": "professional",
    "referrals": "referral",
    # A kind of help names itself ("Advice and information"), with no noun before it.
    "domains": "kind of help",
}
# Parts of an entry its label already says, or internal codes: never said again inside it.
_HIDDEN_IN: Final[dict[str, frozenset[str]]] = {
    # "More help with: Friendships" says what kind of support it is.
    "support_needed": frozenset({"kind", "text"}),
}
_KEY_WORDS = {
    # The person, as the copies name them.
    "display_name": "name in the team's records",
    "nhs_number": "NHS number",
    "born": "date of birth",
    "value": "rating",
    "focus": "one to talk about?",
    "what": "words",
    # The plan for hard times, as the exports name its parts (export.views.HARD_TIMES_PARTS).
    "early_signs": "signs that things are getting hard",
    "what_helps": "what helps me",
    "what_does_not_help": "what does not help",
    "contact_day": "who to contact in the day",
    "contact_night": "who to contact at night or at weekends",
    "others_do": "what I would like others to do",
    # How to reach me, and contacts; who reviews and who took part (as export.views says them).
    "how_to_contact": "how I like to be contacted",
    "communication": "what helps me understand and be understood",
    "relationship": "who they are to me",
    "how_to_reach": "how to reach them",
    "emergency": "may be contacted in an emergency",
    "reviewer": "who will review it with me",
    "information_given": "information and advice given",
    "took_part": "how I took part",
    "at_keyboard": "who typed",
    "others_present": "also there",
    # The worker's actions and moving on (as the exports name them).
    "why": "what it is for",
    "found_out": "what was found out",
    "add_to_directory": "add to our directory?",
    "picture": "what life would look like",
    # Goal attainment and getting in touch with groups and services (issue 19).
    "levels": "how we will know",
    "now": "how things are now",
    "expected": "what we hope to see",
    "better": "even better",
    "attainment": "where things are now (−2 to +2)",
    "to": "who to",
    "route": "how",
    "route_detail": "the details",
    "consent": "agrees to share their details",
    "shared": "what is shared",
    "by_whom": "who gets in touch",
    "status_on": "since",
    "message": "the words to send",
    "flags": "to check",
    # About me, the network and the rest, as the exports name them (plan.txt.j2).
    "name": "what I like to be called",
    "what_matters": "what matters to me",
    "interests": "what I enjoy",
    "strengths": "what I am good at",
    "hopes": "what I hope for",
    "good_week": "a good week for me",
    "focus_talk": "what we talked about",
    "notice": "what I notice",
    "lost_touch": "someone I have lost touch with",
    "would_like": "people I would like more of",
    "contact": "in touch",
    "support": "helps with",
    "feeling": "feels",
    "want": "contact wanted",
    "hard": "what makes it hard",
    "helped_before": "what helped before",
    "might_help": "what might help now",
    "might_help_from": "whose idea (what might help)",
    "work_on": "we will work on this together",
    "meaning": "a good person to know is",
    "tie": "how I know them",
    "want_more": "would like to know more people for this",
    "goal_idea": "an idea for a goal",
    "can_offer": "what I could help others with",
    "shared_interest": "people who share something with me",
    "try_new": "something new I would like to try",
    "from_directory": "from the community directory",
    "from_directory_idea_from": "whose idea (community directory)",
    "directory": "from the community directory",
    "removed": "no longer in the directory",
    "idea_from": "whose idea",
    "next_step": "next step",
    "go_along": "going along",
    "go_along_who": "who goes along",
    "easier": "what would make it easier",
    "going_well": "going well",
    "best_case": "best case",
    "smallest_step": "smallest next step",
    "change_notes": "how to change it",
    "progress": "how it is going",
    "next": "what next",
    "review_notes": "at the review",
    "by_when": "by",
    "way_past": "a way past it",
    "way_past_from": "whose idea (a way past it)",
    "from_network": "one of my connections",
    "reviewed_on": "reviewed on",
    "network_changes": "changes with the people in my life",
    "keep": "keep doing",
    "stop": "stop doing",
    "moving_on": "our meetings from now on",
    "moving_on_help": "what would help me feel ready",
    "share_with": "who may see the plan",
    "share_who": "who exactly",
    "keep_private": "must not be shared",
    "private": "kept private",
    "kept_names": "kept private, no longer on the list",
    "copy_for_person": "my own copy",
    "who_for": "who it is for",
    "bring_someone": "can bring someone",
    "first_visit": "the first visit",
    "more_help": "more help?",
    # The agreement, as the exports say it.
    "person_agrees": "the person agrees",
    "person_not_agreed": "not agreed, in the person's own words",
    "worker_agrees": "the worker agrees",
    "worker_not_agreed": "not agreed by the worker",
}


# Yes/no answers whose "no" means the same as not asked: the worker's action is on the
# directory list only with a yes, so "(nothing) → no" is not a change worth reporting.
_NO_IS_UNSAID: Final = frozenset({"add_to_directory"})
# Answers asked afresh at each meeting (cleared for the next): with nothing now, they were not
# asked or not given this time, which "→ left blank" read as if someone had rubbed them out.
# A goal's "Change it" is one of them (done at its meeting), and so are the words about it.
_EACH_MEETING: Final = frozenset(
    {"at_keyboard", "information_given", "attainment", "next", "change_notes"}
)
# Asked again only when the meeting goes through them: the well-being questions and the
# counts (the measures), and a life area's rating and "more help?". With nothing now they
# were not asked this time (the plan shows the last answer, with its day), not rubbed out.
_NOT_ASKED_AGAIN: Final = {"measures": None, "life_areas": frozenset({"value", "more_help"})}
# A goal finished or let go is not rated again: its last rating is history, not a change.
_CLOSED_GOAL: Final = frozenset({"finished", "let_go"})


@dataclass(frozen=True)
class Change:
    kind: Literal["added", "removed", "changed"]
    where: tuple[str, ...]
    old: str | None = None
    new: str | None = None
    #: What a value with nothing now is called (an answer asked at each meeting: "not
    #: given this time").
    blank: str = "left blank"
    #: Said instead of old → new: what became of an entry that is neither removed nor
    #: changed (the worker's going along, on hold while its thing to try is put off).
    note: str | None = None

    def describe(self) -> str:
        place = " › ".join(self.where)
        if self.note:
            mark = "-" if self.kind == "removed" else "~"
            return f"{mark} {place}: {self.note}" if place else f"{mark} {self.note}"
        if "\n" in f"{self.old or ''}{self.new or ''}":
            return self._describe_lines(place)
        if self.kind == "added":
            return f"+ {place}: {self.new}" if self.new else f"+ {place}"
        if self.kind == "removed":
            return f"- {place}: {self.old}" if self.old else f"- {place}"
        # A value given for the first time, or taken away, is said as such: "(nothing) →
        # Done" read to coordinators as if something had been written and then replaced.
        if not self.old:
            return f"~ {place}: set to {self.new}"
        if not self.new:
            return f"~ {place}: {self.old} → {self.blank}"
        return f"~ {place}: {self.old} → {self.new}"

    def _describe_lines(self, place: str) -> str:
        """Words over several lines (a plan for hard times): was and now each as a block,
        indented under the place, so old and new lines cannot be read as one list."""
        mark = {"added": "+", "removed": "-"}.get(self.kind, "~")
        out = [f"{mark} {place}:"]
        skip = {"added": "was", "removed": "now"}.get(self.kind)
        for label, words in (("was", self.old), ("now", self.new)):
            if label == skip:
                continue
            lines = str(words).splitlines() if words else [f"({self.blank})"]
            out.append(f"    {label}: {lines[0]}")
            out += [f"         {line}" for line in lines[1:]]
        return "\n  ".join(out)


def _words(key: str) -> str:
    return _KEY_WORDS.get(key, key.replace("_", " "))


# The network's circles as the plan's copies name them ("Circle 1 (closest)").
_CIRCLE_WORDS: Final = {1: "1 (closest)", 2: "2", 3: "3 (further away)"}


_ISO_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float) and value < 0:
        return f"−{-value}"  # a true minus, as the plan's own sentences write it
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        # A day as people write it ("5 December 2026"), as the plan itself shows it.
        try:
            return say_date(date.fromisoformat(value), weekday=False, year=True)
        except ValueError:
            return value
    return str(value)


def _leaf(value: Any) -> str | None:
    """A value as words, or None when it is a container to walk into."""
    if value is None:
        return None
    if isinstance(value, dict):
        if set(value) >= {"code", "label"}:
            return str(value["label"])
        if "text" in value and "proposed_by" in value and "who" not in value:
            return str(value["text"])
        if set(value) == {"kind", "name"}:  # who does an action
            return value["name"] or _WHO_WORDS.get(value["kind"], value["kind"])
        return None
    if isinstance(value, list):
        if all(isinstance(v, dict) and set(v) >= {"code", "label"} for v in value):
            return ", ".join(str(v["label"]) for v in value)
        if not value or all(not isinstance(v, dict) for v in value):
            return ", ".join(_scalar(v) for v in value)
        return None
    return _scalar(value)


def _item_key(item: dict[str, Any], noun: str) -> tuple[str, str]:
    """(stable key, readable label) for one entry of a list."""
    if "area" in item:
        return str(item["area"]), str(item["label"])
    if "domain" in item:
        return str(item["domain"]["code"]), str(item["domain"]["label"])
    if "who" in item and "text" in item and "id" not in item:  # an option for a goal
        return f"option:{item['who']}", f"what {_WHO_WORDS.get(item['who'], item['who'])} could do"
    label = next((str(item[k]) for k in _ITEM_LABEL_KEYS if isinstance(item.get(k), str)), "")
    if not label and noun == "concern":
        # A concern is named by the person's words, else by its kind ("Money").
        kind = item.get("kind")
        words = item.get("words")
        label = words if isinstance(words, str) else kind["label"] if isinstance(kind, dict) else ""
    key = str(item.get("id") or item.get("kind", "")) + ":" + (label if "id" not in item else "")
    return key, f'{noun} "{label}"'.strip() if label else noun or "entry"


def _flatten(
    value: Any,
    keys: tuple[str, ...],
    labels: tuple[str, ...],
    leaves: dict[tuple[str, ...], tuple[tuple[str, ...], str]],
    items: dict[tuple[str, ...], tuple[tuple[str, ...], str]],
) -> None:
    words = _leaf(value)
    if keys[-1] == "attainment" and isinstance(value, int) and value > 0:
        words = f"+{value}"  # the -2 .. +2 scale is said with its sign
    if keys[-1] == "circle" and isinstance(value, int):
        words = _CIRCLE_WORDS.get(value, words)
    if words is not None or value is None:
        if words:
            leaves[keys] = (labels, words)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if key in _SKIP:
                continue
            # Entries of a list name themselves ("action ..."), so the list adds no words.
            named = key in _NOUNS and isinstance(item, list)
            item_labels = labels if named else (*labels, _words(key))
            _flatten(item, (*keys, key), item_labels, leaves, items)
        return
    for item in value:
        if not isinstance(item, dict):
            continue
        key, label = _item_key(item, _NOUNS.get(keys[-1], ""))
        item_keys = (*keys, key)
        item_labels = (*labels, label)
        items[item_keys] = (item_labels, "")
        hidden = _HIDDEN_IN.get(keys[-1], frozenset())
        if keys[-1] == "life_areas":
            item = _rating_words(item)
        _flatten(
            {k: v for k, v in item.items() if k not in _ITEM_LABEL_KEYS[:4] and k not in hidden},
            item_keys,
            item_labels,
            leaves,
            items,
        )
        if "what" in item and "name" not in item and isinstance(item.get("what"), str):
            # The words of an item are its identity label, but can still be edited.
            leaves[(*item_keys, "what")] = ((*item_labels, _words("what")), item["what"])


def _rating_words(area: dict[str, Any]) -> dict[str, Any]:
    """A life area with one rating fact: left for today ("Not today") is said as its rating,
    not as a yes/no of its own beside an empty rating. Left for another day at the last
    meeting (``left_last_time``) is the version before's "left for today": not a change."""
    left = area.get("left_today") and area.get("value") is None
    area = {k: v for k, v in area.items() if k not in ("left_today", "left_last_time")}
    return {**area, "value": "left for today"} if left else area


def _measures_words(measures: Any) -> dict[str, Any] | None:
    """A version's own measures named in words (well-being answers and connection counts).
    Their day and the earlier versions' are bookkeeping: every version has its own."""
    if not isinstance(measures, dict):
        return None
    found: dict[str, Any] = {}
    wellbeing = measures.get("wellbeing") or {}
    for item in ONS4:
        found[item.label] = wellbeing.get(item.id)
    counts = measures.get("connections") or {}
    for key, label in CONNECTION_LABELS.items():
        found[label] = counts.get(key)
    circles = counts.get("circles") or {}
    for key, label in CIRCLE_LABELS.items():
        found[label] = circles.get(key)
    return found


#: An entry added or taken away is said with what it holds when that is this short (a life
#: area's rating): "+ Mental health: rating 2, one to talk about? yes", not "+ Mental health".
_BRIEF_LEAVES: Final = 3
#: What names an entry (said in its label already), not what it holds.
_NAMING: Final = frozenset({"id", "area", "label", "code", "domain"})


def _briefly(
    item: tuple[str, ...],
    named: tuple[str, ...],
    leaves: dict[tuple[str, ...], tuple[tuple[str, ...], str]],
    items: dict[tuple[str, ...], tuple[tuple[str, ...], str]],
) -> str | None:
    """What the entry at ``item`` (its labels ``named``) holds, when it is short: each part
    with its name ("rating 4", "who they are to me: Friend", "circle 2"), and the entries
    inside it by their own names ('person "Mr K"'), not by their parts."""

    def within(keys: tuple[str, ...]) -> bool:
        return len(keys) > len(item) and keys[: len(item)] == item

    nested = [keys for keys in items if within(keys)]
    # The entry's own parts first, then the entries inside it: after 'action "Ring Jo"', the
    # goal's "whose idea" read as the action's.
    inside: list[tuple[tuple[str, ...], str]] = [
        (labels[len(named) :], words)
        for keys, (labels, words) in leaves.items()
        if within(keys) and keys[-1] not in _NAMING and not any(keys[: len(n)] == n for n in nested)
    ]
    inside += [((labels[-1],), "") for keys, (labels, _) in items.items() if keys in nested]
    if not inside or len(inside) > _BRIEF_LEAVES:
        return None
    return ", ".join(_part(" › ".join(where), words) for where, words in inside)


# Names read with their value after a space ("rating 4", "circle 2", "more help? yes").
_SPACED: Final = frozenset({_KEY_WORDS["value"], "circle"})


def _part(where: str, words: str) -> str:
    if not where or not words:
        return where or words
    return f"{where} {words}" if where in _SPACED or where.endswith("?") else f"{where}: {words}"


#: Said of what a reader's earlier copy showed and their copy now leaves out (the person keeps
#: it private now): never its words, as the copy itself never says what it leaves out.
NOT_IN_THIS_COPY: Final = "no longer in this copy"


def _withheld(
    full: Plan | None, copy: dict[str, Any], sections: dict[str, str]
) -> tuple[set[tuple[str, ...]], set[str]]:
    """What ``copy`` (a reader's copy, as JSON) leaves out of ``full``, the plan it was made
    from: the keys of its entries and answers, and the sections left out whole."""
    if full is None:
        return set(), set()
    whole = full.to_json()
    keys: set[tuple[str, ...]] = set()
    for section, title in sections.items():
        found: list[dict[tuple[str, ...], tuple[tuple[str, ...], str]]] = [{}, {}, {}, {}]
        _flatten(whole.get(section), (section,), (title,), found[0], found[1])
        _flatten(copy.get(section), (section,), (title,), found[2], found[3])
        keys |= (found[0].keys() | found[1].keys()) - (found[2].keys() | found[3].keys())
    private = {p.code for p in full.sharing.private if p.kind == "section"}
    return keys, private & set(sections)


def _went_unsaid(full: Plan | None, copy: Plan) -> set[str]:
    """The item keys (``id:``) of what ``full`` says was taken off and ``copy``, a reader's
    copy of it, does not say went (who was taken off My connections is for the person's own
    copy: ``sharing.shared_copy``): the diff names them no more than the copy does."""
    if full is None:
        return set()
    said = {t.id for t in copy.taken_off}
    return {f"{t.id}:" for t in full.taken_off if t.id not in said}


def diff_plans(old: Plan, new: Plan, *, withheld_from: Plan | None = None) -> list[Change]:
    """Every difference that matters to the people, section by section, in plan order.

    ``withheld_from`` is the whole plan ``new`` is a reader's copy of (``old`` being that
    reader's earlier copy): what the earlier copy showed and this one leaves out at the
    person's wish is said to be no longer in this copy, without its words; what it shows
    for the first time is added."""
    changes: list[Change] = []
    old_json, new_json = old.to_json(), new.to_json()
    withheld, private_sections = _withheld(withheld_from, new_json, SECTIONS)
    unsaid = _went_unsaid(withheld_from, new)
    # Goals finished or let go, as the goals' keys below name them.
    closed_goals = {
        (f"{g.get('id')}:",)
        for g in new_json.get("goals") or []
        if ((g.get("next") or {}).get("code")) in _CLOSED_GOAL
    }
    for both in (old_json, new_json):
        both["measures"] = _measures_words(both.get("measures"))
    on_hold = _on_hold(new)
    for section, title in SECTIONS.items():
        o_leaves: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}
        o_items: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}
        n_leaves: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}
        n_items: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}
        _flatten(old_json.get(section), (section,), (title,), o_leaves, o_items)
        _flatten(new_json.get(section), (section,), (title,), n_leaves, n_items)
        if section in private_sections:
            if o_leaves or o_items:
                changes.append(Change("removed", (title,), note=NOT_IN_THIS_COPY))
            continue
        gone = [k for k in o_items if k not in n_items]
        came = [k for k in n_items if k not in o_items]

        def inside(keys: tuple[str, ...], roots: list[tuple[str, ...]]) -> bool:
            return any(keys[: len(r)] == r and keys != r for r in roots)

        for keys in came:
            if not inside(keys, came):
                holds = n_items[keys][1] or _briefly(keys, n_items[keys][0], n_leaves, n_items)
                changes.append(Change("added", n_items[keys][0], new=holds))
        for keys in gone:
            if not inside(keys, gone):
                thing = on_hold.get(keys)
                if thing is not None:
                    note = f"on hold while {quoted(thing)} is put off"
                    changes.append(Change("changed", o_items[keys][0], note=note))
                    continue
                if keys in withheld or keys[-1] in unsaid:
                    # Named by its kind only ("goal"): its words are what is kept private,
                    # or who was taken off, which the copy does not say.
                    where = (*o_items[keys][0][:-1], _noun(o_items[keys][0][-1]))
                    changes.append(Change("removed", where, note=NOT_IN_THIS_COPY))
                    continue
                held = o_items[keys][1] or _briefly(keys, o_items[keys][0], o_leaves, o_items)
                changes.append(Change("removed", o_items[keys][0], old=held))
        for keys in dict.fromkeys([*o_leaves, *n_leaves]):
            if inside(keys, came) or inside(keys, gone):
                continue
            before = o_leaves.get(keys)
            after = n_leaves.get(keys)
            if before is not None and after is not None and before[1] == after[1]:
                continue
            said = before or after
            one_sided = before is None or after is None
            if keys[-1] in _NO_IS_UNSAID and one_sided and said is not None and said[1] == "no":
                continue  # not asked before, "no" now (or back): nothing changed for anyone
            if keys[-1] == "attainment" and after is None and keys[1:2] in closed_goals:
                continue
            where = (after or before)[0]  # type: ignore[index]
            if after is None and keys in withheld:
                changes.append(Change("removed", where, note=NOT_IN_THIS_COPY))
                continue
            changes.append(
                Change(
                    "changed",
                    where,
                    old=before[1] if before else None,
                    new=after[1] if after else None,
                    blank=_blank(keys),
                )
            )
    return changes


def _noun(label: str) -> str:
    """An entry's label without its words: 'goal "See Mum"' is "goal"."""
    noun, quote, _ = label.partition(' "')
    return noun if quote else label


def _on_hold(plan: Plan) -> dict[tuple[str, ...], str]:
    """The worker's going-along actions that do not apply in ``plan`` because their thing to
    try is put off till later (``put_off_tasks``, the rule the plan leaves them out by), as
    the diff's keys name them, with the thing's words. They are not removed: they apply
    again if the pair go back to trying it."""
    things = {o.id: o.what for o in plan.community.opportunities}
    steps = [
        {"id": o.id, "next_step": o.next_step.code if o.next_step else None}
        for o in plan.community.opportunities
    ]
    seen = sp.with_value({}, sp.COMMUNITY_LIST, steps)
    return {
        ("worker_journey", "actions", f"{task}:"): things[task.removeprefix(ASKED_PREFIX)]
        for task in put_off_tasks(seen)
    }


def _blank(keys: tuple[str, ...]) -> str:
    """What a value with nothing now is called at ``keys`` (its section first)."""
    if keys[-1] in _EACH_MEETING or keys[0] == "review":
        # Looking back is a meeting's own: each review says it afresh.
        return "not given this time"
    if keys[0] in _NOT_ASKED_AGAIN:
        fields = _NOT_ASKED_AGAIN[keys[0]]
        if fields is None or keys[-1] in fields:
            return "not asked this time"
    return "left blank"


# The agreement answers, as the changes name them: left blank in a draft, they are not given
# yet, which "Yes → left blank" read as taken back.
_AGREEING: Final = {(_KEY_WORDS["person_agrees"],), (_KEY_WORDS["worker_agrees"],)}


def format_diff(
    old: Plan, new: Plan, *, heading: Sequence[str] = (), withheld_from: Plan | None = None
) -> str:
    """A readable report of :func:`diff_plans`, with the two versions named; ``heading``
    lines come first (under the training watermark, which leads). ``withheld_from``: as
    :func:`diff_plans` takes it, for a reader's copies."""
    name = lambda p: f"version {p.number}" if p.number else "this plan"  # noqa: E731
    lines = [*heading, f"Changes from {name(old)} to {name(new)}:"]
    if old.watermark or new.watermark:
        # As on every copy of a training plan: the changes are about a made-up person too.
        lines[:0] = [
            f"*** {TRAINING_WATERMARK} ***",
            "Made up for training. Not a record of a real person.",
            "",
        ]
    changes = diff_plans(old, new, withheld_from=withheld_from)
    current: str | None = None
    draft = new.state is not None and new.state.status == "draft"
    for change in changes:
        section = change.where[0]
        if section != current:
            lines.append(f"\n{section}")
            current = section
        shown = dataclasses.replace(change, where=change.where[1:])
        if draft and shown.where in _AGREEING and shown.old and not shown.new:
            # Not a change of mind: a draft is a version nobody has agreed yet.
            lines.append(f"  ~ {shown.where[0]}: {shown.old} → not given: {name(new)} is a draft")
            continue
        lines.append("  " + shown.describe())
    if not changes:
        lines.append("  No changes.")
    return "\n".join(lines) + "\n"
