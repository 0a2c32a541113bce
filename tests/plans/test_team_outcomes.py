"""The team summary (assistant.plans.team_outcomes) on small hand-built records."""

from __future__ import annotations

import copy
import csv
import io
from typing import Any

import pytest
from outcomes_support import Meeting, add_person, plan_json, referral

from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Plan
from assistant.plans.outcomes import series
from assistant.plans.team_outcomes import MeasureChange, TeamSummary, summarise
from assistant.records import CaseStore, RecordsError
from assistant.records.outcome_digest import DIGEST_VERSION, INDEX_KEY


def _item(items: tuple[MeasureChange, ...], key: str) -> MeasureChange:
    return next(i for i in items if i.key == key)


def _two(day1: str, day2: str, key: str, first: int, latest: int) -> list[Meeting]:
    return [Meeting(day1, {key: first}), Meeting(day2, {key: latest})]


def test_life_satisfaction_medians_and_who_moved_which_way(store: CaseStore) -> None:
    add_person(store, "A", _two("2026-01-05", "2026-04-05", "satisfied", 4, 6))  # up 2
    add_person(store, "B", _two("2026-01-05", "2026-04-05", "satisfied", 5, 5))  # same
    add_person(store, "C", _two("2026-01-05", "2026-04-05", "satisfied", 7, 4))  # down 3
    item = _item(summarise(store).wellbeing, "satisfied")
    assert (item.n, item.median_first, item.median_latest, item.median_change) == (3, 5, 5, 0)
    assert (item.improved, item.same, item.worse) == (1, 1, 1)


def test_for_anxious_a_fall_is_counted_as_better(store: CaseStore) -> None:
    add_person(store, "A", _two("2026-01-05", "2026-04-05", "anxious", 8, 3))
    add_person(store, "B", _two("2026-01-05", "2026-04-05", "anxious", 6, 4))
    add_person(store, "C", _two("2026-01-05", "2026-04-05", "anxious", 2, 5))
    item = _item(summarise(store).wellbeing, "anxious")
    assert item.lower_is_better
    assert item.median_change == -2
    assert (item.improved, item.worse) == (2, 1)


def test_one_meeting_counts_as_answered_but_not_as_change(store: CaseStore) -> None:
    add_person(store, "Once", [Meeting("2026-02-01", {"happy": 3})])
    add_person(store, "Twice", _two("2026-01-05", "2026-04-05", "happy", 2, 6))
    store.create_person("Nothing yet")
    summary = summarise(store)
    assert (summary.people, summary.with_measure, summary.with_two) == (3, 2, 1)
    item = _item(summary.wellbeing, "happy")
    assert (item.answered, item.n, item.median_first) == (2, 1, 2)


def test_first_is_the_first_meeting_that_answered_not_the_first_meeting(
    store: CaseStore,
) -> None:
    meetings = [
        Meeting("2026-01-05", {}, people=3),  # well-being not asked (skipped)
        Meeting("2026-02-05", {"worthwhile": 4}, people=4),
        Meeting("2026-03-05", {"worthwhile": 7}, people=6),
    ]
    add_person(store, "A", meetings)
    summary = summarise(store)
    assert _item(summary.wellbeing, "worthwhile").median_change == 3
    people = _item(summary.connections, "people")
    assert (people.median_first, people.median_latest, people.improved) == (3, 6, 1)


def test_since_counts_only_meetings_from_that_day(store: CaseStore) -> None:
    meetings = [
        Meeting("2025-11-01", {"satisfied": 1}),
        Meeting("2026-03-10", {"satisfied": 5}),
        Meeting("2026-05-10", {"satisfied": 8}),
    ]
    add_person(store, "A", meetings)
    add_person(store, "Before", _two("2025-01-05", "2025-06-05", "satisfied", 2, 3))
    summary = summarise(store, since="2026-03-01")
    item = _item(summary.wellbeing, "satisfied")
    assert (item.n, item.median_first, item.median_latest) == (1, 5, 8)
    assert summary.with_measure == 1


def test_since_must_be_a_date(store: CaseStore) -> None:
    with pytest.raises(ValueError):
        summarise(store, since="last March")


