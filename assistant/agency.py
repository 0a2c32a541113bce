"""The agency's settings: who the organisation and worker are, and where to turn for help.

One YAML file the agency edits (``agency.yaml`` in the content pack), checked by
``cpi-assistant validate``. The shipped one is a clearly marked fictional example
(``example: true``): every screen and export that shows it says so, so made-up numbers are
never mistaken for real ones. Nothing here is hard-coded in the app.

A plan keeps a copy of these details as they were when it was made (``Plan.agency``), so a
printed plan always shows the numbers the person was given.
"""

from __future__ import annotations

from pydantic import Field

from assistant.fields import Email, Line, ShortLine, StrictModel

__all__ = ["Agency", "AgencyContact", "Worker"]


class AgencyContact(StrictModel):
    """A number (or other way) to get help: a team's out-of-hours line, a crisis line."""

    name: ShortLine = Field(description="Who answers, e.g. 'Crisis team' or 'Samaritans'.")
    phone: ShortLine | None = Field(None, description="The number as it should be dialled.")
    text: ShortLine | None = Field(None, description="A number to text, if there is one.")
    email: Email | None = None
    when: ShortLine | None = Field(None, description="When it is open, e.g. 'Any time'.")
    note: Line | None = Field(None, description="One plain sentence on when to use it.")


class Worker(StrictModel):
    """The worker using this laptop: shown on the plan as the person's contact."""

    name: ShortLine | None = None
    role: ShortLine | None = Field(None, description="e.g. 'Community support worker'.")
    phone: ShortLine | None = None
    email: Email | None = None


class Agency(StrictModel):
    """The agency settings file (``agency.yaml``), and the copy a plan keeps of it."""

    example: bool = Field(
        False,
        description="True only in the shipped fictional example: screens and exports then say "
        "the details are made up. Remove it (or set false) when you put in your own details.",
    )
    organisation: ShortLine
    team: ShortLine | None = None
    address: Line | None = None
    worker: Worker = Field(default_factory=Worker)
    reach_us: Line | None = Field(
        None,
        description="How the person reaches their worker, in plain words, e.g. 'Ring the team "
        "office on weekdays, 9am to 5pm, and ask for your worker.'",
    )
    office_hours: ShortLine | None = None
    out_of_hours: list[AgencyContact] = Field(
        default_factory=list, description="Who to call when the team is closed."
    )
    crisis: list[AgencyContact] = Field(
        default_factory=list, description="Who to call in a crisis, day or night."
    )
