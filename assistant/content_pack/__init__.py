"""An agency's own content pack, laid over the shipped content (issue 16).

A pack is a folder outside the app, marked by ``pack.yaml`` (``manifest``); ``layers`` says
which folders are read in which order and how each kind of content merges. Plain Python:
never imports Textual.
"""

from __future__ import annotations

from assistant.content_pack.layers import ContentLayers, read_layers
from assistant.content_pack.manifest import PACK_FILE, PACK_FORMAT, Manifest, read_manifest

__all__ = [
    "PACK_FILE",
    "PACK_FORMAT",
    "ContentLayers",
    "Manifest",
    "read_layers",
    "read_manifest",
]
