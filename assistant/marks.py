"""Words stamped on documents, shared by the layers that write them.

A small shared module at the bottom of the layers (see docs/architecture.md): the records store
marks a subject-access export from a training store, and plans and exports mark a training
person's plan, with one wording everywhere.
"""

from __future__ import annotations

# Every document about a fictional training person carries this, in every format.
TRAINING_WATERMARK = "TRAINING — FICTIONAL PERSON"
