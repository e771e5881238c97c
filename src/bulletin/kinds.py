"""kinds: a kind of bulletin is a folder (``kinds/<name>/``) holding ``kind.yaml`` (the facts it
derives, the data it requires, the page's table and charts, its house style), its templates and
a sample data file. This module reads and validates ``kind.yaml``; it knows no kind by name."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bulletin.derive import COMPARISONS, DERIVATIONS
from bulletin.errors import DataError, Problem

KIND_FILE = "kind.yaml"
MAIN_TEMPLATE = "bulletin.md.j2"
SAMPLE_FILE = "sample.yaml"

Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Requires(_Strict):
    """The data every release of the kind must give (validated with the data file)."""

    indicators: tuple[str, ...] = ()
    breakdowns: tuple[str, ...] = ()
    tallies: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()


class FactSpec(BaseModel):
    """One declared fact: exactly one derivation, e.g. ``{diff: [a, b]}``, optionally
    ``optional: true`` (absent, not an error, when the data lacks what it needs)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    optional: bool = False

    @property
    def derivation(self) -> tuple[str, Any]:
        extra = self.model_extra or {}
        ((name, args),) = extra.items()
        return name, args

    def model_post_init(self, _context: Any) -> None:
        extra = self.model_extra or {}
        known = ", ".join(DERIVATIONS)
        if len(extra) != 1:
            raise ValueError(f"a fact has exactly one derivation ({known}); got {len(extra)}")
        name = next(iter(extra))
        if name not in DERIVATIONS:
            raise ValueError(f"unknown derivation {name!r}; known: {known}")


class Row(_Strict):
    """A row of the key-figure table: a label (a catalog message, which may use
    ``%(amount)s`` for the level named by ``amount``), the figure, and optionally the
    benchmark it is compared with. A row whose data is absent is left out."""

    label: str
    value: str
    benchmark: str | None = None
    amount: str | None = None


class Table(_Strict):
    caption: str = "Main indicators, %(period)s"
    value_heading: str = "Growth, year on year (%%)"
    benchmark_heading: str | None = None
    rows: tuple[Row, ...]


class Reference(_Strict):
    """A reference line on a chart: a label with ``%(value)s`` and the figure it marks."""

    label: str
    value: str


class Chart(_Strict):
    """A horizontal bar chart of a breakdown's members, with reference lines."""

    title: str
    bars: str
    caption: str | None = None
    order: str | None = None
    references: tuple[Reference, ...] = ()
    highlight: dict[str, Any] = Field(default_factory=dict)

    @field_validator("highlight")
    @classmethod
    def _a_condition(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = set(value) - set(COMPARISONS)
        if unknown:
            raise ValueError(f"highlight takes {', '.join(COMPARISONS)}, not {sorted(unknown)}")
        return value


class Page(_Strict):
    """What the HTML/PDF page shows after the narrative."""

    table: Table | None = None
    charts: tuple[Chart, ...] = ()


class KindSpec(_Strict):
    """The contents of ``kind.yaml``."""

    description: str = ""
    sample: str | None = None
    requires: Requires = Requires()
    facts: dict[Key, FactSpec] = Field(default_factory=dict)
    page: Page = Page()
    style: dict[str, dict[str, Any]] = Field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    """A kind of bulletin: its folder and its declarations."""

    name: str
    folder: Path
    spec: KindSpec

    @property
    def sample(self) -> Path:
        """The kind's sample data file: ``sample:`` (relative to the kind's folder), or
        ``sample.yaml`` in it."""
        return (self.folder / (self.spec.sample or SAMPLE_FILE)).resolve()

    @property
    def sample_name(self) -> str:
        return os.path.normpath(f"kinds/{self.name}/{self.spec.sample or SAMPLE_FILE}")

    @cached_property
    def messages(self) -> tuple[tuple[str, str], ...]:
        """(context, msgid) of the page's labels, for the catalog."""
        page = self.spec.page
        found: list[tuple[str, str]] = []
        if page.table:
            table = page.table
            found += [("table", table.caption), ("table", table.value_heading)]
            if table.benchmark_heading:
                found.append(("table", table.benchmark_heading))
            found += [("table", row.label) for row in table.rows]
        for chart in page.charts:
            found.append(("chart", chart.title))
            if chart.caption:
                found.append(("chart", chart.caption))
            found += [("chart legend", r.label) for r in chart.references]
        return tuple(found)


def read_kind(name: str, folder: Path) -> Kind:
    """Read and validate ``folder/kind.yaml``; every problem is located in that file."""
    from bulletin.loading import parse_text, problems_from

    path = folder / KIND_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise DataError([Problem(str(path), "", f"cannot read the kind: {e.strerror}")]) from e
    document, marks = parse_text(text, str(path))
    try:
        spec = KindSpec.model_validate(document or {})
    except ValidationError as e:
        raise DataError(problems_from(e, str(path), marks, KindSpec)) from e
    return Kind(name, folder, spec)
