"""The finish dialog at 80x24: the plan being agreed has rows to be read in, under a warning
about a name."""

from __future__ import annotations

from typing import Any

from ui_support import finish_naming_a_private_person


async def test_at_80x24_the_plan_shows_several_rows_under_the_names_warning(
    make_app, content: Any
) -> None:
    # Two rows of the plan showed (its frame and "About me") under the notes, the warning
    # and its button: the pair could not read what they were agreeing.
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_naming_a_private_person(app, pilot)
        screen = app.screen
        body = screen.query_one("#finish-body").region
        warning = screen.query_one("#finish-private-names").region
        plan_rows = body.intersection(screen.query_one("#finish-plan-view").region).height
        buttons = [screen.query_one(f"#{name}").region for name in ("finish-keep", "finish-draft")]
    assert body.contains_region(warning)  # the warning is read first, whole
    assert plan_rows >= 5
    assert all(b.height and b.bottom <= 23 for b in buttons)  # above the key bar
