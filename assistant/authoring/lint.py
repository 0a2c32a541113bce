"""The content linter behind ``cpi-assistant validate``.

Every check names the file, line and column and says what to do. Checks that need the
whole topic set (targets, calls, store paths) run over the folder a file belongs to.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.agency import AGENCY_FILE, agency_path, lint_agency_file
from assistant.authoring.template_check import check_template_file
from assistant.directory import lint_directory_file
from assistant.flows import model as m
from assistant.flows.expressions import (
    ANSWER_NAME,
    FUNCTIONS,
    ITEM_NAME,
    ExpressionError,
    entry_reads,
    field_reads,
    limit_problems,
    literal_calls,
    loop_reads,
    parse_names,
)
from assistant.flows.loader import (
    Content,
    TopicIndex,
    build_content,
    display_name,
    load_topic_files,
)
from assistant.flows.problems import Problem, did_you_mean
from assistant.flows.templates import jinja_sources
from assistant.flows.yamlsafe import YamlProblem, load_yaml_file
from assistant.meetings.paths import HARD_TIMES_TOPIC
from assistant.store_paths import REFLECTION, SAFETY_RATINGS
from assistant.training import lint_persona_file
from assistant.training.themes import TRAINING_QUESTIONS

MODELINE = "# yaml-language-server: $schema="
# Details the app adds to a list's entries itself, besides last time's `FIELD_before`
# (docs/authors-guide.md, the data model): a goal's `levels_earlier` (plans.from_session),
# a directory pick's `directory` (with_picks), a referral's `entry` (with_referrals), an
# ask of the worker's `why` (worker_asks).
APP_RECORD_FIELDS = frozenset({"levels_earlier", "directory", "entry", "why"})
# Jinja2 globals that are harmless in the sandbox and useful in text.
JINJA_GLOBALS = {"range", "dict", "namespace", "true", "false", "none", "loop"}
JINJA_CALLABLES = {"range", "dict", "namespace"}
# Words in worker guidance that speak of the code rather than the work (W309): the app's
# layers, store paths and steps, session state, file names, and `code` in backticks. Each
# is a phrase, not a lone word: "charity stores" or "dress in layers" are about the work.
INTERNAL_WORDS = re.compile(
    r"\b(?:session|engine|ui|data|storage|records?|export|app's) layers?\b"
    r"|\b(?:data stores?|stored under|store paths?|session state|step ids?|node ids?)\b"
    r"|\bstore (?:under|at|in) [\w-]+(?:\.[\w-]+)+"
    r"|\b(?:this|that|each|next|previous) (?:node|step)s? (?:runs?|is run|reads?|stores?)\b"
    r"|\b[\w-]+\.ya?ml\b|`[^`\n]+`",
    re.IGNORECASE,
)
# Words in worker guidance that label the person or talk down to them (W310). Guidance sits
# on the shared screen and the person often reads it (docs/authors-guide.md, "Guidance is on
# the shared screen"), so it is written as if they do. Each entry is a pattern and what to
# say instead. They are phrases or word forms that label in any context, so everyday uses
# pass ("be patient", "people who hear voices", "feeling vulnerable", "a place that is hard
# to reach"). Add new words here, not in a second list.
LABELLING_WORDS: tuple[tuple[str, str], ...] = (
    (
        r"(?:the|a|an|our|my|your|this) (?:patient|client)s?|patients|clients",
        "say 'the person', or their name",
    ),
    (
        r"non-?complian(?:t|ce)|compliance with (?:medication|treatment)|non-?engag\w*|"
        r"disengaged|unmotivated|lacks? insight|lack of insight|in denial|"
        r"treatment-resistant|resistant to (?:help|treatment|support|change)",
        "say what happened and what got in the way, without judging the person",
    ),
    (
        r"deficits?|dysfunctional|low-functioning|high-functioning",
        "say what is hard, and what is going well",
    ),
    (
        r"fragile|(?:the )?vulnerable (?:adults?|people|persons?|groups?)|the vulnerable",
        "say plainly what the worry or the risk is",
    ),
    (
        r"(?:common|typical|usual) (?:in|of|for|with) (?:psychosis|schizophrenia|"
        r"mental illness|the mentally ill)|psychotics?|schizophrenics?|mentally ill|"
        r"sufferers?|suffers? from|suffering from",
        "speak of the person, not of a diagnosis",
    ),
    (
        r"(?:manag|handl)(?:e|es|ed|ing) (?:the |this )?(?:person|client|patient|service user)"
        r"(?!['’])",
        "you work with the person, not on them: say what you do together",
    ),
    (
        r"attention-?seeking|manipulative|challenging behaviou?rs?|"
        r"difficult (?:person|client|patient)s?|frequent flyers?|revolving door|"
        r"hard-to-reach (?:people|groups?|clients?)",
        "describe what happened, not the person",
    ),
)
LABELLING = tuple(
    (re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), instead)
    for pattern, instead in LABELLING_WORDS
)
# Guidance, prompts and what a step says are read aloud on the shared screen (a worker often
# reads them to the person): a sentence longer than this is hard to follow by ear (W312).
LONG_SENTENCE_WORDS = 30
# The keys W312 reads, in the order it reports them.
SPOKEN_KEYS = ("guidance", "prompt", "text")
_TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# `{% else %}` and `{% elif ... %}` start another wording: never the same sentence.
_TEMPLATE_ALTERNATIVE = re.compile(r"\{%-?\s*(?:else|elif)\b.*?%\}", re.DOTALL)
_TEMPLATE_VALUE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
# A sentence ends at . ? or ! (with any closing quote or bracket after it), or at a line
# break (a `|` block's lines are shown as separate lines).
_SENTENCE_END = re.compile(r"(?<=[.?!])[\"'\u201d\u2019)\]]*\s+|\n")
_WORD = re.compile(r"[A-Za-z0-9'\u2019-]+")


@lru_cache(maxsize=8192)
def long_sentences(text: str, limit: int = LONG_SENTENCE_WORDS) -> tuple[tuple[int, str], ...]:
    """The sentences of ``text`` longer than ``limit`` words, as (word count, the sentence's
    first words). Template code is left out: a ``{{ value }}`` counts as one word, and the
    wordings either side of an ``{% else %}`` or ``{% elif %}`` are counted apart."""
    plain = _TEMPLATE_ALTERNATIVE.sub("\n", text)
    plain = _TEMPLATE_VALUE.sub(" it ", _TEMPLATE_TAG.sub(" ", plain))
    found = []
    for sentence in _SENTENCE_END.split(plain):
        words = _WORD.findall(sentence)
        if len(words) > limit:
            found.append((len(words), " ".join(words[:8])))
    return tuple(found)


@lru_cache(maxsize=8192)
def _guidance_findings(guidance: str) -> tuple[str | None, tuple[str, str] | None]:
    """The app-internal words (W309) and the first labelling words with what to write
    instead (W310) in a guidance text (cached: texts repeat, and each costs ~20 searches)."""
    found = INTERNAL_WORDS.search(guidance)
    internal = found.group(0).strip() if found else None
    for pattern, instead in LABELLING:
        found = pattern.search(guidance)
        if found:
            return internal, (found.group(0), instead)
    return internal, None


# Functions whose first argument names a topic (`topic_status`) or a step (`visited`).
_ID_FUNCTIONS: frozenset[str] = frozenset({"topic_status", "visited"})


@lru_cache(maxsize=8192)
def _names(source: str, expression: bool) -> tuple[frozenset[str], frozenset[str]] | str:
    """Names used and called, or the syntax error message (cached: texts repeat)."""
    try:
        used, called = parse_names(source, expression=expression)
    except ExpressionError as exc:
        return str(exc)
    return frozenset(used), frozenset(called)


def _syntax_message(error: str, expression: bool) -> str:
    """E210's words: Jinja's own (authors may look them up), then what to do in plain words
    for the slips authors make most (a stray word, an unclosed `{{`, `=` to compare)."""
    error = error.rstrip(".")
    if "got '='" in error or "unexpected '='" in error:
        # `answer = 'yes'` (got '='), `answer == = 'yes'` (unexpected '='): one comparison.
        advice = "To compare, write == (two equals signs)"
    elif "end of print statement" in error:
        advice = "Check that each `{{ … }}` is closed with `}}`"
    elif "end of statement block" in error:
        advice = "Check that each `{% … %}` is closed with `%}`"
    elif "looking for the following tags" in error:
        advice = (
            "Check that each `{% if %}` is closed with `{% endif %}` and each `{% for %}` "
            "with `{% endfor %}`, spelt just so"
        )
    elif expression and error.startswith("expected token ')', got"):
        # The `(` is the linter's own wrapping: the author wrote two words side by side.
        advice = "Join two tests with `and` or `or`, and compare with == (two equals signs)"
    else:
        return f"template error: {error}"
    return f"template error: {error}. {advice}"


@lru_cache(maxsize=8192)
def _limits(source: str, expression: bool) -> tuple[tuple[str, str], ...]:
    """(code, message) for names that always fail and for texts that always go past the
    rendering limits (cached: texts repeat). Syntax errors are E210's, not reported here."""
    try:
        found = limit_problems(source, expression=expression)
    except ExpressionError:
        return ()
    out = []
    for problem in found:
        where = f" (line {problem.line} of the text)" if problem.line > 1 else ""
        if problem.kind == "private":
            out.append(("E213", f"{problem.message}{where}"))
        else:
            what = "condition" if expression else "text"
            out.append(("E214", f"this {what} can never be used: {problem.message}{where}"))
    return tuple(out)


