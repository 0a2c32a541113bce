"""Referrals in every export (issue 19), each for its audience: to whom, how, the status with
its dates and what was shared in every copy; the suggested wording in the person's own copy
and the team's; the access-criteria flags in the team's copy only; a ServiceRequest per
referral in FHIR."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from export_support import HOSTILE, PIECES, Page, squash
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir_schema import schema_errors
from measures_support import FLAG, MESSAGE, SHARED, for_audience, measured_plan

from assistant.export.measures import by_whom_words
from assistant.export.render import render
from assistant.plans.model import Code, Plan, PlanState, PrivatePart, Sharing, Words
from assistant.plans.sharing import shared_copy

TEXT_FORMATS = ["md", "txt", "html", "easy"]


def _seen(plan: Plan, fmt: str) -> str:
    """What a reader sees, whitespace squashed (HTML without its tags)."""
    text = render(plan, fmt).decode("utf-8")
    if fmt in ("html", "easy"):
        text = Page(text).joined
    return squash(text)


def _bundle(plan: Plan) -> dict[str, Any]:
    bundle: dict[str, Any] = json.loads(render(plan, "fhir"))
    assert schema_errors(bundle) == []
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    urls = {e["fullUrl"] for e in bundle["entry"]}
    assert set(re.findall(r'"reference": "(urn:uuid:[^"]+)"', json.dumps(bundle))) <= urls
    return bundle


def _requests(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in bundle["entry"] if e["resource"]["resourceType"] == "ServiceRequest"]


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_every_full_format_says_to_whom_how_where_it_is_up_to_and_what_is_shared(
    fmt: str,
) -> None:
    seen = _seen(measured_plan(), fmt)
    assert "Brackenford Walkers" in seen
    assert "By phone: 01632 960 123" in seen
    assert "They replied (1 March 2027)" in seen
    assert (
        "Planned on 10 January 2027; Sent on 15 January 2027; They replied on 1 March 2027" in seen
    )
    assert SHARED in seen
    assert "Sam and the worker together" in seen  # no worker known: not named
    assert "The person gets in touch themselves" in seen  # the second, made by the person


def _agreed_with(plan: Plan, worker: str | None) -> Plan:
    """``plan`` as the record keeps it: agreed, at a meeting with ``worker``."""
    state = PlanState(status="agreed", agreed_by="both", worker=worker)
    return plan.model_copy(update={"state": state})


@pytest.mark.parametrize(("kind", "name"), [("team", None), ("named", "GP")])
@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_a_copy_for_the_team_names_who_gets_in_touch_as_its_agreement_line_does(
    kind: str, name: str | None, fmt: str
) -> None:
    # The care coordinator reads "Sam ... Priya Patel, their worker" in the agreement line;
    # the referral says who by name too, not "The person and the worker together".
    plan = for_audience(_agreed_with(measured_plan(), "Priya Patel"), kind, name)
    seen = _seen(plan, fmt)
    assert "Sam and their worker, Priya Patel, together" in seen
    assert "The person and the worker together" not in seen


def test_the_fhir_note_names_who_gets_in_touch() -> None:
    plan = for_audience(_agreed_with(measured_plan(), "Priya Patel"), "team")
    notes = [n["text"] for r in _requests(_bundle(plan)) for n in r["resource"]["note"]]
    assert "Who gets in touch: Sam and their worker, Priya Patel, together" in notes


@pytest.mark.parametrize(
    ("code", "person", "worker", "words"),
    [
        ("both", "Sam", "Priya Patel", "Sam and their worker, Priya Patel, together"),
        ("both", "Sam", None, "Sam and the worker together"),
        ("both", None, None, "The person and the worker together"),
        ("worker", "Sam", "Priya Patel", "The worker, Priya Patel"),
        ("worker", "Sam", None, "The worker"),
        ("person", "Sam", "Priya Patel", "Sam"),
        ("person", None, "Priya Patel", "The person"),
    ],
)
def test_who_gets_in_touch_names_whom_the_record_names(
    code: str, person: str | None, worker: str | None, words: str
) -> None:
    assert by_whom_words(code, person, worker) == words


def test_the_person_s_own_copy_still_speaks_to_them_about_who_gets_in_touch() -> None:
    plan = for_audience(_agreed_with(measured_plan(), "Priya Patel"), "person")
    assert "You and your worker together" in _seen(plan, "txt")


def test_the_easy_read_says_it_in_short_sentences() -> None:
    seen = _seen(for_audience(measured_plan(), "person"), "easy")
    section = seen[seen.index("Getting in touch with groups") :]
    for line in (
        "get in touch with:",
        "“Brackenford Walkers”",
        "By phone.",
        "01632 960 123",
        "You and your worker will do it together.",
        "They got back to you.",
        "That was on 1 March 2027.",
        "You said yes to sharing your details.",
        "You get in touch yourself.",
        "Not sent yet.",
        "You planned it on 3 March 2027.",
        "You said no to sharing your details. Nothing is shared.",
    ):
        assert line in section


@pytest.mark.parametrize("fmt", [*TEXT_FORMATS, "fhir", "json"])
def test_nothing_is_shown_as_shared_when_the_person_said_no(fmt: str) -> None:
    assert "Nothing to share, said no" not in _seen(measured_plan(), fmt)


@pytest.mark.parametrize("fmt", [*TEXT_FORMATS, "fhir", "json"])
def test_the_suggested_wording_is_in_the_person_s_own_copy_and_the_team_s(fmt: str) -> None:
    plan = measured_plan()
    assert MESSAGE in render(for_audience(plan, "person"), fmt).decode()
    if fmt != "easy":
        assert MESSAGE in render(for_audience(plan, "team"), fmt).decode()
    assert MESSAGE not in render(for_audience(plan, "named", "GP"), fmt).decode()


def test_the_easy_read_points_to_a_long_suggested_email_rather_than_printing_it() -> None:
    # Walkthrough 12d: the suggested email (a few paragraphs) is too long for the easy read.
    email = (
        "Hello,\n\nMy name is Alex and I work at Brackenford Mind. I am writing with Sam's "
        "agreement, because Sam would like to join Brackenford Walkers.\n\nThank you,\nAlex"
    )
    plan = measured_plan()
    first = plan.referrals[0].model_copy(update={"message": Words(text=email)})
    plan = plan.model_copy(update={"referrals": [first, *plan.referrals[1:]]})
    easy = _seen(for_audience(plan, "person"), "easy")
    assert "I am writing with" not in easy
    assert "There are words ready to send. They are in your full plan." in easy
    # The full copy still has every word of it.
    assert "I am writing with Sam's agreement" in _seen(for_audience(plan, "person"), "md")


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "fhir"])
def test_the_access_flags_are_in_the_team_s_copy_only(fmt: str) -> None:
    plan = measured_plan()
    assert FLAG in render(for_audience(plan, "team"), fmt).decode()
    for other in (plan, for_audience(plan, "person"), for_audience(plan, "named", "GP")):
        assert FLAG not in render(other, fmt).decode()
    assert FLAG not in render(for_audience(plan, "team"), "easy").decode()


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "fhir"])
def test_a_flag_saved_with_an_older_check_word_does_not_say_check_twice(fmt: str) -> None:
    # Core review: "For the worker to check: Check: Lives in Brackenford" (a plan keeps the
    # flags as the directory wrote them then).
    plan = measured_plan()
    old = ["Check: Lives in Brackenford", "Check it fits: it is for unpaid carers."]
    first = plan.referrals[0].model_copy(update={"flags": old})
    seen = _seen(
        for_audience(plan.model_copy(update={"referrals": [first, *plan.referrals[1:]]}), "team"),
        fmt,
    )
    assert "Check: Lives" not in seen and "Check it fits" not in seen
    assert "Lives in Brackenford" in seen and "It is for unpaid carers." in seen


@pytest.mark.parametrize(
    ("status", "fhir_status"),
    [
        ("planned", "draft"),
        ("sent", "active"),
        ("replied", "active"),
        ("started", "completed"),
        ("declined", "revoked"),
        ("stopped", "revoked"),
    ],
)
def test_each_referral_status_maps_to_a_service_request_status(
    status: str, fhir_status: str
) -> None:
    plan = measured_plan()
    first = plan.referrals[0].model_copy(update={"status": Code(code=status, label=status)})
    bundle = _bundle(plan.model_copy(update={"referrals": [first]}))
    [entry] = _requests(bundle)
    assert entry["resource"]["status"] == fhir_status


def test_a_service_request_is_part_of_the_plan_and_names_who_it_is_to() -> None:
    bundle = _bundle(for_audience(measured_plan(), "team"))
    careplan = bundle["entry"][0]
    walkers, cafe = _requests(bundle)
    request = walkers["resource"]
    # A proposal, as its CarePlan is (this plan is not an agreed version).
    assert request["intent"] == careplan["resource"]["intent"] == "proposal"
    assert request["basedOn"][0]["reference"] == careplan["fullUrl"]
    assert request["performer"] == [{"display": "Brackenford Walkers"}]
    assert request["authoredOn"] == "2027-01-10"
    assert request["code"]["text"] == "Referral to Brackenford Walkers"
    notes = [n["text"] for n in request["note"]]
    assert "How: By phone: 01632 960 123" in notes
    assert f"What is shared: {SHARED}" in notes
    assert f"For the worker to check: {FLAG}" in notes
    activities = [
        a["reference"]["reference"] for a in careplan["resource"]["activity"] if "reference" in a
    ]
    assert activities == [walkers["fullUrl"], cafe["fullUrl"]]
    # The person makes the second one themselves: they asked for it.
    assert cafe["resource"]["requester"]["reference"] == next(
        e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "easy"])
def test_hostile_referral_words_are_shown_as_typed_never_as_markup(fmt: str) -> None:
    plan = measured_plan(to=HOSTILE)
    hostile = plan.referrals[0].model_copy(
        update={
            "shared": plan.referrals[0].shared.model_copy(update={"text": HOSTILE}),  # type: ignore[union-attr]
            "message": plan.referrals[0].message.model_copy(update={"text": HOSTILE}),  # type: ignore[union-attr]
        }
    )
    plan = for_audience(plan.model_copy(update={"referrals": [hostile]}), "person")
    raw = render(plan, fmt).decode()
    if fmt != "txt":  # plain text is not markup: it shows the words as typed
        assert "<script>alert(1)" not in raw
    assert "\x1b" not in raw
    if fmt in ("html", "easy"):
        seen = Page(raw).joined
        for piece in ("</script><script>alert(1)</script>", "{{ 7*7 }}", "<b>&amp;</b>"):
            assert piece in seen


def test_hostile_referral_words_keep_the_bundle_valid() -> None:
    bundle = _bundle(for_audience(measured_plan(to=HOSTILE), "team"))
    text = json.dumps(bundle, ensure_ascii=False)
    assert "\x1b" not in text
    assert PIECES[0] in text


@pytest.mark.parametrize("fmt", [*TEXT_FORMATS, "fhir"])
def test_referrals_kept_private_leave_no_trace_in_a_copy_for_the_team(fmt: str) -> None:
    plan = measured_plan().model_copy(
        update={
            "sharing": Sharing(
                share_with=[Code(code="care_team", label="My care team")],
                private=[PrivatePart(kind="section", code="referrals", label="Referrals")],
            )
        }
    )
    text = render(shared_copy(plan, "team"), fmt).decode()
    assert "Brackenford Walkers" not in text
    assert "ServiceRequest" not in text
    assert "Getting in touch with" not in text


def test_the_plan_s_narrative_lists_the_referrals_and_the_change_in_words() -> None:
    bundle = _bundle(measured_plan())
    narrative = squash(Page(bundle["entry"][0]["resource"]["text"]["div"]).joined)
    assert "Referrals (getting in touch with groups and services):" in narrative
    assert "Brackenford Walkers (They replied, 1 March 2027)" in narrative
    assert "Carers' café (Planned, 3 March 2027)" in narrative
    assert "How things have changed:" in narrative
    assert "Anxious yesterday: 8 in November 2026, 4 now (lower is better: down 4)." in narrative
