"""What runs a meeting, without Textual: the app's screens and the CLI (explore, the demo) open
and seed meetings through it the same way; a practice meeting is a meeting on a training session.

- :mod:`~assistant.meetings.meeting`: one meeting, its actions (each saved before it returns),
  consent over time, finishing with a plan version.
- :mod:`~assistant.meetings.opening`: opening a new, later, review or resumed meeting from a
  case record; the data a later meeting starts from.
- :mod:`~assistant.meetings.paths`: what the answers a meeting reasons about mean to it
  (consent, name, network, agreement), read at the paths :mod:`assistant.store_paths` names.
- :mod:`~assistant.meetings.history`: what a record says about earlier meetings (Home).
- :mod:`~assistant.meetings.practice`: a practice meeting on a training session.
- :mod:`~assistant.meetings.audit_words`: the audit trail's notes in words for the person's
  own copy (subject access).
- :mod:`~assistant.meetings.plan_view`, :mod:`~assistant.meetings.network_layout`: the plan
  so far as sections, the network map's geometry.

People's words and stored answers as display text are in the engine's layer
(:mod:`~assistant.engine.words`, :mod:`~assistant.engine.answer_words`), below training.

This file imports nothing: Home imports :mod:`~assistant.engine.words` and
:mod:`~assistant.meetings.history` at start-up without loading the engine, plans or records.
"""
