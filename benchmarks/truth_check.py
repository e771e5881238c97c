"""Never a false sentence: the truth properties of tests/test_truth.py with thousands of
examples each, counting every disagreement instead of stopping at the first.

For the provincial kind (industry-province), each property generates data across its space
(tests/truth_space.py), renders the bulletin in English and Chinese, reads every claim back
(tests/truth_reader.py) and compares it with the data and with the other language. A sixth
property publishes every figure at two decimals. Prints the number of examples run, the number
of disagreements found and up to 10 of them
(data → sentence), then, for each kind of disagreement, the smallest data Hypothesis shrinks it
to, and the wording that is true but awkward.

    python benchmarks/truth_check.py [--examples 3000] [--seed 0] [--property NAME]

Exit status 1 if any claim disagrees with the data (or one language says what the other does
not); 0 otherwise. About 15–30 ms per example (both languages): the default
runs 18,000 examples in about 7 minutes on one core, then shrinks up to 10 kinds.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import truth_space

SHOWN = 10
ALL = {**truth_space.PROPERTIES, **truth_space.TWO_DECIMALS}
Changes = dict[str, Any]


def signature(problem: truth_space.Problem) -> str:
    """What kind of disagreement a problem is (its kind and claim, not its figures), the
    same in both languages."""
    return f"{problem.kind}: {problem.what}"


@dataclass
class Run:
    ran: int = 0
    found: list[tuple[Changes, truth_space.Outcome]] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # → the property that found it
    notes: Counter[str] = field(default_factory=Counter)
    note_examples: dict[str, str] = field(default_factory=dict)


def run(name: str, examples: int, random_seed: int, into: Run) -> tuple[int, int]:
    """Run one property; returns (examples run, examples with disagreements)."""
    before_ran, before_found = into.ran, len(into.found)

    @seed(random_seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(ALL[name])
    def collect(changes: Changes) -> None:
        into.ran += 1
        outcome = truth_space.examine(changes)
        if outcome.problems:
            into.found.append((changes, outcome))
            for p in outcome.problems:
                into.kinds.setdefault(signature(p), name)
        for reading in outcome.readings.values():
            for note in reading.notes:
                kind = note.split(":")[0]
                into.notes[kind] += 1
                into.note_examples.setdefault(kind, note)

    collect()
    return into.ran - before_ran, len(into.found) - before_found


def shrink(name: str, kind: str, random_seed: int) -> str | None:
    """The smallest data Hypothesis finds for one kind of disagreement, with the property
    that found it."""

    @seed(random_seed)
    @settings(
        max_examples=1000,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(ALL[name])
    def find(changes: Changes) -> None:
        outcome = truth_space.examine(changes)
        relevant = [p for p in outcome.problems if signature(p) == kind]
        outcome.problems = relevant
        assert not relevant, truth_space.report(changes, outcome)

    try:
        find()
    except AssertionError as error:
        return str(error)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=3000, help="examples per property")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--property", choices=sorted(ALL), action="append")
    parser.add_argument(
        "--shrink", type=int, default=10, help="kinds of disagreement to shrink (0: none)"
    )
    args = parser.parse_args()
    names = args.property or list(ALL)
    result = Run()
    for name in names:
        start = time.perf_counter()
        ran, found = run(name, args.examples, args.seed, result)
        print(
            f"{name}: {ran} examples, {found} with disagreements, "
            f"{time.perf_counter() - start:.1f} s"
        )
    print(f"\nexamples run: {result.ran}")
    print(f"examples with disagreements: {len(result.found)}")
    for number, (changes, outcome) in enumerate(result.found[:SHOWN], 1):
        print(f"\n--- disagreement {number}\n{truth_space.report(changes, outcome)}")
    if result.kinds:
        print(f"\nkinds of disagreement: {len(result.kinds)}")
        for index, (kind, name) in enumerate(sorted(result.kinds.items())):
            print(f"  {kind}")
            if index < args.shrink:
                smallest = shrink(name, kind, args.seed)
                if smallest:
                    print("    smallest: " + smallest.replace("\n", "\n    "))
    if result.notes:
        print("\ntrue but awkward wording (not counted):")
        for kind, count in result.notes.most_common():
            print(f"  {count:6d}  {result.note_examples[kind]}")
    return 1 if result.found else 0


if __name__ == "__main__":
    sys.exit(main())
