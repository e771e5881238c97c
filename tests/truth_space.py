"""truth_space: the data space of the truth tests for the provincial kind (industry-province),
the truth of each claim computed from the data (not from the engine's derivations), and the
check that ties them together: render the bulletin in English and Chinese, read every claim
back (truth_reader.py) and compare it with the data and with the other language.

A variation of the sample is a plain dict of changes (short names, values as text), so that a
case Hypothesis finds can be kept as a readable ``@example``:

    {"value_added": "6.1", "value_added@previous_cumulative": "4.8",
     "cities": ("0.0", "-0.1", "10.0")}

`document` applies it to the sample (without its ``published:`` figures, which restate the
sample's derived figures); `check` returns every problem found: a claim the data makes untrue
("false"), a fact the bulletin must state but does not ("missing"), a sentence the reader does
not know ("unread"), or a claim one language makes and the other does not ("languages").
Wording that is true but awkward is collected as notes, not problems."""

from __future__ import annotations

import copy
import functools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st
from truth_reader import (
    GAP,
    NAT,
    NAT_CUM,
    NATIONAL_SPEED,
    PROFITS,
    PROFITS_DIFF,
    PROFITS_YEAR,
    PROVINCE_SPEED,
    RANK,
    SHARE,
    SHARE_CHANGE,
    VA,
    VA_CUM,
    VA_YEAR,
    Claim,
    Reading,
    read_bulletin,
    sentences,
)

from bulletin.loading import _DecimalLoader, parse_dataset
from bulletin.numbers import decimals_of, round_half_up
from bulletin.pipeline import facts_from, render_markdown
from bulletin.project import Project, find_project

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "liaoning-2024q1.yaml"
LANGUAGES = ("en", "zh-CN")
Changes = Mapping[str, Any]

# --- the data --------------------------------------------------------------------------------

# Where each short name lives in a data file (a benchmark may be a bare number or a mapping).
PATHS: dict[str, tuple[str, ...]] = {
    VA: ("indicators", "value_added"),
    VA_YEAR: ("indicators", "value_added", "earlier", "previous_year"),
    VA_CUM: ("indicators", "value_added", "earlier", "previous_cumulative"),
    NAT: ("indicators", "value_added", "benchmarks", "national"),
    NAT_CUM: (
        *("indicators", "value_added", "benchmarks", "national"),
        *("earlier", "previous_cumulative"),
    ),
    "industrial_investment": ("indicators", "industrial_investment"),
    "industrial_investment.national": (
        "indicators",
        "industrial_investment",
        "benchmarks",
        "national",
    ),
    "fixed_asset_investment": ("indicators", "fixed_asset_investment"),
    SHARE: ("indicators", SHARE),
    f"{SHARE}@same_period_last_year": ("indicators", SHARE, "earlier", "same_period_last_year"),
    "high_tech_investment": ("indicators", "high_tech_investment"),
    "high_tech_investment.national": (
        "indicators",
        "high_tech_investment",
        "benchmarks",
        "national",
    ),
    "key_enterprise_output": ("indicators", "key_enterprise_output"),
    "output_value": ("indicators", "output_value"),
    PROFITS: ("indicators", "profits"),
    "profits.growth": ("indicators", "profits", "growth"),
    "profits.growth.national": ("indicators", "profits", "growth", "benchmarks", "national"),
}
# Figures a variation may leave out (None): the growth of profits (with its national rate)
# and the level of profits a year earlier, which the sample does not give.
OPTIONAL = ("profits.growth", "profits.growth.national", PROFITS_YEAR)


@functools.cache
def sample() -> dict[str, Any]:
    """The sample as the loader reads it (numbers as Decimal, as published)."""
    loaded: dict[str, Any] = yaml.load(SAMPLE.read_text(encoding="utf-8"), Loader=_DecimalLoader)
    return loaded


def _set(document: dict[str, Any], path: tuple[str, ...], value: Decimal) -> None:
    *parents, last = path
    node = document
    for key in parents:
        node = node[key]
    if isinstance(node[last], dict):
        node[last]["value"] = value
    else:
        node[last] = value


