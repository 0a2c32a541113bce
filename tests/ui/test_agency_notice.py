"""Home tells the worker when the agency details are the shipped made-up example (issue 13)."""

from __future__ import annotations

import shutil
from pathlib import Path

from ui_support import screen_text, settle

from assistant.agency import ENV_AGENCY_FILE, EXAMPLE_NOTICE
from assistant.authoring.content import load_content

REAL = """\
organisation: Riverside Mind
crisis:
  - name: Crisis team
    phone: 0161 000 0000
"""


def _sample_with_agency(tmp_path: Path, sample: Path, agency: str) -> Path:
    root = tmp_path / "content"
    shutil.copytree(sample / "flows", root / "flows")
    (root / "agency.yaml").write_text(agency, encoding="utf-8")
    return root


async def test_home_says_the_agency_details_are_a_made_up_example(make_app, content) -> None:
    assert content.agency.example  # the shipped example
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert EXAMPLE_NOTICE in " ".join(screen_text(app).split())


async def test_home_shows_the_notice_once_the_content_loads_after_it(make_app, data_dir) -> None:
    # The real start: Home is drawn first, the topics (and agency details) load behind it.
    app = make_app(content=None, content_root=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.topic_content is not None
        assert EXAMPLE_NOTICE in " ".join(screen_text(app).split())


async def test_real_agency_details_give_no_notice(make_app, sample_content, tmp_path: Path) -> None:
    root = _sample_with_agency(tmp_path, sample_content.root, REAL)
    app = make_app(content=load_content(root))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.topic_content.agency.organisation == "Riverside Mind"
        assert "made-up example" not in screen_text(app)


async def test_a_missing_agency_file_stops_meetings_and_home_says_why(
    make_app, sample_content, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv(ENV_AGENCY_FILE, str(tmp_path / "nope.yaml"))
    app = make_app(content=None, content_root=sample_content.root)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.topic_content is None
        text = " ".join(screen_text(app).split())
        assert "meetings cannot start" in text
        assert "A040" in text
