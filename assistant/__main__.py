"""``python -m assistant`` runs the same entry point as ``cpi-assistant``."""

from assistant.cli import main

raise SystemExit(main())
