"""style: how one language is written, as data: first the language's own conventions, shipped
with its catalog (locales/<lang>/style.toml), then an office's house style (the project's
bulletin.toml, the kind's kind.yaml, the release's data file), later ones winning: percent and
point forms, period forms, grouping, spelled numbers, whether amounts keep their published
unit, and term substitutions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bulletin.errors import DataError, Problem

PERIOD_KEYS = (
    "quarter", "quarter+year", "months", "months+year", "month", "month+year", "year",
    "year+year", "whole",
)  # fmt: skip


class Style(BaseModel):
    """How one language is written for one office.

    * ``percent``: the form of a percentage, ``{}`` standing for the number ("{} percent"
      gives "5.8 percent"); default: CLDR's percent pattern ("5.8%").
    * ``points_singular_below_one``: "0.3 percentage point", as some offices write.
    * ``periods``: period forms by kind (``months: "{first} to {last}"``; ``month: "{m1}月"``);
      placeholders: year, first, last (month names), m1, m2 (month numbers), ordinal, numeral.
    * ``grouping``: thousands separators (default: the language's habit).
    * ``amounts``: ``published`` keeps the data's unit (12345.6亿元 ↔ 1,234.56 billion yuan);
      ``rescale`` picks the magnitude by size (1.23万亿元 ↔ 1.23 trillion yuan).
    * ``spell_counts_below``: counts in running text below this are spelled out ("four
      cities" with 10; 0 keeps digits, as Chinese releases do).
    * ``spell_numerals_below``: counts in compounds below this are spelled ("the four major
      industries", 四大产业 with 100).
    * ``spell_ordinals_below``: ranks below this are spelled (fifth, 第十二), others in digits
      (23rd); ``ordinal_rules`` names CLDR's rule set (``%spellout-ordinal-neuter`` for a
      Russian rank that agrees with место).
    * ``terms``: words of the catalog's messages replaced in this office's text
      (``{"year on year": "year-on-year"}``, also capitalised at the start of a sentence);
      never applied to data text.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    percent: str | None = Field(default=None, pattern=r"\{\}")
    points_singular_below_one: bool = False
    periods: dict[str, str] = Field(default_factory=dict)
    grouping: bool | None = None
    amounts: Literal["published", "rescale"] = "published"
    terms: dict[str, str] = Field(default_factory=dict)
    spell_counts_below: int = Field(default=0, ge=0)
    spell_numerals_below: int = Field(default=10, ge=0)
    spell_ordinals_below: int = Field(default=11, ge=0)
    ordinal_rules: str = Field(default="%spellout-ordinal", pattern=r"^%spellout-ordinal")

    def model_post_init(self, _context: Any) -> None:
        unknown = set(self.periods) - set(PERIOD_KEYS)
        if unknown:
            raise ValueError(
                f"unknown period forms {sorted(unknown)}; known: {', '.join(PERIOD_KEYS)}"
            )


def style_for(
    language: str, layers: Iterable[tuple[str, Mapping[str, Mapping[str, Any]]]]
) -> Style:
    """The style of ``language``: each layer (source name, {language: settings}) overrides
    the ones before it; ``"*"`` applies to every language. Problems name their layer."""
    merged: dict[str, Any] = {}
    for source, layer in layers:
        for key in ("*", language):
            settings = layer.get(key) or {}
            for name, value in settings.items():
                if isinstance(value, dict) and isinstance(merged.get(name), dict):
                    merged[name] = {**merged[name], **value}
                else:
                    merged[name] = value
        try:
            Style.model_validate(merged)
        except ValidationError as e:
            raise DataError(
                [
                    Problem(source, f"style.{language}", err["msg"].removeprefix("Value error, "))
                    for err in e.errors()
                ]
            ) from e
    return Style.model_validate(merged)