def document(changes: Changes) -> dict[str, Any]:
    """The sample with ``changes`` applied and without ``published:``. Keys: the short names
    of PATHS (a value as text; None leaves out the growth of profits, or its national rate),
    ``profits@same_period_last_year`` (the level a year earlier; None: not given, as in the
    sample), ``rank`` (the national rank of industrial investment), ``rank_tied`` (shared),
    ``cities`` and ``major_industries`` (the values of their first members; the rest are
    dropped), ``industry_groups`` (how many of the 40 sectors grew), ``profit_groups``
    ((grew, grew by more than 20%)), ``key_enterprises`` ((grew by more than 10%, with the
    named example or not))."""
    doc = copy.deepcopy(sample())
    doc.pop("published", None)
    profits = doc["indicators"]["profits"]
    for key, value in changes.items():
        if key == "profits.growth" and value is None:
            profits.pop("growth", None)
        elif key == "profits.growth.national" and value is None:
            if "growth" in profits:
                profits["growth"].pop("benchmarks", None)
        elif key == PROFITS_YEAR:
            if value is not None:
                before = {"period": "2023-01..02", "value": Decimal(value)}
                profits["earlier"] = {"same_period_last_year": before}
        elif key in PATHS:
            if key.startswith("profits.growth") and "growth" not in profits:
                continue  # (left out by another change)
            _set(doc, PATHS[key], Decimal(value))
        elif key == "rank":
            doc["indicators"]["industrial_investment"]["ranks"]["national"]["position"] = value
        elif key == "rank_tied":
            doc["indicators"]["industrial_investment"]["ranks"]["national"]["tied"] = value
        elif key in ("cities", "major_industries"):
            members = doc["breakdowns"][key]["members"][: len(value)]
            for member, figure in zip(members, value, strict=True):
                member["value"] = Decimal(figure)
            doc["breakdowns"][key]["members"] = members
        elif key == "industry_groups":
            doc["tallies"]["industry_groups"]["count"] = value
        elif key == "profit_groups":
            grew, fast = value
            doc["tallies"]["profit_groups"]["count"] = grew
            doc["tallies"]["profit_groups"]["thresholds"][0]["count"] = fast
        elif key == "key_enterprises":
            fast, named = value
            threshold = doc["tallies"]["key_enterprises"]["thresholds"][0]
            threshold["count"] = fast
            if not named:
                threshold.pop("examples", None)
        else:
            raise KeyError(f"no such change: {key!r}")
    return doc


# --- rendering -------------------------------------------------------------------------------


@functools.cache
def project() -> Project:
    return find_project(str(ROOT))


def render(doc: dict[str, Any], language: str) -> str:
    """The bulletin's Markdown, as generation makes it (validated, facts derived)."""
    facts = facts_from(parse_dataset(copy.deepcopy(doc), "truth"), "truth", None, project())
    return render_markdown(facts, language, project()).content.decode("utf-8")


def names_of(doc: Mapping[str, Any], language: str) -> dict[str, dict[str, str]]:
    """Display names of this language → keys (the English names), by group."""

    def table(items: list[Any]) -> dict[str, str]:
        return {item[language]: item["en"] for item in items}

    thresholds = doc["tallies"]["key_enterprises"]["thresholds"]
    return {
        "cities": table([m["name"] for m in doc["breakdowns"]["cities"]["members"]]),
        "major_industries": table(
            [m["name"] for m in doc["breakdowns"]["major_industries"]["members"]]
        ),
        "examples": table([e for t in thresholds for e in t.get("examples", ())]),
    }


@functools.cache
def static_sentences(language: str) -> frozenset[str]:
    """The sentences of the sample that state nothing computed: the release's own passages
    (title, introduction, measures), the same whatever the generated figures."""
    doc = document({})
    reading = read_bulletin(render(doc, language), language, names_of(doc, language))
    return frozenset(s for s in sentences(render(doc, language), language) if s in reading.unread)


# --- the truth -------------------------------------------------------------------------------


def _get(doc: Mapping[str, Any], path: tuple[str, ...]) -> Decimal:
    node: Any = doc
    for key in path:
        node = node[key]
    value = node["value"] if isinstance(node, dict) else node
    assert isinstance(value, Decimal)
    return value


