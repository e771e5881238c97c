"""derive: the general derivations a kind of bulletin declares (difference, trend, gap, share,
count, members, months since), computed from a `Dataset` in exact Decimal arithmetic into
typed, signed results that know where their figures came from. No text, no locale, no kind
of bulletin named: a kind's `kind.yaml` says which facts it wants, this module computes them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from bulletin.models import Text
from bulletin.numbers import POINTS_DECIMALS, SHARE_DECIMALS, decimals_of, round_half_up
from bulletin.periods import Period
from bulletin.vocabulary import Benchmark, Breakdown, Dataset, Indicator, Tally

HUNDRED = Decimal(100)


class DeriveError(ValueError):
    """A declaration that does not fit the data: an unknown name, a missing earlier value."""


class SourcedInt(int):
    """A whole number from the data, or counted from it, that knows where it came from: a
    count's ``part`` (``count(breakdowns.cities.members where value > 0)``), a tally's ``of``
    (``tallies.industry_groups.of``), a rank's position. It is an int in every other way."""

    source: str | None
    derivation: str | None

    def __new__(
        cls, value: int, source: str | None = None, derivation: str | None = None
    ) -> SourcedInt:
        number = super().__new__(cls, value)
        number.source, number.derivation = source, derivation
        return number


class SourcedDecimal(Decimal):
    """A number from the data that knows its path (a threshold, a contribution); a Decimal in
    every other way (arithmetic on it gives plain Decimals)."""

    source: str | None
    derivation: str | None

    def __new__(cls, value: Decimal, source: str | None = None) -> SourcedDecimal:
        number = super().__new__(cls, value)
        number.source, number.derivation = source, None
        return number

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (Decimal(self), self.source))


def sourced(value: Decimal | None, source: str) -> SourcedDecimal | None:
    return None if value is None else SourcedDecimal(value, source)


class Direction(StrEnum):
    """Which way a signed figure points; templates choose their words by it."""

    UP = "up"
    DOWN = "down"
    FLAT = "flat"

    @classmethod
    def of(cls, value: Decimal) -> Direction:
        return cls.UP if value > 0 else cls.DOWN if value < 0 else cls.FLAT


@dataclass(frozen=True)
class Value:
    """A figure from the data: its value, unit, basis and period, and the path it came from
    (``indicators.value_added.benchmarks.national``), for provenance."""

    value: Decimal
    unit: str
    basis: str
    period: Period
    path: str
    name: Text | None = None
    contribution: Decimal | None = None  # a member's share of the whole's change, in points
    level: Any = None  # a member's level in its own unit (a `Level`), if given

    @property
    def direction(self) -> Direction:
        return Direction.of(self.value)

    @property
    def year(self) -> int:
        return self.period.year

    @property
    def source(self) -> str:
        """The field of the data that holds the number (a short form such as ``national: 6.1``
        stands for ``national: {value: 6.1}``)."""
        return f"{self.path}.value"


@dataclass(frozen=True)
class Difference:
    """``a − b``, signed: in percentage points between two rates or shares, in the unit
    otherwise. ``direction`` is UP when ``a`` is the larger."""

    a: Value
    b: Value

    @property
    def value(self) -> Decimal:
        return self.a.value - self.b.value

    @property
    def stated(self) -> Decimal:
        """The difference as a bulletin states it: in points to `POINTS_DECIMALS`, otherwise at
        the finer precision of its two figures. Directions are read from this figure."""
        if self.points:
            return round_half_up(self.value, -POINTS_DECIMALS)
        places = max(decimals_of(self.a.value), decimals_of(self.b.value))
        return round_half_up(self.value, -places)

    @property
    def direction(self) -> Direction:
        """UP when ``a`` is the larger by a stated amount: a difference that rounds to 0 is
        FLAT (level, the same pace), whatever its exact sign."""
        return Direction.of(self.stated)

    @property
    def points(self) -> bool:
        return self.a.unit == "percent"

    @property
    def unit(self) -> str:
        """The unit of the two figures (percent between rates; 亿元 between two amounts, which
        ``fmt.amount`` then writes: "同比减亏1.8亿元")."""
        return self.a.unit

    @property
    def derivation(self) -> str:
        return f"{self.a.source} − {self.b.source}"


