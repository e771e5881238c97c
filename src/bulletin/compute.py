"""compute: derives the facts a kind of bulletin declares (``kind.yaml``'s ``facts:``) from a
dataset, and checks the figures a data file restates under ``published:``; exact Decimal
arithmetic, no text, no locale, no kind named."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bulletin.derive import DERIVATIONS, DeriveError, checkable
from bulletin.errors import BulletinError, DataError, Problem
from bulletin.kinds import Kind
from bulletin.numbers import decimals_of, round_half_up
from bulletin.vocabulary import Dataset


class MissingFact(BulletinError):
    """A template asked for a fact its kind does not declare. Not an AttributeError: Jinja
    would turn that into an anonymous undefined value and lose this message."""


@dataclass(frozen=True)
class Facts:
    """Everything a bulletin states beyond the raw data: the kind's declared facts by name.
    An optional fact the data cannot give is absent (``None``), so templates can leave out
    what the release does not have."""

    dataset: Dataset
    kind: Kind
    derived: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self.derived:
            declared = ", ".join(sorted(self.derived)) or "none"
            raise MissingFact(
                f"no fact {name!r} in kind {self.kind.name} (declared: {declared}); "
                f"declare it under facts: in kinds/{self.kind.name}/kind.yaml"
            )
        return self.derived[name]

    def checkable(self) -> dict[str, Decimal]:
        """The derived figures a data file may restate under ``published:``, by name."""
        found: dict[str, Decimal] = {}
        for name, fact in self.derived.items():
            if fact is not None:
                found.update(checkable(name, fact))
        return found


def compute(dataset: Dataset, kind: Kind, source: str = "data") -> Facts:
    """Derive every fact the kind declares; a fact the data cannot give is a located problem,
    unless the kind marks it optional."""
    derived: dict[str, Any] = {}
    problems = []
    for name, spec in kind.spec.facts.items():
        derivation, args = spec.derivation
        try:
            derived[name] = DERIVATIONS[derivation](args, dataset)
        except DeriveError as e:
            if spec.optional:
                derived[name] = None
                continue
            problems.append(
                Problem(
                    source,
                    "release.kind",
                    f"the kind {kind.name} derives {name!r} from {e}",
                    f"give that figure in the data, or see kinds/{kind.name}/sample.yaml",
                )
            )
    if problems:
        raise DataError(problems)
    return Facts(dataset, kind, derived)


def check_published(facts: Facts, published: dict[str, Decimal]) -> list[Problem]:
    """Compare each restated figure with the computed one, within the published rounding."""
    computed = facts.checkable()
    problems = []
    for name, stated in published.items():
        where = f"published.{name}"
        if name not in computed:
            close = difflib.get_close_matches(name, list(computed), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "known: " + ", ".join(computed)
            problems.append(Problem("data", where, f"no derived figure is called {name!r}", hint))
            continue
        value = round_half_up(computed[name], -decimals_of(stated))
        if value != stated:
            problems.append(
                Problem(
                    "data",
                    where,
                    f"published as {stated} but the data gives {computed[name].normalize():f} "
                    f"(rounded: {value})",
                    "correct the source figures or the published one; they must agree",
                )
            )
    return problems
