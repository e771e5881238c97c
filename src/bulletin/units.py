"""units: the unit registry (``units.yaml`` of the bundled project and of the user's), read
once: each unit's dimension, base unit and power of ten, and the catalog message that words
its base. No unit is named in Python."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bulletin.errors import DataError, Problem
from bulletin.project import Project

PERCENT = "percent"


class _UnitSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    dimension: str | None = None
    words: str | None = None
    base: str | None = None
    scale: Annotated[int, Field(ge=-12, le=24)] = 0

    @model_validator(mode="after")
    def _base_or_dimension(self) -> _UnitSpec:
        if (self.base is None) == (self.dimension is None):
            raise ValueError("give either a dimension (a base unit) or a base and a scale")
        if self.words is not None and "%(amount)s" not in self.words:
            raise ValueError("words must contain %(amount)s, where the number goes")
        return self


@dataclass(frozen=True)
class Unit:
    """One unit: ``亿元`` is 10^8 of the base ``元`` (money, worded "%(amount)s yuan")."""

    name: str
    dimension: str
    base: str
    scale: int
    words: str | None

    def to_base(self, value: Decimal) -> Decimal:
        """The value in the base unit, keeping its digits (185.7亿 → 1.857E+10)."""
        return value.scaleb(self.scale)


class Units:
    """The registry: a mapping from unit name to `Unit`."""

    def __init__(self, units: dict[str, Unit]) -> None:
        self._units = units

    def __contains__(self, name: object) -> bool:
        return name in self._units

    def __getitem__(self, name: str) -> Unit:
        return self._units[name]

    def names(self) -> list[str]:
        return sorted(self._units)

    def messages(self) -> list[str]:
        """The words of every base unit, for the catalog."""
        return sorted({u.words for u in self._units.values() if u.words})


def read_units(files: list[Path]) -> Units:
    """Read the registries in order (later files add and override); problems are located."""
    from bulletin.loading import parse_text, problems_from

    specs: dict[str, tuple[_UnitSpec, str]] = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        document, marks = parse_text(text, str(path))
        if not isinstance(document, dict):
            raise DataError([Problem(str(path), "", "expected a mapping of unit names")])
        for name, raw in document.items():
            try:
                specs[str(name)] = (_UnitSpec.model_validate(raw), str(path))
            except ValidationError as e:
                problems = problems_from(e, str(path), marks, _UnitSpec, prefix=(str(name),))
                raise DataError(problems) from e
    units: dict[str, Unit] = {}
    for name, (spec, source) in specs.items():
        base, scale, seen = spec, spec.scale, {name}
        base_name = name
        while base.base is not None:
            if base.base not in specs or base.base in seen:
                raise DataError(
                    [Problem(source, name, f"base unit {base.base!r} is unknown or circular")]
                )
            seen.add(base.base)
            base_name = base.base
            base = specs[base.base][0]
            scale += base.scale
        assert base.dimension is not None
        units[name] = Unit(name, base.dimension, base_name, scale, base.words)
    return Units(units)


_CACHE: dict[tuple[Path, ...], Units] = {}


def units_of(project: Project) -> Units:
    """The project's unit registry (the bundled units, extended by the project's own)."""
    files = tuple(project.unit_files())
    if files not in _CACHE:
        _CACHE[files] = read_units(list(files))
    return _CACHE[files]
