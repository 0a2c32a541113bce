"""The store paths the code knows, and the tiny readers over the session data."""

from __future__ import annotations

from assistant import store_paths as sp


def test_a_value_is_found_by_its_dotted_path_or_is_the_default() -> None:
    data = {"about": {"name": "Sam"}, "ratings": {"home": 5}}
    assert sp.value_at(data, sp.NAME) == "Sam"
    assert sp.value_at(data, f"{sp.RATINGS}.home") == 5
    assert sp.value_at(data, sp.CONSENT_RECORD) is None
    assert sp.value_at({"about": "Sam"}, sp.NAME, "none") == "none"


def test_storing_a_value_keeps_the_other_answers_and_copies() -> None:
    data = {"about": {"hopes": "walks"}, "goals": {"list": []}}
    new = sp.with_value(data, sp.NAME, "Sam")
    assert new == {"about": {"hopes": "walks", "name": "Sam"}, "goals": {"list": []}}
    assert data == {"about": {"hopes": "walks"}, "goals": {"list": []}}
    assert sp.with_value({"about": "x"}, sp.NAME, "Sam") == {"about": {"name": "Sam"}}


def test_dropping_answers_leaves_the_rest_and_ignores_missing_ones() -> None:
    data = {"consent": {"record": True, "not_recorded": "x", "other": 1}}
    new = sp.without(data, [sp.CONSENT_RECORD, sp.CONSENT_NOT_RECORDED, sp.NAME])
    assert new == {"consent": {"other": 1}}
    assert data["consent"] == {"record": True, "not_recorded": "x", "other": 1}


def test_yes_mostly_and_a_yes_no_true_agree_and_nothing_else() -> None:
    assert all(sp.agrees(a) for a in ("yes", "mostly", True))
    assert not any(sp.agrees(a) for a in ("no", None, False, "Yes", ""))
