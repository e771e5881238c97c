"""Never a false sentence: the truth properties of tests/test_truth.py, test_truth_city.py and
test_truth_prices.py with thousands of examples each, counting every disagreement instead of
stopping at the first.

For each bundled kind, each property generates data across its space (the provincial kind:
tests/truth_space.py; the city kind: tests/truth_city.py, properties named "city: …"; consumer
prices: tests/truth_prices.py, "prices: …"), renders the bulletin in English and Chinese, reads
every claim back (tests/truth_reader.py and the kinds' readers) and compares it with the data
and with the other language. A property of each kind publishes every figure at two decimals.
Prints the number of examples run, the number of disagreements found and up to 10 of them
(data → sentence), then, for each kind of disagreement, the smallest data Hypothesis shrinks it
to, and the wording that is true but awkward.

    python benchmarks/truth_check.py [--examples 3000] [--seed 0] [--kind KIND] [--property NAME]

Exit status 1 if any claim disagrees with the data (or one language says what the other does
not); 0 otherwise. Per example (both languages), on one core: about 15–60 ms for the provincial
kind, 10–15 ms for the city kind, 25–35 ms for consumer prices. The default (3,000 examples
for each of the 16 properties) takes about 25 minutes; `--kind industry-city` about 3 minutes,
`--kind consumer-prices` about 8.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import truth_city
import truth_prices
import truth_space

SHOWN = 10
Changes = dict[str, Any]
Examine = Callable[[Changes], truth_space.Outcome]
ALL = {
    **truth_space.PROPERTIES,
    **truth_space.TWO_DECIMALS,
    **truth_city.PROPERTIES,
    **truth_prices.PROPERTIES,
}
KINDS = {
    "industry-province": [*truth_space.PROPERTIES, *truth_space.TWO_DECIMALS],
    "industry-city": list(truth_city.PROPERTIES),
    "consumer-prices": list(truth_prices.PROPERTIES),
}
EXAMINE: dict[str, Examine] = {
    **{name: truth_space.examine for name in truth_space.PROPERTIES},
    **{name: truth_space.examine for name in truth_space.TWO_DECIMALS},
    **{name: truth_city.examine for name in truth_city.PROPERTIES},
    **{name: truth_prices.examine for name in truth_prices.PROPERTIES},
}


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
        outcome = EXAMINE[name](changes)
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
        outcome = EXAMINE[name](changes)
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
        "--kind",
        choices=sorted(KINDS),
        action="append",
        help="every property of a kind (industry-province, industry-city, consumer-prices)",
    )
    parser.add_argument(
        "--shrink", type=int, default=10, help="kinds of disagreement to shrink (0: none)"
    )
    args = parser.parse_args()
    names = [*(args.property or ()), *(n for k in args.kind or () for n in KINDS[k])]
    names = list(dict.fromkeys(names)) or list(ALL)
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
