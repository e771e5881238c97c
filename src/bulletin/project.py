"""project: finds the project folders (templates/, locales/, data/) once; the only module that
knows where files live relative to the code."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bulletin.errors import UsageError

ENV_HOME = "BULLETIN_HOME"
DOMAIN = "bulletin"
SAMPLE = "liaoning-2024q1"


@dataclass(frozen=True)
class Project:
    """The folders a bulletin is built from."""

    root: Path

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def pot_file(self) -> Path:
        return self.locales / f"{DOMAIN}.pot"

    def po_file(self, locale_dir: str) -> Path:
        return self.locales / locale_dir / "LC_MESSAGES" / f"{DOMAIN}.po"

    def sample_data(self) -> Path:
        return self.data / f"{SAMPLE}.yaml"

    def catalog_dirs(self) -> list[str]:
        """Locale folder names that hold a catalog, e.g. ``['zh_CN']``."""
        if not self.locales.is_dir():
            return []
        return sorted(p.name for p in self.locales.iterdir() if (p / "LC_MESSAGES").is_dir())


def _looks_like_project(path: Path) -> bool:
    return (path / "templates").is_dir() and (path / "locales").is_dir()


@cache
def find_project(root: str | None = None) -> Project:
    """The project in ``root``, ``$BULLETIN_HOME``, the source checkout, or the installed wheel."""
    here = Path(__file__).resolve().parent
    candidates = [Path(p) for p in (root, os.environ.get(ENV_HOME)) if p] + [
        here.parent.parent,
        here / "_project",
    ]
    for candidate in candidates:
        if _looks_like_project(candidate):
            return Project(candidate.resolve())
    raise UsageError(
        "cannot find the project folders templates/ and locales/ "
        f"(looked in: {', '.join(str(c) for c in candidates)}); set {ENV_HOME} to the project root"
    )
