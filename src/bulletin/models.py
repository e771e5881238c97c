"""models: the field types of the data vocabulary (a figure as published, a count, a rank, a
period, a date, languages, a single-line name in every language) with their bounds and
messages, validated by pydantic; the vocabulary itself is in `vocabulary`. No file reading,
no arithmetic, no wording."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from bulletin.errors import shown
from bulletin.periods import FIRST_YEAR, LAST_YEAR, PERIOD_FORMS, Period

DEFAULT_LANGUAGES = ("en", "zh-CN")


MAX_SIGNIFICANT_DIGITS = 20
MAX_EXPONENT = 15
"""Bounds on every figure that no statistics office comes near: at most 20 significant digits,
and a size between 10^-15 and 10^16 (after normalisation to d.ddd × 10^e, |e| ≤ 15). Beyond
them a figure is a typing slip or an attack (1.0e-999999 would print a million zeros)."""
MAX_COUNT = 10**15
FIGURE_BOUNDS = (
    f"figures have at most {MAX_SIGNIFICANT_DIGITS} significant digits and lie between "
    f"1e-{MAX_EXPONENT} and 1e+{MAX_EXPONENT + 1}"
)


class NumberLiteral(str):
    """A number as written in the data that could not be read as one (an exponent beyond any
    range, a 0x_ literal); validation reports it as a number, not as quoted text."""

    __slots__ = ()


def _short(value: Decimal) -> str:
    text = str(value)
    return text if len(text) <= 30 else f"{text[:12]}…{text[-12:]}"


def check_figure(value: Decimal) -> Decimal:
    """A finite number within `FIGURE_BOUNDS`, or a ValueError saying what is wrong."""
    if not value.is_finite():
        raise ValueError(f"not a finite number ({_short(value)}); write the figure itself")
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if value:
        if value.adjusted() > MAX_EXPONENT:
            raise ValueError(f"too large ({_short(value)}); {FIGURE_BOUNDS}")
        if value.adjusted() < -MAX_EXPONENT:
            raise ValueError(f"too small ({_short(value)}); {FIGURE_BOUNDS}")
    elif not -MAX_EXPONENT - MAX_SIGNIFICANT_DIGITS <= exponent <= MAX_EXPONENT:
        raise ValueError(f"a zero written with a far-out exponent ({_short(value)}); write 0")
    if len(digits) > MAX_SIGNIFICANT_DIGITS:
        raise ValueError(
            f"too many digits ({len(digits)} significant digits in {_short(value)}); "
            f"{FIGURE_BOUNDS}"
        )
    return value


def _number(value: Any) -> Decimal:
    """Accept numbers only: a figure written as text is an error with a hint, not a guess."""
    if isinstance(value, bool):
        raise ValueError("expected a number, got a yes/no value")
    if isinstance(value, NumberLiteral):
        raise ValueError(f"not a number that can be used ({shown(value)}); {FIGURE_BOUNDS}")
    if isinstance(value, Decimal):
        return check_figure(value)
    if isinstance(value, int):
        if abs(value) >= 10 ** (MAX_EXPONENT + 1):  # (no str(): past 4,300 digits it fails)
            digits = int(value.bit_length() * 0.30103) + 1
            raise ValueError(f"too large (a number of about {digits} digits); {FIGURE_BOUNDS}")
        return check_figure(Decimal(value))
    if isinstance(value, float):
        return check_figure(Decimal(repr(value)))
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            raise ValueError(
                f"a percentage written as text ({shown(value)}); write the number alone, "
                f"without quotes or %: {shown(text.rstrip('%').strip())[1:-1]}"
            )
        try:
            quoted_number = Decimal(text).is_finite()
        except InvalidOperation:
            quoted_number = False
        if quoted_number:
            raise ValueError(f"expected a number, got the text {shown(value)}; remove the quotes")
        raise ValueError(f"expected a number, got the text {shown(value)}")
    raise ValueError(f"expected a number, got {_kind(value)}")


def _kind(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", type(None): "nothing (null)"}
    return names.get(type(value), f"a {type(value).__name__}")


def _count(value: Any) -> int:
    """A whole number of things, within reason."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
            shape = "a whole number written with a fraction or exponent"
            if abs(value) > MAX_COUNT:
                raise ValueError(f"a count is at most {MAX_COUNT:.0e}, got {_short(value)}")
            raise ValueError(f"expected a whole number, got {_short(value)} ({shape})")
        if isinstance(value, Decimal):
            got = _short(value)
        else:
            got = shown(value) if isinstance(value, str) else _kind(value)
        raise ValueError(f"expected a whole number, got {got}")
    if value < 0:
        raise ValueError(f"a count cannot be negative (got {value})")
    if value > MAX_COUNT:
        raise ValueError(f"a count is at most {MAX_COUNT:.0e}; this one is larger")
    return value