class Movement(StrEnum):
    """How a growth rate moved between two times, in the words a statistician uses."""

    FASTER = "faster"  # growth, and faster growth
    SLOWER = "slower"  # growth, and slower growth
    SAME = "same"
    DECLINE_NARROWED = "decline narrowed"  # decline before and after, and less of it
    DECLINE_WIDENED = "decline widened"
    TURNED_TO_GROWTH = "turned to growth"  # from decline to growth
    TURNED_TO_DECLINE = "turned to decline"  # from growth to decline


@dataclass(frozen=True)
class Trend:
    """A rate now against the same rate earlier: the change in points and how it moved."""

    now: Value
    before: Value

    @property
    def change(self) -> Difference:
        return Difference(self.now, self.before)

    @property
    def value(self) -> Decimal:
        """The change in points (``now − before``)."""
        return self.change.value

    @property
    def derivation(self) -> str:
        return self.change.derivation

    @property
    def movement(self) -> Movement:
        now, before = self.now.value, self.before.value
        # A turn is read from the signs as published, and needs a sign on both sides: from
        # zero a rate rose or fell, it did not turn. Its words state no change in points.
        if now > 0 > before:
            return Movement.TURNED_TO_GROWTH
        if now < 0 < before:
            return Movement.TURNED_TO_DECLINE
        # Otherwise the words follow the change as stated: under 0.05 points is the same pace.
        up = self.change.direction
        if up == Direction.FLAT:
            return Movement.SAME
        if now < 0 and before < 0:
            return Movement.DECLINE_NARROWED if up == Direction.UP else Movement.DECLINE_WIDENED
        return Movement.FASTER if up == Direction.UP else Movement.SLOWER


class GapChange(StrEnum):
    """How the distance to a benchmark changed, keeping which side of it we are on."""

    NARROWED = "narrowed"  # same side, closer
    WIDENED = "widened"  # same side, further
    UNCHANGED = "unchanged"  # same side, as far
    CLOSED = "closed"  # level with the benchmark now, not before
    OPENED = "opened"  # level before, not now
    REVERSED = "reversed"  # the other side now
    LEVEL = "level"  # level before and now


@dataclass(frozen=True)
class Gap:
    """A series against a benchmark before and now: ``before`` and ``after`` are signed
    (ours − theirs), so a lead that became a shortfall is REVERSED, not "narrowed"."""

    before: Difference
    after: Difference

    @property
    def change(self) -> GapChange:
        b, a = self.before.direction, self.after.direction
        if b == Direction.FLAT:
            return GapChange.LEVEL if a == Direction.FLAT else GapChange.OPENED
        if a == Direction.FLAT:
            return GapChange.CLOSED
        if a != b:
            return GapChange.REVERSED
        # Sizes as stated: a gap that "narrowed from 0.8 to 0.8 points" is unchanged.
        size_before, size_after = abs(self.before.stated), abs(self.after.stated)
        if size_after == size_before:
            return GapChange.UNCHANGED
        return GapChange.NARROWED if size_after < size_before else GapChange.WIDENED

    @property
    def behind(self) -> bool:
        """Below the benchmark now."""
        return self.after.direction == Direction.DOWN

    @property
    def was_behind(self) -> bool:
        return self.before.direction == Direction.DOWN


def _origin(number: int) -> str:
    """How a count was found, to name it inside another derivation."""
    return getattr(number, "source", None) or getattr(number, "derivation", None) or str(number)


