"""A practice meeting with a fictional persona: a :class:`Meeting` on a training session.

It has no case record: it saves only to the separate training store (or nowhere), never
beside real records. The trainee's answers go through the training session (so that the
persona can turn a proposal down) and, in solo practice, the persona answers its own steps
after each of the trainee's. No Textual here: the practice screen shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from assistant.engine.answers import AnswerError
from assistant.meetings.history import History
from assistant.meetings.meeting import (
    FAILED,
    HELD,
    SAVED,
    Meeting,
    Outcome,
    SaveStatus,
    new_session_id,
)
from assistant.records import CaseStore, RecordsError
from assistant.training.responder import Response
from assistant.training.session import PROPOSAL_STORES, Reaction, TrainingSession
from assistant.training.store import save_practice

#: A practice persona has no earlier meetings.
NO_HISTORY = History(None, None, "", False, None, 0, [])
MAX_PERSONA_TURNS = 200  # a safety net: a topic never has this many steps in a row


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
        #: What was said in the last action: (who, words), oldest first.
        self.said: list[tuple[str, str]] = []

    @property
    def solo(self) -> bool:
        return self.training.mode == "solo"

    # -- actions: the trainee's, then (solo) the persona's -----------------------------

    def answer(self, value: Any) -> Outcome:
        if self.solo:
            return self._trainee(lambda: self._heard(self.training.answer(value)))
        return super().answer(value)

    def skip(self) -> Outcome:
        if self.solo:
            return self._trainee(self.training.skip)
        return super().skip()

    def choose(self, value: Any) -> Outcome:
        return self._then_persona(super().choose(value))

    def proceed(self) -> Outcome:
        return self._then_persona(super().proceed())

    def goto_topic(self, topic_id: str) -> Outcome:
        return self._then_persona(super().goto_topic(topic_id))

    def park(self) -> Outcome:
        return self._then_persona(super().park())

    def edit(self, path: str, value: Any, *, by: str | None = None) -> Outcome:
        return self._then_persona(super().edit(path, value, by=by))

    # back: the persona does not answer again (the trainee is undoing a step).

    def _run(self, action: Callable[[], str | None], *, new_question: bool = True) -> Outcome:
        self.said = []
        return super()._run(action, new_question=new_question)

    def _trainee(self, action: Callable[[], object]) -> Outcome:
        """Solo: the trainee's answer through the training session, then the persona's turns."""
        self.said = []
        if self.closed:
            return Outcome(False, self.CLOSED_MESSAGE)
        try:
            action()
        except AnswerError as exc:
            return Outcome(False, str(exc))
        self.next_question()
        self.persona_turns()
        return Outcome(True, save=self.save())

    def _then_persona(self, outcome: Outcome) -> Outcome:
        """Solo: after the trainee's action, the persona answers its steps; then save."""
        if outcome.done and self.solo:
            self.persona_turns()
            return Outcome(True, save=self.save())
        return outcome

    def _heard(self, reaction: Reaction) -> None:
        if reaction.words:
            self.said.append((self.training.persona.name, reaction.words))

    def persona_turns(self, *, here: bool = False) -> list[Response]:
        """Solo: the persona answers its steps until the trainee's turn comes round.

        The persona stops at the topic list, at steps for the worker, and where the trainee
        may propose a goal or something to try (``here``: the persona answers there too;
        ctrl+l in the app).
        """
        played: list[Response] = []
        for _ in range(MAX_PERSONA_TURNS):
            step = self.conv.step
            if step.kind == "topics" or not self.training.persona_answers_here():
                break
            proposal = step.kind == "ask" and step.node.store in PROPOSAL_STORES
            if proposal and not (here and not played):
                break
            response = self.training.persona_turn()
            if response is None:
                break
            played.append(response)
            if response.words:
                self.said.append((self.training.persona.name, response.words))
        return played

    def persona_answers(self) -> bool:
        """Solo (ctrl+l in the app): the persona answers this step, even where the trainee
        could have proposed; then save. False when this step is the trainee's to answer."""
        self.said = []
        if not self.training.persona_answers_here():
            return False
        self.persona_turns(here=True)
        self.save()
        return True

    # -- saving and finishing ----------------------------------------------------------

    def save(self) -> SaveStatus:
        if self.training_store is None:
            self.status = SaveStatus(HELD, "Practice: not kept (no training records).")
            return self.status
        try:
            self._record, self._practice_session = save_practice(
                self.training_store,
                self.training,
                person_id=self._record,
                session_id=self._practice_session,
            )
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

    def finish(self, *, agreed: bool) -> tuple[int | None, str]:
        self.save()
        self.closed = True
        return None, "Practice finished. It is kept only in the training records."


def practice_meeting(training: TrainingSession, store: CaseStore | None) -> TrainingMeeting:
    """A new practice meeting on ``training``, saved to ``store`` (None: not kept)."""
    return TrainingMeeting(training, store, f"practice-{new_session_id()}")