def test_goal_attainment_is_taken_from_each_persons_latest_review(store: CaseStore) -> None:
    add_person(
        store,
        "A",
        [
            Meeting("2026-01-05"),
            Meeting("2026-02-05", attainment={"g1": -2, "g2": -2}),
            Meeting("2026-03-05", attainment={"g1": 0, "g2": 1}),
        ],
    )
    add_person(store, "B", [Meeting("2026-01-05"), Meeting("2026-03-05", attainment={"g1": 2})])
    gas = summarise(store).gas
    assert (gas.people, gas.goals, gas.median) == (2, 3, 1)
    assert gas.counts == {-2: 0, -1: 0, 0: 1, 1: 1, 2: 1}


def test_referrals_by_status_and_days_between_steps(store: CaseStore) -> None:
    add_person(
        store,
        "A",
        [Meeting("2026-03-01", {"happy": 5})],
        [
            referral("r1", [("planned", "2026-03-01"), ("sent", "2026-03-05")]),
            referral(
                "r2",
                [("planned", "2026-03-01"), ("sent", "2026-03-11"), ("started", "2026-03-31")],
            ),
        ],
    )
    add_person(store, "B", [Meeting("2026-03-01")], [referral("r1", [("planned", "2026-03-02")])])
    ref = summarise(store).referrals
    assert (ref.total, ref.people) == (3, 2)
    assert ref.by_status == {"planned": 1, "sent": 1, "started": 1}
    assert (ref.planned_to_sent.n, ref.planned_to_sent.median_days) == (2, 7)
    assert (ref.sent_to_answer.n, ref.sent_to_answer.median_days) == (1, 20)


def test_a_referral_dated_sent_before_planned_is_left_out_and_said_so(store: CaseStore) -> None:
    # Its days made the report say "Planned to sent: none yet" with both days recorded.
    add_person(
        store,
        "A",
        [Meeting("2026-12-06", {"happy": 5})],
        [referral("r1", [("planned", "2026-12-06"), ("sent", "2026-12-01")])],
    )
    summary = summarise(store)
    interval = summary.referrals.planned_to_sent
    assert (interval.n, interval.out_of_order) == (0, 1)
    line = next(ln for ln in summary.lines() if "From planned to sent" in ln)
    assert "none yet; 1 left out, with the later step dated before the earlier one" in line


def test_the_summary_says_its_meetings_come_from_the_plans_measures(store: CaseStore) -> None:
    # A person brought in with `import --new` showed MEETINGS 2 here and SESSIONS 0 in
    # `people`, with nothing saying why.
    add_person(store, "A", _two("2026-01-05", "2026-02-05", "happy", 3, 4))
    text = "\n".join(summarise(store).lines())
    assert "meetings before an import included; `people` counts only the meetings" in text


def test_a_new_plan_version_changes_the_summary(store: CaseStore) -> None:
    meetings = _two("2026-01-05", "2026-02-05", "satisfied", 3, 4)
    person = add_person(store, "A", meetings)
    with store.open(person) as case:
        later = [*meetings, Meeting("2026-03-05", {"satisfied": 9})]
        case.add_plan_version(plan_json(later), agreed=True, by="both")
    item = _item(summarise(CaseStore(store.root)).wellbeing, "satisfied")
    assert (item.median_first, item.median_latest) == (3, 9)


def test_an_erased_person_is_no_longer_counted(store: CaseStore) -> None:
    gone = add_person(store, "Gone", _two("2026-01-05", "2026-02-05", "satisfied", 1, 9))
    add_person(store, "Kept", _two("2026-01-05", "2026-02-05", "satisfied", 5, 6))
    store.erase(gone)
    summary = summarise(CaseStore(store.root))
    assert summary.people == 1
    assert _item(summary.wellbeing, "satisfied").median_first == 5


@pytest.mark.parametrize("old", [None, {"v": 0, "points": []}], ids=["none", "older_shape"])
def test_an_entry_from_before_digests_is_read_from_the_record_then_kept(
    store: CaseStore, old: dict[str, object] | None
) -> None:
    person = add_person(store, "A", _two("2026-01-05", "2026-02-05", "happy", 2, 4))

    def forget(doc: dict[str, Any]) -> None:
        if old is None:
            doc["people"][person].pop(INDEX_KEY)
        else:
            doc["people"][person][INDEX_KEY] = old

    store.index.update(forget)
    assert _item(summarise(CaseStore(store.root)).wellbeing, "happy").median_change == 2
    kept = CaseStore(store.root).index.read()["people"][person][INDEX_KEY]
    assert kept["v"] == DIGEST_VERSION


