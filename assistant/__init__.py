"""Connecting People Assistant: co-producing relationship plans, in a terminal.

Layout, top to bottom (the UI is a thin layer over plain-Python cores; the layers and what
may import what are in docs/architecture.md, checked by ``lint-imports``):

- ``assistant.cli``        the ``cpi-assistant`` command line
- ``assistant.ui``         the Textual app (the only package that imports ``textual``)
- ``assistant.authoring``  tools for content authors: lint, play, explore, graph, schemas
- ``assistant.meetings``   what runs a meeting, without Textual (the app, CLI and training)
- ``assistant.training``   fictional personas, solo and paired practice, feedback
- ``assistant.export``     a plan as Markdown, HTML, text, easy read, JSON, FHIR or PDF
- ``assistant.plans``      the plan model, versions and agreement, building a plan
- ``assistant.settings``   the app user's own settings file
- ``assistant.engine``     the conversation engine (no UI)
- ``assistant.records``    the crash-safe, optionally encrypted records store
- ``assistant.directory``  the community directory of local opportunities
- ``assistant.flows``      the YAML content format: models, loading, expressions
- ``assistant.fields``, ``assistant.marks``, ``assistant.locations``: small shared modules
"""

__version__ = "0.1.0"
