"""Phone numbers as people write them: whether one can be dialled, and whether it is one of
the UK numbers Ofcom keeps for drama (never given to anyone, so it reaches no one).

A small plain-Python module at the bottom of the layers (docs/architecture.md): the agency's
details and the community directory check their numbers with the same rules.
"""

from __future__ import annotations

import re

# Ofcom keeps these UK numbers for TV and radio drama: they are never given to anyone, so a
# made-up example can print them safely. The national form (0...) of each range's fixed
# start; the last digits are free. https://www.ofcom.org.uk (TV, radio and theatre numbers).
_DRAMA_STARTS = (
    "01134960",  # 0113 496 0000-0999 (Leeds)
    "01144960",  # 0114 496 0000-0999 (Sheffield)
    "01154960",  # 0115 496 0000-0999 (Nottingham)
    "01164960",  # 0116 496 0000-0999 (Leicester)
    "01174960",  # 0117 496 0000-0999 (Bristol)
    "01184960",  # 0118 496 0000-0999 (Reading)
    "01214960",  # 0121 496 0000-0999 (Birmingham)
    "01314960",  # 0131 496 0000-0999 (Edinburgh)
    "01414960",  # 0141 496 0000-0999 (Glasgow)
    "01514960",  # 0151 496 0000-0999 (Liverpool)
    "01614960",  # 0161 496 0000-0999 (Manchester)
    "01914980",  # 0191 498 0000-0999 (Tyneside)
    "02079460",  # 020 7946 0000-0999 (London)
    "02896496",  # 028 9649 6000-6999 (Northern Ireland)
    "02920180",  # 029 2018 0000-0999 (Cardiff)
    "01632960",  # 01632 960000-960999 (no area)
    "03069990",  # 03069 990000-990999 (UK-wide)
    "07700900",  # 07700 900000-900999 (mobile)
    "08081570",  # 08081 570000-570999 (freephone)
    "09098790",  # 0909 879 0000-0999 (premium rate)
)
_DIALABLE = re.compile(r"^\+?[0-9(][0-9 ()-]*(?:\s*(?:ext\.?|extension|x)\s*[0-9]{1,6})?$", re.I)
_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x)\s*[0-9]{1,6}$", re.I)


def _digits(number: str) -> str:
    """The digits dialled from inside the UK (+44 and a bracketed (0) become one 0)."""
    number = _EXTENSION.sub("", number).replace("(0)", "")
    digits = re.sub(r"[^0-9+]", "", number)
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    return digits.lstrip("+")


# A note in brackets after the number, starting with a letter: "(option 2)", "(text only)".
_NOTE = re.compile(r"\s*\([^\W\d_][^()]*\)$")
# Between two numbers: "07700 900123 / 0161 496 0000", "0161 496 0000 or 0161 496 0001".
_BETWEEN = re.compile(r"\s+/\s+|\s*/\s*(?=\+?0)|\s+or\s+", re.I)


def _numbers(text: str) -> list[str]:
    """Each number in ``text`` as it is dialled, without a note in brackets after it."""
    return [_NOTE.sub("", part).strip() for part in _BETWEEN.split(text.strip())]


def _one_dialable(number: str) -> bool:
    return bool(_DIALABLE.match(number)) and 3 <= len(_digits(number)) <= 15


def is_dialable(number: str) -> bool:
    """True when ``number`` looks like something a phone can dial: digits, spaces, brackets,
    dashes, a leading + and an extension; 3 to 15 digits (999 and 116 123 included). A note
    in brackets after it ("(option 2)") and a second number ("07700 900123 / 0161 496
    0000") are written as people write them on a card: each number is checked on its own."""
    return all(_one_dialable(part) for part in _numbers(number))


# The forms is_dialable accepts, for the authors' messages (D116 in the directory, A204 in
# agency.yaml): one wording, so the two lints never say different things about one rule.
ACCEPTED_FORMS = (
    "write it as it is dialled, with 3 to 15 digits and, if you like, spaces, dashes, "
    "brackets, a + at the start and an extension at the end (`ext 12`); a note in brackets "
    "after a number and a second number after `/` or `or` are fine, each checked on its own "
    "(e.g. `0161 496 0000 (option 2) / 07700 900123`)"
)


def not_dialable_message(number: str) -> str:
    """The author's message for a ``number`` that is not dialable: which part cannot be
    dialled (of a note or two numbers), why when that is plain (a letter O, no number, too
    few or too many digits), and the forms that are accepted."""
    bad = next((part for part in _numbers(number) if not _one_dialable(part)), "")
    digits = len(_digits(bad))
    if not bad:
        why = " (a note, but no number)"
    elif re.search(r"[0-9][Oo]|[Oo][0-9]", bad):
        why = " (a letter O where a nought 0 goes?)"
    elif _DIALABLE.match(bad):
        why = f" (it has {digits} digits)"
    else:
        why = ""
    shown = f"`{number}`" if bad in ("", number.strip()) else f"`{bad}` in `{number}`"
    return f"{shown} does not look like a phone number{why}: {ACCEPTED_FORMS}"


def is_drama_number(number: str) -> bool:
    """True for a UK number from Ofcom's ranges kept for drama (it reaches no one); of two
    numbers, when either is one."""
    for part in _numbers(number):
        digits = _digits(part)
        if len(digits) == 11 and digits.startswith(_DRAMA_STARTS):
            return True
    return False
