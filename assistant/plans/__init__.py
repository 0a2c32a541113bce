"""Relationship plans: the model, building a plan from a meeting, versions and differences.

No UI here: the CLI and the app call the same functions.
"""