@dataclass
class _Scope:
    roots: set[str]
    loops: dict[str, set[str]]  # topic id -> loop names available inside it
    repeated: set[str]  # topics that `repeat` runs once per record
    # loop name -> the fields its records may hold: the `records` question's `fields`, `id`,
    # and every detail a step stores under the loop name (`store: person.feeling`). Only
    # loop names whose list a `records` question keeps (else E223 says what is wrong).
    fields: dict[str, set[str]]
    # a `records` question's store -> the same details of its entries (what `item` holds in
    # its `item_label` and its details' `validate` rules)
    list_fields: dict[str, set[str]]


def _stores(node: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(node, m.AskNode):
        yield ("store",), node.store
    if isinstance(node, m.SetNode):
        for target in node.values:
            yield ("values", target), target


def step_targets(index: TopicIndex, node: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every step id this node can lead to, with where it is written."""
    if node.next:
        yield ("next",), node.next
    if isinstance(node, m.MenuNode):
        for number, option in enumerate(node.options):
            yield ("options", number, "goto"), option.goto
        if node.fallback:
            yield ("fallback",), node.fallback
    if isinstance(node, m.BranchNode):
        for number, case in enumerate(node.branches):
            yield ("branches", number, "goto"), case.goto
        if node.else_:
            yield ("else",), node.else_


def _menu_can_run_out(node: m.MenuNode) -> bool:
    return all(option.once or option.when for option in node.options)


def step_successors(index: TopicIndex, node: Any) -> list[str]:
    """Steps reachable in one move (for reachability)."""
    out = [target for _, target in step_targets(index, node)]
    if isinstance(node, m.EndNode):
        return out
    needs_following = (
        node.when is not None
        or not isinstance(node, (m.MenuNode, m.BranchNode))
        or (isinstance(node, m.BranchNode) and not node.else_)
        or (isinstance(node, m.MenuNode) and not node.fallback and _menu_can_run_out(node))
    )
    if needs_following and not node.next:
        following = index.following.get(node.id)
        if following:
            out.append(following)
    return out


class _Checker:
    def __init__(self, content: Content, topics: list[TopicIndex]) -> None:
        self.content = content
        self.topics = topics
        self.problems: list[Problem] = []
        self._asks: dict[str, list[m.AskNode]] | None = None
        self.scope = self._scope()

    def add(
        self,
        index: TopicIndex,
        node_id: str | None,
        keys: tuple[Any, ...],
        code: str,
        message: str,
        severity: str = "error",
    ) -> None:
        if node_id is None:
            line, col = index.located.where(keys)
        else:
            line, col = index.where(node_id, *keys)
        self.problems.append(Problem(index.file, line, col, code, message, severity))  # type: ignore[arg-type]

    def _scope(self) -> _Scope:
        # A sub-flow sees the loop names of every repeat that runs it, and (for nested
        # repeats and calls) those of the topics that run *those*: iterate to a fixpoint.
        loops: dict[str, set[str]] = {}
        changed = True
        while changed:
            changed = False
            for index in self.content.topics.values():
                outer = loops.get(index.topic.id, set())
                for node in index.topic.nodes:
                    if isinstance(node, (m.RepeatNode, m.CallNode)):
                        inner = outer | ({node.as_} if isinstance(node, m.RepeatNode) else set())
                        have = loops.setdefault(node.topic, set())
                        if not inner <= have:
                            have |= inner
                            changed = True
        all_loops = set().union(*loops.values()) if loops else set()
        roots: set[str] = set()
        for index in self.content.topics.values():
            for node in index.topic.nodes:
                for _, path in _stores(node):
                    root = path.split(".")[0]
                    if root not in all_loops:
                        roots.add(root)
        repeated = {
            node.topic
            for index in self.content.topics.values()
            for node in index.topic.nodes
            if isinstance(node, m.RepeatNode)
        }
        lists_of, declared = self._list_fields(all_loops)
        fields = {
            name: set().union(*(declared[over] for over in overs))
            for name, overs in lists_of.items()
            if overs <= declared.keys()
        }
        return _Scope(roots, loops, repeated, fields, declared)

    def _list_fields(self, all_loops: set[str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """The lists each loop name goes over, and each list's details: its `records`
        question's fields and what steps store under any loop name over it (one pack topic
        may go over `network.people` as `friend` while the shipped one stores
        `person.feeling`). A loop name with a list no `records` question declares gets no
        details (nothing to check it against)."""
        declared: dict[str, set[str]] = {}
        lists_of: dict[str, set[str]] = {}
        for index in self.content.topics.values():
            for node in index.topic.nodes:
                if isinstance(node, m.AskNode) and node.type == "records":
                    named = declared.setdefault(node.store, {"id"})
                    named.update(f.name for f in node.fields)
                if isinstance(node, m.RepeatNode):
                    lists_of.setdefault(node.as_, set()).add(node.over)
        for index in self.content.topics.values():
            for node in index.topic.nodes:
                for _, path in _stores(node):
                    root, _, rest = path.partition(".")
                    if root in lists_of and root in all_loops and rest:
                        for over in lists_of[root] & declared.keys():
                            declared[over].add(rest.partition(".")[0])
        return lists_of, declared

    def run(self) -> list[Problem]:
        for index in self.topics:
            self.check_topic(index)
        self.check_store_conflicts()
        self.check_pause_for_safety()
        self.check_call_cycles()
        return self.problems

    def check_call_cycles(self) -> None:
        """E235: a topic that runs itself by `call` or `repeat`, directly or through other
        topics, never ends (each run opens the next): named at each step that closes the loop,
        with the loop as `a -> b -> a`."""
        runs: dict[str, list[str]] = {
            topic_id: [
                n.topic
                for n in index.topic.nodes
                if isinstance(n, (m.CallNode, m.RepeatNode)) and n.topic in self.content.topics
            ]
            for topic_id, index in self.content.topics.items()
        }
        for index in self.topics:
            start = index.topic.id
            for node in index.topic.nodes:
                if not isinstance(node, (m.CallNode, m.RepeatNode)):
                    continue
                path = _path_back(runs, node.topic, start)
                if path is None:
                    continue
                verb = "call" if isinstance(node, m.CallNode) else "repeat"
                loop = " -> ".join([start, *path])
                self.add(
                    index,
                    node.id,
                    ("topic",),
                    "E235",
                    f"this `{verb}` starts a loop of topics ({loop}): the topic would start "
                    "again inside itself and never end; remove the step, or move the steps "
                    "both need into a topic of their own",
                )

    def check_topic(self, index: TopicIndex) -> None:
        topic = index.topic
        seen: dict[str, int] = {}
        for position, node in enumerate(topic.nodes):
            if node.id in seen:
                self.add(
                    index,
                    None,
                    ("nodes", position, "id"),
                    "E201",
                    f"step id `{node.id}` is used twice in this topic; ids must be unique",
                )
            seen.setdefault(node.id, position)
        ids = list(index.nodes)
        if topic.entry and topic.entry not in index.nodes:
            self.add(
                index,
                None,
                ("entry",),
                "E202",
                f"entry step `{topic.entry}` does not exist{did_you_mean(topic.entry, ids)}",
            )
        if not topic.title.strip():
            self.add(
                index,
                None,
                ("title",),
                "W306",
                "the title is blank; write the words the topic list shows for this topic",
                "warning",
            )
        loops_here = self.scope.loops.get(topic.id, set())
        for node in topic.nodes:
            self.check_node(index, node, ids, loops_here)
        self.check_reachable(index)
        if not index.located.data or not _has_modeline(index):
            self.add(
                index,
                None,
                (),
                "W303",
                "add the schema modeline as the first line for editor completion: "
                f"{MODELINE}../schema/topic.schema.json",
                "warning",
            )
        if topic.id in self.scope.repeated and topic.listed:
            self.add(
                index,
                None,
                ("listed",),
                "W302",
                "this topic is run by `repeat` for each record; add `listed: false` so it is "
                "not offered on its own",
                "warning",
            )

    def check_node(self, index: TopicIndex, node: Any, ids: list[str], loops: set[str]) -> None:
        self.check_training_questions(index, node)
        for keys, target in step_targets(index, node):
            if target not in index.nodes:
                self.add(
                    index,
                    node.id,
                    keys,
                    "E202",
                    f"`{target}` is not a step in this topic{did_you_mean(target, ids)}",
                )
        if isinstance(node, (m.CallNode, m.RepeatNode)) and node.topic not in self.content.topics:
            self.add(
                index,
                node.id,
                ("topic",),
                "E202",
                f"there is no topic `{node.topic}`{did_you_mean(node.topic, self.content.topics)}",
            )
        self.check_dead_end(index, node)
        self.check_guidance_words(index, node)
        self.check_sentence_length(index, node)
        self.check_expressions(index, node, loops)
        self.check_stores(index, node, loops)
        self.check_reflection_stores(index, node)
        if isinstance(node, m.AskNode):
            self.check_answer_shape(index, node, (), node)
            for number, fld in enumerate(node.fields):
                self.check_answer_shape(index, node, ("fields", number), fld)
            names = [f.name for f in node.fields]
            for number, name in enumerate(names):
                if names.index(name) != number:
                    self.add(
                        index, node.id, ("fields", number, "name"), "E224", f"field `{name}` twice"
                    )
            self.check_shown_when(index, node)
        if isinstance(node, m.MenuNode):
            option_keys = [o.key for o in node.options]
            for number, key in enumerate(option_keys):
                if option_keys.index(key) != number:
                    self.add(
                        index,
                        node.id,
                        ("options", number),
                        "E224",
                        f"two options lead to `{key}`: give one of them an `id:`",
                    )
        if isinstance(node, m.RepeatNode):
            self.check_repeat(index, node)

    def check_shown_when(self, index: TopicIndex, node: m.AskNode) -> None:
        """E234: a field's `shown_when` names another `choice` field of the same entry, and
        only values among its options."""
        by_name = {f.name: f for f in node.fields}
        for number, fld in enumerate(node.fields):
            cond = fld.shown_when
            if cond is None:
                continue
            keys = ("fields", number, "shown_when")
            other = by_name.get(cond.field)
            if cond.field == fld.name:
                message = (
                    f"field `{fld.name}` is shown when it has a value itself, so it could never "
                    "be shown: name another field of the entry"
                )
            elif other is None:
                message = (
                    f"`{cond.field}` is not a field of this list"
                    f"{did_you_mean(cond.field, list(by_name))}"
                )
            elif other.type != "choice":
                message = (
                    f"`{cond.field}` is a `{other.type}` field: `shown_when` needs a `choice` "
                    "field of the same entry"
                )
            else:
                values = [o.value for o in other.options]
                for place, value in enumerate(cond.is_):
                    if value not in values:
                        self.add(
                            index,
                            node.id,
                            (*keys, "is", place),
                            "E234",
                            f"`{value}` is not an option of `{cond.field}` (its values: "
                            f"{', '.join(f'`{v}`' for v in values)})"
                            f"{did_you_mean(value, values)}",
                        )
                continue
            self.add(index, node.id, (*keys, "field"), "E234", message)
        self.check_shown_when_cycles(index, node)

    def check_shown_when_cycles(self, index: TopicIndex, node: m.AskNode) -> None:
        """E234: fields each shown only when the next has a value, round to the first
        (`a` when `b`, `b` when `a`): none of them could ever be shown (the dialog hides
        them all). Said once per cycle, at the `shown_when` of its first field."""
        numbers = {f.name: n for n, f in enumerate(node.fields)}
        # field -> the field it is shown for (a choice of the entry; itself is said above).
        shown_for = {
            f.name: f.shown_when.field
            for f in node.fields
            if f.shown_when is not None
            and f.shown_when.field != f.name
            and f.shown_when.field in numbers
        }
        found: set[frozenset[str]] = set()
        for start in shown_for:
            path = [start]
            while path[-1] in shown_for and shown_for[path[-1]] not in path:
                path.append(shown_for[path[-1]])
            if path[-1] not in shown_for:
                continue  # ends at a field shown always
            cycle = path[path.index(shown_for[path[-1]]) :]
            if frozenset(cycle) in found:
                continue
            found.add(frozenset(cycle))
            first = min(cycle, key=numbers.__getitem__)
            at = cycle.index(first)
            ring = [*cycle[at:], *cycle[:at], first]
            self.add(
                index,
                node.id,
                ("fields", numbers[first], "shown_when", "field"),
                "E234",
                "these fields are each shown only when the next has a value, round in a "
                f"circle ({' → '.join(f'`{name}`' for name in ring)}), so none of them "
                "could ever be shown: let one of them be shown without `shown_when`",
            )

    def check_training_questions(self, index: TopicIndex, node: Any) -> None:
        """A step's `training_questions` are ids of the model's 12 (E229), and a worker-only
        topic is never run from the pair's topics by `call` or `repeat` (E230): its answers
        are the worker's alone."""
        for position, question in enumerate(node.training_questions):
            if question not in TRAINING_QUESTIONS:
                self.add(
                    index,
                    node.id,
                    ("training_questions", position),
                    "E229",
                    f"unknown training question `{question}`"
                    f"{did_you_mean(question, TRAINING_QUESTIONS)}; use one of: "
                    + ", ".join(TRAINING_QUESTIONS),
                )
        if isinstance(node, (m.CallNode, m.RepeatNode)) and not index.topic.worker_only:
            called = self.content.topics.get(node.topic)
            if called is not None and called.topic.worker_only:
                self.add(
                    index,
                    node.id,
                    ("topic",),
                    "E230",
                    f"topic `{node.topic}` is for the worker alone (`worker_only`); it is "
                    "opened from Home after the meeting, not run from the pair's topics",
                )

    def check_guidance_words(self, index: TopicIndex, node: Any) -> None:
        """Guidance is read on the shared screen, by the worker and often the person: words
        about the app's insides (its layers, store paths, files) help neither (W309), and
        words that label the person (LABELLING_WORDS) talk down to them (W310)."""
        guidance = getattr(node, "guidance", None)
        if not isinstance(guidance, str):
            return
        internal, labelling = _guidance_findings(guidance)
        if internal is not None:
            self.add(
                index,
                node.id,
                ("guidance",),
                "W309",
                f"the guidance speaks of the app's internals ({internal!r}); "
                "say what the worker should do or know, in everyday words",
                "warning",
            )
        if labelling is not None:
            said, instead = labelling
            self.add(
                index,
                node.id,
                ("guidance",),
                "W310",
                f"the guidance labels the person or talks down ({said!r}): "
                f"{instead}. Write it as if the person reads it too: it is on the "
                "shared screen",
                "warning",
            )

    def check_sentence_length(self, index: TopicIndex, node: Any) -> None:
        """Guidance and what is said are often read aloud: a sentence over
        LONG_SENTENCE_WORDS words is hard to follow by ear (W312)."""
        for key in SPOKEN_KEYS:
            value = getattr(node, key, None)
            if not isinstance(value, str):
                continue
            for count, start in long_sentences(value):
                self.add(
                    index,
                    node.id,
                    (key,),
                    "W312",
                    f"a sentence of {count} words in the {key} ({start!r}...): sentences "
                    f"over {LONG_SENTENCE_WORDS} words are hard to follow when read aloud; "
                    "split it into shorter ones",
                    "warning",
                )

    def check_dead_end(self, index: TopicIndex, node: Any) -> None:
        following = node.next or index.following.get(node.id)
        if isinstance(node, m.MenuNode) and following and not node.fallback:
            if _menu_can_run_out(node):
                self.add(
                    index,
                    node.id,
                    ("options",),
                    "W305",
                    "every option is once-only or conditional, so this menu can run out of "
                    f"options and then goes on to `{following}`; add `fallback:` to make "
                    "that choice visible",
                    "warning",
                )
            same = [o.label for o in node.options if o.goto == following]
            if same and not _menu_can_run_out(node):  # W305 already asks for a fallback
                # "Not today" (F7) on a menu goes to its fallback, else to the step written
                # next: here that is where one of its options goes, so F7 did what the
                # person had just said no to (the ratings, every person one at a time).
                self.add(
                    index,
                    node.id,
                    ("options",),
                    "W311",
                    f"with no `fallback:`, Not today (F7) goes on to `{following}`, as the "
                    f"option {same[0]!r} does: add `fallback:` naming where not choosing "
                    "goes (usually where the menu's own 'Not today' option goes)",
                    "warning",
                )
            return
        if isinstance(node, m.EndNode) or following:
            return
        if isinstance(node, m.BranchNode) and node.else_ and node.when is None:
            return
        if isinstance(node, m.MenuNode) and node.when is None:
            if node.fallback:
                return
            if _menu_can_run_out(node):
                self.add(
                    index,
                    node.id,
                    ("options",),
                    "E205",
                    "every option is once-only or conditional, so this menu can run out of "
                    "options with nowhere to go: add `fallback:` or an option without "
                    "`once`/`when`",
                )
            return
        self.add(
            index,
            node.id,
            ("id",),
            "E203",
            "dead end: nothing comes after this step. Add `next:`, or a step with `kind: end`",
        )

    def check_reachable(self, index: TopicIndex) -> None:
        entry = index.topic.entry_id
        if entry not in index.nodes:
            return
        seen = {entry}
        todo = [entry]
        while todo:
            node = index.nodes[todo.pop()]
            for target in step_successors(index, node):
                if target in index.nodes and target not in seen:
                    seen.add(target)
                    todo.append(target)
        for node in index.topic.nodes:
            if node.id not in seen:
                self.add(
                    index,
                    node.id,
                    ("id",),
                    "W301",
                    f"step `{node.id}` can never be reached; link to it or remove it",
                    "warning",
                )

    def check_expressions(self, index: TopicIndex, node: Any, loops: set[str]) -> None:
        known_names = self.scope.roots | set(FUNCTIONS) | JINJA_GLOBALS | loops
        for keys, source, is_expr, extra in jinja_sources(node):
            if not is_expr and "{" not in source:
                continue
            parsed = _names(source, is_expr)
            if isinstance(parsed, str):
                self.add(index, node.id, keys, "E210", _syntax_message(parsed, is_expr))
                continue
            for code, message in _limits(source, is_expr):
                self.add(index, node.id, keys, code, message)
            used, called = parsed
            allowed = known_names | extra
            for name in sorted(used - allowed):
                if name in called:
                    self.add(
                        index,
                        node.id,
                        keys,
                        "E212",
                        f"unknown function `{name}`{did_you_mean(name, FUNCTIONS)}; "
                        f"available: {', '.join(sorted(FUNCTIONS))}",
                    )
                else:
                    self.add(
                        index,
                        node.id,
                        keys,
                        "E211",
                        f"`{name}` is not defined: no step stores an answer under it"
                        f"{did_you_mean(name, allowed)}",
                    )
            for name in sorted((called & allowed) - set(FUNCTIONS) - JINJA_CALLABLES):
                self.add(index, node.id, keys, "E212", f"`{name}` is not a function")
            fields = self.scope.fields
            details = {name: fields[name] for name in used & (loops | extra) if name in fields}
            if ITEM_NAME in used & extra and isinstance(node, m.AskNode):
                # One entry of this question's own list (its `item_label`, its details' rules).
                details.pop(ITEM_NAME, None)
                own = self.scope.list_fields.get(node.store)
                if own is not None:
                    details[ITEM_NAME] = own
            reads = [
                (name, field, details[name])
                for name, field in field_reads(source, expression=is_expr, names=frozenset(details))
            ]
            if "{%" in source:
                # `{% for p in network.people %}`: p is an entry of that list.
                lists = self.scope.list_fields
                reads += [
                    (name, field, lists[path])
                    for path, name, field in loop_reads(source, expression=is_expr)
                    if path in lists
                ]
            if "[" in source or "attr" in source:
                # `network.people[0].kind`, `network.people | map(attribute='kind')`.
                lists = self.scope.list_fields
                reads += [
                    (written, field, lists[path])
                    for path, written, field in entry_reads(source, expression=is_expr)
                    if path in lists
                ]
            if reads:
                self.check_record_fields(index, node, keys, reads)
            if called & _ID_FUNCTIONS:
                self.check_ids(index, node, keys, source, is_expr)

    def check_record_fields(
        self,
        index: TopicIndex,
        node: Any,
        keys: tuple[Any, ...],
        reads: list[tuple[str, str, set[str]]],
    ) -> None:
        """W313: ``person.knid``, a field no question declares and no step stores, read from
        a repeated record, an entry in a ``{% for %}`` over a list, or ``item.knid`` from an
        entry of the list in a `records` question's ``item_label`` or its details' rules
        (``reads``: the name, the field, and the details that entry can have). A declared
        field the person left unanswered reads as nothing at run time
        (``assistant.flows.expressions.Record``), so only the linter sees a typo. A warning,
        not an error: a pack whose own steps put details in another way must still load
        (``validate --strict`` fails on it)."""
        reported: set[tuple[str, str]] = set()
        for name, field, own in reads:
            # What the app itself keeps in a record for a later meeting
            # (plans.from_session, the `..._for_review` steps): last time's answer as
            # `FIELD_before` (`status_before`, `review_notes_before`), `levels_earlier`.
            declared = own | {f"{detail}_before" for detail in own} | APP_RECORD_FIELDS
            if field in declared or (name, field) in reported:
                continue
            reported.add((name, field))
            ways = ["add it to the `fields` of the list's `records` question"]
            if name in self.scope.fields and name != ITEM_NAME:
                ways.append(f"store it (`store: {name}.{field}`)")
            if not name.endswith("[]"):
                # Not `network.people[]` (each entry, read by a filter: `map(attribute=)`).
                ways.append(f"read it with `{name}.get('{field}')` when a `set` step puts it there")
            self.add(
                index,
                node.id,
                keys,
                "W313",
                f"`{name}.{field}`: `{field}` is not one of the details of `{name}`"
                f"{did_you_mean(field, declared)}, so it always reads as nothing; "
                f"{', or '.join(ways)}. Its details: {', '.join(sorted(own))}",
                "warning",
            )

    def check_ids(
        self, index: TopicIndex, node: Any, keys: tuple[Any, ...], source: str, is_expr: bool
    ) -> None:
        """E215: ``topic_status('what_maters')`` or ``visited('goals.smalest_step')`` naming a
        topic or step that is not there: the condition is quietly always false."""
        topics = self.content.topics
        for function, ref in literal_calls(source, expression=is_expr, names=_ID_FUNCTIONS):
            if function == "topic_status":
                topic_id, step = ref, ""
            elif "." in ref:
                topic_id, _, step = ref.partition(".")
            else:
                topic_id, step = index.topic.id, ref  # visited('step'): this topic's step
            if topic_id not in topics:
                self.add(
                    index,
                    node.id,
                    keys,
                    "E215",
                    f"`{function}('{ref}')`: there is no topic `{topic_id}`"
                    f"{did_you_mean(topic_id, topics)}, so this is never true",
                )
            elif step and step not in topics[topic_id].nodes:
                self.add(
                    index,
                    node.id,
                    keys,
                    "E215",
                    f"`{function}('{ref}')`: `{step}` is not a step of `{topic_id}`"
                    f"{did_you_mean(step, topics[topic_id].nodes)}, so this is never true",
                )

    def check_stores(self, index: TopicIndex, node: Any, loops: set[str]) -> None:
        all_loops = set().union(*self.scope.loops.values()) if self.scope.loops else set()
        for keys, path in _stores(node):
            root = path.split(".")[0]
            if root in FUNCTIONS or root in JINJA_GLOBALS or root == ANSWER_NAME:
                self.add(
                    index,
                    node.id,
                    keys,
                    "E220",
                    f"`{root}` is a reserved name; store under another name",
                )
            elif root in all_loops and root not in loops:
                self.add(
                    index,
                    node.id,
                    keys,
                    "E221",
                    f"`{root}` is the name of a repeated record, which only exists inside the "
                    "sub-flow that `repeat` runs",
                )
            elif root in loops and path == root:
                self.add(
                    index,
                    node.id,
                    keys,
                    "E221",
                    f"store a detail of `{root}` (e.g. `{root}.feeling`), not the record itself",
                )

    def check_reflection_stores(self, index: TopicIndex, node: Any) -> None:
        """The worker's reflection is kept apart from the person's words by where it is stored
        (E232): a worker-only topic stores only under `reflection.`, which no plan reads (an
        answer stored at `about.what_matters` would overwrite the person's own words), and no
        pair's topic stores there (the pair's answers would leave their plan)."""
        for keys, path in _stores(node):
            root = path.split(".")[0]
            if index.topic.worker_only and (root != REFLECTION or path == REFLECTION):
                self.add(
                    index,
                    node.id,
                    keys,
                    "E232",
                    f"a worker-only topic stores its answers under `{REFLECTION}.` (e.g. "
                    f"`{REFLECTION}.{path.split('.')[-1]}`), not at `{path}`: they are the "
                    "worker's own, kept apart from the person's plan",
                )
            elif not index.topic.worker_only and root == REFLECTION:
                self.add(
                    index,
                    node.id,
                    keys,
                    "E232",
                    f"`{REFLECTION}.` is for the worker's own reflection (worker-only topics); "
                    "store the pair's answer elsewhere, or no plan will show it",
                )

    def check_answer_shape(
        self, index: TopicIndex, node: Any, keys: tuple[Any, ...], shape: Any
    ) -> None:
        kind = shape.type
        if kind in ("choice", "multi_choice"):
            if not shape.options and not getattr(shape, "options_from", None):
                self.add(
                    index,
                    node.id,
                    (*keys, "type"),
                    "E226",
                    f"a `{kind}` needs `options:` (or `options_from:`)",
                )
            values = [o.value for o in shape.options]
            for number, value in enumerate(values):
                if values.index(value) != number:
                    self.add(
                        index,
                        node.id,
                        (*keys, "options", number),
                        "E224",
                        f"option `{value}` is listed twice",
                    )
        if kind != "multi_choice":
            for number, option in enumerate(shape.options):
                if option.alone:
                    self.add(
                        index,
                        node.id,
                        (*keys, "options", number, "alone"),
                        "E233",
                        f"`alone` is for the options of a `multi_choice` (this is a `{kind}`, "
                        "where only one is ever picked): remove it",
                    )
        if (
            kind == "multi_choice"
            and shape.max is not None
            and (shape.max < 1 or shape.max != int(shape.max))
        ):
            self.add(
                index,
                node.id,
                (*keys, "max"),
                "E231",
                "`max` on a `multi_choice` is how many may be ticked: a whole number, 1 or more",
            )
        low = shape.min if shape.min is not None else (1 if kind == "rating" else None)
        high = shape.max if shape.max is not None else (7 if kind == "rating" else None)
        if low is not None and high is not None and low > high:
            self.add(index, node.id, (*keys, "min"), "E228", "`min` is more than `max`")
        if kind == "rating":
            for point in shape.labels:
                if low is not None and high is not None and not low <= point <= high:
                    self.add(
                        index,
                        node.id,
                        (*keys, "labels"),
                        "E225",
                        f"label for {point} is outside the rating {low:g}-{high:g}",
                    )
        if isinstance(shape, m.AskNode):
            if kind == "records" and not shape.fields:
                self.add(index, node.id, ("type",), "E227", "a `records` ask needs `fields:`")
            if kind != "records" and shape.fields:
                self.add(
                    index,
                    node.id,
                    ("fields",),
                    "W304",
                    "`fields` only matter for `type: records`",
                    "warning",
                )

    def _asks_by_store(self) -> dict[str, list[m.AskNode]]:
        """Every topic's asks by where they store, gathered once (each repeat looks here:
        going through every node of every topic for each repeat grew with the square of
        the content's size)."""
        if self._asks is None:
            self._asks = {}
            for t in self.content.topics.values():
                for n in t.topic.nodes:
                    if isinstance(n, m.AskNode):
                        self._asks.setdefault(n.store, []).append(n)
        return self._asks

    def check_repeat(self, index: TopicIndex, node: m.RepeatNode) -> None:
        sources = self._asks_by_store().get(node.over, [])
        if not sources:
            self.add(
                index,
                node.id,
                ("over",),
                "E223",
                f"no step stores a list at `{node.over}`; `over` must name a "
                "`type: records` answer",
            )
        elif not any(n.type == "records" for n in sources):
            self.add(
                index,
                node.id,
                ("over",),
                "E223",
                f"`{node.over}` is not a `type: records` answer, so it cannot be repeated over",
            )
        if node.as_ in self.scope.roots:
            self.add(
                index,
                node.id,
                ("as",),
                "E220",
                f"`{node.as_}` is already used for stored answers; pick another loop name",
            )

    def check_pause_for_safety(self) -> None:
        """The app offers the plan for hard times after a rating of 1 or 2 at
        ``store_paths.SAFETY_RATINGS`` (a pause for safety): a pack with that topic but no
        rating stored there would never offer it after a low rating."""
        index = next((t for t in self.topics if t.topic.id == HARD_TIMES_TOPIC), None)
        if index is None:
            return
        rated = {
            n.store
            for t in self.content.topics.values()
            for n in t.topic.nodes
            if isinstance(n, m.AskNode) and n.type == "rating"
        }
        missing = [f"`{path}`" for path in SAFETY_RATINGS if path not in rated]
        if missing:
            self.add(
                index,
                None,
                ("id",),
                "W308",
                f"no rating question stores {' or '.join(missing)}, so this topic is never "
                "offered after a low rating there (the pause for safety, see "
                "docs/authors-guide.md); keep those `store` paths",
                "warning",
            )

    def check_store_conflicts(self) -> None:
        """A path that holds an answer cannot also have answers stored under it."""
        leaf: dict[str, tuple[TopicIndex, str, tuple[Any, ...]]] = {}
        for index in self.content.topics.values():
            for node in index.topic.nodes:
                for keys, path in _stores(node):
                    records = isinstance(node, m.AskNode) and node.type == "records"
                    if not records:
                        leaf.setdefault(path, (index, node.id, keys))
        checked = {i.file for i in self.topics}
        for index in self.content.topics.values():
            if index.file not in checked:
                continue
            for node in index.topic.nodes:
                for keys, path in _stores(node):
                    parts = path.split(".")
                    for depth in range(1, len(parts)):
                        prefix = ".".join(parts[:depth])
                        if prefix in leaf:
                            other, other_node, _ = leaf[prefix]
                            self.add(
                                index,
                                node.id,
                                keys,
                                "E222",
                                f"`{prefix}` already holds an answer (step `{other_node}` in "
                                f"{other.file}), so `{path}` cannot be stored under it",
                            )
                            break


def _path_back(runs: dict[str, list[str]], first: str, home: str) -> list[str] | None:
    """The shortest chain of topics from ``first`` that runs ``home`` again, ending with
    ``home`` (``[first, ..., home]``); None when ``first`` never leads back."""
    came_from: dict[str, str | None] = {first: None}
    queue = deque([first])
    while queue:
        topic_id = queue.popleft()
        if topic_id == home:
            chain: list[str] = []
            at: str | None = topic_id
            while at is not None:
                chain.append(at)
                at = came_from[at]
            return chain[::-1]
        for callee in runs.get(topic_id, []):
            if callee not in came_from:
                came_from[callee] = topic_id
                queue.append(callee)
    return None


def _has_modeline(index: TopicIndex) -> bool:
    try:
        first = Path(index.file).read_text(encoding="utf-8").lstrip("\ufeff").splitlines()[:1]
    except OSError:
        return True
    return bool(first) and first[0].startswith(MODELINE)


def check_content(content: Content, only: Iterable[str] | None = None) -> list[Problem]:
    """Semantic checks over loaded topics (``only``: limit findings to these files)."""
    wanted = set(only) if only is not None else None
    topics = [t for t in content.topics.values() if wanted is None or t.file in wanted]
    return sorted(set(_Checker(content, topics).run()))


# --------------------------------------------------------------------- files & folders

FileChecker = Callable[[Path, str], list[Problem]]

#: The files ``validate`` reads in a folder: YAML, and export templates (``*.j2``, checked
#: as templates wherever they are: a content folder's templates/, or any other folder).
CONTENT_SUFFIXES = (".yaml", ".yml", ".j2")


def _other_checkers() -> dict[str, FileChecker]:
    """Checkers for the other kinds of content file, by the folder they live in."""
    # Deferred: playthrough loads content through authoring.content, which imports this module.
    from assistant.authoring.playthrough import check_file

    return {
        "playthroughs": check_file,
        "directory": lint_directory_file,
        "personas": lint_persona_file,
        "agency": lint_agency_file,
        "templates": check_template_file,
    }


def _expand(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix in CONTENT_SUFFIXES and "schema" not in p.parts
                )
            )
        else:
            files.append(path)
    return files


