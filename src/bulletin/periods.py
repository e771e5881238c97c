"""periods: the reporting period vocabulary (year, quarter, month range) parsed from data text;
no wording, no locale."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERNS = (
    (re.compile(r"([0-9]{4})"), "year"),
    (re.compile(r"([0-9]{4})-Q([1-4])"), "quarter"),
    (re.compile(r"([0-9]{4})-([0-9]{2})"), "month"),
    (re.compile(r"([0-9]{4})-([0-9]{2})\.\.([0-9]{2})"), "months"),
)

FIRST_YEAR, LAST_YEAR = 1900, 2200
"""Years a bulletin can be about (year 0 or 9999 is a typing slip)."""

PERIOD_FORMS = "2024 (a year), 2024-Q1 (a quarter), 2024-03 (a month), 2024-01..02 (months)"


@dataclass(frozen=True, order=True)
class Period:
    """A span of whole months within one year: a year, a quarter, a month or a month range.

    >>> Period.parse("2024-Q1")
    Period(year=2024, first_month=1, last_month=3, kind='quarter')
    >>> Period.parse("2024-01..02").months
    2
    >>> Period.parse("2023").kind
    'year'
    """

    year: int
    first_month: int
    last_month: int
    kind: str

    @classmethod
    def parse(cls, text: str | int) -> Period:
        value = str(text).strip()
        for pattern, kind in _PATTERNS:
            match = pattern.fullmatch(value)
            if not match:
                continue
            year = int(match.group(1))
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise ValueError(
                    f"the year of {value!r} is not between {FIRST_YEAR} and {LAST_YEAR}"
                )
            if kind == "year":
                return cls(year, 1, 12, kind)
            if kind == "quarter":
                q = int(match.group(2))
                return cls(year, 3 * q - 2, 3 * q, kind)
            first = int(match.group(2))
            last = int(match.group(3)) if kind == "months" else first
            if not 1 <= first <= last <= 12:
                raise ValueError(f"months out of order or out of range in {value!r}")
            if kind == "months" and first == last:
                kind = "month"
            return cls(year, first, last, kind)
        shown = repr(value) if len(value) <= 40 else repr(value[:39]) + "…"
        raise ValueError(f"{shown} is not a period; write one of {PERIOD_FORMS}")

    @property
    def months(self) -> int:
        return self.last_month - self.first_month + 1

    @property
    def quarter(self) -> int:
        return self.first_month // 3 + 1

    def __str__(self) -> str:
        if self.kind == "year":
            return str(self.year)
        if self.kind == "quarter":
            return f"{self.year}-Q{self.quarter}"
        if self.kind == "month":
            return f"{self.year}-{self.first_month:02d}"
        return f"{self.year}-{self.first_month:02d}..{self.last_month:02d}"