def test_training_records_are_never_counted(store: CaseStore) -> None:
    training = store.training_store()
    add_person(training, "Stan", _two("2026-01-05", "2026-02-05", "happy", 2, 4))
    assert summarise(store).people == 0
    with pytest.raises(RecordsError):
        summarise(training)


def _summary_with_hostile_name(store: CaseStore, names: bool) -> TeamSummary:
    add_person(
        store,
        '=HYPERLINK("http://x")',
        _two("2026-01-05", "2026-02-05", "happy", 2, 4),
        reference="@REF",
    )
    return summarise(store, names=names)


def test_no_names_or_ids_without_names(store: CaseStore) -> None:
    summary = _summary_with_hostile_name(store, names=False)
    text = "\n".join(summary.lines()) + summary.to_csv() + str(summary.to_json())
    assert "HYPERLINK" not in text and "@REF" not in text
    assert store.list_people()[0].id not in text


def test_with_names_a_row_per_person_and_csv_cells_are_not_formulas(store: CaseStore) -> None:
    summary = _summary_with_hostile_name(store, names=True)
    assert [row.name for row in summary.rows] == ['=HYPERLINK("http://x")']
    cells = [cell for row in csv.reader(io.StringIO(summary.to_csv())) for cell in row]
    person_cells = [c for c in cells if "HYPERLINK" in c]
    assert person_cells and all(c.startswith("'=") for c in person_cells)
    # Numbers stay numbers: a fall is written -2, not as text.
    assert not any(c.startswith("'-") and c[2:].isdigit() for c in cells)


# -- through the real pipeline: meetings' answers -> plan versions -> the record ------------

FIRST_MEETING: dict[str, Any] = {
    "wellbeing": {"satisfied": 4, "worthwhile": 5, "happy": 3, "anxious": 7},
    "network": {"people": [{"id": "p1", "name": "Jo", "circle": 1, "support": ["company"]}]},
    "goals": {
        "list": [
            {
                "id": "g1",
                "what": "See my brother more",
                "level_now": "We talk at Christmas",
                "level_expected": "We meet once a month",
                "level_better": "We go to football together",
            }
        ]
    },
    "referrals": {
        "list": [
            {
                "id": "r1",
                "to": "Befriending service",
                "route": "phone",
                "consent": "yes",
                "status": "planned",
                "status_on": "2026-03-04",
            }
        ]
    },
    "agreement": {"date": "2026-03-04"},
}


def _next(data: dict[str, Any], plan: Plan, day: str, **answers: Any) -> dict[str, Any]:
    new = copy.deepcopy(data_for_next_meeting(data, plan))
    new["agreement"] = {"date": day}
    new["wellbeing"] = answers["wellbeing"]
    new["goals"]["list"][0]["attainment"] = answers["attainment"]
    new["referrals"]["list"][0].update(answers["referral"])
    return new


def _three_meetings_saved(store: CaseStore) -> tuple[str, Plan]:
    """Sam's three meetings built by from_session, saved as the app saves plan versions."""
    plans = [build_plan(FIRST_MEETING, number=1, created="2026-03-04T10:00:00+00:00")]
    second = _next(
        FIRST_MEETING,
        plans[0],
        "2026-04-08",
        wellbeing={"satisfied": 5, "anxious": 6},
        attainment="minus_1",
        referral={"status": "sent", "status_on": "2026-03-10"},
    )
    plans.append(build_plan(second, previous=plans[0], number=2, created="2026-04-08T10:00"))
    third = _next(
        second,
        plans[1],
        "2026-05-13",
        wellbeing={"satisfied": 7, "worthwhile": 6, "happy": 6, "anxious": 4},
        attainment="plus_1",
        referral={"status": "started", "status_on": "2026-05-01"},
    )
    plans.append(build_plan(third, previous=plans[1], number=3, created="2026-05-13T10:00"))
    person = store.create_person("Sam")
    with store.open(person) as case:
        for n, plan in enumerate(plans, start=1):
            case.save_session(f"m{n}", {"data": {}}, [])
            case.add_plan_version(plan.to_json(), agreed=True, session_id=f"m{n}", by="both")
    return person, plans[-1]


