"""At 80x24 a long notice on Home (a rescue copy that cannot go back by itself) was cut off
after six lines, before what to do ("keep that file, and check the record's most recent
answers with the person"), and no key brought the rest into view. It scrolls now: Tab
reaches it while some of it is out of view, then the arrows (or End)."""

from __future__ import annotations

from test_closed_by_signal import _stranded_copy
from ui_support import press, screen_text, settle

WHAT_TO_DO = "check the record's most recent answers with the person"


def _notices_shown(app) -> str:
    """The words drawn above the people list (the notices' box), as one line."""
    above = screen_text(app).split("/ to search")[0]
    return " ".join(above.replace("│", " ").split())


async def test_what_to_do_in_a_long_notice_can_be_read_at_80x24(make_app, data_dir) -> None:
    app = make_app()
    _stranded_copy(data_dir, app.rescue_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        notice = app.screen.query_one("#home-notices")
        assert WHAT_TO_DO not in _notices_shown(app)  # more than fits: the end is out of view
        for _ in range(4):  # Tab round Home's few places until the notice has the focus
            await press(pilot, "tab")
            focused = app.screen.focused
            if focused is not None and (focused is notice or focused in notice.ancestors):
                break
        seen = False
        for _ in range(12):  # ↓ a line at a time: the instruction comes into view
            await press(pilot, "down")
            seen = seen or WHAT_TO_DO in _notices_shown(app)
        assert seen


async def test_a_long_notice_says_there_is_more_and_how_to_read_it(make_app, data_dir) -> None:
    app = make_app()
    _stranded_copy(data_dir, app.rescue_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "more below: Tab here, then ↓" in screen_text(app)
