"""A practice meeting with a fictional persona: a :class:`Meeting` on a training session.

It has no case record: it saves only to the separate training store (or nowhere), never
beside real records. In solo practice the persona never answers on its own: at each of the
person's steps the trainee makes a move (:meth:`TrainingMeeting.move`) and the persona reacts
to that move only; an answer typed at a person's step is the worker answering for them. Every
move is saved before the next step is shown. No Textual here: the practice screen shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from assistant.engine.answers import AnswerError
from assistant.engine.conversation import FlowError
from assistant.meetings.history import History
from assistant.meetings.meeting import (
    CONTENT_PROBLEM,
    FAILED,
    HELD,
    SAVED,
    Meeting,
    Outcome,
    SaveStatus,
    new_session_id,
)
from assistant.records import CaseStore, RecordsError
from assistant.training.moves import Move, Turn, is_persons_step
from assistant.training.session import TrainingError, TrainingSession
from assistant.training.store import hold_practice, save_practice

if TYPE_CHECKING:
    from assistant.records.case import Case

#: A practice persona has no earlier meetings.
NO_HISTORY = History(None, None, "", False, None, 0, [])


class TrainingMeeting(Meeting):
    """A meeting on a practice session: saved to the training store only."""

    CLOSED_MESSAGE: ClassVar[str] = "This practice has finished."

    def __init__(self, training: TrainingSession, store: CaseStore | None, session_id: str) -> None:
        super().__init__(
            training.conversation,
            None,
            session_id,
            kind="first",
            consent_required=False,
            person={"display_name": training.persona.name},
        )
        self.training = training
        self.training_store = store  # the training store (or None: practice is not kept)
        self._record: str | None = None
        self._practice_session: str | None = None
        #: The practice's record, open for writing (locked) from its first save, or from
        #: resuming it, until it ends: a second window cannot open the same practice.
        self._held: Case | None = None
        #: What was said in the last action: (who, words), oldest first.
        self.said: list[tuple[str, str]] = []
        #: The persona's reaction to the trainee's last move (None after any other action).
        self.turn: Turn | None = None

    @property
    def person_name(self) -> str | None:
        """Always the persona's name: in practice the person is the fictional persona, and a
        name typed at "What would you like me to call you?" (a real person's, even) stays an
        answer, never the name the header, the transcript and the plan give the person."""
        return self.training.persona.name

    @property
    def solo(self) -> bool:
        return self.training.mode == "solo"

    def _persons_step(self) -> bool:
        """Solo, and the step on screen is the person's to answer (moves are the way in)."""
        return self.solo and is_persons_step(self.conv.step)

    # -- the trainee's moves (solo) ----------------------------------------------------

    def move(self, move: Move) -> Outcome:
        """Solo: the trainee's move at the person's step; the persona reacts to it (its words
        are in :attr:`said`, the whole reaction in :attr:`turn`); then save, durable before
        the next step is shown. The conversation goes at most one step on."""
        self.said = []
        self.turn = None
        if self.closed:
            return Outcome(False, self.CLOSED_MESSAGE)
        step = self.conv.step
        try:
            turn = self.training.take_move(move)
        except (AnswerError, TrainingError) as exc:
            return Outcome(False, str(exc))
        except FlowError as exc:
            return Outcome(False, CONTENT_PROBLEM, problem=True, detail=self._author_detail(exc))
        self.turn = turn
        if turn.words:
            self.said.append((self.training.persona.name, turn.words))
        if self.conv.step != step:
            self.next_question()
        self._consent_changed()  # as after any action (a practice has no case: bookkeeping)
        return Outcome(True, save=self.save())

    def answer(self, value: Any) -> Outcome:
        """Solo, at the person's step: the trainee typed the answer, so it is the worker
        answering for them (or, on a list of goals or things to try, suggesting an idea).
        At a step for the worker, and in paired role-play, an ordinary answer."""
        if self._persons_step():
            words = value if isinstance(value, str) else ""
            return self.move(Move("answer_for", words=words, value=value))
        if self.solo:
            return self._trainee(lambda: self.training.answer(value))
        return super().answer(value)

    def choose(self, value: Any) -> Outcome:
        """Solo: picking an option of the person's menu for them is answering for them."""
        if self._persons_step():
            return self.move(Move("answer_for", value=value))
        return super().choose(value)

    def skip(self) -> Outcome:
        """Solo: leaving the person's question is the worker's move ("Leave this one for
        now"); a worker's step is skipped by the worker."""
        if self._persons_step():
            return self.move(Move("move_on"))
        if self.solo:
            return self._trainee(self.training.skip)
        return super().skip()

    def edit_refused(self, path: str) -> str | None:
        """Solo: why the answer at ``path`` cannot be changed (the persona's words stay
        theirs, see ``TrainingSession.edit_refused``), or None."""
        return self.training.edit_refused(path)

    @property
    def edits_by(self) -> str | None:
        """Solo: every change of an earlier answer is the worker's (the trainee's)."""
        return "worker" if self.solo else None

    def edit(
        self, path: str, value: Any, *, by: str | None = None, correction: bool = False
    ) -> Outcome:
        """Solo: the trainee changes an earlier answer of the worker's own questions, as the
        worker; one to the persona's questions is refused, and nothing changes. Paired: as
        in a meeting. ``correction`` as in a meeting."""
        if not self.solo:
            return super().edit(path, value, by=by, correction=correction)
        refused = self.edit_refused(path)
        if refused is not None:
            return Outcome(False, refused)
        return self._run(
            lambda: self.training.edit(path, value, correction=correction), new_question=False
        )

    def _run(self, action: Callable[[], str | None], *, new_question: bool = True) -> Outcome:
        self.said = []
        self.turn = None
        return super()._run(action, new_question=new_question)

    def back(self) -> Outcome:
        """Undo the last step; a move whose answer that undid is taken back with it (its
        reaction, warmth and score go too), then saved again."""
        seen = len(self.conv.log)
        outcome = super().back()
        undone = {e.get("of") for e in self.conv.log[seen:] if e.get("action") == "undone"}
        if outcome.done and undone and self.training.take_back(undone):
            outcome = replace(outcome, save=self.save())
        return outcome

    def _trainee(self, action: Callable[[], object]) -> Outcome:
        """Solo: the trainee's own action through the training session; then save."""
        self.said = []
        self.turn = None
        if self.closed:
            return Outcome(False, self.CLOSED_MESSAGE)
        try:
            action()
        except AnswerError as exc:
            return Outcome(False, str(exc))
        self.next_question()
        self._consent_changed()
        return Outcome(True, save=self.save())

    # -- saving and finishing ----------------------------------------------------------

    def save(self, *, in_flight: bool = False, finished: bool = False) -> SaveStatus:
        """Save the practice to the training store (``finished``: marked as ended, so it is
        no longer offered to carry on with). Always written before it returns: a practice
        is small, so ``in_flight`` is not used."""
        if self.training_store is None:
            self.status = SaveStatus(HELD, "Practice: not kept (no training records).")
            return self.status
        try:
            self._record, self._practice_session = save_practice(
                self.training_store,
                self.training,
                person_id=self._record,
                session_id=self._practice_session,
                finished=finished,
                held=self._held,
            )
            if self._held is None and not finished:
                self._held = hold_practice(self.training_store, self._record)
        except (RecordsError, OSError) as exc:
            self.status = SaveStatus(FAILED, f"Practice not saved: {exc}")
            return self.status
        self.status = SaveStatus(SAVED, "Saved in the training records.", at=self._clock())
        return self.status

    def unsaved_warning(self) -> str | None:
        """Why leaving the practice now would lose something, or None: only a failed save
        (nothing here waits for consent: the person is fictional)."""
        if self.status.state == FAILED:
            return "The practice could not be saved to the training records."
        return None

    @property
    def saved_as(self) -> tuple[str | None, str | None]:
        """(training record id, practice session id) once saved; (None, None) before."""
        return self._record, self._practice_session

    def finish(self, *, agreed: bool) -> tuple[int | None, str]:
        self.save(finished=True)
        self.closed = True
        self.release()
        return None, "Practice finished. It is kept only in the training records."

    def release(self) -> None:
        """Let go of the practice's record (another window may open it now)."""
        held, self._held = self._held, None
        if held is None:
            return
        try:
            held.close()
        except RecordsError:
            # A save that still cannot be written: the status already says the practice
            # was not saved. A fictional practice is not kept in a rescue copy; holding the
            # lock on would only stop it being opened again.
            held.give_up()


def practice_meeting(
    training: TrainingSession,
    store: CaseStore | None,
    *,
    record_id: str | None = None,
    session_id: str | None = None,
    held: Case | None = None,
) -> TrainingMeeting:
    """A practice meeting on ``training``, saved to ``store`` (None: not kept).

    A resumed practice passes the ``record_id`` and ``session_id`` it was saved under, so it
    goes on saving into the same training record and session, and ``held``, its record
    already open for writing (:func:`resume_practice_meeting` takes it)."""
    meeting = TrainingMeeting(training, store, f"practice-{new_session_id()}")
    meeting._record, meeting._practice_session = record_id, session_id
    meeting._held = held
    return meeting


def resume_practice_meeting(
    store: CaseStore,
    record_id: str,
    session_id: str,
    load: Callable[[], TrainingSession],
) -> TrainingMeeting:
    """A saved practice opened again: its record is locked first (``RecordLocked`` when it
    is open in another window: nothing is read or changed), then ``load`` reads it, so
    what is loaded is what the last window saved."""
    held = hold_practice(store, record_id)
    try:
        training = load()
    except BaseException:
        held.close()
        raise
    return practice_meeting(training, store, record_id=record_id, session_id=session_id, held=held)
