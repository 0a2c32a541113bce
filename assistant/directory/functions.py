"""The community directory's expression functions (`opportunities`, `opportunity`,
`with_picks`, and for referrals `with_referrals`, `referral_options`, `referral_to`,
`referral_routes`, `referral_detail`, `referral_asks`, `referral_checks`, `referral_message`).

The engine sits beside the directory in the layers (neither imports the other) and the flows
below both, so the directory hands its functions to the content (``Content.functions``) when
the content is loaded with a directory beside it (``assistant.authoring.content``); the engine
then offers them to expressions in place of its own, which offer nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.directory import referral
from assistant.directory.browse import index_now, offer, option_label, profile_from
from assistant.directory.loader import read_directory
from assistant.directory.model import Directory, DirectoryEntry
from assistant.directory.to_try import with_picks
from assistant.flows.loader import Content
from assistant.flows.problems import ContentError, Problem


class DirectoryFunctions:
    """`opportunities` and `opportunity` over one directory folder, read on first use (so
    starting a conversation does not pay for it)."""

    def __init__(self, folder: Path, pack: Path | None = None) -> None:
        self.folder = folder
        #: The directory folder of an agency's content pack laid over ``folder``, or None.
        self.pack = pack
        self._directory: Directory | None = None
        #: The errors of the entries left out (their files have mistakes), once read.
        self.left_out: list[Problem] = []

    @property
    def directory(self) -> Directory:
        if self._directory is None:
            # One broken entry file leaves out that entry only: the rest stay in meetings.
            self._directory, self.left_out = read_directory(self.folder, pack=self.pack)
        return self._directory

    def opportunities(
        self,
        interests: Any = "",
        limit: int = 8,
        strengths: Any = "",
        other: Any = "",
        age: Any = None,
        gender: Any = None,
        situations: Any = None,
        born: Any = None,
    ) -> list[dict[str, str]]:
        """Entries matching what the person said, as options for `options_from`.

        ``interests``, ``strengths`` and ``other`` are text, lists of text or lists of
        records; ``age`` (or ``born``, a date of birth), ``gender`` and ``situations`` let
        it leave out entries the person is known to be outside of (an unknown one is kept).
        """
        profile = profile_from(interests, strengths, other, age, gender, situations, born)
        if not (profile.interests or profile.strengths or profile.other):
            return []
        return [
            {
                "value": found.entry.id,
                "label": option_label(found.entry, found.fit),
                # Picked, the answer is the entry: its name, as the plan names it.
                "said": found.entry.name,
            }
            for found in offer(self.directory, profile, limit=max(0, int(limit)))
        ]

    def opportunity(self, entry_id: str) -> dict[str, Any]:
        """One entry as plain data, or nothing for an unknown id."""
        try:
            return self.directory.entry(str(entry_id)).model_dump(mode="json")
        except KeyError:
            return {}

    def with_picks(self, records: Any, picks: Any, idea_from: Any = None) -> list[dict[str, Any]]:
        """The things-to-try list with the picked entries added once each (see to_try)."""
        return with_picks(self.directory, records, picks, idea_from)

    # -- referrals (assistant.directory.referral). The engine fills the arguments a flow
    # leaves out from the meeting (its picks, the person's age, names): see
    # assistant.engine.functions.ExpressionFunctions.

    def _entry(self, entry_id: Any) -> DirectoryEntry | None:
        if not isinstance(entry_id, str) or not entry_id:
            return None
        try:
            return self.directory.entry(entry_id)
        except KeyError:
            return None

    def referral_options(self, picks: Any = None, things: Any = None) -> list[dict[str, str]]:
        """The entries picked or on the things-to-try list, as options (see referral)."""
        return referral.referral_options(self.directory, picks, things)

    def with_referrals(self, records: Any, picks: Any = None) -> list[dict[str, Any]]:
        """The referrals list with the picked entries added once each (see referral)."""
        return referral.with_referrals(self.directory, records, picks)

    def referral_to(self, entry_id: Any) -> str:
        """The entry's name ('' for none or an unknown id)."""
        entry = self._entry(entry_id)
        return entry.name if entry is not None else ""

    def referral_routes(self, entry_id: Any = None, consent: Any = None) -> list[dict[str, str]]:
        """How to refer to the entry, as options (every route for an unknown entry)."""
        return referral.route_options(self._entry(entry_id), consent)

    def referral_detail(self, entry_id: Any, route: Any = None) -> str:
        """The number, address or link for the route ('' when there is none)."""
        return referral.route_detail(self._entry(entry_id), route)

    def referral_asks(self, entry_id: Any) -> str:
        """What the entry asks for in a referral ('' when it does not say)."""
        entry = self._entry(entry_id)
        if entry is None or entry.referral is None:
            return ""
        return entry.referral.asks_for or ""

    def referral_checks(
        self, entry_id: Any, age: Any = None, gender: Any = None, situations: Any = None
    ) -> list[str]:
        """The worker's flags before referring (one saying so for an entry that has gone, or
        whose file cannot be read just now; none for the person's own idea)."""
        if not isinstance(entry_id, str) or not entry_id:
            return []
        entry = self._entry(entry_id)
        if entry is None:
            gone = self.directory.unreadable_file(entry_id) is None
            return [referral.GONE_FLAG if gone else referral.UNREADABLE_FLAG]
        return referral.checks(entry, age, gender, situations)

    def referral_message(
        self,
        entry_id: Any = None,
        by_whom: Any = None,
        shared: Any = None,
        to: Any = None,
        person_name: Any = None,
        worker_name: Any = None,
        organisation: Any = None,
    ) -> str:
        """A suggested wording to send (see referral.message)."""
        return referral.message(
            self._entry(entry_id),
            person_name,
            worker_name,
            shared,
            by_whom=by_whom,
            to=to,
            organisation=organisation,
        )

    def referral_signed(self, text: Any = None, earlier: Any = None, now: Any = None) -> Any:
        """The suggested wording from today's worker after a handover (see
        referral.signed_by)."""
        return referral.signed_by(text, earlier, now)

    def as_dict(self) -> dict[str, Callable[..., Any]]:
        return {
            "opportunities": self.opportunities,
            "opportunity": self.opportunity,
            "with_picks": self.with_picks,
            "with_referrals": self.with_referrals,
            "referral_options": self.referral_options,
            "referral_to": self.referral_to,
            "referral_routes": self.referral_routes,
            "referral_detail": self.referral_detail,
            "referral_asks": self.referral_asks,
            "referral_checks": self.referral_checks,
            "referral_message": self.referral_message,
            "referral_signed": self.referral_signed,
        }