def _given(doc: Mapping[str, Any], path: tuple[str, ...]) -> Decimal | None:
    """The figure at ``path``, or None where the data leaves it out."""
    try:
        return _get(doc, path)
    except (KeyError, TypeError):
        return None


def profits_truth(now: Decimal, year: Decimal | None, growth: Decimal | None) -> dict[str, Any]:
    """The truth of profits: the level (negative: a loss), the level a year earlier and the
    difference, if given; the growth only where a growth rate means something (a profit now,
    and no loss a year earlier): of a loss, or across a turn, any growth stated is false."""
    truth: dict[str, Any] = {PROFITS: now}
    if year is not None:
        truth[PROFITS_YEAR] = year
        truth[PROFITS_DIFF] = now - year
    if growth is not None and growth_means_something(now, year):
        truth["profits.growth"] = growth
    elif growth is not None:
        truth[f"profits.growth{MEANINGLESS}"] = growth
    return truth


MEANINGLESS = ": means nothing"  # a figure the data gives where it means nothing


def growth_means_something(now: Decimal, year: Decimal | None) -> bool:
    return now >= 0 and (year is None or year >= 0)


def profits_required(truth: Mapping[str, Any]) -> set[tuple[str, str]]:
    """What a sentence on profits must state: the level, and the turn or the change of a loss
    against a year earlier (a loss after a profit, a profit after a loss, two losses)."""
    needed = {("profits", "profits.period"), ("profits", PROFITS)}
    now, year = truth[PROFITS], truth.get(PROFITS_YEAR)
    if year is not None and (now < 0 < year or year < 0 < now or (now < 0 and year < 0)):
        needed.add(("profits", PROFITS_YEAR))
    if year is not None and now < 0 and year < 0:
        needed.add(("profits", PROFITS_DIFF))
    if "profits.growth" in truth:
        needed.add(("profits", "profits.growth"))
    return needed


def _months(period: Any) -> tuple[int, int]:
    """A period of the data as (first month, last month): 2024-Q1 → (1, 3)."""
    text = str(period)
    if "-Q" in text:
        q = int(text.split("-Q")[1])
        return 3 * q - 2, 3 * q
    if ".." in text:
        first, last = text.split("..")
        return int(first.split("-")[1]), int(last.split("-")[-1])
    if "-" in text:
        month = int(text.split("-")[1])
        return month, month
    return 1, 12


def _span(months: tuple[int, int]) -> str:
    return f"{months[0]}..{months[1]}"


def stated(points: Decimal) -> Decimal:
    """A difference in percentage points as true when published: to one decimal, half up.
    "Level with" is true of 29.24 against 29.2; "0 percentage points higher" never is."""
    return round_half_up(points, -1)


