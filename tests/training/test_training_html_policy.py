"""Every training web page runs no script and loads nothing from outside itself when opened
in a browser: the same Content-Security-Policy as the export's web-page copies."""

from __future__ import annotations

import re

from assistant.export import pdf
from assistant.training.model import Persona
from assistant.training.progress import PracticeScore, PrincipleScore, progress
from assistant.training.render import role_card_html
from assistant.training.rubric import PRINCIPLES
from assistant.training.store import PracticeInfo

_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def _report_page(trainee: str) -> str:
    info = PracticeInfo(
        "r1",
        "s1",
        trainee,
        "pauline",
        "Pauline (fictional, solo practice)",
        "solo",
        10,
        "2099-03-01T10:00:00",
        "2099-03-01T11:00:00",
        "2099-03-01T11:00:00",
    )
    scores = tuple(PrincipleScore(p.id, p.title, 1) for p in PRINCIPLES)
    return progress([PracticeScore(info, "Pauline Okonkwo-Smith", scores)]).to_html()


def test_the_progress_report_carries_the_export_policy_and_escapes_the_trainee() -> None:
    page = _report_page("Sam <script>alert(1)</script>")
    policy = _POLICY.search(page)
    assert policy is not None
    assert policy.group(1) == pdf.PRINT_POLICY
    assert policy.start() < page.index("<style>") < page.index("<body")
    assert "<script>" not in page
    assert "Sam &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_role_card_page_carries_the_export_policy(personas: dict[str, Persona]) -> None:
    page = role_card_html(personas["stan"])
    policy = _POLICY.search(page)
    assert policy is not None
    assert policy.group(1) == pdf.PRINT_POLICY
    assert policy.start() < page.index("<style>")
