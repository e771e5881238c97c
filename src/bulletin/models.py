"""models: the data-file vocabulary (what a release's data may say), validated by pydantic;
no file reading, no arithmetic beyond unit factors, no wording."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from bulletin.periods import Period

DEFAULT_LANGUAGES = ("en", "zh-CN")


def _number(value: Any) -> Decimal:
    """Accept numbers only: a figure written as text is an error with a hint, not a guess."""
    if isinstance(value, bool):
        raise ValueError("expected a number, got a yes/no value")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("expected a finite number")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            raise ValueError(
                f"a percentage written as text ({value!r}); write the number alone, "
                f"without quotes or %: {text.rstrip('%').strip()}"
            )
        raise ValueError(f"expected a number, got the text {value!r}; remove the quotes")
    raise ValueError(f"expected a number, got {type(value).__name__}")


def _period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("expected a period such as 2024-Q1")
    return Period.parse(value)


Number = Annotated[
    Decimal,
    BeforeValidator(_number),
    WithJsonSchema({"type": "number", "description": "a figure as published, e.g. 5.3"}),
]
"""A figure as published, e.g. a growth rate in % (5.3) or a share in %."""

Count = Annotated[int, Field(ge=0, strict=True)]
"""A whole number of things: cities, enterprises, projects."""

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


class Strict(BaseModel):
    """Base of every data model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Text(RootModel[dict[str, str]]):
    """A name or phrase in every language of the release: ``{en: Dalian, zh-CN: 大连}``."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _every_language(self, info: ValidationInfo) -> Text:
        languages = (info.context or {}).get("languages", DEFAULT_LANGUAGES)
        missing = [lang for lang in languages if not self.root.get(lang)]
        if missing:
            raise ValueError(
                f"no text for {', '.join(missing)}; give it in every language of the release "
                f"({', '.join(languages)})"
            )
        return self

    def get(self, language: str) -> str | None:
        return self.root.get(language)


def _not_above(field: str, whole: str) -> Any:
    """A validator: count ``field`` may not exceed the field ``whole`` declared before it."""

    def check(value: int | None, info: ValidationInfo) -> int | None:
        limit = info.data.get(whole)
        if value is not None and isinstance(limit, int) and value > limit:
            raise ValueError(f"{field} ({value}) is larger than {whole} ({limit})")
        return value

    return field_validator(field)(check)


# Units as Chinese releases write them: (dimension, factor to the base unit).
UNITS: dict[str, tuple[str, Decimal]] = {
    "元": ("money", Decimal(1)),
    "万元": ("money", Decimal(10) ** 4),
    "亿元": ("money", Decimal(10) ** 8),
    "万亿元": ("money", Decimal(10) ** 12),
    "吨": ("mass", Decimal(1)),
    "万吨": ("mass", Decimal(10) ** 4),
    "亿吨": ("mass", Decimal(10) ** 8),
}
Unit = Literal["元", "万元", "亿元", "万亿元", "吨", "万吨", "亿吨"]


class Amount(Strict):
    """A money amount or physical quantity as published: ``{value: 185.7, unit: 亿元}``."""

    value: Number
    unit: Unit

    @property
    def dimension(self) -> str:
        return UNITS[self.unit][0]

    @property
    def base(self) -> Decimal:
        """The value in yuan or tons, keeping the published precision (185.7亿 → 1.857E+10)."""
        return self.value.scaleb(UNITS[self.unit][1].adjusted())


class Share(Strict):
    """A percentage that is not a growth rate: ``{percent: 90}``."""

    percent: Number


Figure = Count | Amount | Share


class Release(Strict):
    region: Text
    issuer: Text
    period: PeriodField
    published: dt.date
    press_conference: Count | None = None
    narrative: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    languages: tuple[str, ...] = DEFAULT_LANGUAGES


class PeriodGrowth(Strict):
    period: PeriodField
    growth: Number


class EarlierGrowth(Strict):
    period: PeriodField
    growth: Number
    national_growth: Number


class ValueAdded(Strict):
    growth: Number
    previous_year: PeriodGrowth
    earlier: EarlierGrowth
    national_growth: Number
    output_value_growth: Number


class IndustrialInvestment(Strict):
    growth: Number
    national_growth: Number
    national_rank: Annotated[int, Field(ge=1, strict=True)]
    fixed_asset_investment_growth: Number
    share_of_fixed_asset_investment: Number
    share_a_year_earlier: Number


class HighTechInvestment(Strict):
    period: PeriodField
    growth: Number
    national_growth: Number


class Member(Strict):
    """A city or an industry with its growth rate."""

    name: Text
    growth: Number


class Tally(Strict):
    """How many of a whole grew; optionally how many grew faster than a threshold."""

    total: Count
    growing: Count
    fast_growing: Count | None = None
    fast_growth_threshold: Number | None = None

    _growing_within_total = _not_above("growing", "total")
    _fast_within_growing = _not_above("fast_growing", "growing")

    @model_validator(mode="after")
    def _threshold_given(self) -> Tally:
        if self.fast_growing is not None and self.fast_growth_threshold is None:
            raise ValueError("fast_growing needs fast_growth_threshold (in %)")
        return self


class KeyEnterprises(Strict):
    count: Count
    output_growth: Number
    fast_growing: Count
    fast_growth_threshold: Number
    example: Text | None = None

    _fast_within_count = _not_above("fast_growing", "count")


class Profits(Strict):
    period: PeriodField
    total: Amount
    growth: Number
    national_growth: Number
    industry_groups: Tally


class Dataset(Strict):
    """One release's data file: a provincial industrial bulletin (the reference release)."""

    kind: Literal["province"] = "province"
    release: Release
    value_added: ValueAdded
    industrial_investment: IndustrialInvestment
    high_tech_investment: HighTechInvestment
    cities: Annotated[tuple[Member, ...], Field(min_length=1)]
    major_industries: Annotated[tuple[Member, ...], Field(min_length=1)]
    industry_groups: Tally
    key_enterprises: KeyEnterprises
    profits: Profits
    figures: dict[str, Figure] = Field(default_factory=dict)
    published: dict[str, Number] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _earlier_before_period(self) -> Dataset:
        earlier, period = self.value_added.earlier.period, self.release.period
        if earlier.year != period.year or earlier.last_month >= period.last_month:
            raise ValueError(
                f"value_added.earlier.period ({earlier}) must end before the release period "
                f"({period}) in the same year"
            )
        return self