def _is_topic_file(path: Path) -> bool:
    return path.parent.name == "flows"


def lint_paths(paths: Iterable[Path]) -> list[Problem]:
    """Lint files and folders; every kind of content file is checked by its folder."""
    files = _expand(paths)
    problems: list[Problem] = []
    topic_groups: dict[Path, list[Path]] = {}
    checkers = _other_checkers()
    # The agency file sits at the top of a content folder, or wherever CPI_AGENCY_FILE says
    # (checked as one even when it is empty or broken, whatever its name).
    own_agency, set_by = agency_path()
    agency_files = {own_agency.resolve()} if set_by else set()
    for path in files:
        name = display_name(path)
        if path.suffix == ".j2":
            # A template is never YAML, whatever folder it is in (nor a topic in flows/).
            problems.extend(checkers["templates"](path, name))
            continue
        if _is_topic_file(path):
            topic_groups.setdefault(path.parent.resolve(), []).append(path)
            continue
        is_agency = path.name == AGENCY_FILE or path.resolve() in agency_files
        checker = checkers.get("agency" if is_agency else path.parent.name)
        if checker is None:
            kind = _guess_kind(path, name)
            if kind == "topic":
                topic_groups.setdefault(path.parent.resolve(), []).append(path)
                continue
            checker = checkers.get(kind) if kind else None
        if checker is None:
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    "W050",
                    "not a known kind of content file (put topics in flows/, "
                    "playthroughs in playthroughs/, the directory in directory/, the agency's "
                    "details in agency.yaml)",
                    "warning",
                )
            )
            continue
        problems.extend(checker(path, name))
    for folder, wanted in topic_groups.items():
        problems.extend(_lint_topic_folder(folder, wanted))
    return sorted(set(problems))


