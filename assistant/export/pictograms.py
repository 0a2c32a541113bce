"""Pictograms for the easy read: a picture beside each idea, as easy-read guidance asks.

The pictures are OpenMoji (https://openmoji.org, CC BY-SA 4.0), the few the easy read uses,
copied unchanged into ``content/pictograms/openmoji/`` with the licence text (see the
README there). The licence asks for credit: :data:`CREDIT` is printed on every easy read that
shows a picture.

Each picture a page uses is written once, as an SVG ``<symbol>`` in a hidden sprite, and
shown with ``<use>``: a plan with twenty actions carries one tick, not twenty. The pictures are
decorative (``aria-hidden``): the words beside each one say it all.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from markupsafe import Markup

from assistant.export.templates import TemplateProblem
from assistant.locations import content_dir
from assistant.safe_read import read_regular

__all__ = ["CREDIT", "CREDIT_URL", "PICTOGRAMS", "PictureSet", "symbol"]

# Name a template uses -> OpenMoji file (its Unicode code points), with what it shows.
PICTOGRAMS: Final[dict[str, str]] = {
    "plan": "1F4DD",  # memo: this is your plan
    "meeting": "1F4C5",  # calendar: when we meet again
    "matters": "2764",  # heart: what matters to you
    "hopes": "1F331",  # seedling: what you hope for
    "goal": "1F3AF",  # target: a goal
    "step": "1F463",  # footprints: the first small step
    "todo": "1F4CB",  # clipboard: an action still to do
    "done": "2705",  # tick: done
    "partly": "1F6B6",  # walking: started, on the way
    "not_yet": "23F3",  # hourglass: not done yet
    "stopped": "270B",  # raised hand: you chose to stop this
    "barrier": "1F6A7",  # road works: what gets in the way
    "idea": "1F4A1",  # light bulb: a way past it
    "try": "1F3D8",  # houses: things to try near you
    "together": "1F9D1-200D-1F91D-200D-1F9D1",  # people holding hands: someone goes with you
    "close": "1F495",  # two hearts: people close to you
    "network": "1F465",  # two people: the people in your life
    "hard_times": "1F327",  # rain cloud: when things get hard
    "signs": "1F440",  # eyes: signs you notice
    "helps": "1F44D",  # thumbs up: what helps
    "not_helps": "1F44E",  # thumbs down: what does not help
    "day": "2600",  # sun: in the day
    "night": "1F319",  # moon: at night or at the weekend
    "others": "1F91D",  # handshake: what others can do
    "phone": "1F4DE",  # telephone: who you can contact
    "worker": "1F9D1-200D-1F4BC",  # office worker: your worker
    "crisis": "1F198",  # SOS: in a crisis
    "said": "1F4AC",  # speech bubble: what you did not agree with
    "private": "1F512",  # lock: kept private
    "change": "1F504",  # arrows: you can change your mind
}

CREDIT: Final = (
    "All emojis designed by OpenMoji – the open-source emoji and icon project. "
    "License: CC BY-SA 4.0"
)
CREDIT_URL: Final = "https://openmoji.org/"
LICENCE_URL: Final = "https://creativecommons.org/licenses/by-sa/4.0/"

_SVG_OPEN = re.compile(r"^\s*<svg\b[^>]*>", re.DOTALL)
_SVG_CLOSE = re.compile(r"</svg>\s*$")
# The files give every group an id ("emoji", "color", "line"): the same ids in every file.
# Nothing refers to them, so they are dropped and a page has no duplicate ids.
_ID = re.compile(r'\sid="[^"]*"')


def _folder() -> str:
    return str(content_dir() / "pictograms" / "openmoji")


@cache
def symbol(name: str) -> str:
    """The ``<symbol id="pic-NAME">`` for a pictogram, read once per process.

    Read without blocking, and only from a regular file (a named pipe in the content folder
    would otherwise hang the export); one that cannot be used stops the export with a
    :class:`~assistant.export.templates.TemplateProblem` naming it.
    """
    path = f"{_folder()}/{PICTOGRAMS[name]}.svg"
    try:
        svg = read_regular(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or "it is not UTF-8 text"
        raise TemplateProblem(
            f"The easy read picture {path} cannot be used ({why}). Nothing was exported. "
            "Reinstall the app to put its pictures back."
        ) from None
    inner = _SVG_CLOSE.sub("", _SVG_OPEN.sub("", svg))
    inner = _ID.sub("", inner)
    return f'<symbol id="pic-{name}" viewBox="0 0 72 72">{inner.strip()}</symbol>'


class PictureSet:
    """The pictures one page shows: ``picture(name)`` for each, then ``sprite()`` once.

    ``picture`` returns a small ``<svg><use/></svg>`` and remembers the name; ``sprite``
    (printed after the last picture, at the end of the page) holds a symbol for each picture
    used, and nothing when none was. An unknown name is an error, so a template's typo fails
    loudly instead of leaving a blank.
    """

    def __init__(self) -> None:
        self._used: dict[str, None] = {}

    def picture(self, name: str) -> Markup:
        if name not in PICTOGRAMS:
            known = ", ".join(sorted(PICTOGRAMS))
            raise ValueError(f"there is no picture called {name!r} (pictures: {known})")
        self._used[name] = None
        return Markup(
            '<svg class="pic" aria-hidden="true" focusable="false" viewBox="0 0 72 72">'
            f'<use href="#pic-{name}"/></svg>'
        )

    @property
    def used(self) -> tuple[str, ...]:
        return tuple(self._used)

    def sprite(self) -> Markup:
        if not self._used:
            return Markup("")
        symbols = "".join(symbol(name) for name in self._used)
        return Markup(
            '<svg class="pic-sprite" aria-hidden="true" focusable="false" width="0" height="0" '
            f'style="position:absolute;width:0;height:0;overflow:hidden">{symbols}</svg>'
        )
