"""Connecting People Assistant: co-producing relationship plans, in a terminal.

Layout (the UI is a thin layer over plain-Python cores; the layers and what may import what
are in docs/architecture.md, checked by ``lint-imports``):

- ``assistant.flows``      the YAML content format: models, loading, expressions
- ``assistant.engine``     the conversation engine (no UI)
- ``assistant.authoring``  tools for content authors: lint, play, explore, graph
- ``assistant.cli``        the ``cpi-assistant`` command line
- ``assistant.ui``         the Textual app (the only package that imports ``textual``)
"""

__version__ = "0.1.0"
