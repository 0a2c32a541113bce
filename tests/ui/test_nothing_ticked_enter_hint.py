"""While "Nothing is ticked. Save this question as 'Not today'?" asks, the line of keys says
what Enter does on the focused button. It still said "Enter: done" while Enter went back."""

from __future__ import annotations

from test_tick_alone import _open, _tick
from ui_support import press, screen_text, settle


async def test_the_keys_line_says_enter_goes_back_then_follows_the_focus(
    make_app, write_topics
) -> None:
    app = _open(make_app, write_topics)
    async with app.run_test(size=(100, 30)) as pilot:
        await _tick(app, pilot, "enter")
        asked = screen_text(app)
        await press(pilot, "left")
        await settle(app, pilot)
        on_yes = screen_text(app)
    assert "Enter: go back and tick" in asked and "Enter: done" not in asked
    assert "Enter: yes, not today" in on_yes
