"""compute: derives the facts a bulletin states from a `Dataset`, in exact Decimal arithmetic;
no text, no locale, no rounding for display (that is the verbalizer's one job)."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from bulletin.errors import Problem
from bulletin.models import Amount, AnyDataset, CityDataset, Dataset, Member, Text
from bulletin.models import Tally as TallyData
from bulletin.periods import Period

HUNDRED = Decimal(100)
DOUBLE_DIGITS = Decimal(10)


class Direction(StrEnum):
    """Which way a figure moved; templates choose their words by it."""

    UP = "up"
    DOWN = "down"
    FLAT = "flat"

    @classmethod
    def of(cls, value: Decimal) -> Direction:
        return cls.UP if value > 0 else cls.DOWN if value < 0 else cls.FLAT


@dataclass(frozen=True)
class Rate:
    """A growth rate in % as published (5.3 means +5.3% year on year)."""

    value: Decimal

    @property
    def direction(self) -> Direction:
        return Direction.of(self.value)


@dataclass(frozen=True)
class Points:
    """A signed difference between two rates or shares, in percentage points."""

    value: Decimal

    @property
    def direction(self) -> Direction:
        return Direction.of(self.value)

    @classmethod
    def between(cls, a: Decimal, b: Decimal) -> Points:
        return cls(a - b)


@dataclass(frozen=True)
class Gap:
    """How far a series trails (or leads) a benchmark, before and after; ``trend`` is
    DOWN when the gap narrowed."""

    before: Decimal
    after: Decimal

    @classmethod
    def between(cls, ours: tuple[Decimal, Decimal], theirs: tuple[Decimal, Decimal]) -> Gap:
        return cls(abs(theirs[0] - ours[0]), abs(theirs[1] - ours[1]))

    @property
    def trend(self) -> Direction:
        return Direction.of(self.after - self.before)


@dataclass(frozen=True)
class Count:
    """``part`` of ``whole`` (13 of the 14 cities), with the share in %."""

    part: int
    whole: int

    @property
    def share(self) -> Decimal:
        return self.part * HUNDRED / self.whole if self.whole else Decimal(0)

    @property
    def all(self) -> bool:
        return self.part == self.whole

    @property
    def none(self) -> bool:
        return self.part == 0


@dataclass(frozen=True)
class Growth:
    """A named member (city, industry) and its growth rate."""

    name: Text
    rate: Rate


@dataclass(frozen=True)
class ValueAddedFacts:
    period: Period
    rate: Rate
    previous_year: Period
    vs_previous_year: Points
    earlier_period: Period
    latest_months: Period
    acceleration: Points
    national_acceleration: Points
    gap: Gap
    behind_national: bool


@dataclass(frozen=True)
class InvestmentFacts:
    rate: Rate
    vs_national: Points
    national_rank: int
    vs_fixed_asset_investment: Points
    share: Decimal
    share_change: Points


@dataclass(frozen=True)
class HighTechFacts:
    period: Period
    rate: Rate
    vs_national: Points


@dataclass(frozen=True)
class CityFacts:
    growing: Count
    grew: tuple[Growth, ...]
    above_national_and_provincial: Count
    double_digit: tuple[Growth, ...]
    members: tuple[Growth, ...]


@dataclass(frozen=True)
class TallyFacts:
    growing: Count
    fast_growing: Count | None
    fast_growth_threshold: Decimal | None


@dataclass(frozen=True)
class EnterpriseFacts:
    count: int
    rate: Rate
    vs_output_value: Points
    fast_growing: Count
    fast_growth_threshold: Decimal
    example: Text | None


@dataclass(frozen=True)
class ProfitFacts:
    period: Period
    total: Amount
    rate: Rate
    vs_national: Points
    industry_groups: TallyFacts


@dataclass(frozen=True)
class Facts:
    """Everything a bulletin states, derived from one dataset."""

    dataset: Dataset
    value_added: ValueAddedFacts
    industrial_investment: InvestmentFacts
    high_tech_investment: HighTechFacts
    cities: CityFacts
    major_industries: tuple[Growth, ...]
    industry_groups: TallyFacts
    key_enterprises: EnterpriseFacts
    profits: ProfitFacts

    kind = "province"

    def checkable(self) -> dict[str, Decimal]:
        """The derived figures a data file may restate under ``published:``, by name."""
        va, inv, cities = self.value_added, self.industrial_investment, self.cities
        return {
            "value_added.vs_previous_year": va.vs_previous_year.value,
            "value_added.acceleration": va.acceleration.value,
            "value_added.national_acceleration": va.national_acceleration.value,
            "value_added.gap_before": va.gap.before,
            "value_added.gap_after": va.gap.after,
            "industrial_investment.vs_national": inv.vs_national.value,
            "industrial_investment.vs_fixed_asset_investment": inv.vs_fixed_asset_investment.value,
            "industrial_investment.share_change": inv.share_change.value,
            "high_tech_investment.vs_national": self.high_tech_investment.vs_national.value,
            "cities.growing": Decimal(cities.growing.part),
            "cities.above_national_and_provincial": Decimal(
                cities.above_national_and_provincial.part
            ),
            "cities.double_digit": Decimal(len(cities.double_digit)),
            "industry_groups.share_growing": self.industry_groups.growing.share,
            "key_enterprises.vs_output_value": self.key_enterprises.vs_output_value.value,
            "profits.vs_national": self.profits.vs_national.value,
        }


def round_half_up(value: Decimal, exponent: int) -> Decimal:
    """Round to ``10**exponent`` the way statistics offices do (四舍五入), not half-even.

    >>> round_half_up(Decimal("2.25"), -1)
    Decimal('2.3')
    >>> round_half_up(Decimal("-2.25"), -1)
    Decimal('-2.3')
    """
    return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


def _growths(members: tuple[Member, ...]) -> tuple[Growth, ...]:
    return tuple(Growth(m.name, Rate(m.growth)) for m in members)


def _tally(data: TallyData) -> TallyFacts:
    fast = Count(data.fast_growing, data.total) if data.fast_growing is not None else None
    return TallyFacts(Count(data.growing, data.total), fast, data.fast_growth_threshold)


def _count(members: tuple[Growth, ...], test: Callable[[Decimal], bool]) -> Count:
    return Count(sum(1 for m in members if test(m.rate.value)), len(members))


def _months_after(earlier: Period, period: Period) -> Period:
    """The months a cumulative period adds to an earlier one (January–March after
    January–February is March)."""
    first = earlier.last_month + 1 if earlier.last_month < period.last_month else period.first_month
    kind = "month" if first == period.last_month else "months"
    return Period(period.year, first, period.last_month, kind)


@dataclass(frozen=True)
class CityValueAddedFacts:
    period: Period
    rate: Rate
    previous_year: Period
    vs_previous_year: Points
    vs_province: Points
    rank: int | None
    cities: int | None


@dataclass(frozen=True)
class CityInvestmentFacts:
    rate: Rate
    vs_province: Points


@dataclass(frozen=True)
class CityProfitFacts:
    period: Period
    total: Amount
    rate: Rate


@dataclass(frozen=True)
class CityBulletinFacts:
    """Everything a city bulletin states."""

    dataset: CityDataset
    value_added: CityValueAddedFacts
    major_industries: tuple[Growth, ...]
    enterprises: TallyFacts
    industrial_investment: CityInvestmentFacts
    profits: CityProfitFacts

    kind = "city"

    def checkable(self) -> dict[str, Decimal]:
        return {
            "value_added.vs_previous_year": self.value_added.vs_previous_year.value,
            "value_added.vs_province": self.value_added.vs_province.value,
            "enterprises.share_growing": self.enterprises.growing.share,
            "industrial_investment.vs_province": self.industrial_investment.vs_province.value,
        }


AnyFacts = Facts | CityBulletinFacts


def compute(data: AnyDataset) -> AnyFacts:
    """Derive every fact the bulletin states from the dataset."""
    if isinstance(data, CityDataset):
        return compute_city(data)
    return compute_province(data)


def compute_city(data: CityDataset) -> CityBulletinFacts:
    va = data.value_added
    return CityBulletinFacts(
        dataset=data,
        value_added=CityValueAddedFacts(
            period=data.release.period,
            rate=Rate(va.growth),
            previous_year=va.previous_year.period,
            vs_previous_year=Points.between(va.growth, va.previous_year.growth),
            vs_province=Points.between(va.growth, va.province_growth),
            rank=va.rank,
            cities=va.cities,
        ),
        major_industries=_growths(data.major_industries),
        enterprises=_tally(data.enterprises),
        industrial_investment=CityInvestmentFacts(
            rate=Rate(data.industrial_investment.growth),
            vs_province=Points.between(
                data.industrial_investment.growth, data.industrial_investment.province_growth
            ),
        ),
        profits=CityProfitFacts(
            period=data.profits.period, total=data.profits.total, rate=Rate(data.profits.growth)
        ),
    )


def compute_province(data: Dataset) -> Facts:
    """Derive every fact the provincial bulletin states."""
    va = data.value_added
    national, province = va.national_growth, va.growth
    inv = data.industrial_investment
    cities = _growths(data.cities)
    ke = data.key_enterprises
    facts = Facts(
        dataset=data,
        value_added=ValueAddedFacts(
            period=data.release.period,
            rate=Rate(province),
            previous_year=va.previous_year.period,
            vs_previous_year=Points.between(province, va.previous_year.growth),
            earlier_period=va.earlier.period,
            latest_months=_months_after(va.earlier.period, data.release.period),
            acceleration=Points.between(province, va.earlier.growth),
            national_acceleration=Points.between(national, va.earlier.national_growth),
            gap=Gap.between((va.earlier.growth, province), (va.earlier.national_growth, national)),
            behind_national=province < national,
        ),
        industrial_investment=InvestmentFacts(
            rate=Rate(inv.growth),
            vs_national=Points.between(inv.growth, inv.national_growth),
            national_rank=inv.national_rank,
            vs_fixed_asset_investment=Points.between(inv.growth, inv.fixed_asset_investment_growth),
            share=inv.share_of_fixed_asset_investment,
            share_change=Points.between(
                inv.share_of_fixed_asset_investment, inv.share_a_year_earlier
            ),
        ),
        high_tech_investment=HighTechFacts(
            period=data.high_tech_investment.period,
            rate=Rate(data.high_tech_investment.growth),
            vs_national=Points.between(
                data.high_tech_investment.growth, data.high_tech_investment.national_growth
            ),
        ),
        cities=CityFacts(
            growing=_count(cities, lambda g: g > 0),
            grew=tuple(c for c in cities if c.rate.value > 0),
            above_national_and_provincial=_count(cities, lambda g: g > max(national, province)),
            double_digit=tuple(c for c in cities if c.rate.value >= DOUBLE_DIGITS),
            members=cities,
        ),
        major_industries=_growths(data.major_industries),
        industry_groups=_tally(data.industry_groups),
        key_enterprises=EnterpriseFacts(
            count=ke.count,
            rate=Rate(ke.output_growth),
            vs_output_value=Points.between(ke.output_growth, va.output_value_growth),
            fast_growing=Count(ke.fast_growing, ke.count),
            fast_growth_threshold=ke.fast_growth_threshold,
            example=ke.example,
        ),
        profits=ProfitFacts(
            period=data.profits.period,
            total=data.profits.total,
            rate=Rate(data.profits.growth),
            vs_national=Points.between(data.profits.growth, data.profits.national_growth),
            industry_groups=_tally(data.profits.industry_groups),
        ),
    )
    return facts


def check_published(facts: AnyFacts, published: dict[str, Decimal]) -> list[Problem]:
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
        raw_exponent = stated.as_tuple().exponent
        exponent = min(raw_exponent, 0) if isinstance(raw_exponent, int) else 0
        value = round_half_up(computed[name], exponent)
        if value != stated:
            problems.append(
                Problem(
                    "data",
                    where,
                    f"published as {stated} but the data gives {computed[name].normalize()} "
                    f"(rounded: {value})",
                    "correct the source figures or the published one; they must agree",
                )
            )
    return problems