def test_three_real_meetings_give_what_the_plan_s_own_series_gives(store: CaseStore) -> None:
    _, plan = _three_meetings_saved(store)
    rows = series(plan)
    summary = summarise(CaseStore(store.root), names=True)
    [row] = summary.rows
    assert (row.first_date, row.latest_date) == (rows[0].date, rows[-1].date)
    for item in ("satisfied", "anxious", "happy"):
        answered = [getattr(r.wellbeing, item) for r in rows if r.wellbeing]
        answered = [v for v in answered if v is not None]
        assert (row.first[item], row.latest[item]) == (answered[0], answered[-1])
    assert row.latest["people"] == rows[-1].connections.people
    assert summary.gas.counts[1] == 1  # plus_1 at the latest review
    ref = summary.referrals
    assert ref.by_status == {"started": 1}
    assert (ref.planned_to_sent.median_days, ref.sent_to_answer.median_days) == (6, 52)


def test_erasing_the_latest_meeting_takes_its_measures_out(store: CaseStore) -> None:
    person, _ = _three_meetings_saved(store)
    with store.open(person) as case:
        case.erase_session("m3", reason="asked by the person")
    item = _item(summarise(CaseStore(store.root)).wellbeing, "satisfied")
    assert (item.median_first, item.median_latest) == (4, 5)


def test_a_rebuilt_list_of_people_keeps_the_measures(store: CaseStore) -> None:
    _three_meetings_saved(store)
    store.index_path.write_text("{ damaged")
    summary = summarise(CaseStore(store.root))
    assert _item(summary.wellbeing, "satisfied").median_latest == 7


def test_measures_stay_right_when_every_meeting_is_archived(store: CaseStore) -> None:
    person, _ = _three_meetings_saved(store)
    with store.open(person) as case:
        for n in (1, 2, 3):
            case.audit("meeting_closed", session=f"m{n}", plan_version=n, agreed=True)
        assert case.archive_closed() == 3  # the newest plan version is in the archive now
    assert _item(summarise(CaseStore(store.root)).wellbeing, "satisfied").median_latest == 7
    # A list rebuilt from the case files alone reads the archive through the record.
    store.index_path.write_text("{ damaged")
    assert _item(summarise(CaseStore(store.root)).wellbeing, "satisfied").median_latest == 7


def test_erasing_a_middle_meeting_takes_its_measures_out(store: CaseStore) -> None:
    person, _ = _three_meetings_saved(store)
    with store.open(person) as case:
        case.erase_session("m2", reason="asked by the person")
    summary = summarise(CaseStore(store.root), names=True)
    [row] = summary.rows
    # The newest version's history still names meeting 2 (copied forward): it is left out.
    assert row.meetings_measured == 2
    assert (row.first_date, row.latest_date) == ("2026-03-04", "2026-05-13")
    assert row.times["satisfied"] == 2
    # Read again from the record (a list of people without the digest): the same.
    store.index.update(lambda doc: doc["people"][person].pop(INDEX_KEY))
    [row] = summarise(CaseStore(store.root), names=True).rows
    assert row.meetings_measured == 2


def _save_without_the_list(store: CaseStore, person: str, plan: dict[str, Any]) -> None:
    """A plan version saved, then the app stops before the list of people is written."""

    def stopped(*args: Any, **kwargs: Any) -> None:
        raise RecordsError("the app stopped here")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(type(store.index), "update", stopped)
        with store.open(person) as case:
            case.add_plan_version(plan, agreed=True, by="both")


def test_a_digest_older_than_its_case_file_is_made_again(store: CaseStore) -> None:
    meetings = _two("2026-01-05", "2026-02-05", "satisfied", 3, 4)
    person = add_person(store, "A", meetings)
    later = [*meetings, Meeting("2026-03-05", {"satisfied": 9})]
    _save_without_the_list(store, person, plan_json(later))
    item = _item(summarise(CaseStore(store.root)).wellbeing, "satisfied")
    assert item.median_latest == 9


