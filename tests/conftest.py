"""Shared fixtures: the sample data as an editable document, and a renderer for it."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bulletin.compute import compute
from bulletin.loading import _DecimalLoader, parse_dataset
from bulletin.pipeline import render_markdown
from bulletin.project import Project, find_project

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "liaoning-2024q1.yaml"

Render = Callable[[dict[str, Any], str], str]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/ from the current output instead of comparing.",
    )


@pytest.fixture(scope="session")
def sample_document() -> dict[str, Any]:
    return yaml.load(SAMPLE.read_text(encoding="utf-8"), Loader=_DecimalLoader)


@pytest.fixture
def doc(sample_document: dict[str, Any]) -> dict[str, Any]:
    """A fresh, editable copy of the sample data."""
    return copy.deepcopy(sample_document)


@pytest.fixture
def project_copy(tmp_path: Path) -> Project:
    """A throw-away copy of the project's templates, catalogs and data, to break freely."""
    for folder in ("templates", "locales", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.mo"))
    return Project(tmp_path)


@pytest.fixture(scope="session")
def render() -> Render:
    project = find_project(str(ROOT))

    def _render(document: dict[str, Any], language: str) -> str:
        facts = compute(parse_dataset(document, "test"))
        return render_markdown(facts, language, project).content.decode("utf-8")

    return _render