def _period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if (
        isinstance(value, bool)
        or not isinstance(value, str | int)
        or (isinstance(value, int) and not 0 <= value < 10**6)
    ):
        raise ValueError(f"expected a period such as 2024-Q1; write one of {PERIOD_FORMS}")
    return Period.parse(value)


Number = Annotated[
    Decimal,
    BeforeValidator(_number),
    WithJsonSchema({"type": "number", "description": "a figure as published, e.g. 5.3"}),
]
"""A figure as published, e.g. a growth rate in % (5.3) or a share in %."""

Count = Annotated[int, Field(ge=0, le=MAX_COUNT, strict=True), BeforeValidator(_count)]
"""A whole number of things: cities, enterprises, projects."""

Rank = Annotated[int, Field(ge=1, le=MAX_COUNT, strict=True), BeforeValidator(_count)]
"""A position or a number of places counted from 1."""

Language = Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=35)]
"""A language tag as the catalogs are named: en, zh-CN."""


def _distinct(languages: tuple[str, ...]) -> tuple[str, ...]:
    twice = sorted({lang for lang in languages if languages.count(lang) > 1})
    if twice:
        raise ValueError(f"{', '.join(twice)} listed more than once")
    return languages


Languages = Annotated[
    tuple[Language, ...], Field(min_length=1, max_length=20), AfterValidator(_distinct)
]
"""The languages of a release: at least one, each once."""


def _date(value: Any) -> dt.date:
    """A calendar date written YYYY-MM-DD (YAML reads it as a date; JSON gives text)."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date without a time, got {shown(str(value))}")
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"not a date: {shown(value)} (no such day)"  # 2024-02-30
            ) from None
    if not isinstance(value, dt.date):
        got = shown(value) if isinstance(value, str | int | Decimal) else _kind(value)
        raise ValueError(f"not a date: {got}; write it as YYYY-MM-DD, e.g. 2024-04-23")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"the year {value.year} is not between {FIRST_YEAR} and {LAST_YEAR}")
    return value


Date = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2024-04-23"]}),
]

PeriodField = Annotated[
    Period,
    BeforeValidator(_period),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "pattern": r"^\d{4}(-Q[1-4]|-\d{2}(\.\.\d{2})?)?$",
            "examples": ["2024-Q1", "2024-03", "2024-01..02", 2023],
        }
    ),
]


def errors_at(found: Sequence[tuple[Sequence[str | int], str, Any]]) -> ValidationError:
    """Problems that a rule over several values finds in one of them, each at that value's own
    place (``loc``, relative to what is being validated; pydantic-core puts the outer path in
    front), not at the whole: the second of two members with one key, a name given twice."""
    return ValidationError.from_exception_data(
        "data",
        [
            InitErrorDetails(
                type=PydanticCustomError("conflict", "{message}", {"message": message}),
                loc=tuple(loc),
                input=value,
            )
            for loc, message, value in found
        ],
    )


class Strict(BaseModel):
    """Base of every data model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


def _unsafe_character(text: str) -> tuple[int, str] | None:
    """The first character that has no place in one line of plain text, with its position:
    controls (C0 including tab and line feed, DEL, C1), line and paragraph separators, lone
    surrogates, the bidirectional overrides that reorder what a reader sees, and Unicode's
    noncharacters (reserved for a program's own use: bulletin marks figures with them)."""
    match = _UNSAFE.search(text)
    return (match.start(), match.group()) if match else None


_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


def _single_line(text: str) -> str:
    found = _unsafe_character(text)
    if found:
        position, character = found
        code = ord(character)
        what = {"\n": "a line break", "\r": "a line break", "\t": "a tab"}.get(character) or (
            "a line separator"
            if code in (0x2028, 0x2029)
            else "half of a UTF-16 surrogate pair"
            if 0xD800 <= code <= 0xDFFF
            else "a noncharacter"
            if code >= 0xFDD0
            else "a bidirectional override"
            if code >= 0x202A
            else "an invisible control character"
        )
        raise ValueError(
            f"{what} (U+{ord(character):04X}) at character {position + 1}; names and titles are "
            "single-line text: remove it"
        )
    return text


Line = Annotated[str, AfterValidator(_single_line)]
"""One line of plain text from the data (a name, an issuer, a region)."""


class Text(RootModel[dict[str, Line]]):
    """A name or phrase in every language of the release: ``{en: Dalian, zh-CN: 大连}``."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _every_language(self, info: ValidationInfo) -> Text:
        languages = (info.context or {}).get("languages", DEFAULT_LANGUAGES)
        missing = [lang for lang in languages if not (self.root.get(lang) or "").strip()]
        if missing:
            raise ValueError(
                f"no text for {', '.join(missing)}; give it in every language of the release "
                f"({', '.join(languages)})"
            )
        return self

    def get(self, language: str) -> str | None:
        return self.root.get(language)