def test_a_digest_made_again_is_kept_so_the_record_is_read_once(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    meetings = _two("2026-01-05", "2026-02-05", "satisfied", 3, 4)
    person = add_person(store, "A", meetings)
    later = [*meetings, Meeting("2026-03-05", {"satisfied": 9})]
    _save_without_the_list(store, person, plan_json(later))
    summarise(CaseStore(store.root))

    def no_reading(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the record was read again")

    monkeypatch.setattr(CaseStore, "read", no_reading)
    assert _item(summarise(CaseStore(store.root)).wellbeing, "satisfied").median_latest == 9


def _saved(store: CaseStore, versions: list[tuple[list[Meeting], str, bool]]) -> str:
    """A record holding each (meetings so far, meeting id, agreed) as a plan version."""
    person = store.create_person("Sam")
    with store.open(person) as case:
        for meetings, session, agreed in versions:
            case.add_plan_version(plan_json(meetings), agreed=agreed, session_id=session)
    return person


def _seen(row: Any, key: str) -> tuple[int, int, int]:
    """A measure in a person's row: first and latest value, and at how many meetings."""
    return row.first[key], row.latest[key], row.times[key]


def _rows_three_ways(store: CaseStore, person: str) -> list[Any]:
    """The person's row from the digest kept when the version was saved, made again from
    the record, and from a list of people rebuilt from the case files."""
    rows = [summarise(CaseStore(store.root), names=True).rows[0]]
    store.index.update(lambda doc: doc["people"][person].pop(INDEX_KEY))
    rows.append(summarise(CaseStore(store.root), names=True).rows[0])
    store.index_path.write_text("{ damaged")
    rows.append(summarise(CaseStore(store.root), names=True).rows[0])
    return rows


def test_three_meetings_on_one_day_are_three_meetings(store: CaseStore) -> None:
    day = "2026-03-02"
    meetings = [
        Meeting(day, {"satisfied": 3, "happy": 4}),
        Meeting(day, {"satisfied": 5, "happy": 6}),
        Meeting(day, {"satisfied": 8}),  # happy skipped at the third
    ]
    person = _saved(store, [(meetings[:n], f"m{n}", True) for n in (1, 2, 3)])
    summary = summarise(CaseStore(store.root))
    assert (summary.with_measure, summary.with_two) == (1, 1)
    satisfied = _item(summary.wellbeing, "satisfied")
    assert (satisfied.n, satisfied.median_first, satisfied.median_latest) == (1, 3, 8)
    for row in _rows_three_ways(store, person):
        assert row.meetings_measured == 3
        assert _seen(row, "satisfied") == (3, 8, 3)
        # The skipped answer does not wipe the second meeting's: happy is 4 then 6.
        assert _seen(row, "happy") == (4, 6, 2)


def test_meetings_on_one_day_without_known_meetings_are_not_merged(store: CaseStore) -> None:
    day = "2026-03-02"
    add_person(store, "A", [Meeting(day, {"worthwhile": 2}), Meeting(day, {"happy": 7})])
    summary = summarise(store, names=True)
    assert summary.with_two == 1
    [row] = summary.rows
    assert (row.latest["worthwhile"], row.latest["happy"]) == (2, 7)


def test_a_draft_and_the_plan_agreed_from_it_are_one_meeting_item_by_item(
    store: CaseStore,
) -> None:
    # As plans were built before versions.built_on: the agreed version of meeting 2 was
    # built on that meeting's own draft, so its history holds the draft's point.
    first = Meeting("2026-03-02", {"satisfied": 4, "happy": 3}, attainment={"g1": -1})
    draft = Meeting("2026-04-06", {"satisfied": 6, "happy": 5}, attainment={"g1": 0, "g2": 1})
    agreed = Meeting("2026-04-06", {"satisfied": 7}, attainment={"g1": 1})  # happy skipped
    person = _saved(
        store,
        [
            ([first], "m1", True),
            ([first, draft], "m2", False),
            ([first, draft, agreed], "m2", True),
        ],
    )
    summary = summarise(CaseStore(store.root))
    assert summary.with_two == 1
    # Goal 1 as agreed, goal 2 kept from the draft: one meeting's goals, not two reviews.
    assert (summary.gas.goals, summary.gas.counts[1]) == (2, 2)
    for row in _rows_three_ways(store, person):
        assert row.meetings_measured == 2
        assert _seen(row, "satisfied") == (4, 7, 2)
        assert _seen(row, "happy") == (3, 5, 2)