@dataclass(frozen=True)
class Count:
    """``part`` of ``whole`` (13 of the 14 cities), with the share in %. Derived counts are
    `SourcedInt`s that say how they were counted."""

    part: int
    whole: int
    members: tuple[Value, ...] = field(default=(), compare=False)

    @property
    def share(self) -> Decimal:
        return self.part * HUNDRED / self.whole if self.whole else Decimal(0)

    @property
    def share_derivation(self) -> str:
        return f"{_origin(self.part)} × 100 ÷ {_origin(self.whole)}"

    @property
    def share_stated(self) -> Decimal:
        """The share as a bulletin states it, to `SHARE_DECIMALS`: 1 of 2,001 is 0.0 and 1,999
        of 2,000 is 100.0, which a template does not state as the share of a part."""
        return round_half_up(self.share, -SHARE_DECIMALS)

    @property
    def all(self) -> bool:
        return self.part == self.whole

    @property
    def none(self) -> bool:
        return self.part == 0

    @property
    def one(self) -> bool:
        return self.part == 1


@dataclass(frozen=True)
class Share:
    """``part`` as a percentage of ``whole``."""

    part: Value
    whole: Value

    @property
    def value(self) -> Decimal:
        return self.part.value * HUNDRED / self.whole.value if self.whole.value else Decimal(0)

    @property
    def derivation(self) -> str:
        return f"{self.part.source} × 100 ÷ {self.whole.source}"


class Selection(tuple[Value, ...]):
    """Members of a breakdown chosen by a ``members:`` fact, which know how they were chosen:
    ``derivation`` counts them (``count(breakdowns.cities.members where value ≥ 10)``)."""

    derivation: str | None = None

    @classmethod
    def of(cls, members: Iterable[Value], derivation: str) -> Selection:
        chosen = cls(members)
        chosen.derivation = derivation
        return chosen


@dataclass(frozen=True)
class RankFact:
    """A rank the data gives for an indicator (fifth of the 31 provinces), its numbers with
    their paths; ``tied`` when the position is shared (tied for fifth, 并列第五)."""

    position: SourcedInt
    of: SourcedInt | None
    within: Text | None
    tied: bool = False


# --- references ----------------------------------------------------------------------------


def _indicator_value(
    indicator: Indicator, dataset: Dataset, path: str, period: Period | None = None
) -> Value:
    return Value(
        indicator.value,
        indicator.unit,
        indicator.basis,
        indicator.period or period or dataset.release.period,
        path,
        indicator.name,
        sourced(indicator.contribution, f"{path}.contribution"),
    )


def resolve(reference: str, dataset: Dataset) -> Any:
    """What a reference names: ``value_added`` (an indicator's value), ``value_added.national``
    (a benchmark), ``value_added@previous_year`` (an earlier value), ``profits.growth`` (an
    indicator's growth), ``cities`` (a breakdown), ``areas.urban`` (the member of a breakdown
    with that key), ``industry_groups`` (a tally), a figure.

    Indicators and members resolve to a `Value`; breakdowns and tallies to themselves."""
    text, _, role = reference.partition("@")
    first, *rest = text.split(".")
    if first in dataset.breakdowns and not rest and not role:
        return dataset.breakdowns[first]
    if first in dataset.breakdowns and len(rest) == 1 and not role:
        keys = [m.key for m in dataset.breakdowns[first].members]
        if rest[0] not in keys:
            known = ", ".join(k for k in keys if k) or "none"
            raise DeriveError(f"{reference!r}: no member with key {rest[0]!r} (keys: {known})")
        return members_as_values(first, dataset)[keys.index(rest[0])]
    if first in dataset.tallies and not rest and not role:
        return dataset.tallies[first]
    if first in dataset.figures and not rest and not role:
        figure = dataset.figures[first]
        return Value(
            figure.value,
            figure.unit or "",
            "level",
            dataset.period_of(figure.period),
            f"figures.{first}",
        )
    if first not in dataset.indicators:
        raise DeriveError(f"{reference!r}: the data has no indicator called {first!r}")
    indicator, path = dataset.indicators[first], f"indicators.{first}"
    benchmark: Benchmark | None = None
    period: Period | None = indicator.period
    for part in rest:
        if benchmark is None and part == "growth" and indicator.growth is not None:
            indicator, path = indicator.growth, f"{path}.growth"  # over the same period
            period = indicator.period or period
        elif benchmark is None and part in indicator.benchmarks:
            benchmark, path = indicator.benchmarks[part], f"{path}.benchmarks.{part}"
        else:
            known = ", ".join(indicator.benchmarks) or "none"
            raise DeriveError(f"{reference!r}: no benchmark {part!r} (benchmarks: {known})")
    own = _indicator_value(indicator, dataset, path, period)
    if benchmark is not None and not role:
        return Value(benchmark.value, own.unit, own.basis, own.period, path, benchmark.name)
    if not role:
        return own
    earlier = (benchmark or indicator).earlier
    if role not in earlier:
        # A benchmark's earlier value shares its period with the indicator's.
        raise DeriveError(
            f"{reference!r}: no earlier value {role!r} (earlier: {', '.join(earlier) or 'none'})"
        )
    observation = earlier[role]
    when = observation.period
    if when is None and benchmark is not None and role in indicator.earlier:
        when = indicator.earlier[role].period
    if when is None:
        raise DeriveError(f"{reference!r}: the earlier value {role!r} needs a period")
    return Value(observation.value, own.unit, own.basis, when, f"{path}.earlier.{role}")


