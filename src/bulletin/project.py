"""project: finds the project a command works on (the nearest folder with ``bulletin.toml``, as
git finds its repository, or ``--project``) and the package's bundled project behind it; the
only module that knows where files live relative to the code."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from bulletin.errors import UsageError

ENV_HOME = "BULLETIN_HOME"
CONFIG_FILE = "bulletin.toml"
DOMAIN = "bulletin"
SAMPLE = "liaoning-2024q1"


@dataclass(frozen=True)
class Project:
    """A project's folders (templates/, kinds/, locales/, data/) and its configuration; the
    bundled project (the package's own kinds, phrase library and catalogs) stands behind a
    user's project, which adds to it or overrides it."""

    root: Path
    config: dict[str, Any] = field(default_factory=dict, compare=False)
    behind: Project | None = None

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
    def kinds_folder(self) -> Path:
        return self.root / "kinds"

    @property
    def units_file(self) -> Path:
        return self.root / "units.yaml"

    @property
    def pot_file(self) -> Path:
        return self.locales / f"{DOMAIN}.pot"

    def po_file(self, locale_dir: str) -> Path:
        return self.locales / locale_dir / "LC_MESSAGES" / f"{DOMAIN}.po"

    def language_conventions(self, locale_dir: str) -> list[tuple[str, dict[str, Any]]]:
        """How a language is written whoever publishes (``locales/<lang>/style.toml``: spelled
        counts, thousands grouping, the ordinal's rule set), shipped with its catalog: the
        bundled file first, a project's own after it. Each as (file, settings)."""
        layers = []
        for project in reversed(list(self.chain())):
            path = project.locales / locale_dir / "style.toml"
            if path.is_file():
                layers.append((str(path.relative_to(project.root)), _read_toml(path)))
        return layers

    def chain(self) -> Iterator[Project]:
        """This project, then the ones behind it (most specific first)."""
        project: Project | None = self
        while project is not None:
            yield project
            project = project.behind

    def kinds(self) -> dict[str, Path]:
        """Every kind's folder by name; this project's kinds hide the bundled ones."""
        found: dict[str, Path] = {}
        for project in reversed(list(self.chain())):
            if project.kinds_folder.is_dir():
                for folder in sorted(project.kinds_folder.iterdir()):
                    if (folder / "kind.yaml").is_file():
                        found[folder.name] = folder
        return found

    def template_dirs(self, kind_folder: Path | None = None) -> list[Path]:
        """Where templates are looked up: the kind's folder, then each project's templates/."""
        dirs = [kind_folder] if kind_folder else []
        return dirs + [p.templates for p in self.chain() if p.templates.is_dir()]

    def template_file(self, name: str, kind_folder: Path | None = None) -> Path:
        """The first ``name`` (e.g. ``assets/bulletin.css``) along the template folders."""
        for folder in self.template_dirs(kind_folder):
            if (folder / name).is_file():
                return folder / name
        raise UsageError(f"no template file {name} in this project or the bundled one")

    def unit_files(self) -> list[Path]:
        """Unit registries, the bundled one first (a project's own units extend it)."""
        return [p.units_file for p in reversed(list(self.chain())) if p.units_file.is_file()]

    def sample_data(self) -> Path:
        return self.bundled().data / f"{SAMPLE}.yaml"

    def bundled(self) -> Project:
        *_, last = self.chain()
        return last

    def catalog_dirs(self) -> list[str]:
        """Locale folder names that hold a catalog in any project of the chain."""
        names = {
            p.name
            for project in self.chain()
            if project.locales.is_dir()
            for p in project.locales.iterdir()
            if (p / "LC_MESSAGES").is_dir()
        }
        return sorted(names)

    @property
    def default_style(self) -> dict[str, dict[str, Any]]:
        style = self.config.get("style", {})
        return style if isinstance(style, dict) else {}


def _read_config(root: Path) -> dict[str, Any]:
    return _read_toml(root / CONFIG_FILE)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise UsageError(f"{path}: cannot read this TOML file: {e}") from e


def _is_bundled(path: Path) -> bool:
    return (path / "templates").is_dir() and (path / "kinds").is_dir()


@cache
def bundled_project() -> Project:
    """The package's own project: the source checkout, or the copy inside an installed wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent.parent, here / "_project"):
        if _is_bundled(candidate) and (candidate / CONFIG_FILE).is_file():
            return Project(candidate, _read_config(candidate))
    raise UsageError(f"the bulletin package is incomplete: no bundled project next to {here}")


def scaffold_folder() -> Path:
    """The template of a new project (`bulletin new`)."""
    folder = bundled_project().root / "scaffold"
    if not (folder / CONFIG_FILE).is_file():
        raise UsageError(f"the bulletin package is incomplete: no project scaffold at {folder}")
    return folder


def _nearest_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


@cache
def find_project(root: str | None = None, cwd: str | None = None) -> Project:
    """The project in ``root`` (``--project``), ``$BULLETIN_HOME``, or the nearest folder at or
    above the working directory that has ``bulletin.toml``; otherwise the bundled project."""
    bundled = bundled_project()
    explicit = root or os.environ.get(ENV_HOME)
    if explicit:
        folder = Path(explicit).resolve()
        if not folder.is_dir():
            raise UsageError(f"no project folder {explicit!r}")
        if not (folder / CONFIG_FILE).is_file() and not _is_bundled(folder):
            raise UsageError(
                f"{explicit!r} is not a bulletin project (no {CONFIG_FILE}); "
                "create one with: bulletin new DIR"
            )
    else:
        found = _nearest_config(Path(cwd or os.getcwd()).resolve())
        if found is None:
            return bundled
        folder = found
    if folder == bundled.root:
        return bundled
    return Project(folder, _read_config(folder), behind=bundled)
