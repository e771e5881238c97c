"""validation: checks a valid dataset against its project, past what the vocabulary alone can
say: its kind exists, it gives what the kind requires (the data it names, and what each fact it
declares is derived from), its units are registered. Every problem is located in the data file.
Keeps nothing it derives: deriving is `compute`'s."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from bulletin.derive import DERIVATIONS, DeriveError
from bulletin.errors import DataError, Problem
from bulletin.kinds import Kind, read_kind
from bulletin.loading import Loc, Marks, where
from bulletin.project import Project
from bulletin.units import Units, units_of
from bulletin.vocabulary import Dataset

_KINDS: dict[tuple[str, str], Kind] = {}


def kind_of(dataset: Dataset, project: Project, source: str, marks: Marks | None = None) -> Kind:
    """The kind the release names, read from its folder (once per process)."""
    name = dataset.release.kind
    folders = project.kinds()
    if name not in folders:
        close = difflib.get_close_matches(name, list(folders), n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known kinds: {', '.join(folders)}"
        raise DataError(
            [
                Problem(
                    source,
                    where(marks or {}, ("release", "kind")),
                    f"unknown kind of bulletin {name!r}",
                    hint + " (a kind is a folder kinds/<name>/ with a kind.yaml)",
                )
            ]
        )
    key = (name, str(folders[name]))
    if key not in _KINDS:
        _KINDS[key] = read_kind(name, folders[name])
    return _KINDS[key]


def _units_used(dataset: Dataset) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for name, indicator in dataset.indicators.items():
        yield ("indicators", name, "unit"), indicator.unit
        if indicator.growth is not None:
            yield ("indicators", name, "growth", "unit"), indicator.growth.unit
    for name, breakdown in dataset.breakdowns.items():
        yield ("breakdowns", name, "unit"), breakdown.unit
        for i, member in enumerate(breakdown.members):
            if member.level is not None:
                yield ("breakdowns", name, "members", i, "level", "unit"), member.level.unit
    for name, figure in dataset.figures.items():
        if figure.unit is not None:
            yield ("figures", name, "unit"), figure.unit


_REFERENCE = re.compile(r"'([a-z0-9_.@]+)': ")
"""A derivation names the reference it could not follow first: ``'value_added@previous_year':
no earlier value …``."""


def reference_loc(reference: str, dataset: Dataset) -> Loc:
    """Where in the data a reference of a kind points, as far as the data goes:
    ``value_added@previous_year`` → ``indicators.value_added.earlier.previous_year``,
    ``value_added.national`` → ``indicators.value_added.benchmarks.national``."""
    text, _, role = reference.partition("@")
    first, *rest = text.split(".")
    if first in dataset.breakdowns:  # (``areas.urban``: a member of the breakdown)
        return ("breakdowns", first, "members") if rest else ("breakdowns", first)
    for section in ("tallies", "figures"):
        if first in getattr(dataset, section):
            return (section, first)
    loc: list[str | int] = ["indicators", first]
    indicator = dataset.indicators.get(first)
    for part in rest:
        if indicator is not None and part == "growth" and part not in indicator.benchmarks:
            loc.append("growth")  # (where it is, or would be)
            indicator = indicator.growth
        else:
            loc += ["benchmarks", part]
            break
    if role:
        loc += ["earlier", role]
    return tuple(loc)


def _in_data(name: str, dataset: Dataset) -> bool:
    return any(
        name in getattr(dataset, section)
        for section in ("indicators", "breakdowns", "tallies", "figures")
    )


def _underivable(dataset: Dataset, kind: Kind, source: str, marks: Marks) -> list[Problem]:
    """A fact the kind declares (and does not mark optional) that the data cannot give: at the
    place in the data where the figure it needs is missing, else at ``release.kind``."""
    problems = []
    for name, spec in kind.spec.facts.items():
        if spec.optional:
            continue
        derivation, args = spec.derivation
        try:
            DERIVATIONS[derivation](args, dataset)
        except DeriveError as e:
            found = _REFERENCE.match(str(e))
            named = found.group(1).split("@")[0].split(".")[0] if found else ""
            if named in kind.spec.facts and not _in_data(named, dataset):
                problems.append(
                    Problem(
                        f"kinds/{kind.name}/kind.yaml",
                        f"facts.{name}",
                        f"{named!r} is another fact of the kind, not data: a derivation takes "
                        "references to the data (indicators, breakdowns, tallies, figures)",
                        "derive from the data it is derived from (AUTHORING.md, section 2)",
                    )
                )
                continue
            loc = reference_loc(found.group(1), dataset) if found else ("release", "kind")
            what = f"derives {name!r} from {e}" if found else f"cannot derive {name!r}: {e}"
            problems.append(
                Problem(
                    source,
                    where(marks, loc),
                    f"the kind {kind.name} {what}",
                    f"give it in the data; see the kind's sample data ({kind.sample_name})",
                )
            )
    return problems


def check_dataset(
    dataset: Dataset, kind: Kind, units: Units, source: str, marks: Marks | None = None
) -> None:
    """Refuse data that lacks what its kind requires, cannot give a fact the kind declares,
    or uses an unregistered unit."""
    marks = marks or {}
    problems = []
    required = kind.spec.requires
    for section in ("indicators", "breakdowns", "tallies", "figures"):
        given = getattr(dataset, section)
        for name in getattr(required, section):
            if name not in given:
                problems.append(
                    Problem(
                        source,
                        where(marks, (section,)),
                        f"the kind {kind.name} needs {section}.{name}",
                        f"add it; see the kind's sample data ({kind.sample_name})",
                    )
                )
    if not problems:  # (a missing indicator would also fail every fact derived from it)
        problems += _underivable(dataset, kind, source, marks)
    for loc, unit in _units_used(dataset):
        if unit not in units:
            close = difflib.get_close_matches(unit, units.names(), n=3)
            hint = f"did you mean {' or '.join(close)}?" if close else ""
            problems.append(
                Problem(
                    source,
                    where(marks, loc),
                    f"unknown unit {unit!r}",
                    (hint + " " if hint else "")
                    + "units are registered in units.yaml (a project can add its own)",
                )
            )
    if problems:
        raise DataError(problems)


def validate_against(
    dataset: Dataset, project: Project, source: str, marks: Marks | None = None
) -> Kind:
    """The dataset's kind, once the dataset is known to fit it and the project's units."""
    kind = kind_of(dataset, project, source, marks)
    check_dataset(dataset, kind, units_of(project), source, marks)
    return kind
