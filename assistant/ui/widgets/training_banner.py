"""The TRAINING banner that every practice screen carries, the first one (the passphrase
asked by ``cpi-assistant train`` on encrypted records) included, and what keeps the screen's
pop-up notices off it: a trainee must see at all times that this is practice."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen
from textual.widgets import Static


def toasts_below_banner(screen: Screen[Any]) -> None:
    """Pop-up notices start under the TRAINING banner and what sits with it at the top (the
    persona's words, the practice's top bar), never over it: the banner must show at all
    times: at 80x24 the notice that a practice was resumed covered it, and on the
    passphrase screen of `train` the notice of a damaged settings file. In a real meeting
    they start under the top bar (app.tcss)."""
    tops = [w for w in screen.query("#training-top, #training-banner, #topbar") if w.display]
    below = max((w.region.bottom for w in tops), default=0)
    if below <= 0:
        return  # not laid out yet
    for rack in screen.query("ToastRack"):  # none when notifications are turned off
        if rack.styles.margin.top != below:
            rack.styles.margin = (below, 0, 0, 0)


class TrainingBanner(Static):
    """The TRAINING banner every practice screen carries; the screen's pop-up notices are
    kept below it (:func:`toasts_below_banner`) whenever its size changes."""

    def on_resize(self, event: events.Resize) -> None:
        toasts_below_banner(self.screen)
