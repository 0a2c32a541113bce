"""Tools for content authors: lint, playthroughs, random exploration, diagrams."""