def _value(reference: str, dataset: Dataset) -> Value:
    found = resolve(reference, dataset)
    if not isinstance(found, Value):
        raise DeriveError(f"{reference!r} names a breakdown or a tally, not a figure")
    return found


def _breakdown(reference: str, dataset: Dataset) -> tuple[Breakdown, str]:
    found = resolve(reference, dataset)
    if not isinstance(found, Breakdown):
        raise DeriveError(f"{reference!r} is not a breakdown (a group of members)")
    return found, f"breakdowns.{reference}"


def members_as_values(reference: str, dataset: Dataset) -> tuple[Value, ...]:
    """The members of a breakdown as values, in the data's order."""
    breakdown, path = _breakdown(reference, dataset)
    period = dataset.period_of(breakdown.period)
    return tuple(
        Value(
            m.value,
            breakdown.unit,
            breakdown.basis,
            period,
            f"{path}.members[{i}]",
            m.name,
            sourced(m.contribution, f"{path}.members[{i}].contribution"),
            None
            if m.level is None
            else Value(m.level.value, m.level.unit, "level", period, f"{path}.members[{i}].level"),
        )
        for i, m in enumerate(breakdown.members)
    )


# --- conditions ----------------------------------------------------------------------------

COMPARISONS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "above": lambda a, b: a > b,
    "at_least": lambda a, b: a >= b,
    "below": lambda a, b: a < b,
    "at_most": lambda a, b: a <= b,
    "equal": lambda a, b: a == b,
}


def _threshold(operand: Any, dataset: Dataset, comparison: str) -> Decimal:
    """A condition's operand: a number, a reference, or a list of them (all must hold, so
    the strictest counts)."""
    if isinstance(operand, list | tuple):
        values = [_threshold(o, dataset, comparison) for o in operand]
        return max(values) if comparison in {"above", "at_least"} else min(values)
    if isinstance(operand, str):
        return _value(operand, dataset).value
    return Decimal(str(operand))


def condition(spec: dict[str, Any], dataset: Dataset) -> Callable[[Decimal], bool]:
    """``{above: 0}``, ``{at_least: 10}``, ``{above: [value_added, value_added.national]}``;
    several keys must all hold. Without any: grew (above 0)."""
    tests = [
        (COMPARISONS[key], _threshold(operand, dataset, key))
        for key, operand in spec.items()
        if key in COMPARISONS
    ] or [(COMPARISONS["above"], Decimal(0))]
    return lambda value: all(test(value, limit) for test, limit in tests)


SYMBOLS = {"above": ">", "at_least": "≥", "below": "<", "at_most": "≤", "equal": "="}


def condition_text(spec: dict[str, Any], dataset: Dataset) -> str:
    """A condition as provenance states it: ``value > 0``, ``value > indicators.value_added.value
    and value > indicators.value_added.benchmarks.national.value`` (a list: every one holds).
    Without a comparison: grew, ``value > 0``."""

    def operand(value: Any) -> str:
        return _value(value, dataset).source if isinstance(value, str) else f"{Decimal(str(value))}"

    clauses = [
        f"value {SYMBOLS[key]} {operand(each)}"
        for key, operands in spec.items()
        if key in COMPARISONS
        for each in (operands if isinstance(operands, list | tuple) else [operands])
    ]
    return " and ".join(clauses) or "value > 0"