class CityRelease(Strict):
    region: Text
    province: Text
    issuer: Text
    period: PeriodField
    published: dt.date
    narrative: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    languages: tuple[str, ...] = DEFAULT_LANGUAGES


class CityValueAdded(Strict):
    growth: Number
    previous_year: PeriodGrowth
    province_growth: Number
    rank: Annotated[int, Field(ge=1, strict=True)] | None = None
    cities: Annotated[int, Field(ge=1, strict=True)] | None = None

    @model_validator(mode="after")
    def _rank_needs_cities(self) -> CityValueAdded:
        if (self.rank is None) != (self.cities is None):
            raise ValueError("rank and cities go together: the rank among how many cities")
        if self.rank is not None and self.cities is not None and self.rank > self.cities:
            raise ValueError(f"rank ({self.rank}) is larger than cities ({self.cities})")
        return self


class CityInvestment(Strict):
    growth: Number
    province_growth: Number


class CityProfits(Strict):
    period: PeriodField
    total: Amount
    growth: Number


class CityDataset(Strict):
    """A city's quarterly industrial bulletin (``kind: city``)."""

    kind: Literal["city"]
    release: CityRelease
    value_added: CityValueAdded
    major_industries: Annotated[tuple[Member, ...], Field(min_length=1)]
    enterprises: Tally
    industrial_investment: CityInvestment
    profits: CityProfits
    published: dict[str, Number] = Field(default_factory=dict)


AnyDataset = Dataset | CityDataset
MODELS: dict[str, type[Dataset] | type[CityDataset]] = {"province": Dataset, "city": CityDataset}