def with_directory(content: Content) -> Content:
    """The content with the directory's expression functions when a ``directory/`` folder
    sits beside its flows or in its agency's pack (the content as it is otherwise)."""
    folder = content.root / "directory"
    pack = content.pack / "directory" if content.pack is not None else None
    if pack is not None and not pack.is_dir():
        pack = None
    if not folder.is_dir() and pack is None:
        return content
    source = DirectoryFunctions(folder, pack)
    functions = {**content.functions, **source.as_dict()}
    return dataclasses.replace(content, functions=functions, directory=source)


def directory_of(content: Any) -> Directory | None:
    """The community directory the content was loaded with (read now if it was not yet), or
    None: no ``directory/`` beside the flows, or one that cannot be read (its errors are the
    linter's to report; a plan is still built, with the entries' names only)."""
    source = getattr(content, "directory", None)
    if not isinstance(source, DirectoryFunctions):
        return None
    try:
        return source.directory
    except ContentError:
        return None


#: How many files of entries left out are named on screen (validate lists every problem).
SHOWN_PROBLEMS = 3


def directory_problems(content: Any) -> list[Problem]:
    """The errors that stop the content's community directory being read (its warnings when
    it has no errors but still cannot be read); [] when it can be, or there is none."""
    source = getattr(content, "directory", None)
    if not isinstance(source, DirectoryFunctions):
        return []
    try:
        _ = source.directory  # read (and kept) now: its problems are what is asked
    except ContentError as exc:
        return [p for p in exc.problems if p.severity == "error"] or list(exc.problems)
    return []


def directory_left_out(content: Any) -> list[Problem]:
    """The errors of the community directory entries left out of meetings because their own
    files have mistakes (the rest of the directory is used); [] when none is, or there is no
    directory, or it cannot be read at all (:func:`directory_problems`)."""
    source = getattr(content, "directory", None)
    if not isinstance(source, DirectoryFunctions) or directory_problems(content):
        return []
    return list(source.left_out)


def _left_out_words(problems: list[Problem]) -> str:
    """One calm line: how many entries are left out, where the first mistake of each file
    is (for whoever looks after the content), and what to run to see them all."""
    first: dict[str, Problem] = {}
    for problem in problems:
        first.setdefault(problem.file, problem)
    places = [f"{p.file} line {p.line}" for p in first.values()]
    shown = ", ".join(places[:SHOWN_PROBLEMS])
    if len(places) > SHOWN_PROBLEMS:
        shown += f" and {len(places) - SHOWN_PROBLEMS} more"
    count = len(first)
    which = (
        "One community directory entry is"
        if count == 1
        else f"{count} community directory entries are"
    )
    files = "its file has a mistake" if count == 1 else "their files have mistakes"
    return (
        f"{which} left out of meetings because {files} ({shown}); the rest of the "
        "directory is ready. Whoever looks after the content: `cpi-assistant validate` "
        "says what to fix."
    )


def directory_trouble(content: Any) -> str | None:
    """Why the content's community directory cannot be used, naming the files and lines, or
    which entries are left out of it (for Home's notices and the directory key), or None
    when all of it can be used or there is none."""
    problems = directory_problems(content)
    if not problems:
        left_out = directory_left_out(content)
        return _left_out_words(left_out) if left_out else None
    # One calm line, like the one for entries left out: where the first mistake is, and how
    # many more (validate lists them all, with what to do).
    first = problems[0]
    more = f", and {len(problems) - 1} more" if len(problems) > 1 else ""
    return (
        "The community directory cannot be read, so it is left out of meetings (a mistake "
        f"in {first.file} line {first.line}{more}). Whoever looks after the content: "
        "`cpi-assistant validate` says what to fix."
    )


def no_directory_words(content: Any) -> str:
    """What the directory key says when there is no directory to open."""
    problems = directory_problems(content)
    if problems:
        return directory_trouble(content) or ""
    return "There is no community directory with these topics."


def prepare_directory(content: Any) -> None:
    """Read the content's community directory and build its search index now, if it has one
    (a meeting calls this while the people read a question; both are otherwise done on first
    use, in the middle of a step)."""
    directory = directory_of(content)
    if directory is not None:
        index_now(directory)
