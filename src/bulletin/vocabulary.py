"""vocabulary: the one general indicator vocabulary every data file speaks, whatever its kind
of bulletin (release, indicators with their earlier values and benchmarks, breakdowns into
members, tallies, free figures, published restatements); validated by pydantic. No kind of
bulletin is named here, no file is read, nothing is derived or worded."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from bulletin.models import (
    Count,
    Date,
    Languages,
    Number,
    PeriodField,
    Strict,
    Text,
    errors_at,
)
from bulletin.models import Rank as Position
from bulletin.periods import Period

Basis = Annotated[
    str, WithJsonSchema({"type": "string", "enum": ["yoy", "mom", "level"], "default": "yoy"})
]

Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
"""A name a template or a kind refers to: lower case, digits and underscores."""

KindName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
UnitName = Annotated[str, Field(min_length=1, max_length=16)]
"""A unit from the unit registry (units.yaml): ``percent``, ``亿元``, ``万辆``, ``千瓦时``…"""

BASES = ("yoy", "mom", "level")
"""What a value measures: growth on the same period a year earlier, growth on the previous
period, or the level itself (an amount, a share, an index)."""


def _observation(value: Any) -> Any:
    """``5.0`` is short for ``{value: 5.0}``."""
    return {"value": value} if isinstance(value, int | float | Decimal | str) else value


class Observation(Strict):
    """The same measure at another time: ``{period: 2023, value: 5.0}``."""

    period: PeriodField | None = None
    value: Number


Earlier = dict[Key, Annotated[Observation, BeforeValidator(_observation)]]


class Benchmark(Strict):
    """Something the indicator is compared with (the national rate, a target, another region):
    its value for the same period, and optionally at the earlier times of the indicator."""

    name: Text | None = None
    value: Number
    earlier: Earlier = Field(default_factory=dict)


Benchmarks = dict[Key, Annotated[Benchmark, BeforeValidator(_observation)]]


class Rank(Strict):
    """A position among others: ``{position: 5, of: 31}`` (fifth of the 31 provinces);
    ``tied: true`` when the position is shared (并列第五: tied for fifth), as a ranking table
    shows it, the same position printed against each of those that share it."""

    position: Position
    of: Position | None = None
    within: Text | None = None
    tied: bool = False

    @model_validator(mode="after")
    def _within_whole(self) -> Rank:
        if self.of is not None and self.position > self.of:
            raise ValueError(f"position ({self.position}) is larger than of ({self.of})")
        if self.tied and self.of == 1:
            message = "a rank among one (of: 1) cannot be tied: nothing shares it"
            raise errors_at([(("tied",), f"{message} (remove tied or correct of)", True)])
        return self


class Indicator(Strict):
    """A named measure: a value with its unit, period and basis, earlier values for trends,
    benchmarks for comparison, ranks, and (for a level such as an amount) its growth."""

    name: Text | None = None
    unit: UnitName = "percent"
    basis: Basis = "yoy"
    real: bool | None = None
    period: PeriodField | None = None
    value: Number
    earlier: Earlier = Field(default_factory=dict)
    benchmarks: Benchmarks = Field(default_factory=dict)
    ranks: dict[Key, Rank] = Field(default_factory=dict)
    growth: Indicator | None = None
    contribution: Number | None = None  # to the whole's change, in points (拉动/影响 …个百分点)

    @field_validator("basis")
    @classmethod
    def _known_basis(cls, value: str) -> str:
        if value not in BASES:
            raise ValueError(f"basis {value!r} is not one of {', '.join(BASES)}")
        return value


class Level(Strict):
    """An amount or quantity in a unit: ``{value: 612.4, unit: 亿千瓦时}``."""

    value: Number
    unit: UnitName


class Member(Strict):
    """One member of a breakdown (a city, a sector, a product): its value in the breakdown's
    measure, optionally a level in its own unit, and its contribution to the whole in
    percentage points (拉动/影响 … 个百分点) where the release gives one."""

    key: Key | None = None  # for references to this one member: ``areas.urban``
    name: Text
    value: Number
    level: Level | None = None
    contribution: Number | None = None


class Breakdown(Strict):
    """A named group of members measured alike (growth by city, output by product)."""

    name: Text | None = None
    unit: UnitName = "percent"
    basis: Basis = "yoy"
    period: PeriodField | None = None
    members: Annotated[tuple[Member, ...], Field(min_length=1)]

    _known_basis = field_validator("basis")(Indicator._known_basis.__func__)  # type: ignore[attr-defined]

    @field_validator("members")
    @classmethod
    def _unique_keys(cls, members: tuple[Member, ...]) -> tuple[Member, ...]:
        """A key names one member: each repetition is reported at its own ``key:``."""
        first: dict[str, int] = {}
        twice = []
        for i, member in enumerate(members):
            key = member.key
            if key is not None and key in first:
                message = f"member key {key!r} is given twice (also members[{first[key]}])"
                twice.append(((i, "key"), message, key))
            elif key is not None:
                first[key] = i
        if twice:
            raise errors_at(twice)
        return members


class Threshold(Strict):
    """How many of a tally's members passed a threshold: ``{above: 20, count: 12}``, with
    named examples if the release names some."""

    above: Number
    count: Count
    examples: tuple[Text, ...] = ()


class Tally(Strict):
    """How many of a whole met the tally's condition (by default: grew), as published when
    the members themselves are not listed: ``{of: 40, count: 31}``."""

    name: Text | None = None
    of: Position
    count: Count | None = None
    thresholds: tuple[Threshold, ...] = ()

    @model_validator(mode="after")
    def _parts_within_whole(self) -> Tally:
        if self.count is not None and self.count > self.of:
            raise ValueError(f"count ({self.count}) is larger than of ({self.of})")
        limit, name = (self.count, "count") if self.count is not None else (self.of, "of")
        for t in self.thresholds:
            if t.count > limit:
                raise ValueError(
                    f"the count above {t.above} ({t.count}) is larger than {name} ({limit})"
                )
        return self


class Figure(Strict):
    """A named free figure for a narrative passage: a number, optionally with a unit
    (``{value: 2720, unit: 万元}``) and a period."""

    value: Number
    unit: UnitName | None = None
    period: PeriodField | None = None


def _figure(value: Any) -> Any:
    """``15`` is short for ``{value: 15}``."""
    return {"value": value} if isinstance(value, int | float | Decimal | str) else value


class Release(Strict):
    """Who publishes what, about where and when, in which languages and house style."""

    kind: KindName
    region: Text
    issuer: Text
    period: PeriodField
    published: Date
    languages: Languages = ("en", "zh-CN")
    narrative: KindName | None = None
    style: dict[str, dict[str, Any]] = Field(default_factory=dict)


class Dataset(Strict):
    """One release's data file in the general vocabulary."""

    release: Release
    indicators: dict[Key, Indicator] = Field(default_factory=dict)
    breakdowns: dict[Key, Breakdown] = Field(default_factory=dict)
    tallies: dict[Key, Tally] = Field(default_factory=dict)
    figures: dict[Key, Annotated[Figure, BeforeValidator(_figure)]] = Field(default_factory=dict)
    published: dict[str, Number] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_namespace(self, info: ValidationInfo) -> Dataset:
        """Indicators, breakdowns, tallies and figures share one namespace in templates."""
        seen: dict[str, str] = {}
        twice = []
        for section in ("indicators", "breakdowns", "tallies", "figures"):
            for name in getattr(self, section):
                if name in seen:  # (reported at the later one: the earlier may be required)
                    message = f"{name!r} is both in {seen[name]} and in {section}"
                    twice.append(((section, name), message, name))
                else:
                    seen[name] = section
        if twice:
            raise errors_at(twice)
        return self

    def period_of(self, period: Period | None) -> Period:
        """A value's period: its own, or the release's."""
        return period or self.release.period
