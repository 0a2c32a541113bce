"""The intervention's themes and its 12 training questions, as data the trainer's view uses.

The themes are the tags content steps carry; the training questions come from the
Connecting People model (connectingpeoplestudy.net). The notes and reflection prompts here
are our own wording, written for facilitators and trainees.
"""

from __future__ import annotations

from dataclasses import dataclass

# Tag -> plain label. The eleven study themes plus the two principles every flow carries.
THEMES: dict[str, str] = {
    "worker_attitudes": "Worker attitudes",
    "person_centred": "Person-centred approach",
    "equality": "Equality in the relationship",
    "goal_setting": "Goal setting",
    "new_networks": "Creating new networks and relationships",
    "engagement_through_activities": "Engagement through activities",
    "practical_support": "Practical support",
    "existing_relationships": "Existing relationships",
    "taking_responsibility": "The person taking responsibility",
    "overcoming_barriers": "Identifying and overcoming barriers",
    "moving_on": "Moving on",
    "outward_facing": "Outward-facing work",
    "co_production": "Co-production",
}


@dataclass(frozen=True)
class TrainingQuestion:
    """One of the model's 12 training questions, with notes for whoever runs the session."""

    id: str
    number: int
    question: str
    facilitator_notes: str
    reflections: tuple[str, ...]
    themes: tuple[str, ...]


_QUESTIONS = (
    TrainingQuestion(
        "view_person",
        1,
        "How should I view the person I am working with?",
        "Look for whether the trainee met a whole person (interests, strengths, hopes) before "
        "problems and tasks. Listen for clinical shorthand creeping into the person's record.",
        (
            "What did you learn about what matters to this person before you talked about goals?",
            "Which of the person's answers surprised you, and what did you do with it?",
            "Whose words are in the plan: the person's, or yours?",
        ),
        ("person_centred", "worker_attitudes"),
    ),
    TrainingQuestion(
        "boundaries",
        2,
        "How do I manage boundaries?",
        "Working alongside someone as equals is not the same as having no limits. Notice what "
        "the trainee offered to do, and whether it was realistic and honest.",
        (
            "Which actions did you take on yourself, and could you really do them?",
            "Where did you feel pulled to do things for the person rather than with them?",
        ),
        ("equality", "practical_support"),
    ),
    TrainingQuestion(
        "community_knowledge",
        3,
        "How do I build my own knowledge of the local community?",
        "The trainee can only offer what they know about. Ask where they would find out more "
        "about groups and places that fit this person's interests.",
        (
            "What do you know about places near you that fit this person's interests?",
            "How could you find out about one more local group before your next meeting?",
        ),
        ("outward_facing", "engagement_through_activities"),
    ),
    TrainingQuestion(
        "barriers_to_practice",
        4,
        "How do I overcome barriers to working this way?",
        "Caseload pressure pushes workers to rush to goals or skip topics. Talk about what made "
        "the trainee skip or hurry, and what a shorter, resumable meeting could look like.",
        (
            "What did you skip or hurry past, and why?",
            "If you only had twenty minutes, which part of this conversation would you keep?",
        ),
        ("worker_attitudes",),
    ),
    TrainingQuestion(
        "where_to_help",
        5,
        "How do I spot where help is most useful?",
        "Help is most useful where the person says it is. Check whether the trainee asked about "
        "concerns and 'more help' before deciding what to work on.",
        (
            "Where did the person say they wanted more help? Where did you think they needed it?",
            "What did the person say makes relationships hard, and did the plan respond to it?",
        ),
        ("overcoming_barriers", "practical_support"),
    ),
    TrainingQuestion(
        "try_new",
        6,
        "How do I help someone try something new?",
        "Trying something new is easier when it builds on old interests and someone goes "
        "along the first time. Look for whether the trainee asked about both.",
        (
            "What could make the first time easier for this person?",
            "Which past interest could be a way back in?",
        ),
        ("engagement_through_activities", "new_networks"),
    ),
    TrainingQuestion(
        "move_on",
        7,
        "How do I help someone move on?",
        "Moving on is planned from the start: who will still be there when the worker is not? "
        "Notice whether the trainee talked about less contact as a good outcome.",
        (
            "Who in the person's life will still be there when you are not?",
            "How did you talk about the person needing less help over time?",
        ),
        ("moving_on", "taking_responsibility"),
    ),
    TrainingQuestion(
        "link_new_person",
        8,
        "How do I link someone to a new person?",
        "New relationships often start through a shared interest or a 'resourceful' person. "
        "Ask how the trainee would make the first introduction feel safe.",
        (
            "Who could this person meet who shares something with them?",
            "What does a good person to know mean to this person, in their words?",
        ),
        ("new_networks", "existing_relationships"),
    ),
    TrainingQuestion(
        "person_barriers",
        9,
        "How do I help the person overcome barriers?",
        "The person's own ideas about what might help come first. Check that barriers were "
        "named in the person's words and that each goal has a way past them.",
        (
            "What might get in the way of the person's first step, and whose idea is the way past?",
            "How did you respond when the person talked about what makes it hard?",
        ),
        ("overcoming_barriers",),
    ),
    TrainingQuestion(
        "environment",
        10,
        "What environment works best?",
        "Where and how the meeting happens matters: who types, what helps the person talk, "
        "time, privacy. See whether the trainee asked.",
        (
            "What did you do to make this conversation comfortable for the person?",
            "Who typed, and how did that change the conversation?",
        ),
        ("equality", "worker_attitudes"),
    ),
    TrainingQuestion(
        "existing_practice",
        11,
        "How does this fit with existing practice?",
        "Goals with an owner, a date and a review fit ordinary care planning. Talk about how "
        "this plan would sit beside the person's other plans without duplicating them.",
        (
            "Does every goal have someone who will do the first step, and a date?",
            "How would you bring this plan to your team's next review?",
        ),
        ("goal_setting", "taking_responsibility"),
    ),
    TrainingQuestion(
        "agency_links",
        12,
        "How does the agency build links with its community?",
        "An outward-facing agency knows its local groups and keeps that knowledge shared. Ask "
        "what the trainee's team could add to the community directory.",
        (
            "What would your team need to know to suggest a local group with confidence?",
            "Which local group could your agency get to know better?",
        ),
        ("outward_facing",),
    ),
)

TRAINING_QUESTIONS: dict[str, TrainingQuestion] = {q.id: q for q in _QUESTIONS}
