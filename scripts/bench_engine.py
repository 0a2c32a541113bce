"""Engine and linter benchmarks: engine_step_p95_ms, lint_2000_nodes_ms, lint_scaling_ratio.

Also ``plan_build_ms_20_goals`` / ``_40_goals``: building the plan from the answers of a person
with years of work on record (20 or 40 goals of 5 actions each, and as many things to try,
referrals and worker's actions), as the plan panel does after each answer. Most of it is
working out which stored answers' questions no longer apply; ``plan_build_scaling_ratio``
(40 against 20) is 2 when the cost grows in step with the record, more when it grows faster.

Also ``content_compile_ms``: compiling every text and expression of the shipped content with
Jinja. The app does that ahead of time, while people read (see assistant/flows/templates.py),
so ``engine_step_p95_ms`` is measured with the content compiled, as in the app; otherwise the
first use of each of ~90 texts (2-5 ms each) would fill the slowest 5% of a short run.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.authoring.content import load_content
from assistant.authoring.explore import _choose_action
from assistant.authoring.lint import lint_paths
from assistant.authoring.playthrough import PlayStep, apply_step
from assistant.engine.conversation import Conversation
from assistant.flows.expressions import precompile
from assistant.flows.templates import content_sources
from assistant.plans.from_session import build_plan

MODELINE = "# yaml-language-server: $schema=../schema/topic.schema.json\n"


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[94] if len(samples) >= 20 else max(samples)


def engine_step_p95_ms(walks: int) -> float:
    """Answer -> next step computed (rendered), over seeded walks of the shipped content.

    Save-and-resume steps are left out: they measure JSON, not the engine's step.
    """
    content = load_content()
    for source, expression in content_sources(content):
        precompile(source, expression=expression)  # as the app does while people read
    samples: list[float] = []
    for seed in range(walks):
        rng = random.Random(seed)
        conv = Conversation(content)
        for _ in range(120):
            action = _choose_action(rng, conv, conv.step)
            if action == "save_and_resume":
                continue
            if isinstance(action, dict):
                action.pop("keep", None)  # explore's "pre-filled answer given back" mark
            play = PlayStep.model_validate(action)
            start = time.perf_counter_ns()
            conv, failure = apply_step(conv, play, content)
            _ = conv.step
            samples.append((time.perf_counter_ns() - start) / 1e6)
            if failure and "refused" not in failure:
                break
    return _p95(samples)


def _topic(number: int, nodes: int) -> str:
    """A generated topic using every node kind, templates and expressions."""
    lines = [
        MODELINE,
        f"id: gen_{number}\n",
        f"title: Generated {number}\n",
        "description: A generated topic for benchmarks.\n",
        "nodes:\n",
    ]
    body = nodes - 2
    for n in range(body):
        nid = f"n{n}"
        kind = n % 6
        if kind == 0:
            lines.append(
                f"  - id: {nid}\n    kind: say\n    speaker: person\n"
                f"    text: \"Step {n} for {{{{ get('g{number}.a{n - 1}', 'you') }}}}\"\n"
                f'    guidance: "Guidance for step {n}."\n    tags: [person_centred]\n'
            )
        elif kind in (1, 3):
            lines.append(
                f"  - id: {nid}\n    kind: ask\n    type: text\n"
                f'    prompt: "Question {n}?"\n    store: g{number}.a{n}\n'
            )
        elif kind == 2:
            lines.append(
                f'  - id: {nid}\n    kind: ask\n    type: choice\n    prompt: "Pick {n}"\n'
                f"    store: g{number}.c{n}\n    options: [one, two, three]\n"
                f"    when: \"not answered('g{number}.c{n}')\"\n"
            )
        elif kind == 4:
            lines.append(
                f"  - id: {nid}\n    kind: branch\n    branches:\n"
                f"      - if: \"get('g{number}.c{n - 2}') == 'one'\"\n        goto: n{n + 1}\n"
                f"    else: n{n + 1}\n"
            )
        else:
            lines.append(
                f"  - id: {nid}\n    kind: set\n    values:\n      g{number}.s{n}: \"len('x')\"\n"
            )
    lines.append(
        '  - id: menu\n    kind: menu\n    prompt: "More?"\n    options:\n'
        "      - {label: Again, goto: n0}\n      - {label: Finish, goto: fin}\n"
    )
    lines.append("  - id: fin\n    kind: end\n")
    return "".join(lines)


def lint_ms(total_nodes: int, repeats: int) -> float:
    per_topic = 100
    with tempfile.TemporaryDirectory() as tmp:
        flows = Path(tmp) / "flows"
        flows.mkdir()
        for number in range(total_nodes // per_topic):
            (flows / f"gen_{number}.yaml").write_text(_topic(number, per_topic), encoding="utf-8")
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            problems = lint_paths([Path(tmp)])
            times.append((time.perf_counter() - start) * 1000)
            assert not [p for p in problems if p.severity == "error"], problems[:3]
        return min(times)


def content_compile_ms() -> float:
    """Compiling every text and expression of the shipped content, in a fresh interpreter
    (Jinja's cache would otherwise already hold them)."""
    code = (
        "import time\n"
        "from assistant.flows.expressions import precompile\n"
        "from assistant.authoring.content import load_content\n"
        "from assistant.flows.templates import content_sources\n"
        "sources = list(content_sources(load_content()))\n"
        "start = time.perf_counter()\n"
        "for source, expression in sources:\n"
        "    precompile(source, expression=expression)\n"
        "print((time.perf_counter() - start) * 1000)\n"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    return float(out.stdout.strip())


def _years_of_answers(n: int) -> dict[str, object]:
    """Made-up answers of a person seen for years: ``n`` goals of 5 actions, ``n`` things to
    try (put off till later, so their follow-up answers no longer apply), referrals and
    worker's actions."""
    goals = [
        {
            "id": f"g{i}",
            "text": f"Goal {i}",
            **dict.fromkeys(("going_well", "hard", "best_case", "smallest_step"), "Some words"),
            **dict.fromkeys(("person_can", "worker_can", "others_can", "barriers"), "Some words"),
            "level_now": -1,
            "level_expected": 0,
            "level_better": 1,
            "next": "keep",
            "actions": [
                {"id": f"a{i}-{j}", "what": f"Step {j}", "who": "person", "status": "not_started"}
                for j in range(5)
            ],
        }
        for i in range(n)
    ]
    tries = [
        {"id": f"c{i}", "what": f"Club {i}", "next_step": "later", "go_along": "someone_i_know"}
        for i in range(n)
    ]
    return {
        "about": {"name": "Sam"},
        "goals": {"list": goals},
        "community": {"list": tries},
        "referrals": {"list": [{"id": f"r{i}", "to": f"Service {i}"} for i in range(n)]},
        "worker_journey": {"actions": [{"id": f"w{i}", "what": f"Ask {i}"} for i in range(n)]},
    }


def plan_build_ms(n: int, repeats: int) -> float:
    """Median time to build the plan from :func:`_years_of_answers` (``n`` of each)."""
    content = load_content()
    data = _years_of_answers(n)
    build_plan(data, [], None, content=content)  # labels and expressions compiled once
    samples = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        build_plan(data, [], None, content=content)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return statistics.median(samples)


def run(quick: bool) -> dict[str, float]:
    compile_ms = content_compile_ms()
    step = engine_step_p95_ms(walks=10 if quick else 40)
    repeats = 2 if quick else 5
    lint_2000 = lint_ms(2000, repeats)
    lint_4000 = lint_ms(4000, repeats)
    plan_20 = plan_build_ms(20, 9 if quick else 25)
    plan_40 = plan_build_ms(40, 9 if quick else 25)
    return {
        "engine_step_p95_ms": round(step, 3),
        "content_compile_ms": round(compile_ms, 1),
        "lint_2000_nodes_ms": round(lint_2000, 1),
        "lint_4000_nodes_ms": round(lint_4000, 1),
        "lint_scaling_ratio": round(lint_4000 / lint_2000, 3),
        "plan_build_ms_20_goals": round(plan_20, 1),
        "plan_build_ms_40_goals": round(plan_40, 1),
        "plan_build_scaling_ratio": round(plan_40 / plan_20, 2),
    }


if __name__ == "__main__":
    for name, value in run(quick=True).items():
        print(f"{name:30s} {value}")
