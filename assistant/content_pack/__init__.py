"""An agency's own content pack, laid over the shipped content (issue 16).

A pack is a folder outside the app, marked by ``pack.yaml`` (``manifest``); ``layers`` says
which folders are read in which order and how each kind of content merges; ``choice`` says
which pack a run uses; ``scaffold`` makes a new one. Plain Python: never imports Textual.

Import the modules themselves (``assistant.content_pack.layers``...): this file imports
nothing, so the app can choose its pack (``choice``) before Home is drawn without loading
YAML or pydantic (tests/test_import_rules.py checks what Home loads to start).
"""