# --- derivations ---------------------------------------------------------------------------


def _pair(args: Any) -> tuple[str, str]:
    if not (isinstance(args, list | tuple) and len(args) == 2):
        raise DeriveError("takes two references: [a, b]")
    return str(args[0]), str(args[1])


def derive_value(args: Any, dataset: Dataset) -> Value:
    return _value(str(args), dataset)


def derive_diff(args: Any, dataset: Dataset) -> Difference:
    a, b = _pair(args)
    return Difference(_value(a, dataset), _value(b, dataset))


def derive_trend(args: Any, dataset: Dataset) -> Trend:
    now, before = _pair(args)
    return Trend(_value(now, dataset), _value(before, dataset))


def derive_gap(args: Any, dataset: Dataset) -> Gap:
    """``{gap: {of: value_added, benchmark: national, since: previous_cumulative}}``."""
    if not isinstance(args, dict) or not {"of", "benchmark", "since"} <= set(args):
        raise DeriveError("takes {of: indicator, benchmark: name, since: earlier value}")
    of, benchmark, since = str(args["of"]), str(args["benchmark"]), str(args["since"])
    ours_now, theirs_now = _value(of, dataset), _value(f"{of}.{benchmark}", dataset)
    ours_then = _value(f"{of}@{since}", dataset)
    theirs_then = _value(f"{of}.{benchmark}@{since}", dataset)
    return Gap(Difference(ours_then, theirs_then), Difference(ours_now, theirs_now))


def derive_share(args: Any, dataset: Dataset) -> Share:
    part, whole = _pair(args)
    return Share(_value(part, dataset), _value(whole, dataset))


def derive_count(args: Any, dataset: Dataset) -> Count:
    """``{count: {of: cities, above: 0}}``: how many members meet the condition."""
    spec = args if isinstance(args, dict) else {"of": args}
    members = members_as_values(str(spec.get("of")), dataset)
    test = condition(spec, dataset)
    chosen = tuple(m for m in members if test(m.value))
    path = _breakdown(str(spec.get("of")), dataset)[1] + ".members"
    return Count(
        SourcedInt(len(chosen), derivation=f"count({path} where {condition_text(spec, dataset)})"),
        SourcedInt(len(members), derivation=f"count({path})"),
        chosen,
    )


def derive_members(args: Any, dataset: Dataset) -> Selection:
    """``{members: {of: cities, at_least: 10, order: desc, limit: 3}}``: the members that meet
    the condition (all of them without one), in the data's order or by value."""
    spec = args if isinstance(args, dict) else {"of": args}
    members = members_as_values(str(spec.get("of")), dataset)
    has_condition = any(key in COMPARISONS for key in spec)
    test = condition(spec, dataset) if has_condition else (lambda _value: True)
    chosen = [m for m in members if test(m.value)]
    order = spec.get("order")
    if order in ("desc", "asc"):
        chosen.sort(key=lambda m: m.value, reverse=order == "desc")
    elif order is not None:
        raise DeriveError(f"order is asc or desc, not {order!r}")
    limit = spec.get("limit")
    path = _breakdown(str(spec.get("of")), dataset)[1] + ".members"
    where = f" where {condition_text(spec, dataset)}" if has_condition else ""
    if limit is not None:  # (how many there are, not which: the count of the chosen ones)
        chosen = chosen[: int(limit)]
        counted = f"min({limit}, count({path}{where}))"
    else:
        counted = f"count({path}{where})"
    return Selection.of(chosen, counted)


@dataclass(frozen=True)
class Above:
    """How many of a whole passed a threshold, with the examples the release names."""

    threshold: Decimal  # a `SourcedDecimal`: tallies.<name>.thresholds[i].above
    count: Count
    examples: tuple[Text, ...]


@dataclass(frozen=True)
class TallyFact:
    """A published tally: how many of ``whole`` grew (if given), and passed thresholds."""

    whole: int  # a `SourcedInt`: tallies.<name>.of
    growing: Count | None
    above: tuple[Above, ...]


