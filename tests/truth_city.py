"""truth_city: the truth tests of the city bulletin (kind industry-city): its data space, the
truth of each claim computed with plain arithmetic, and a reader of every sentence it
computes, in English and Chinese.

A variation is a dict of changes to the Dalian sample (data/cities/dalian-2024q1.yaml), as in
truth_space.py: the short names of PATHS (a value as text; None leaves out the growth of
profits, or their level a year earlier), ``city`` (another city's data file as the base:
``"shenyang"``), ``rank`` (``None``: no rank; ``(position, of)``; ``(position, of, False)``:
without the province's name; ``(position, of, True, True)``: shared, tied), ``major_industries``
(their values; members past the sample's four come from EXTRA_INDUSTRIES) and ``enterprises``
((of, grew))."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import truth_space as ts
from hypothesis import strategies as st
from truth_kinds import Changes, Names, Reader, Space, load, verify
from truth_reader import (
    NUMBER,
    ONE_INDUSTRY,
    PROFITS,
    PROFITS_YEAR,
    SLOT,
    TIED_WORDS,
    Claim,
    Context,
    Unread,
    family,
    industries_mixed,
    industries_respectively,
    number,
    one_industry,
    ordinal_of,
    profits_level,
    read_phrase,
    register_profits,
)

CITIES = ts.ROOT / "data" / "cities"

VA, VA_YEAR, PROV = "value_added", "value_added@previous_year", "value_added.provincial"
INV, INV_PROV = "industrial_investment", "industrial_investment.provincial"
PROFITS_GROWTH = "profits.growth"
SHARE = "enterprises.share"

PATHS: dict[str, tuple[str, ...]] = {
    VA: ("indicators", "value_added"),
    VA_YEAR: ("indicators", "value_added", "earlier", "previous_year"),
    PROV: ("indicators", "value_added", "benchmarks", "provincial"),
    INV: ("indicators", "industrial_investment"),
    INV_PROV: ("indicators", "industrial_investment", "benchmarks", "provincial"),
    PROFITS: ("indicators", "profits"),
    PROFITS_GROWTH: ("indicators", "profits", "growth"),
    PROFITS_YEAR: ("indicators", "profits", "earlier", "same_period_last_year"),
}
OPTIONAL = (PROFITS_GROWTH, PROFITS_YEAR)  # a variation may leave them out (None)

EXTRA_INDUSTRIES = (
    {"en": "electronic information", "zh-CN": "电子信息"},
    {"en": "new materials", "zh-CN": "新材料"},
)

# --- the data --------------------------------------------------------------------------------


def document(changes: Changes) -> dict[str, Any]:
    """The sample (or another city's data) with ``changes`` applied, without ``published:``."""
    base = CITIES / f"{changes.get('city', 'dalian')}-2024q1.yaml"
    doc = load(base)
    value_added = doc["indicators"]["value_added"]
    profits = doc["indicators"]["profits"]
    for key, value in changes.items():
        if key == PROFITS_GROWTH and value is None:
            profits.pop("growth", None)
        elif key == PROFITS_YEAR and value is None:
            profits.pop("earlier", None)
        elif key == PROFITS_YEAR:
            before = {"period": f"2023-{str(profits['period'])[5:]}", "value": Decimal(value)}
            profits["earlier"] = {"same_period_last_year": before}
        elif key in PATHS:
            ts._set(doc, PATHS[key], Decimal(value))
        elif key == "city":
            pass
        elif key == "rank":
            if value is None:
                value_added.pop("ranks", None)
            else:
                rank = value_added["ranks"]["provincial"]
                rank["position"], rank["of"] = value[0], value[1]
                if len(value) > 2 and not value[2]:
                    rank.pop("within")
                if len(value) > 3:
                    rank["tied"] = value[3]
        elif key == "major_industries":
            members = doc["breakdowns"]["major_industries"]["members"]
            pool = [*members, *({"name": dict(name)} for name in EXTRA_INDUSTRIES)]
            chosen = pool[: len(value)]
            for member, figure in zip(chosen, value, strict=True):
                member["value"] = Decimal(figure)
            doc["breakdowns"]["major_industries"]["members"] = chosen
        elif key == "enterprises":
            of, grew = value
            doc["tallies"]["enterprises"] = {"of": of, "count": grew}
        else:
            raise KeyError(f"no such change: {key!r}")
    return doc


def names_of(doc: Mapping[str, Any], language: str) -> Names:
    def table(items: list[Any]) -> dict[str, str]:
        return {item[language]: item["en"] for item in items}

    rank = doc["indicators"]["value_added"].get("ranks", {}).get("provincial", {})
    return {
        "city": table([doc["release"]["region"]]),
        "major_industries": table(
            [m["name"] for m in doc["breakdowns"]["major_industries"]["members"]]
        ),
        "within": table([rank["within"]] if "within" in rank else []),
    }


# --- the truth -------------------------------------------------------------------------------


def truth_of(doc: Mapping[str, Any]) -> dict[str, Any]:
    v = {name: ts._given(doc, path) for name, path in PATHS.items()}
    growth, year = v.pop(PROFITS_GROWTH), v.pop(PROFITS_YEAR)
    indicators = doc["indicators"]
    period = str(doc["release"]["period"])
    industries = doc["breakdowns"]["major_industries"]["members"]
    enterprises = doc["tallies"]["enterprises"]
    truth: dict[str, Any] = {
        **v,
        "city": doc["release"]["region"]["en"],
        "value_added.period": ts._span(ts._months(period)),
        "value_added.year": int(period[:4]),
        f"{VA_YEAR}.year": int(
            str(indicators["value_added"]["earlier"]["previous_year"]["period"])
        ),
        f"{VA} − {VA_YEAR}": ts.stated(v[VA] - v[VA_YEAR]),
        f"{VA} − {PROV}": ts.stated(v[VA] - v[PROV]),
        f"{INV} − {INV_PROV}": ts.stated(v[INV] - v[INV_PROV]),
        "profits.period": ts._span(ts._months(indicators["profits"]["period"])),
        "major_industries.count": len(industries),
        **{f"major_industries[{m['name']['en']}]": m["value"] for m in industries},
        "enterprises.of": enterprises["of"],
        "enterprises.count": enterprises["count"],
        SHARE: Decimal(enterprises["count"]) * 100 / Decimal(enterprises["of"]),
    }
    truth |= ts.profits_truth(v[PROFITS], year, growth)
    rank = indicators["value_added"].get("ranks", {}).get("provincial")
    if rank is not None:
        truth["rank.position"] = rank["position"]
        truth["rank.of"] = rank.get("of")
        truth["rank.within"] = rank["within"]["en"] if "within" in rank else None
        truth["rank.tied"] = int(bool(rank.get("tied")))
    return truth


def required(truth: Mapping[str, Any]) -> set[tuple[str, str]]:
    needed = {
        ("title", "city"),
        ("title", VA),
        ("title", "value_added.period"),
        ("title", "value_added.year"),
        ("headline", "city"),
        ("headline", "value_added.period"),
        ("headline", VA),
        ("headline", f"{VA} − {VA_YEAR}"),
        ("headline", f"{VA_YEAR}.year"),
        ("headline", f"{VA} − {PROV}"),
        ("enterprises", "enterprises.of"),
        ("enterprises", "enterprises.count"),
        ("investment", INV),
        ("investment", f"{INV} − {INV_PROV}"),
    }
    needed |= ts.profits_required(truth)
    needed |= {("industries", q) for q in truth if q.startswith("major_industries[")}
    if truth.get("rank.of") and truth.get("rank.within") and truth["rank.of"] > 1:
        needed |= {("rank", f"rank.{part}") for part in ("position", "of", "within", "tied")}
    return needed


def verify_claim(claim: Claim, truth: Mapping[str, Any]) -> str | None:
    """`truth_kinds.verify`, and a share must not read as none or all of a whole when it is
    neither (1 of 2,001 is 0.0% to one decimal, 1,999 of 2,000 is 100.0%)."""
    if claim.quantity == SHARE and claim.figure is not None:
        grew, of = truth["enterprises.count"], truth["enterprises.of"]
        if claim.figure == 0 and grew > 0:
            return f"a share of 0% for {grew} of {of}"
        if claim.figure == 100 and grew < of:
            return f"a share of 100% for {grew} of {of}"
    return verify(claim, truth)


# --- the reader ------------------------------------------------------------------------------

READER = Reader()
sentence = READER.sentence


def _name(c: Context, group: str, text: str) -> str:
    """The key (English name) of one known name of ``group``."""
    if text not in c.names[group]:
        raise Unread(f"not a name of {group}: {text!r}")
    return c.names[group][text]


def _period_year(c: Context, subject: str, quantity: str, text: str) -> None:
    """ "the first quarter of 2024" / "2024年一季度"."""
    if family(c.language) == "en":
        m = re.fullmatch(r"(?P<p>.+) of (?P<y>\d{4})", text)
    else:
        m = re.fullmatch(r"(?P<y>\d{4})年(?P<p>.+)", text)
    if not m:
        raise Unread(f"not a period with its year: {text!r}")
    c.period(subject, f"{quantity}.period", m["p"])
    c.claim(subject, f"{quantity}.year", "=", int(m["y"]))


def _versus(c: Context, subject: str, text: str, indicator: str, benchmark: str) -> None:
    phrase = read_phrase("vs", text, c.language)
    if phrase.benchmark != benchmark:
        raise Unread(f"compared with {phrase.benchmark}, not {benchmark}")
    for _role, relation, figure, unit, _names in phrase.parts:
        c.claim(subject, f"{indicator} − {indicator}.provincial", relation, figure, unit)
    c.reading.notes += [f"{note} in {c.sentence!r}" for note in phrase.notes]


@sentence("en", r"\*.+\* · .+")
@sentence("zh", r"\*.+\* · .+")
def _issuer(c: Context, m: re.Match[str]) -> None:
    """The issuer and the date of publication: nothing computed."""


@sentence("en", r"(?P<city>.+): industrial value added (?P<change>.+) in (?P<period>the .+)")
@sentence("zh", r"(?P<period>\d{4}年\S+?季度)(?P<city>.+?)规模以上工业增加值(?P<change>同比.+)")
def _title(c: Context, m: re.Match[str]) -> None:
    c.claim("title", "city", "=", names=[_name(c, "city", m["city"])])
    c.phrase("title", "change_yoy", m["change"], {"": VA})
    _period_year(c, "title", VA, m["period"])


@sentence(
    "en",
    rf"In (?P<period>{SLOT}), the value added of industrial enterprises above designated size in "
    r"(?P<city>.+?) (?P<change>(?:increased|decreased) by \S+ year on year|was unchanged from a "
    rf"year earlier), (?P<comparison>{SLOT}) and (?P<vs>{SLOT})\.",
)
@sentence(
    "zh",
    r"(?P<period>[^，]+)，(?P<city>[^，]+?)规模以上工业增加值(?P<change>[^，]+)，"
    r"(?P<comparison>[^，]+)，(?P<vs>[^，]+)。",
)
def _headline(c: Context, m: re.Match[str]) -> None:
    c.period("headline", "value_added.period", m["period"])
    c.claim("headline", "city", "=", names=[_name(c, "city", m["city"])])
    c.phrase("headline", "change_yoy", m["change"], {"": VA})
    phrase = c.phrase("headline", "than_year", m["comparison"], {"": f"{VA} − {VA_YEAR}"})
    c.claim("headline", f"{VA_YEAR}.year", "=", phrase.year)
    _versus(c, "headline", m["vs"], VA, "provincial average")


@sentence(
    "en",
    r"Its growth rate (?P<tied>ranked|was tied for) (?P<rank>\w+) among the (?P<n>[\d,]+) "
    r"cities of (?P<within>.+)\.",
)
@sentence("zh", r"增速在(?P<within>.+?)省(?P<n>\d+)个市中(?P<tied>居|并列)(?P<rank>第\S+?)位。")
def _rank(c: Context, m: re.Match[str]) -> None:
    c.claim("rank", "rank.position", "=", ordinal_of(m["rank"], c.language))
    c.claim("rank", "rank.tied", "=", int(m["tied"] in TIED_WORDS))
    c.claim("rank", "rank.of", "=", int(number(m["n"])))
    c.claim("rank", "rank.within", "=", names=[_name(c, "within", m["within"])])
    if int(number(m["n"])) == 1:
        c.reading.notes.append(f"a rank among one: {c.sentence!r}")


# The major industries: the sentences of templates/sentences.j2 (as the provincial kind).
sentence(
    "en",
    r"By industry, value added in the (?P<num>\w+) major industries—(?P<names>.+)—grew by "
    r"(?P<rates>.+) year on year respectively\.",
)(industries_respectively)
sentence(
    "en", r"By industry, among the (?P<num>\w+) major industries, (?P<changes>.+) year on year\."
)(industries_mixed)
sentence(
    "zh",
    r"分行业看，(?P<names>.+?)(?P<num>[一二三四五六七八九十]+)大产业增加值同比分别增长(?P<rates>.+)。",
)(industries_respectively)
sentence("zh", r"分行业看，(?P<num>[一二三四五六七八九十]+)大产业增加值同比：(?P<changes>.+)。")(
    industries_mixed
)


sentence("en", ONE_INDUSTRY["en"])(one_industry)
sentence("zh", ONE_INDUSTRY["zh"])(one_industry)


ENTERPRISES = "industrial enterprises above designated size"


def _enterprises(c: Context, whole: str, part: str | None, share: str | None) -> None:
    of = int(number(whole))
    c.claim("enterprises", "enterprises.of", "=", of)
    c.claim("enterprises", "enterprises.count", "=", of if part is None else int(number(part)))
    if share is not None:
        c.claim("enterprises", SHARE, "=", number(share), "share")


@sentence("en", rf"All (?P<n>{NUMBER}) {ENTERPRISES} increased their output\.")
@sentence("zh", r"(?P<n>\d+)户规模以上工业企业产值全部实现增长。")
def _enterprises_all(c: Context, m: re.Match[str]) -> None:
    if int(number(m["n"])) == 1:
        c.reading.notes.append(f"all of one: {c.sentence!r}")
    _enterprises(c, m["n"], None, None)


@sentence("en", rf"None of the (?P<n>{NUMBER}) {ENTERPRISES} increased their output\.")
@sentence("zh", r"(?P<n>\d+)户规模以上工业企业产值均未实现增长。")
def _enterprises_none(c: Context, m: re.Match[str]) -> None:
    if int(number(m["n"])) == 1:
        c.reading.notes.append(f"none of one: {c.sentence!r}")
    _enterprises(c, m["n"], "0", None)


@sentence("en", r"The only industrial enterprise above designated size increased its output\.")
@sentence("zh", r"全市唯一一户规模以上工业企业产值实现增长。")
def _enterprises_only_grew(c: Context, m: re.Match[str]) -> None:
    _enterprises(c, "1", "1", None)


@sentence(
    "en", r"The only industrial enterprise above designated size did not increase its output\."
)
@sentence("zh", r"全市唯一一户规模以上工业企业产值未实现增长。")
def _enterprises_only_did_not(c: Context, m: re.Match[str]) -> None:
    _enterprises(c, "1", "0", None)


@sentence(
    "en",
    rf"Of the (?P<n>{NUMBER}) {ENTERPRISES}, (?P<k>{NUMBER}) \((?P<share>{NUMBER})%\) "
    r"increased their output\.",
)
@sentence(
    "zh",
    rf"(?P<n>\d+)户规模以上工业企业中，(?P<k>\d+)户产值实现增长，增长面达(?P<share>{NUMBER})%。",
)
def _enterprises_part(c: Context, m: re.Match[str]) -> None:
    _enterprises(c, m["n"], m["k"], m["share"])


@sentence("en", rf"Of the (?P<n>{NUMBER}) {ENTERPRISES}, (?P<k>{NUMBER}) increased their output\.")
@sentence("zh", r"(?P<n>\d+)户规模以上工业企业中，(?P<k>\d+)户产值实现增长。")
def _enterprises_part_without_share(c: Context, m: re.Match[str]) -> None:
    _enterprises(c, m["n"], m["k"], None)


@sentence("en", rf"Industrial investment (?P<change>{SLOT}), (?P<vs>{SLOT})\.")
@sentence("zh", r"工业投资(?P<change>[^，]+)，(?P<vs>[^，]+)。")
def _investment(c: Context, m: re.Match[str]) -> None:
    c.phrase("investment", "change_yoy", m["change"], {"": INV})
    _versus(c, "investment", m["vs"], INV, "provincial")


# A loss, a turn, a loss against a loss, profits without a growth rate (truth_reader.py); then
# profits with their growth.
register_profits(sentence, ENTERPRISES, "规模以上工业企业")


@sentence(
    "en",
    rf"In (?P<period>{SLOT}), {ENTERPRISES} made total profits of (?P<amount>{SLOT}), "
    r"(?P<change>.+)\.",
)
@sentence(
    "zh",
    r"(?P<period>[^，]+)，规模以上工业企业实现利润总额(?P<amount>[^，]+)，(?P<change>[^，]+)。",
)
def _profits(c: Context, m: re.Match[str]) -> None:
    profits_level(c, m, 1)
    c.phrase("profits", "change_brief", m["change"], {"": PROFITS_GROWTH})


SPACE = Space(document, truth_of, required, names_of, READER, verify_claim)


def examine(changes: Changes) -> ts.Outcome:
    return SPACE.examine(changes)


# --- strategies ------------------------------------------------------------------------------

CITY_NAMES = tuple(sorted(p.name.split("-")[0] for p in CITIES.glob("*-2024q1.yaml")))


@st.composite
def value_added(draw: st.DrawFn, places: int = 1) -> dict[str, Any]:
    """The city's rate against 2023 and the provincial average, and its rank: ties, sign
    crossings, differences of a unit of the last place (0.04 points at two decimals)."""
    pool = [draw(ts.rate(places=places))]
    changes: dict[str, Any] = {VA: pool[0]}
    for name in (VA_YEAR, PROV):
        value = draw(ts.related(pool, places=places))
        pool.append(value)
        changes[name] = value
    of = draw(st.one_of(st.sampled_from([1, 2, 14]), st.integers(1, 20)))
    # A tie among one city is refused by validation (test_a_tie_among_one_city_is_refused).
    tied = st.booleans() if of > 1 else st.just(False)
    changes["rank"] = draw(
        st.one_of(
            st.none(),
            st.tuples(st.integers(1, of), st.just(of), st.booleans(), tied),
        )
    )
    return changes


@st.composite
def investment_and_profits(draw: st.DrawFn, places: int = 1) -> dict[str, Any]:
    """Industrial investment against the provincial rate; profits (an amount in 亿元, from a
    few million yuan to more than a trillion; a loss below zero), their level a year earlier
    (or none: a turn, a loss that narrowed or widened) and their growth (or none)."""
    changes: dict[str, Any] = dict(draw(ts.versus(INV, INV_PROV, places)))
    changes[PROFITS], changes[PROFITS_YEAR] = draw(ts.profit_levels(places))
    changes[PROFITS_GROWTH] = draw(
        st.one_of(st.none(), ts.rate(-50, 50, places), ts.rate(-100, 2000, places))
    )
    return changes


@st.composite
def industry_values(draw: st.DrawFn, places: int = 1) -> tuple[str, ...]:
    """One to six industries: all grew, all fell, none changed, mixed, ties."""
    n = draw(st.integers(1, 6))
    form = draw(st.sampled_from(["up", "down", "flat", "mixed"]))
    rate = ts.rate(-30, 30, places)
    if form == "up":
        member = rate.filter(lambda x: Decimal(x) > 0)
    elif form == "down":
        member = rate.filter(lambda x: Decimal(x) < 0)
    elif form == "flat":
        member = st.sampled_from(["0.0", "-0.0"])
    else:
        member = rate
    first = draw(member)
    return tuple(draw(st.lists(st.one_of(st.just(first), member), min_size=n, max_size=n)))


@st.composite
def enterprise_counts(draw: st.DrawFn) -> tuple[int, int]:
    """How many enterprises, how many grew: one, all, none, one of many, all but one of many
    (a share that rounds to 0.0% or 100.0%)."""
    of = draw(
        st.one_of(st.sampled_from([1, 2, 3, 628, 1999, 2000, 2001, 20001]), st.integers(1, 30000))
    )
    grew = draw(
        st.one_of(st.sampled_from([0, 1, of - 1, of, of // 2]), st.integers(0, of)).filter(
            lambda k: 0 <= k <= of
        )
    )
    return of, grew


@st.composite
def members(draw: st.DrawFn, places: int = 1) -> dict[str, Any]:
    return {
        "major_industries": draw(industry_values(places)),
        "enterprises": draw(enterprise_counts()),
    }


@st.composite
def whole_space(draw: st.DrawFn, places: int = 1) -> dict[str, Any]:
    changes: dict[str, Any] = {"city": draw(st.sampled_from(CITY_NAMES))}
    changes |= draw(value_added(places))
    changes |= draw(investment_and_profits(places))
    changes |= draw(members(places))
    return changes


PROPERTIES: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "city: value added against 2023 and the provincial average, and its rank": value_added(),
    "city: investment and profits": investment_and_profits(),
    "city: major industries and enterprises": members(),
    "city: the whole space at once": whole_space(),
    "city: the whole space, published at two decimals": whole_space(places=2),
}