def _guess_kind(path: Path, name: str) -> str | None:
    try:
        data = load_yaml_file(path, name).data
    except YamlProblem:
        return "topic"  # the topic loader reports the syntax problem
    if isinstance(data, dict):
        if "nodes" in data:
            return "topic"
        if "steps" in data:
            return "playthroughs"
        if "organisation" in data:
            return "agency"
    return None


def _lint_topic_folder(folder: Path, wanted: list[Path]) -> list[Problem]:
    siblings = sorted(p for p in folder.glob("*") if p.suffix in (".yaml", ".yml"))
    everything = sorted(set(siblings) | {p.resolve() for p in wanted})
    indexes, problems = load_topic_files(everything)
    wanted_names = {display_name(p) for p in wanted}
    problems = [p for p in problems if p.file in wanted_names]
    by_id: dict[str, TopicIndex] = {}
    for index in indexes:
        first = by_id.setdefault(index.topic.id, index)
        if first is not index and index.file in wanted_names:
            line, col = index.located.where(("id",))
            problems.append(
                Problem(
                    index.file,
                    line,
                    col,
                    "E200",
                    f"topic id `{index.topic.id}` is also used by {first.file}; "
                    "topic ids must be unique",
                )
            )
    content = build_content(folder.parent, indexes, everything)
    problems.extend(check_content(content, only=wanted_names))
    return problems
