"""truth_reader: reads the claims of a provincial industrial bulletin (kind industry-province)
back out of its Markdown, in English and in Chinese, independently of the templates.

Each sentence the kind computes is matched whole by a pattern of its own language, and each
phrase the data chooses inside it (templates/phrases.j2, the zh catalog) is read back into
claims: a direction and a figure about a named quantity of the data, e.g.

    "increased by 5.3% year on year" / "同比增长5.3%"
        -> Claim("headline", "value_added", "+", 5.3, "%")
    "0.3 percentage points higher than the full-year rate for 2023"
    / "比2023年全年增速高0.3个百分点"
        -> Claim("headline", "value_added − value_added@previous_year", "+", 0.3, "pp")

The claims of both languages are the same objects, so they can be compared with each other
and with the data (see truth_space.py). Nothing here imports the templates or the engine's
derivations: the reader knows only the words.

Relations: "+", "-", "0" (the sign a phrase states, with the size it prints, if any), "+0"
(not negative: "picked up" says the rate was not in decline before and after), "=" (a count,
a year, a rank, a period or a list of names stated exactly)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

# --- claims ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """One thing a sentence says about the data."""

    subject: str  # the sentence: "headline", "latest months", "investment", ...
    quantity: str  # what of the data: "value_added − value_added@previous_year"
    relation: str  # "+", "-", "0", "+0" or "="
    figure: Decimal | None = None  # as printed: a size (no sign), a count, a year, a rank
    unit: str = ""  # "%" (a rate as published), "pp" (points), "share" (a computed %), ""
    names: tuple[str, ...] = ()  # keys of named members (a period for "period" claims)
    sentence: str = field(default="", compare=False)

    @property
    def key(self) -> tuple[str, str, str, str, str, tuple[str, ...]]:
        """What both languages must agree on (everything but the sentence's text)."""
        figure = "" if self.figure is None else format(self.figure.normalize(), "f")
        return (self.subject, self.quantity, self.relation, figure, self.unit, self.names)

    def __str__(self) -> str:
        figure = "" if self.figure is None else f" {self.figure}{self.unit}"
        names = f" {list(self.names)}" if self.names else ""
        return f"{self.subject}: {self.quantity} {self.relation}{figure}{names}"


@dataclass
class Reading:
    """What the reader made of a bulletin."""

    claims: list[Claim] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # sentences no pattern knows
    notes: list[str] = field(default_factory=list)  # true but awkward wording


class Unread(ValueError):
    """A phrase no pattern of its kind matches."""


# A phrase's claims before the sentence says what they are about: (role, relation, figure,
# unit, names). The sentence maps each role to a quantity of the data.
Part = tuple[str, str, Decimal | None, str, tuple[str, ...]]

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"  # 1,234.5 in English
SLOT = r"(?:[^,]|(?<=\d),(?=\d))+"  # a phrase between commas (a comma inside 1,234.5 is not one)
COUNT = r"\d+|zero|one|two|three|four|five|six|seven|eight|nine"
EN_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
EN_ORDINALS = (
    *("", "first", "second", "third", "fourth", "fifth", "sixth"),
    *("seventh", "eighth", "ninth", "tenth"),
)
ZH_DIGITS = "零一二三四五六七八九"
EN_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
EN_MONTHS = (
    *("", "January", "February", "March", "April", "May", "June", "July"),
    *("August", "September", "October", "November", "December"),
)

# Benchmarks by their words, longest first (a regex alternation takes the first that fits).
BENCHMARKS: dict[str, dict[str, str]] = {
    "en": {
        "the growth rate of fixed asset investment in the province": "fixed_asset_investment",
        "the growth rate of the province's industrial output value": "output_value",
        "the provincial average": "provincial average",
        "the national rate": "national",
        "the provincial rate": "provincial",
    },
    "zh": {
        "全省固定资产投资增速": "fixed_asset_investment",
        "全省工业总产值增速": "output_value",
        "全省平均水平": "provincial average",
        "全国": "national",
        "全省": "provincial",
    },
}


def number(text: str) -> Decimal:
    """A number as printed: 1,234.5 → 1234.5."""
    return Decimal(text.replace(",", ""))


def family(language: str) -> str:
    return language.split("-")[0]


def en_count(text: str) -> int:
    return EN_WORDS.index(text) if text in EN_WORDS else int(text)


def zh_number(text: str) -> int:
    """十二 → 12, 二十 → 20, 三十一 → 31, 四 → 4; digits as they are."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (ZH_DIGITS.index(tens) if tens else 1) * 10 + (
            ZH_DIGITS.index(units) if units else 0
        )
    return ZH_DIGITS.index(text)


def count_of(text: str, language: str) -> int:
    return en_count(text) if family(language) == "en" else zh_number(text)


def ordinal_of(text: str, language: str) -> int:
    if family(language) == "zh":
        if not text.startswith("第"):
            raise Unread(f"not an ordinal: {text!r}")
        return zh_number(text[1:])
    if text in EN_ORDINALS:
        return EN_ORDINALS.index(text)
    match = re.fullmatch(r"(\d+)(st|nd|rd|th)", text)
    if not match:
        raise Unread(f"not an ordinal: {text!r}")
    n = int(match[1])
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    if match[2] != suffix:
        raise Unread(f"ordinal with the wrong suffix: {text!r}")
    return n


def period_of(text: str, language: str) -> str:
    """A period's words as months "first..last" (the year is not stated in these sentences):
    "the first quarter" / "一季度" → "1..3", "March" / "3月份" → "3..3"."""
    if family(language) == "en":
        if m := re.fullmatch(r"the (\w+) quarter", text):
            q = EN_QUARTERS[m[1]]
            return f"{3 * q - 2}..{3 * q}"
        if m := re.fullmatch(r"(\w+)–(\w+)", text):
            return f"{EN_MONTHS.index(m[1])}..{EN_MONTHS.index(m[2])}"
        if text in EN_MONTHS:
            return f"{EN_MONTHS.index(text)}..{EN_MONTHS.index(text)}"
    else:
        if m := re.fullmatch(r"(\S)季度", text):
            q = zh_number(m[1])
            return f"{3 * q - 2}..{3 * q}"
        if m := re.fullmatch(r"(\d+)—(\d+)月", text):
            return f"{int(m[1])}..{int(m[2])}"
        if m := re.fullmatch(r"(\d+)月份", text):
            return f"{int(m[1])}..{int(m[1])}"
    raise Unread(f"not a period: {text!r}")


# --- phrases ---------------------------------------------------------------------------------


def _points(name: str, language: str) -> str:
    if family(language) == "en":
        return rf"(?P<{name}>(?:{NUMBER})) percentage (?P<{name}_unit>points?)"
    return rf"(?P<{name}>(?:{NUMBER}))个百分点"


def _bench(language: str) -> str:
    return "(?P<b>" + "|".join(map(re.escape, BENCHMARKS[family(language)])) + ")"


def _expand(pattern: str, language: str) -> str:
    """Placeholders of a phrase pattern: {pct}, {pts}, {x} (a bare number of points, the
    "from 2.2" of a gap), {y} (points with their unit), {b} (a benchmark), {year}."""
    return (
        pattern.replace("{pct}", rf"(?P<pct>{NUMBER})%")
        .replace("{pts}", _points("pts", language))
        .replace("{y}", _points("y", language))
        .replace("{x}", rf"(?P<x>{NUMBER})")
        .replace("{x_pts}", _points("x", language))
        .replace("{b}", _bench(language))
        .replace("{b2}", "(?P=b)")
        .replace("{year}", r"(?P<year>\d{4})")
    )


# Each phrase kind: per language, (pattern, parts). A part is (role, relation, group, unit):
# the group holds its figure (None: the phrase prints none).
Spec = tuple[str, str, str | None, str]
PHRASES: dict[str, dict[str, list[tuple[str, list[Spec]]]]] = {
    "change_yoy": {
        "en": [
            ("increased by {pct} year on year", [("", "+", "pct", "%")]),
            ("decreased by {pct} year on year", [("", "-", "pct", "%")]),
            ("was unchanged from a year earlier", [("", "0", None, "%")]),
        ],
        "zh": [
            ("同比增长{pct}", [("", "+", "pct", "%")]),
            ("同比下降{pct}", [("", "-", "pct", "%")]),
            ("同比持平", [("", "0", None, "%")]),
        ],
    },
    "change_brief": {
        "en": [
            ("up {pct} year on year", [("", "+", "pct", "%")]),
            ("down {pct} year on year", [("", "-", "pct", "%")]),
            ("unchanged from a year earlier", [("", "0", None, "%")]),
        ],
        "zh": [
            ("同比增长{pct}", [("", "+", "pct", "%")]),
            ("同比下降{pct}", [("", "-", "pct", "%")]),
            ("同比持平", [("", "0", None, "%")]),
        ],
    },
    "change": {
        "en": [
            ("grew by {pct}", [("", "+", "pct", "%")]),
            ("fell by {pct}", [("", "-", "pct", "%")]),
            ("was unchanged", [("", "0", None, "%")]),
        ],
        "zh": [
            ("增长{pct}", [("", "+", "pct", "%")]),
            ("下降{pct}", [("", "-", "pct", "%")]),
            ("持平", [("", "0", None, "%")]),
        ],
    },
    "than_year": {
        "en": [
            ("{pts} higher than the full-year rate for {year}", [("", "+", "pts", "pp")]),
            ("{pts} lower than the full-year rate for {year}", [("", "-", "pts", "pp")]),
            ("the same as the full-year rate for {year}", [("", "0", None, "pp")]),
        ],
        "zh": [
            ("比{year}年全年增速高{pts}", [("", "+", "pts", "pp")]),
            ("比{year}年全年增速低{pts}", [("", "-", "pts", "pp")]),
            ("与{year}年全年增速持平", [("", "0", None, "pp")]),
        ],
    },
    "vs": {
        "en": [
            ("{pts} above {b}", [("", "+", "pts", "pp")]),
            ("{pts} below {b}", [("", "-", "pts", "pp")]),
            ("in line with {b}", [("", "0", None, "pp")]),
        ],
        "zh": [
            ("高于{b}{pts}", [("", "+", "pts", "pp")]),
            ("低于{b}{pts}", [("", "-", "pts", "pp")]),
            ("与{b}持平", [("", "0", None, "pp")]),
        ],
    },
    # How a rate moved (a Trend). "picked up"/"slowed" also say that the rate was not in
    # decline both times (that is "saw its decline narrow/widen"); a turn needs a sign on
    # both sides and states no change in points (a turn by 0.02 points is still a turn).
    "speed": {
        "en": [
            ("picked up by {pts}", [("change", "+", "pts", "pp"), ("max", "+0", None, "")]),
            ("slowed by {pts}", [("change", "-", "pts", "pp"), ("max", "+0", None, "")]),
            (
                "saw its decline narrow by {pts}",
                [("change", "+", "pts", "pp"), ("now", "-", None, ""), ("before", "-", None, "")],
            ),
            (
                "saw its decline widen by {pts}",
                [("change", "-", "pts", "pp"), ("now", "-", None, ""), ("before", "-", None, "")],
            ),
            (
                "turned from decline to growth",
                [("now", "+", None, ""), ("before", "-", None, "")],
            ),
            (
                "turned from growth to decline",
                [("now", "-", None, ""), ("before", "+", None, "")],
            ),
            ("held steady", [("change", "0", None, "")]),
        ],
        "zh": [
            ("加快{pts}", [("change", "+", "pts", "pp"), ("max", "+0", None, "")]),
            ("回落{pts}", [("change", "-", "pts", "pp"), ("max", "+0", None, "")]),
            (
                "降幅收窄{pts}",
                [("change", "+", "pts", "pp"), ("now", "-", None, ""), ("before", "-", None, "")],
            ),
            (
                "降幅扩大{pts}",
                [("change", "-", "pts", "pp"), ("now", "-", None, ""), ("before", "-", None, "")],
            ),
            (
                "由降转增",
                [("now", "+", None, ""), ("before", "-", None, "")],
            ),
            (
                "由增转降",
                [("now", "-", None, ""), ("before", "+", None, "")],
            ),
            ("持平", [("change", "0", None, "")]),
        ],
    },
    # A series against a benchmark before and now (a Gap): the signed distance before and
    # after (ours − theirs), and whether its size grew ("size": |after| − |before|).
    "gap": {
        "en": [
            (
                "narrowing the gap with {b} from {x} to {y}",
                [("before", "-", "x", "pp"), ("after", "-", "y", "pp"), ("size", "-", None, "")],
            ),
            (
                "widening the gap with {b} from {x} to {y}",
                [("before", "-", "x", "pp"), ("after", "-", "y", "pp"), ("size", "+", None, "")],
            ),
            (
                "leaving the gap with {b} unchanged at {pts}",
                [
                    ("before", "-", "pts", "pp"),
                    ("after", "-", "pts", "pp"),
                    ("size", "0", None, ""),
                ],
            ),
            (
                "widening its lead over {b} from {x} to {y}",
                [("before", "+", "x", "pp"), ("after", "+", "y", "pp"), ("size", "+", None, "")],
            ),
            (
                "its lead over {b} narrowing from {x} to {y}",
                [("before", "+", "x", "pp"), ("after", "+", "y", "pp"), ("size", "-", None, "")],
            ),
            (
                "keeping its lead over {b} at {pts}",
                [
                    ("before", "+", "pts", "pp"),
                    ("after", "+", "pts", "pp"),
                    ("size", "0", None, ""),
                ],
            ),
            (
                "going from {x_pts} above {b} to {y} below it",
                [("before", "+", "x", "pp"), ("after", "-", "y", "pp")],
            ),
            (
                "going from {x_pts} below {b} to {y} above it",
                [("before", "-", "x", "pp"), ("after", "+", "y", "pp")],
            ),
            (
                "closing a gap of {pts} to draw level with {b}",
                [("before", "-", "pts", "pp"), ("after", "0", None, "")],
            ),
            (
                "its lead of {pts} over {b} giving way to the same rate",
                [("before", "+", "pts", "pp"), ("after", "0", None, "")],
            ),
            (
                "falling {pts} behind {b}, level with it before",
                [("before", "0", None, ""), ("after", "-", "pts", "pp")],
            ),
            (
                "moving {pts} ahead of {b}, level with it before",
                [("before", "0", None, ""), ("after", "+", "pts", "pp")],
            ),
            ("remaining level with {b}", [("before", "0", None, ""), ("after", "0", None, "")]),
        ],
        "zh": [
            (
                "与{b}差距由{x}个百分点缩小至{y}",
                [("before", "-", "x", "pp"), ("after", "-", "y", "pp"), ("size", "-", None, "")],
            ),
            (
                "与{b}差距由{x}个百分点扩大至{y}",
                [("before", "-", "x", "pp"), ("after", "-", "y", "pp"), ("size", "+", None, "")],
            ),
            (
                "与{b}差距保持在{pts}",
                [
                    ("before", "-", "pts", "pp"),
                    ("after", "-", "pts", "pp"),
                    ("size", "0", None, ""),
                ],
            ),
            (
                "高于{b}的幅度由{x}个百分点扩大至{y}",
                [("before", "+", "x", "pp"), ("after", "+", "y", "pp"), ("size", "+", None, "")],
            ),
            (
                "高于{b}的幅度由{x}个百分点收窄至{y}",
                [("before", "+", "x", "pp"), ("after", "+", "y", "pp"), ("size", "-", None, "")],
            ),
            (
                "高于{b}的幅度保持在{pts}",
                [
                    ("before", "+", "pts", "pp"),
                    ("after", "+", "pts", "pp"),
                    ("size", "0", None, ""),
                ],
            ),
            (
                "由高于{b}{x_pts}转为低于{b2}{y}",
                [("before", "+", "x", "pp"), ("after", "-", "y", "pp")],
            ),
            (
                "由低于{b}{x_pts}转为高于{b2}{y}",
                [("before", "-", "x", "pp"), ("after", "+", "y", "pp")],
            ),
            (
                "由低于{b}{pts}转为与{b2}持平",
                [("before", "-", "pts", "pp"), ("after", "0", None, "")],
            ),
            (
                "由高于{b}{pts}转为与{b2}持平",
                [("before", "+", "pts", "pp"), ("after", "0", None, "")],
            ),
            (
                "由与{b}持平转为低于{b2}{pts}",
                [("before", "0", None, ""), ("after", "-", "pts", "pp")],
            ),
            (
                "由与{b}持平转为高于{b2}{pts}",
                [("before", "0", None, ""), ("after", "+", "pts", "pp")],
            ),
            ("与{b}持平", [("before", "0", None, ""), ("after", "0", None, "")]),
        ],
    },
    "share_change": {
        "en": [
            ("up {pts} year on year", [("", "+", "pts", "pp")]),
            ("down {pts} year on year", [("", "-", "pts", "pp")]),
            ("the same as a year earlier", [("", "0", None, "pp")]),
        ],
        "zh": [
            ("比上年同期提高{pts}", [("", "+", "pts", "pp")]),
            ("比上年同期下降{pts}", [("", "-", "pts", "pp")]),
            ("与上年同期持平", [("", "0", None, "pp")]),
        ],
    },
}

_COMPILED: dict[tuple[str, str], list[tuple[re.Pattern[str], list[Spec]]]] = {}


def _phrases(kind: str, language: str) -> list[tuple[re.Pattern[str], list[Spec]]]:
    key = (kind, family(language))
    if key not in _COMPILED:
        _COMPILED[key] = [
            (re.compile(_expand(pattern, language)), specs)
            for pattern, specs in PHRASES[kind][family(language)]
        ]
    return _COMPILED[key]


@dataclass
class Phrase:
    """A phrase read: its parts, the benchmark and year it names, and awkward wording."""

    parts: list[Part]
    benchmark: str | None = None
    year: int | None = None
    notes: list[str] = field(default_factory=list)


def read_phrase(kind: str, text: str, language: str) -> Phrase:
    """The claims of one phrase chosen by the data (a kind of PHRASES), or `Unread`."""
    for pattern, specs in _phrases(kind, language):
        match = pattern.fullmatch(text)
        if not match:
            continue
        groups = match.groupdict()
        notes = []
        for name in ("pts", "x", "y"):
            unit = groups.get(f"{name}_unit")
            if unit is not None:
                singular = number(groups[name]) == 1
                if singular != (unit == "point"):
                    notes.append(f"grammatical number: {groups[name]} percentage {unit}")
        parts: list[Part] = []
        for role, relation, group, unit in specs:
            figure = number(groups[group]) if group else None
            parts.append((role, relation, figure, unit, ()))
        benchmark = BENCHMARKS[family(language)][groups["b"]] if groups.get("b") else None
        year = int(groups["year"]) if groups.get("year") else None
        return Phrase(parts, benchmark, year, notes)
    raise Unread(f"no {kind} phrase reads {text!r}")


# --- lists of names --------------------------------------------------------------------------

SEPARATORS = {"en": (", and ", " and ", ", "), "zh": ("、", "和")}


def read_list(
    text: str,
    language: str,
    names: Mapping[str, str],
    item: Callable[[str], tuple[int, object]] | None = None,
) -> list[tuple[str, object]]:
    """A list as the language writes it ("A, B and C" / "A、B和C") of known names (display
    name → key), each followed by what ``item`` reads at that point (it returns how many
    characters it read and what it made of them)."""
    ordered = sorted(names, key=len, reverse=True)
    found: list[tuple[str, object]] = []
    at = 0
    while True:
        name = next((n for n in ordered if text.startswith(n, at)), None)
        if name is None:
            raise Unread(f"no known name at {text[at:]!r} in {text!r}")
        at += len(name)
        value: object = None
        if item is not None:
            length, value = item(text[at:])
            at += length
        found.append((names[name], value))
        if at == len(text):
            return found
        separator = next((s for s in SEPARATORS[family(language)] if text.startswith(s, at)), None)
        if separator is None:
            raise Unread(f"no list separator at {text[at:]!r} in {text!r}")
        at += len(separator)


# --- sentences -------------------------------------------------------------------------------


@dataclass
class Context:
    """What a sentence reader needs: the language, display names of members by group (name →
    key), and the reading to add to."""

    language: str
    names: Mapping[str, Mapping[str, str]]
    reading: Reading
    sentence: str = ""

    def claim(
        self,
        subject: str,
        quantity: str,
        relation: str,
        figure: Decimal | int | None = None,
        unit: str = "",
        names: Sequence[str] = (),
    ) -> None:
        value = Decimal(figure) if isinstance(figure, int) else figure
        self.reading.claims.append(
            Claim(subject, quantity, relation, value, unit, tuple(names), self.sentence)
        )

    def phrase(self, subject: str, kind: str, text: str, roles: Mapping[str, str]) -> Phrase:
        """Read a phrase and claim its parts, each role as the quantity ``roles`` gives."""
        phrase = read_phrase(kind, text, self.language)
        for role, relation, figure, unit, names in phrase.parts:
            self.claim(subject, roles[role], relation, figure, unit, names)
        self.reading.notes += [f"{note} in {self.sentence!r}" for note in phrase.notes]
        return phrase

    def versus(self, subject: str, text: str, indicator: str) -> None:
        """A "compared with a benchmark" phrase: the difference from the benchmark it names."""
        phrase = read_phrase("vs", text, self.language)
        benchmark = {
            "national": f"{indicator}.national",
            "provincial average": "value_added",
            "provincial": "value_added",
        }.get(phrase.benchmark or "", phrase.benchmark or "?")
        for _role, relation, figure, unit, _names in phrase.parts:
            self.claim(subject, f"{indicator} − {benchmark}", relation, figure, unit)
        self.reading.notes += [f"{note} in {self.sentence!r}" for note in phrase.notes]

    def period(self, subject: str, quantity: str, text: str) -> None:
        self.claim(subject, quantity, "=", names=[period_of(text, self.language)])

    def count(self, subject: str, quantity: str, text: str) -> None:
        self.claim(subject, quantity, "=", count_of(text, self.language))


SentenceReader = Callable[[Context, re.Match[str]], None]
SENTENCES: dict[str, list[tuple[str, SentenceReader]]] = {"en": [], "zh": []}


def amount_in(text: str, language: str, unit: str) -> Decimal:
    """An amount as printed, in the data's unit (亿元 or 万元): "14.01 billion yuan" / "140.1亿元"
    → 140.1 (亿元); "320 million yuan" → 3.2. A sign is never read: a loss is said in words."""
    scale = {"亿元": Decimal(10) ** 8, "万元": Decimal(10) ** 4}[unit]
    if family(language) == "en":
        m = re.fullmatch(
            r"(?P<n>[\d,]+(?:\.\d+)?)(?: (?P<w>thousand|million|billion|trillion))? yuan", text
        )
        words = {None: 1, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
    else:
        m = re.fullmatch(r"(?P<n>\d+(?:\.\d+)?)(?P<w>万亿|亿|万)?元", text)
        words = {None: 1, "万": 10**4, "亿": 10**8, "万亿": 10**12}
    if not m:
        raise Unread(f"not an amount: {text!r}")
    yuan = Decimal(m["n"].replace(",", "")) * words[m["w"]]
    return (yuan / scale).normalize()


# Profits, a level in 亿元: below zero a loss, said in words with its size ("made a total loss
# of 320 million yuan" / 亏损3.2亿元); against the level a year earlier, a turn (扭亏为盈,
# 由盈转亏) or a loss that narrowed or widened by an amount (减亏/增亏 1.8亿元). A growth rate
# is not stated for a loss, nor across a turn.
PROFITS = "profits"
PROFITS_YEAR = "profits@same_period_last_year"
PROFITS_DIFF = f"{PROFITS} − {PROFITS_YEAR}"


def profits_level(c: Context, m: re.Match[str], sign: int) -> None:
    """The period and the amount of profits (``sign`` -1: a loss, said as its size)."""
    c.period("profits", "profits.period", m["period"])
    if m["amount"][:1] in ("-", "\u2212"):
        raise Unread(f"a loss printed as profits with a minus sign: {m['amount']!r}")
    figure = sign * amount_in(m["amount"], c.language, "亿元")
    c.claim("profits", PROFITS, "=", figure, "amount")


def _profits_reader(sign: int, year: str | None = None, diff: str | None = None) -> SentenceReader:
    def read(c: Context, m: re.Match[str]) -> None:
        profits_level(c, m, sign)
        if year is not None:  # the sign of profits a year earlier
            c.claim("profits", PROFITS_YEAR, year)
        if diff is not None:  # how the level moved since: up (a loss narrowed) or down
            figure = amount_in(m["diff"], c.language, "亿元") if diff != "0" else None
            c.claim("profits", PROFITS_DIFF, diff, figure, "amount")

    return read


def register_profits(
    register: Callable[[str, str], Callable[[SentenceReader], SentenceReader]],
    en: str,
    zh: str,
) -> None:
    """Register the sentences on profits that state no growth rate, for the subject ``en``
    ("industrial enterprises above designated size in the province") and ``zh`` (全省规模以上
    工业企业): a loss, a turn, a loss against a loss, a profit alone. Register them before a
    sentence with a growth rate, which would read "turning …" as a growth phrase."""
    head_en, head_zh = rf"In (?P<period>{SLOT}), {en} ", rf"(?P<period>[^，]+)，{zh}"
    a_en, a_zh = rf"(?P<amount>{SLOT})", r"(?P<amount>[^，。]+)"
    d_en, d_zh = rf"(?P<diff>{SLOT})", r"(?P<diff>[^，。]+)"
    profit_en, loss_en = f"made total profits of {a_en}", f"made a total loss of {a_en}"
    profit_zh, loss_zh = f"实现利润总额{a_zh}", f"亏损{a_zh}"
    cases = [
        (
            rf"{profit_en}, turning the loss of a year earlier into a profit\.",
            f"{profit_zh}，同比扭亏为盈。",
            _profits_reader(1, "-"),
        ),
        (
            rf"{loss_en}, turning the profit of a year earlier into a loss\.",
            f"{loss_zh}，同比由盈转亏。",
            _profits_reader(-1, "+"),
        ),
        (
            rf"{loss_en}, {d_en} less than a year earlier\.",
            f"{loss_zh}，同比减亏{d_zh}。",
            _profits_reader(-1, "-", "+"),
        ),
        (
            rf"{loss_en}, {d_en} more than a year earlier\.",
            f"{loss_zh}，同比增亏{d_zh}。",
            _profits_reader(-1, "-", "-"),
        ),
        (
            rf"{loss_en}, the same as a year earlier\.",
            f"{loss_zh}，亏损额与上年同期持平。",
            _profits_reader(-1, "-", "0"),
        ),
        (rf"{loss_en}\.", f"{loss_zh}。", _profits_reader(-1)),
        (rf"{profit_en}\.", f"{profit_zh}。", _profits_reader(1)),
    ]
    for pattern_en, pattern_zh, reader in cases:
        register("en", head_en + pattern_en)(reader)
        register("zh", head_zh + pattern_zh)(reader)


def sentence(language: str, pattern: str) -> Callable[[SentenceReader], SentenceReader]:
    """Register a reader for the sentences that match ``pattern`` whole."""

    def register(reader: SentenceReader) -> SentenceReader:
        SENTENCES[language].append((pattern, reader))
        return reader

    return register


VA = "value_added"
VA_YEAR = "value_added@previous_year"
VA_CUM = "value_added@previous_cumulative"
NAT = "value_added.national"
NAT_CUM = "value_added.national@previous_cumulative"
PROVINCE_SPEED = {
    "change": f"{VA} − {VA_CUM}",
    "now": VA,
    "before": VA_CUM,
    "max": f"max({VA}, {VA_CUM})",
}
NATIONAL_SPEED = {
    "change": f"{NAT} − {NAT_CUM}",
    "now": NAT,
    "before": NAT_CUM,
    "max": f"max({NAT}, {NAT_CUM})",
}
GAP = {
    "before": f"{VA_CUM} − {NAT_CUM}",
    "after": f"{VA} − {NAT}",
    "size": f"|{VA} − {NAT}| − |{VA_CUM} − {NAT_CUM}|",
}
SHARE = "industrial_investment_share"
SHARE_CHANGE = f"{SHARE} − {SHARE}@same_period_last_year"


def _cities_count(c: Context, subject: str, form: str, part: str | None, whole: str) -> None:
    """ "all N" / "none of the N" / "K of the N" cities grew."""
    n = count_of(whole, c.language)
    k = n if form == "all" else 0 if form == "none" else count_of(part or "", c.language)
    c.claim(subject, "cities.count", "=", n)
    c.claim(subject, "cities growing", "=", k)
    if form in ("all", "none") and n == 1:
        c.reading.notes.append(f"a count of one city in a plural sentence: {c.sentence!r}")


# English --------------------------------------------------------------------------------------


@sentence("en", r"Industrial value added grew in all (?P<n>\d+) cities")
@sentence("en", r"Industrial value added grew in none of the (?P<n>\d+) cities")
@sentence("en", r"Industrial value added grew in (?P<k>\d+) of the (?P<n>\d+) cities")
def _en_cities_heading(c: Context, m: re.Match[str]) -> None:
    form = "all" if " all " in m[0] else "none" if " none " in m[0] else "part"
    _cities_count(c, "heading: cities", form, m.groupdict().get("k"), m["n"])


# A province of one city: its only city grew or did not (never "all 1 cities").
ONLY_CITY = {
    ("en", "heading: cities"): r"Industrial value added (?P<verb>grew|did not grow) in the "
    r"province's only city",
    ("en", "cities"): r"By city, industrial value added (?P<verb>grew|did not grow) in the "
    r"province's only city\.",
    ("zh", "heading: cities"): r"全省唯一的市工业增加值(?P<verb>实现|未实现)正增长",
    ("zh", "cities"): r"分地区看，全省唯一的市工业增加值(?P<verb>实现|未实现)正增长。",
}


def _only_city_of(subject: str) -> Callable[[Context, re.Match[str]], None]:
    def read(c: Context, m: re.Match[str]) -> None:
        c.claim(subject, "cities.count", "=", 1)
        c.claim(subject, "cities growing", "=", int(m["verb"] in ("grew", "实现")))

    return read


for (_language, _subject), _pattern in ONLY_CITY.items():
    sentence(_language, _pattern)(_only_city_of(_subject))


@sentence(
    "en",
    rf"In (?P<period>{SLOT}), the value added of industrial enterprises above designated size "
    rf"in the province (?P<change>{SLOT}), (?P<comparison>{SLOT})\.",
)
def _en_headline(c: Context, m: re.Match[str]) -> None:
    headline(c, m)


def headline(c: Context, m: re.Match[str]) -> None:
    c.period("headline", "value_added.period", m["period"])
    c.phrase("headline", "change_yoy", m["change"], {"": VA})
    phrase = c.phrase("headline", "than_year", m["comparison"], {"": f"{VA} − {VA_YEAR}"})
    c.claim("headline", f"{VA_YEAR}.year", "=", phrase.year)


@sentence(
    "en",
    rf"In (?P<months>{SLOT}), while the national growth rate for industry (?P<national>{SLOT}) "
    rf"compared with (?P<earlier>{SLOT}), the province's (?P<rate>rate )?(?P<province>{SLOT}), "
    r"(?P<gap>.+)\.",
)
def _en_latest_months(c: Context, m: re.Match[str]) -> None:
    latest_months(c, m)


@sentence(
    "en",
    rf"In (?P<months>{SLOT}), the national growth rate for industry (?P<national>{SLOT}) "
    rf"compared with (?P<earlier>{SLOT}), and the province's (?P<rate>rate )?(?P<province>{SLOT}) "
    r"too, (?P<gap>.+)\.",
)
def _en_latest_months_alike(c: Context, m: re.Match[str]) -> None:
    latest_months(c, m, alike=True)


def latest_months(c: Context, m: re.Match[str], alike: bool = False) -> None:
    subject = "latest months"
    c.period(subject, "months since previous_cumulative", m["months"])
    c.period(subject, f"{VA_CUM}.period", m["earlier"])
    national = c.phrase("latest months: national", "speed", m["national"], NATIONAL_SPEED)
    province = c.phrase("latest months: province", "speed", m["province"], PROVINCE_SPEED)
    moved_alike = national.parts[0][1] == province.parts[0][1]
    if family(c.language) == "en" and moved_alike and not alike:
        c.reading.notes.append(f"'while' joins two rates that moved alike: {c.sentence!r}")
    if family(c.language) == "en" and alike and not moved_alike:
        c.reading.notes.append(f"'too' joins two rates that moved apart: {c.sentence!r}")
    # A decline that narrowed or widened, or a turn, is said of the value added, not of the
    # growth rate (增速降幅收窄 mixes them), and English names what the province's is.
    declines = {"national": _of_a_decline(national), "province": _of_a_decline(province)}
    if family(c.language) == "en" and declines["province"] and not m["rate"]:
        c.reading.notes.append(f"the province's, without a noun, before a decline: {c.sentence!r}")
    for side, subject in (
        ("national", m.groupdict().get("nsubj")),
        ("province", m.groupdict().get("psubj")),
    ):
        if subject is not None and (subject == "增速") == declines[side]:
            c.reading.notes.append(f"{subject} with {m[side]!r}: {c.sentence!r}")
    gap = c.phrase("latest months: gap", "gap", m["gap"], GAP)
    if gap.benchmark != "national":
        raise Unread(f"a gap with {gap.benchmark}, not the national rate")


def _of_a_decline(phrase: Phrase) -> bool:
    """A speed phrase that speaks of a decline (narrowed, widened) or a turn."""
    return any(role in ("now", "before") for role, *_ in phrase.parts)


@sentence(
    "en",
    rf"Industrial investment in the province (?P<change>{SLOT}), (?P<vs_national>{SLOT}), "
    rf"(?P<tied>ranking|tied for) (?P<rank>\w+) in the country, and (?P<vs_fai>{SLOT})\.",
)
def _en_investment(c: Context, m: re.Match[str]) -> None:
    investment(c, m)


RANK = "industrial_investment.ranks.national"
TIED_WORDS = ("tied for", "was tied for", "并列")  # a shared rank; "ranking", 居: its own


def investment(c: Context, m: re.Match[str]) -> None:
    c.phrase("investment", "change_yoy", m["change"], {"": "industrial_investment"})
    c.versus("investment", m["vs_national"], "industrial_investment")
    rank = ordinal_of(m["rank"], c.language)
    c.claim("investment", RANK, "=", rank)
    c.claim("investment", f"{RANK}.tied", "=", int(m["tied"] in TIED_WORDS))
    c.versus("investment", m["vs_fai"], "industrial_investment")


@sentence(
    "en",
    rf"It accounted for (?P<share>-?(?:{NUMBER}))% of the province's fixed asset investment, "
    r"(?P<share_change>.+)\.",
)
def _en_investment_share(c: Context, m: re.Match[str]) -> None:
    investment_share(c, m)


def investment_share(c: Context, m: re.Match[str]) -> None:
    if m["share"].startswith("-"):
        c.reading.notes.append(f"a negative share printed: {m['share']}% in {c.sentence!r}")
    c.claim("investment", SHARE, "=", number(m["share"]), "%")
    c.phrase("investment", "share_change", m["share_change"], {"": SHARE_CHANGE})


@sentence("en", r"By city, industrial value added grew in all (?P<n>\d+) cities\.")
@sentence("en", r"By city, industrial value added grew in none of the (?P<n>\d+) cities\.")
@sentence("en", r"By city, industrial value added grew in (?P<k>\d+) of the (?P<n>\d+) cities\.")
def _en_cities(c: Context, m: re.Match[str]) -> None:
    form = "all" if " all " in m[0] else "none" if " none " in m[0] else "part"
    _cities_count(c, "cities", form, m.groupdict().get("k"), m["n"])


@sentence(
    "en",
    r"By city, (?P<name>.+) was the only one of the (?P<n>\d+) cities where industrial value "
    r"added grew\.",
)
def _en_only_city(c: Context, m: re.Match[str]) -> None:
    only_city(c, m)


def only_city(c: Context, m: re.Match[str]) -> None:
    keys = [key for key, _ in read_list(m["name"], c.language, c.names["cities"])]
    c.claim("cities", "cities.count", "=", count_of(m["n"], c.language))
    c.claim("cities", "cities growing", "=", 1)
    c.claim("cities", "cities growing: names", "=", names=sorted(keys))


@sentence(
    "en",
    r"In (?P<k>\d+) (?P<noun>city|cities), growth outpaced both the national rate and the "
    r"provincial average\.",
)
def _en_above_both(c: Context, m: re.Match[str]) -> None:
    k = int(m["k"])
    if (k == 1) != (m["noun"] == "city"):
        c.reading.notes.append(f"grammatical number: {m[0]!r}")
    c.claim("cities", "cities above value_added and value_added.national", "=", k)


@sentence("en", r"(?P<names>.+) recorded double-digit growth\.")
def _en_double_digit_one(c: Context, m: re.Match[str]) -> None:
    double_digit(c, m["names"], None)


@sentence("en", rf"Double-digit growth was recorded in (?P<k>{COUNT}) cities: (?P<names>.+)\.")
def _en_double_digit(c: Context, m: re.Match[str]) -> None:
    double_digit(c, m["names"], m["k"])


def double_digit(c: Context, names: str, count: str | None) -> None:
    keys = sorted(key for key, _ in read_list(names, c.language, c.names["cities"]))
    c.claim("cities", "cities at least 10: names", "=", names=keys)
    number_of = 1 if count is None else count_of(count, c.language)
    c.claim("cities", "cities at least 10", "=", number_of)


@sentence(
    "en",
    r"By industry, value added in the (?P<num>\w+) major industries—(?P<names>.+)—grew by "
    r"(?P<rates>.+) year on year respectively\.",
)
def _en_industries_respectively(c: Context, m: re.Match[str]) -> None:
    industries_respectively(c, m)


def industries_respectively(c: Context, m: re.Match[str]) -> None:
    keys = [key for key, _ in read_list(m["names"], c.language, c.names["major_industries"])]
    rates = re.split(r", and |, | and |、|和", m["rates"])
    if len(rates) != len(keys):
        raise Unread(f"{len(keys)} industries but {len(rates)} rates")
    c.claim("industries", "major_industries.count", "=", count_of(m["num"], c.language))
    for key, rate in zip(keys, rates, strict=True):
        figure = re.fullmatch(rf"({NUMBER})%", rate)
        if not figure:
            raise Unread(f"not a rate: {rate!r}")
        c.claim("industries", f"major_industries[{key}]", "+", number(figure[1]), "%")


@sentence(
    "en",
    r"By industry, among the (?P<num>\w+) major industries, (?P<changes>.+) year on year\.",
)
def _en_industries_mixed(c: Context, m: re.Match[str]) -> None:
    industries_mixed(c, m)


def industries_mixed(c: Context, m: re.Match[str]) -> None:
    c.claim("industries", "major_industries.count", "=", count_of(m["num"], c.language))
    if count_of(m["num"], c.language) == 1:
        c.reading.notes.append(f"one industry in a plural sentence: {c.sentence!r}")
    space = " " if family(c.language) == "en" else ""
    changes = _phrases("change", c.language)

    def item(rest: str) -> tuple[int, object]:
        if not rest.startswith(space):
            raise Unread(f"no change after a name: {rest!r}")
        for pattern, _specs in changes:
            found = pattern.match(rest, len(space))
            if found and (found.end() == len(rest) or _at_separator(rest, found.end(), c)):
                return found.end(), found[0]
        raise Unread(f"no change at {rest!r}")

    for key, change in read_list(m["changes"], c.language, c.names["major_industries"], item):
        c.phrase("industries", "change", str(change), {"": f"major_industries[{key}]"})


# A single major industry (templates/sentences.j2): its name and its change.
ONE_INDUSTRY = {
    "en": r"By industry, value added in (?P<name>.+?) (?P<change>grew by \S+|fell by \S+|was "
    r"unchanged) year on year\.",
    "zh": r"分行业看，(?P<name>.+?)增加值同比(?P<change>[^，。]+)。",
}


def one_industry(c: Context, m: re.Match[str]) -> None:
    ((key, _),) = read_list(m["name"], c.language, c.names["major_industries"])
    c.claim("industries", "major_industries.count", "=", 1)
    c.phrase("industries", "change", m["change"], {"": f"major_industries[{key}]"})


sentence("en", ONE_INDUSTRY["en"])(one_industry)


def _at_separator(text: str, at: int, c: Context) -> bool:
    return any(text.startswith(s, at) for s in SEPARATORS[family(c.language)])


@sentence("en", r"Value added grew in all (?P<n>\d+) major industrial sectors\.")
@sentence("en", r"Value added grew in none of the (?P<n>\d+) major industrial sectors\.")
@sentence(
    "en",
    rf"Of the (?P<n>\d+) major industrial sectors, (?P<k>\d+) \((?P<share>{NUMBER})%\) "
    r"increased their value added\.",
)
def _en_sectors(c: Context, m: re.Match[str]) -> None:
    sectors(c, m)


def sectors(c: Context, m: re.Match[str]) -> None:
    n = int(m["n"])
    groups = m.groupdict()
    k = n if "全部" in m[0] or " all " in m[0] else 0 if groups.get("k") is None else int(m["k"])
    c.claim("sectors", "industry_groups.of", "=", n)
    c.claim("sectors", "industry_groups.count", "=", k)
    if groups.get("share") is not None:
        c.claim("sectors", "industry_groups.share", "=", number(m["share"]), "share")


@sentence(
    "en",
    rf"Output value of the (?P<n>\d+) key enterprises under monitoring (?P<change>{SLOT}), "
    rf"(?P<comparison>{SLOT})\.",
)
def _en_enterprises(c: Context, m: re.Match[str]) -> None:
    enterprises(c, m)


def enterprises(c: Context, m: re.Match[str]) -> None:
    c.claim("enterprises", "key_enterprises.of", "=", int(m["n"]))
    c.phrase("enterprises", "change_yoy", m["change"], {"": "key_enterprise_output"})
    c.versus("enterprises", m["comparison"], "key_enterprise_output")


@sentence(
    "en",
    r"Of these, (?P<k>\d+) (?P<noun>enterprises?)"
    r"(?P<sep>, (?:including )?)?(?(sep)(?P<names>.+?),) "
    rf"grew by more than (?P<t>{NUMBER})%\.",
)
def _en_enterprises_above(c: Context, m: re.Match[str]) -> None:
    k = int(m["k"])
    including = (m["sep"] or "").endswith("including ")
    if (k == 1) != (m["noun"] == "enterprise") or (m["names"] and including == (k == 1)):
        c.reading.notes.append(f"grammatical number: {m[0]!r}")
    enterprises_above(c, m)


@sentence("en", rf"Of these, (?P<names>\D+) grew by more than (?P<t>{NUMBER})%\.")
@sentence("zh", rf"其中，(?P<names>[^\d，]+?)产值增速超过(?P<t>{NUMBER})%。")
def _one_named_enterprise_above(c: Context, m: re.Match[str]) -> None:
    """The one fast-growing key enterprise, named."""
    t = number(m["t"])
    keys = sorted(key for key, _ in read_list(m["names"], c.language, c.names["examples"]))
    if len(keys) != 1:
        raise Unread(f"one enterprise, named, not {len(keys)}: {c.sentence!r}")
    c.claim("enterprises", f"key_enterprises above {t}", "=", 1)
    c.claim("enterprises", f"key_enterprises above {t}: examples", "=", names=keys)


def enterprises_above(c: Context, m: re.Match[str]) -> None:
    t = number(m["t"])
    if m["names"] and int(m["k"]) == 1 and family(c.language) == "zh":
        c.reading.notes.append(f"等 (and others) before a count of one: {c.sentence!r}")
    c.claim("enterprises", f"key_enterprises above {t}", "=", int(m["k"]))
    if m["names"]:
        keys = sorted(key for key, _ in read_list(m["names"], c.language, c.names["examples"]))
        c.claim("enterprises", f"key_enterprises above {t}: examples", "=", names=keys)


register_profits(
    sentence, "industrial enterprises above designated size in the province", "全省规模以上工业企业"
)


@sentence(
    "en",
    rf"In (?P<period>{SLOT}), industrial enterprises above designated size in the province made "
    rf"total profits of (?P<amount>{SLOT}), (?P<change>.+?) and (?P<vs>{SLOT})\.",
)
def _en_profits(c: Context, m: re.Match[str]) -> None:
    profits(c, m)


def profits(c: Context, m: re.Match[str]) -> None:
    profits_level(c, m, 1)
    c.phrase("profits", "change_brief", m["change"], {"": "profits.growth"})
    c.versus("profits", m["vs"], "profits.growth")


@sentence(
    "en",
    rf"In (?P<period>{SLOT}), industrial enterprises above designated size in the province made "
    rf"total profits of (?P<amount>{SLOT}), (?P<change>{SLOT})\.",
)
@sentence(
    "zh",
    r"(?P<period>[^，]+)，全省规模以上工业企业实现利润总额(?P<amount>[^，]+)，"
    r"(?P<change>[^，]+)。",
)
def profits_without_national(c: Context, m: re.Match[str]) -> None:
    """Profits with their growth, and no national rate to compare it with."""
    profits_level(c, m, 1)
    c.phrase("profits", "change_brief", m["change"], {"": "profits.growth"})


@sentence("en", r"Profits grew in all (?P<n>\d+) major industrial sectors\.")
@sentence("en", r"Profits grew in none of the (?P<n>\d+) major industrial sectors\.")
@sentence(
    "en",
    r"Of the (?P<n>\d+) major industrial sectors, (?P<k>\d+) increased their profits"
    rf"(?:, (?P<f>\d+) of them by more than (?P<t>{NUMBER})%)?\.",
)
def _en_profit_sectors(c: Context, m: re.Match[str]) -> None:
    profit_sectors(c, m)


def profit_sectors(c: Context, m: re.Match[str]) -> None:
    n = int(m["n"])
    groups = m.groupdict()
    k = n if "全部" in m[0] or " all " in m[0] else 0 if groups.get("k") is None else int(m["k"])
    c.claim("profit sectors", "profit_groups.of", "=", n)
    c.claim("profit sectors", "profit_groups.count", "=", k)
    if groups.get("f") is not None:
        c.claim("profit sectors", f"profit_groups above {number(m['t'])}", "=", int(m["f"]))


@sentence("en", r"Investment in high-tech manufacturing (?P<change>.+)")
def _en_high_tech_heading(c: Context, m: re.Match[str]) -> None:
    c.phrase("heading: high tech", "change_yoy", m["change"], {"": "high_tech_investment"})


@sentence(
    "en",
    rf"In (?P<period>{SLOT}), investment in high-tech manufacturing (?P<change>{SLOT}), "
    rf"(?P<vs>{SLOT})\.",
)
def _en_high_tech(c: Context, m: re.Match[str]) -> None:
    high_tech(c, m)


def high_tech(c: Context, m: re.Match[str]) -> None:
    c.period("high tech", "high_tech_investment.period", m["period"])
    c.phrase("high tech", "change_yoy", m["change"], {"": "high_tech_investment"})
    c.versus("high tech", m["vs"], "high_tech_investment")


# Chinese --------------------------------------------------------------------------------------


def _zh_form(text: str) -> str:
    return "all" if "全部" in text else "none" if "均未" in text else "part"


@sentence("zh", r"(?P<n>\d+)个市工业增加值全部实现正增长")
@sentence("zh", r"(?P<n>\d+)个市工业增加值均未实现正增长")
@sentence("zh", r"(?P<n>\d+)个市中(?P<k>\d+)个市工业增加值实现正增长")
def _zh_cities_heading(c: Context, m: re.Match[str]) -> None:
    _cities_count(c, "heading: cities", _zh_form(m[0]), m.groupdict().get("k"), m["n"])


sentence(
    "zh", r"(?P<period>[^，]+)，全省规模以上工业增加值(?P<change>[^，]+)，(?P<comparison>[^，]+)。"
)(headline)
sentence(
    "zh",
    r"(?P<months>[^，]+)，在全国工业(?P<nsubj>增速|增加值)比(?P<earlier>\d+—\d+月|\d+月份|\S季度)"
    r"(?P<national>[^，]+)的情况下，全省工业(?P<psubj>增速|增加值)比(?P=earlier)(?P<province>[^，]+)，"
    r"(?P<gap>[^，]+)。",
)(latest_months)


@sentence(
    "zh",
    r"全省工业投资(?P<change>[^，]+)，(?P<vs_national>[^，]+)，(?P<tied>居|并列)全国(?P<rank>第\S+?)位，"
    rf"(?P<vs_fai>[^，；]+)；占全省固定资产投资的比重为(?P<share>-?(?:{NUMBER}))%，(?P<share_change>[^，]+)。",
)
def _zh_investment(c: Context, m: re.Match[str]) -> None:
    investment(c, m)
    investment_share(c, m)


@sentence("zh", r"分地区看，(?P<n>\d+)个市工业增加值全部实现正增长。")
@sentence("zh", r"分地区看，(?P<n>\d+)个市工业增加值均未实现正增长。")
@sentence("zh", r"分地区看，(?P<n>\d+)个市中有(?P<k>\d+)个市工业增加值实现正增长。")
def _zh_cities(c: Context, m: re.Match[str]) -> None:
    _cities_count(c, "cities", _zh_form(m[0]), m.groupdict().get("k"), m["n"])


sentence("zh", r"分地区看，(?P<n>\d+)个市中仅(?P<name>.+)工业增加值实现正增长。")(only_city)


@sentence("zh", r"(?P<k>\d+)个市增速高于全国和全省平均水平。")
def _zh_above_both(c: Context, m: re.Match[str]) -> None:
    c.claim("cities", "cities above value_added and value_added.national", "=", int(m["k"]))


@sentence("zh", r"(?P<names>[^\d，]+)实现两位数增长。")
def _zh_double_digit_one(c: Context, m: re.Match[str]) -> None:
    double_digit(c, m["names"], None)


@sentence("zh", r"(?P<names>\D+?)(?P<k>\d+)个市实现两位数增长。")
def _zh_double_digit(c: Context, m: re.Match[str]) -> None:
    double_digit(c, m["names"], m["k"])


sentence(
    "zh",
    r"分行业看，(?P<names>.+?)(?P<num>[一二三四五六七八九十]+)大产业增加值同比分别增长(?P<rates>.+)。",
)(industries_respectively)
sentence("zh", r"分行业看，(?P<num>[一二三四五六七八九十]+)大产业增加值同比：(?P<changes>.+)。")(
    industries_mixed
)
sentence("zh", ONE_INDUSTRY["zh"])(one_industry)
sentence("zh", r"(?P<n>\d+)个工业大类行业增加值全部实现增长。")(sectors)
sentence("zh", r"(?P<n>\d+)个工业大类行业增加值均未实现增长。")(sectors)
sentence(
    "zh",
    rf"(?P<n>\d+)个工业大类行业中有(?P<k>\d+)个行业增加值保持增长，增长面达(?P<share>{NUMBER})%。",
)(sectors)
sentence("zh", r"(?P<n>\d+)户重点监测企业产值(?P<change>[^，]+)，(?P<comparison>[^，]+)。")(
    enterprises
)
sentence("zh", rf"其中，(?:(?P<names>.+?)等)?(?P<k>\d+)户企业产值增速超过(?P<t>{NUMBER})%。")(
    enterprises_above
)
sentence(
    "zh",
    r"(?P<period>[^，]+)，全省规模以上工业企业实现利润总额(?P<amount>[^，]+)，(?P<change>[^，]+)，"
    r"(?P<vs>[^，]+)。",
)(profits)
sentence("zh", r"(?P<n>\d+)个工业大类行业利润总额全部实现增长。")(profit_sectors)
sentence("zh", r"(?P<n>\d+)个工业大类行业利润总额均未实现增长。")(profit_sectors)
sentence(
    "zh",
    r"(?P<n>\d+)个工业大类行业中，(?P<k>\d+)个行业利润总额同比增长"
    rf"(?:，其中(?P<f>\d+)个行业增速超过(?P<t>{NUMBER})%)?。",
)(profit_sectors)
sentence("zh", r"高技术制造业投资(?P<change>[^，。]+)")(_en_high_tech_heading)
sentence("zh", r"(?P<period>[^，]+)，高技术制造业投资(?P<change>[^，]+)，(?P<vs>[^，]+)。")(
    high_tech
)

_SENTENCE_PATTERNS: dict[str, list[tuple[re.Pattern[str], SentenceReader]]] = {
    language: [(re.compile(pattern), reader) for pattern, reader in readers]
    for language, readers in SENTENCES.items()
}


# --- a bulletin ------------------------------------------------------------------------------


def sentences(markdown: str, language: str) -> list[str]:
    """The bulletin's headings (without their #) and the sentences of its paragraphs."""
    found: list[str] = []
    for block in re.split(r"\n\s*\n", markdown):
        text = " ".join(line.strip() for line in block.strip().splitlines())
        if not text:
            continue
        if text.startswith("#"):
            found.append(text.lstrip("#").strip())
        elif family(language) == "en":
            found += re.split(r"(?<=\.)\s+", text)
        else:
            found += [s for s in re.split(r"(?<=。)", text) if s]
    return found


def read_sentence(text: str, language: str, names: Mapping[str, Mapping[str, str]]) -> Reading:
    """The claims of one sentence; a sentence no pattern matches is `unread`, and one whose
    pattern matches but whose phrases do not read raises `Unread`."""
    reading = Reading()
    for pattern, reader in _SENTENCE_PATTERNS[family(language)]:
        match = pattern.fullmatch(text)
        if match:
            reader(Context(language, names, reading, text), match)
            return reading
    reading.unread.append(text)
    return reading


def read_bulletin(
    markdown: str,
    language: str,
    names: Mapping[str, Mapping[str, str]],
    static: frozenset[str] = frozenset(),
) -> Reading:
    """Every claim of a bulletin. ``names``: per group ("cities", "major_industries",
    "examples"), the display names of this language → keys; ``static``: sentences that state
    nothing computed (the release's own passages), left unread on purpose."""
    reading = Reading()
    for text in sentences(markdown, language):
        if text in static:
            continue
        try:
            one = read_sentence(text, language, names)
        except Unread as problem:
            reading.unread.append(f"{text}  [{problem}]")
            continue
        reading.claims += one.claims
        reading.unread += one.unread
        reading.notes += one.notes
    return reading