def truth_of(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Every quantity a claim may name, computed from the data with plain arithmetic: a
    Decimal (signed), an int (a count, a year, a rank), a period ("1..3") or sorted names."""
    v = {name: _given(doc, path) for name, path in PATHS.items()}
    indicators, tallies = doc["indicators"], doc["tallies"]
    growth, national = v.pop("profits.growth"), v.pop("profits.growth.national")
    year = _given(doc, ("indicators", "profits", "earlier", "same_period_last_year"))
    rank = indicators["industrial_investment"]["ranks"]["national"]
    release_months = _months(doc["release"]["period"])
    cumulative = _months(indicators["value_added"]["earlier"]["previous_cumulative"]["period"])
    cities = [(m["name"]["en"], m["value"]) for m in doc["breakdowns"]["cities"]["members"]]
    industries = doc["breakdowns"]["major_industries"]["members"]
    groups, profit_groups = tallies["industry_groups"], tallies["profit_groups"]
    fast_profits = profit_groups["thresholds"][0]
    fast_enterprises = tallies["key_enterprises"]["thresholds"][0]
    gap_before, gap_after = stated(v[VA_CUM] - v[NAT_CUM]), stated(v[VA] - v[NAT])
    truth: dict[str, Any] = {
        **v,
        "value_added.period": _span(release_months),
        f"{VA_CUM}.period": _span(cumulative),
        "months since previous_cumulative": _span((cumulative[1] + 1, release_months[1])),
        f"{VA_YEAR}.year": int(
            str(indicators["value_added"]["earlier"]["previous_year"]["period"])
        ),
        f"{VA} − {VA_YEAR}": stated(v[VA] - v[VA_YEAR]),
        PROVINCE_SPEED["change"]: stated(v[VA] - v[VA_CUM]),
        PROVINCE_SPEED["max"]: max(v[VA], v[VA_CUM]),
        NATIONAL_SPEED["change"]: stated(v[NAT] - v[NAT_CUM]),
        NATIONAL_SPEED["max"]: max(v[NAT], v[NAT_CUM]),
        GAP["before"]: gap_before,
        GAP["after"]: gap_after,
        GAP["size"]: abs(gap_after) - abs(gap_before),
        "industrial_investment − industrial_investment.national": stated(
            v["industrial_investment"] - v["industrial_investment.national"]
        ),
        "industrial_investment − fixed_asset_investment": stated(
            v["industrial_investment"] - v["fixed_asset_investment"]
        ),
        RANK: int(rank["position"]),
        f"{RANK}.tied": int(bool(rank.get("tied"))),
        SHARE_CHANGE: stated(v[SHARE] - v[f"{SHARE}@same_period_last_year"]),
        "high_tech_investment.period": _span(_months(indicators["high_tech_investment"]["period"])),
        "high_tech_investment − high_tech_investment.national": stated(
            v["high_tech_investment"] - v["high_tech_investment.national"]
        ),
        "key_enterprise_output − output_value": stated(
            v["key_enterprise_output"] - v["output_value"]
        ),
        "profits.period": _span(_months(indicators["profits"]["period"])),
        "cities.count": len(cities),
        "cities growing": sum(1 for _, x in cities if x > 0),
        "cities growing: names": tuple(sorted(n for n, x in cities if x > 0)),
        "cities above value_added and value_added.national": sum(
            1 for _, x in cities if x > v[VA] and x > v[NAT]
        ),
        # "double-digit growth": from 10% up to, not including, 100%
        "cities at least 10": sum(1 for _, x in cities if 10 <= x < 100),
        "cities at least 10: names": tuple(sorted(n for n, x in cities if 10 <= x < 100)),
        "major_industries.count": len(industries),
        **{f"major_industries[{m['name']['en']}]": m["value"] for m in industries},
        "industry_groups.of": groups["of"],
        "industry_groups.count": groups["count"],
        "industry_groups.share": Decimal(groups["count"]) * 100 / Decimal(groups["of"]),
        "key_enterprises.of": tallies["key_enterprises"]["of"],
        f"key_enterprises above {fast_enterprises['above']}": fast_enterprises["count"],
        f"key_enterprises above {fast_enterprises['above']}: examples": tuple(
            sorted(e["en"] for e in fast_enterprises.get("examples", ()))
        ),
        "profit_groups.of": profit_groups["of"],
        "profit_groups.count": profit_groups["count"],
        f"profit_groups above {fast_profits['above']}": fast_profits["count"],
    }
    truth |= profits_truth(v[PROFITS], year, growth)
    if "profits.growth" in truth and growth is not None and national is not None:
        truth["profits.growth − profits.growth.national"] = stated(growth - national)
    return truth


def _sign(value: Decimal) -> str:
    return "+" if value > 0 else "-" if value < 0 else "0"


def verify(claim: Claim, truth: Mapping[str, Any]) -> str | None:
    """Why the data makes the claim untrue, or None if it is true."""
    if claim.quantity + MEANINGLESS in truth:
        given = truth[claim.quantity + MEANINGLESS]
        return f"the data gives {given}, which means nothing here (a loss, or across a turn)"
    if claim.quantity not in truth:
        return f"the data has no {claim.quantity!r}"
    value = truth[claim.quantity]
    if claim.relation == "=":
        if claim.names:
            stated: Any = claim.names[0] if isinstance(value, str) else tuple(sorted(claim.names))
            return None if stated == value else f"the data gives {value!r}"
        if claim.unit == "share":
            expected = round_half_up(Decimal(value), -1)
        elif claim.unit == "amount":  # an amount in the data's unit, as published
            expected = value
        elif claim.unit == "%":
            expected = round_half_up(value, -decimals_of(value))
        else:
            expected = value
        return None if claim.figure == expected else f"the data gives {expected}"
    if claim.relation == "+0":
        return None if value >= 0 else f"the data gives {value}, below zero"
    if _sign(value) != claim.relation:
        return f"wrong direction: the data gives {claim.quantity} = {value}"
    if claim.figure is None:
        return None
    if claim.unit == "%":
        expected = round_half_up(abs(value), -decimals_of(value))
        if decimals_of(claim.figure) != decimals_of(value):
            return f"printed at another precision than published ({value})"
    elif claim.unit == "amount":  # a difference of amounts, exact: its size
        expected = abs(value)
    else:
        expected = round_half_up(abs(value), -1)
    return None if claim.figure == expected else f"wrong figure: the data gives {value}"


def speed_claim(truth: Mapping[str, Any], speed: Mapping[str, str]) -> str:
    """What a sentence on how a rate moved must state: the change in points, or for a turn
    (a sign on both sides) the rate before."""
    now, before = truth[speed["now"]], truth[speed["before"]]
    return speed["before"] if now * before < 0 else speed["change"]


def required(truth: Mapping[str, Any]) -> set[tuple[str, str]]:
    """(sentence, quantity): what the bulletin must state for this data."""
    needed = {
        ("heading: cities", "cities growing"),
        ("headline", VA),
        ("headline", f"{VA} − {VA_YEAR}"),
        ("latest months: national", speed_claim(truth, NATIONAL_SPEED)),
        ("latest months: province", speed_claim(truth, PROVINCE_SPEED)),
        ("latest months: gap", GAP["before"]),
        ("latest months: gap", GAP["after"]),
        ("investment", "industrial_investment"),
        ("investment", "industrial_investment − industrial_investment.national"),
        ("investment", RANK),
        ("investment", f"{RANK}.tied"),
        ("investment", "industrial_investment − fixed_asset_investment"),
        ("investment", SHARE),
        ("investment", SHARE_CHANGE),
        ("cities", "cities growing"),
        ("sectors", "industry_groups.count"),
        ("enterprises", "key_enterprise_output"),
        ("enterprises", "key_enterprise_output − output_value"),
        ("profit sectors", "profit_groups.count"),
        ("heading: high tech", "high_tech_investment"),
        ("high tech", "high_tech_investment"),
        ("high tech", "high_tech_investment − high_tech_investment.national"),
    }
    needed |= {("industries", q) for q in truth if q.startswith("major_industries[")}
    needed |= profits_required(truth)
    if "profits.growth − profits.growth.national" in truth:
        needed.add(("profits", "profits.growth − profits.growth.national"))
    if truth["cities above value_added and value_added.national"]:
        needed.add(("cities", "cities above value_added and value_added.national"))
    if truth["cities at least 10"]:  # (a city of 100% or more need not be named)
        needed.add(("cities", "cities at least 10: names"))
    if truth["key_enterprises above 10"]:
        needed.add(("enterprises", "key_enterprises above 10"))
    return needed


# --- the check -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    kind: str  # false, contradiction, missing, unread, languages
    language: str
    sentence: str
    why: str
    what: str = ""  # the kind of claim, without its figures: "cities: cities at least 10 ="

    def __str__(self) -> str:
        return f"[{self.kind}, {self.language}] {self.sentence}\n    {self.why}"


def contradictions(reading: Reading, language: str) -> list[Problem]:
    """Sentences that contradict themselves as printed, whatever the data: a direction with a
    figure of zero ("0 percentage points higher"), a gap said to narrow whose printed sizes do
    not ("narrowing the gap from 2.2 to 2.2 percentage points")."""
    found = [
        Problem(
            "contradiction",
            language,
            c.sentence,
            f"{c}: a direction with a figure of 0",
            f"{c.subject}: {c.quantity} {c.relation}",
        )
        for c in reading.claims
        if c.relation in ("+", "-") and c.figure is not None and c.figure == 0
    ]
    by_sentence: dict[tuple[str, str], dict[str, Claim]] = {}
    for c in reading.claims:
        if c.quantity in GAP.values():
            by_sentence.setdefault((c.sentence, c.subject), {})[c.quantity] = c
    for (text, _subject), claims in by_sentence.items():
        size, before, after = (claims.get(GAP[role]) for role in ("size", "before", "after"))
        if size is None or before is None or after is None:
            continue
        if before.figure is None or after.figure is None:
            continue
        printed = _sign(after.figure - before.figure)
        if printed != size.relation:
            found.append(
                Problem(
                    "contradiction",
                    language,
                    text,
                    f"says the gap's size moved {size.relation!r}, prints {before.figure} → "
                    f"{after.figure}",
                    f"{size.subject}: {size.quantity} {size.relation}",
                )
            )
    return found


@dataclass
class Outcome:
    problems: list[Problem]
    readings: dict[str, Reading]
    texts: dict[str, str]


def examine(changes: Changes) -> Outcome:
    """Render the variation in every language, read it back and compare."""
    doc = document(changes)
    return examine_texts(doc, {language: render(doc, language) for language in LANGUAGES})


def examine_texts(doc: Mapping[str, Any], texts: dict[str, str]) -> Outcome:
    """Read bulletins (Markdown by language) back and compare them with the data of ``doc``
    and with each other."""
    truth = truth_of(doc)
    readings = {
        language: read_bulletin(
            texts[language], language, names_of(doc, language), static_sentences(language)
        )
        for language in LANGUAGES
    }
    problems: list[Problem] = []
    for language, reading in readings.items():
        problems += [
            Problem("unread", language, s, "no pattern reads it", s[:40]) for s in reading.unread
        ]
        for claim in reading.claims:
            why = verify(claim, truth)
            if why:
                what = f"{claim.subject}: {claim.quantity} {claim.relation}"
                problems.append(Problem("false", language, claim.sentence, f"{claim}: {why}", what))
        problems += contradictions(reading, language)
        stated = {(c.subject, c.quantity) for c in reading.claims}
        for subject, quantity in sorted(required(truth) - stated):
            why = f"nothing states {quantity}"
            problems.append(Problem("missing", language, subject, why, f"{subject}: {quantity}"))
    en, zh = (Counter(c.key for c in readings[language].claims) for language in LANGUAGES)
    for key in sorted((en - zh) + (zh - en)):
        side = "en only" if en[key] > zh[key] else "zh-CN only"
        problems.append(Problem("languages", side, "", f"{key}", f"{key[0]}: {key[1]}"))
    return Outcome(problems, readings, texts)


def describe(changes: Changes) -> str:
    """The data of a variation, as figures (what differs from the sample is given)."""
    return "{" + ", ".join(f"{k!r}: {v!r}" for k, v in changes.items()) + "}"


def report(changes: Changes, outcome: Outcome) -> str:
    lines = [f"data: {describe(changes)}"]
    lines += [str(p) for p in outcome.problems]
    return "\n".join(lines)


def assert_true(changes: Changes) -> Outcome:
    """Fail, showing the data and each wrong sentence, if any claim disagrees."""
    outcome = examine(changes)
    assert not outcome.problems, report(changes, outcome)
    return outcome


# --- strategies ------------------------------------------------------------------------------

SPECIAL = ("0.0", "0.1", "-0.1", "1.0", "-1.0", "10.0", "9.9", "-0.0")


def _scaled(n: int, places: int) -> str:
    return str(Decimal(n).scaleb(-places))


def rate(low: int = -15, high: int = 15, places: int = 1) -> st.SearchStrategy[str]:
    """A rate in [low, high] written with ``places`` decimals, often a special value (zero,
    ±0.1, 10.0, ±0.01 at two decimals)."""
    scale = 10**places
    special = SPECIAL if places == 1 else (*SPECIAL, "0.01", "-0.01", "0.04", "0.05", "-0.05")
    return st.one_of(
        st.sampled_from(special),
        st.integers(low * scale, high * scale).map(lambda n: _scaled(n, places)),
    )


def _add(a: str, b: str) -> str:
    return str(Decimal(a) + Decimal(b))


def _neg(a: str) -> str:
    return str(-Decimal(a))


@st.composite
def related(
    draw: st.DrawFn, pool: list[str], low: int = -15, high: int = 15, places: int = 1
) -> str:
    """A value that often equals, mirrors or neighbours one already drawn (ties, sign
    crossings, differences of one unit of the last place), otherwise a fresh one."""
    choice = draw(st.integers(0, 4))
    if choice == 0 or not pool:
        return draw(rate(low, high, places))
    base = draw(st.sampled_from(pool))
    step = _scaled(1, places)
    return [base, _neg(base), _add(base, step), _add(base, _neg(step))][choice - 1]


@st.composite
def value_added(draw: st.DrawFn, places: int = 1) -> dict[str, str]:
    """The headline rate, its earlier values and the national rate now and before: ties,
    sign crossings and gaps that narrow, widen, close, open or change sides."""
    pool: list[str] = [draw(rate(places=places))]

    def pick() -> str:
        value = draw(related(pool, places=places))
        pool.append(value)
        return value

    if draw(st.booleans()):
        names = (VA, VA_YEAR, VA_CUM, NAT, NAT_CUM)
        return {name: pick() for name in names}
    # Through the gaps: before and after are often equal, opposite or zero.
    nat, nat_cum = pick(), pick()
    before = draw(related(["0.0", *pool], places=places))
    after = draw(st.sampled_from([before, _neg(before), "0.0", draw(related(pool, places=places))]))
    return {
        VA: _add(nat, after),
        VA_YEAR: pick(),
        VA_CUM: _add(nat_cum, before),
        NAT: nat,
        NAT_CUM: nat_cum,
    }


@st.composite
def versus(
    draw: st.DrawFn, name: str, benchmark: str, places: int = 1, wide: int = 30
) -> dict[str, str]:
    """An indicator and what it is compared with: equal, above, below, either side of zero;
    now and then far from zero (a growth of 1,234.5% from a small base)."""
    a = draw(st.one_of(rate(-wide, wide, places), rate(-100, 2000, places)))
    b = draw(related([a], -wide, wide, places))
    return {name: a, benchmark: b}


@st.composite
def benchmarks(draw: st.DrawFn, places: int = 1) -> dict[str, Any]:
    """Industrial investment (vs national, vs fixed assets, its share), high-tech investment,
    key enterprises vs output value, profits vs national."""
    changes: dict[str, Any] = {}
    changes |= draw(versus("industrial_investment", "industrial_investment.national", places))
    changes["fixed_asset_investment"] = draw(
        related([changes["industrial_investment"]], places=places)
    )
    changes["rank"] = draw(st.integers(1, 31))
    edges = st.sampled_from(["0.0", "0.1", "50.0", "99.9", "100.0"])
    positive = st.one_of(edges, rate(0, 100, places))
    share = draw(positive.filter(lambda x: Decimal(x) >= 0))
    earlier = draw(st.one_of(st.just(share), related([share], 0, 100, places), positive))
    if Decimal(earlier) < 0:  # a share is never negative (the engine does not check)
        earlier = _neg(earlier)
    changes[SHARE], changes[f"{SHARE}@same_period_last_year"] = share, earlier
    changes |= draw(versus("high_tech_investment", "high_tech_investment.national", places))
    changes |= draw(versus("key_enterprise_output", "output_value", places))
    changes |= draw(versus("profits.growth", "profits.growth.national", places))
    changes["rank_tied"] = draw(st.booleans())
    changes |= draw(profits(places))
    return changes


@st.composite
def amount(draw: st.DrawFn, places: int = 1) -> str:
    """An amount in 亿元, from a few million yuan to more than a trillion."""
    return draw(
        st.one_of(
            st.sampled_from(["0.1", "0.01", "1", "10", "140.1", "185.7", "9999.9", "12345.6"]),
            st.integers(1, 10**6).map(lambda n: _scaled(n, places)),
        )
    )


@st.composite
def profit_levels(draw: st.DrawFn, places: int = 1) -> tuple[str, str | None]:
    """Profits (a loss below zero, now and then none at all) and, or not, the level a year
    earlier: the same, the other sign (a turn), a loss that narrowed or widened, zero."""
    size = draw(amount(places))
    now = draw(st.sampled_from([size, _neg(size), _neg(size), "0.0"]))
    other = draw(amount(places))
    year = draw(
        st.one_of(
            st.none(),
            st.sampled_from([now, _neg(now), "0.0", other, _neg(other)]),
            related([now], -500, 500, places),
        )
    )
    return now, year


@st.composite
def profits(draw: st.DrawFn, places: int = 1) -> dict[str, Any]:
    """Profits and the level a year earlier; their growth left out now and then (a release
    whose profits turned gives none), or its national rate."""
    now, year = draw(profit_levels(places))
    changes: dict[str, Any] = {PROFITS: now, PROFITS_YEAR: year}
    left_out = draw(st.sampled_from([None, None, "profits.growth", "profits.growth.national"]))
    if left_out is not None:
        changes[left_out] = None
    return changes


@st.composite
def city_values(
    draw: st.DrawFn, province: str = "5.3", national: str = "6.1", places: int = 1
) -> tuple[str, ...]:
    """The cities' rates: all grew, none grew, exactly one, k of n; double-digit none, one or
    several (and now and then triple-digit); ties with the provincial and national rates
    (growth that only equals them)."""
    n = draw(st.integers(1, 14))
    grew = draw(st.sampled_from(["all", "none", "one", "some"]))
    edges = ["0.1", "9.9", "10.0", "10.1", "99.9", "100.0", province, national]
    up = st.one_of(
        st.sampled_from([*edges, _add(province, "0.1"), _add(national, "0.1")]),
        rate(0, 20, places),
    ).filter(lambda x: Decimal(x) > 0)
    down = st.one_of(
        st.sampled_from(["0.0", "-0.0", "-0.1", "-10.0", province, national]),
        rate(-20, 0, places),
    ).filter(lambda x: Decimal(x) <= 0)
    if grew == "all":
        return tuple(draw(st.lists(up, min_size=n, max_size=n)))
    if grew == "none":
        return tuple(draw(st.lists(down, min_size=n, max_size=n)))
    if grew == "one":
        values = draw(st.lists(down, min_size=n, max_size=n))
        values[draw(st.integers(0, n - 1))] = draw(up)
        return tuple(values)
    return tuple(draw(st.lists(st.one_of(up, down), min_size=n, max_size=n)))


@st.composite
def cities(draw: st.DrawFn) -> dict[str, Any]:
    return {"cities": draw(city_values())}


@st.composite
def tallies(draw: st.DrawFn, places: int = 1) -> dict[str, Any]:
    """The major industries' rates, and the published counts of sectors and enterprises."""
    n = draw(st.integers(1, 4))
    industries = tuple(draw(st.lists(rate(-30, 30, places), min_size=n, max_size=n)))
    edge = st.sampled_from([0, 1, 39, 40])
    grew = draw(st.one_of(edge, st.integers(0, 40)))
    profit_grew = draw(st.one_of(edge, st.integers(0, 40)))
    fast = draw(st.one_of(st.sampled_from([0, 1, profit_grew]), st.integers(0, profit_grew)))
    enterprises = draw(st.one_of(st.sampled_from([0, 1, 2, 700]), st.integers(0, 700)))
    return {
        "major_industries": industries,
        "industry_groups": grew,
        "profit_groups": (profit_grew, min(fast, profit_grew)),
        "key_enterprises": (enterprises, draw(st.booleans())),
    }


@st.composite
def whole_space(draw: st.DrawFn, places: int = 1) -> dict[str, Any]:
    """Every comparison the bulletin states, varied at once."""
    changes: dict[str, Any] = dict(draw(value_added(places)))
    changes |= draw(benchmarks(places))
    changes["cities"] = draw(city_values(changes[VA], changes[NAT], places))
    changes |= draw(tallies(places))
    return changes


PROPERTIES: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "value added, its earlier values and the national rate": value_added(),
    "investment, high-tech, key enterprises and profits against their benchmarks": benchmarks(),
    "cities: how many grew, outpaced both rates, grew by double digits": cities(),
    "major industries and the published counts": tallies(),
    "the whole space at once": whole_space(),
}

# Rates a source published with two decimals (5.25%): the engine rounds points to one decimal.
TWO_DECIMALS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "the whole space, published at two decimals": whole_space(places=2),
}
