"""Shared fixtures: the samples as editable documents, and a renderer for them."""

from __future__ import annotations

import copy
import shutil
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bulletin.compute import Facts
from bulletin.loading import _DecimalLoader, parse_dataset
from bulletin.pipeline import facts_from, render_markdown
from bulletin.project import Project, find_project

ROOT = Path(__file__).resolve().parent.parent
CITIES = ROOT / "data" / "cities"
SAMPLE = ROOT / "data" / "liaoning-2024q1.yaml"
CITY_SAMPLE = ROOT / "data" / "cities" / "dalian-2024q1.yaml"
PRICES_SAMPLE = ROOT / "kinds" / "consumer-prices" / "china-2023-04.yaml"

# What a project is made of: a copy of these is a project of its own.
PROJECT_PARTS = ("templates", "locales", "data", "kinds", "schema", "units.yaml", "bulletin.toml")

Render = Callable[[dict[str, Any], str], str]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/ from the current output instead of comparing.",
    )


def read_document(path: Path) -> dict[str, Any]:
    """A data file as the loader reads it (numbers as Decimal, as published)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_DecimalLoader)


@pytest.fixture(scope="session")
def sample_document() -> dict[str, Any]:
    return read_document(SAMPLE)


@pytest.fixture
def doc(sample_document: dict[str, Any]) -> dict[str, Any]:
    """A fresh, editable copy of the sample data (kind: industry-province)."""
    return copy.deepcopy(sample_document)


@pytest.fixture
def city_doc() -> dict[str, Any]:
    """A fresh, editable copy of the city sample (kind: industry-city)."""
    return read_document(CITY_SAMPLE)


@pytest.fixture
def prices_doc() -> dict[str, Any]:
    """A fresh, editable copy of the consumer-price sample (kind: consumer-prices)."""
    return read_document(PRICES_SAMPLE)


@pytest.fixture
def project_copy(tmp_path: Path) -> Project:
    """A throw-away copy of the whole bundled project (templates, kinds, units, catalogs, data,
    schema and configuration), standing on its own, to break freely."""
    for part in PROJECT_PARTS:
        source, target = ROOT / part, tmp_path / part
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy2(source, target)
    config = tomllib.loads((tmp_path / "bulletin.toml").read_text(encoding="utf-8"))
    return Project(tmp_path, config, behind=None)


@pytest.fixture
def bundled_copy(project_copy: Project, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    """The copy standing in for the bundled project, for code that finds its project itself
    (the command line): a copy found through ``BULLETIN_HOME`` alone would be a user's project
    in front of the bundled one, whose catalog holds only its own messages."""
    import bulletin.project

    monkeypatch.setattr(bulletin.project, "bundled_project", lambda: project_copy)
    monkeypatch.setenv("BULLETIN_HOME", str(project_copy.root))
    find_project.cache_clear()  # (cached per root, and the root now means the copy)
    yield project_copy
    find_project.cache_clear()


def facts_of(document: dict[str, Any], project: Project | None = None) -> Facts:
    """Validate a document against its kind, derive its facts and check what it restates
    under ``published:``, as generation does."""
    project = project or find_project(str(ROOT))
    return facts_from(parse_dataset(document, "test"), "test", None, project)


class FactsFor:
    """``facts_for(document)``: `facts_of` in the bundled project (``facts_for.project``)."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def __call__(self, document: dict[str, Any]) -> Facts:
        return facts_of(document, self.project)


@pytest.fixture(scope="session")
def facts_for() -> FactsFor:
    return FactsFor(find_project(str(ROOT)))


@pytest.fixture(scope="session")
def render() -> Render:
    project = find_project(str(ROOT))

    def _render(document: dict[str, Any], language: str) -> str:
        facts = facts_of(document, project)
        return render_markdown(facts, language, project).content.decode("utf-8")

    return _render


@pytest.fixture
def inputs(tmp_path) -> Path:
    """Three city data files in a folder of their own, for batches."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("dalian", "dandong", "jinzhou"):
        shutil.copy(CITIES / f"{name}-2024q1.yaml", folder)
    return folder