def derive_tally(args: Any, dataset: Dataset) -> TallyFact:
    """A published tally (``{of: 40, count: 31, thresholds: [...]}``) as counts;
    ``{tally: {of: name, count: required}}`` when the kind states how many grew."""
    spec = args if isinstance(args, dict) else {"of": args}
    name = str(spec.get("of"))
    found = resolve(name, dataset)
    if not isinstance(found, Tally):
        raise DeriveError(f"{name!r} is not a tally")
    if spec.get("count") == "required" and found.count is None:
        raise DeriveError(f"{name!r}: the tally gives no count (how many of {found.of} grew)")
    path = f"tallies.{name}"
    whole = SourcedInt(found.of, f"{path}.of")
    growing = (
        Count(SourcedInt(found.count, f"{path}.count"), whole) if found.count is not None else None
    )
    return TallyFact(
        whole,
        growing,
        tuple(
            Above(
                SourcedDecimal(t.above, f"{path}.thresholds[{i}].above"),
                Count(SourcedInt(t.count, f"{path}.thresholds[{i}].count"), whole),
                t.examples,
            )
            for i, t in enumerate(found.thresholds)
        ),
    )


def derive_rank(args: Any, dataset: Dataset) -> RankFact:
    """``{rank: [industrial_investment, national]}``: a rank the data gives for an indicator
    (its ``ranks:``), e.g. fifth of the 31 provinces, or tied for fifth."""
    reference, key = _pair(args)
    name = reference.split(".")[0]
    if name not in dataset.indicators:
        raise DeriveError(f"{reference!r}: the data has no indicator called {name!r}")
    ranks = dataset.indicators[name].ranks
    if key not in ranks:
        raise DeriveError(f"{reference!r}: no rank {key!r} (ranks: {', '.join(ranks) or 'none'})")
    rank, path = ranks[key], f"indicators.{name}.ranks.{key}"
    return RankFact(
        SourcedInt(rank.position, f"{path}.position"),
        None if rank.of is None else SourcedInt(rank.of, f"{path}.of"),
        rank.within,
        rank.tied,
    )


def derive_months_since(args: Any, dataset: Dataset) -> Period:
    """The months a cumulative period adds to an earlier one: ``{months_since: [value_added,
    value_added@previous_cumulative]}`` is March when January–March follows January–February."""
    now_ref, before_ref = _pair(args)
    now, before = _value(now_ref, dataset).period, _value(before_ref, dataset).period
    if before.year != now.year or before.last_month >= now.last_month:
        raise DeriveError(f"{before} does not end before {now} in the same year")
    first = before.last_month + 1
    kind = "month" if first == now.last_month else "months"
    return Period(now.year, first, now.last_month, kind)


DERIVATIONS: dict[str, Callable[[Any, Dataset], Any]] = {
    "value": derive_value,
    "diff": derive_diff,
    "trend": derive_trend,
    "gap": derive_gap,
    "share": derive_share,
    "count": derive_count,
    "members": derive_members,
    "tally": derive_tally,
    "months_since": derive_months_since,
    "rank": derive_rank,
}


def checkable(name: str, fact: Any) -> Iterator[tuple[str, Decimal]]:
    """The figures of a derived fact that a data file may restate under ``published:``."""
    if isinstance(fact, Difference | Share | Value):
        yield name, fact.value
    elif isinstance(fact, Trend):
        yield name, fact.change.value
    elif isinstance(fact, Gap):
        yield f"{name}.before", fact.before.value
        yield f"{name}.after", fact.after.value
    elif isinstance(fact, Count):
        yield name, Decimal(fact.part)
        yield f"{name}.share", fact.share
    elif isinstance(fact, TallyFact) and fact.growing is not None:
        yield name, Decimal(fact.growing.part)
        yield f"{name}.share", fact.growing.share
    elif isinstance(fact, tuple):
        yield f"{name}.count", Decimal(len(fact))
    elif isinstance(fact, RankFact):
        yield name, Decimal(fact.position)
