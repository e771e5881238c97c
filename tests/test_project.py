"""project and scaffold: a project of the user's own, found like git finds a repository, with
the bundled kinds, phrases, units and catalogs behind it; `bulletin new` makes one that works."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.project import CONFIG_FILE, bundled_project, find_project
from bulletin.scaffold import new_project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A new project, with the project look-up cache cleared before and after."""
    # `bulletin --project` sets $BULLETIN_HOME for the process: restore it after the test
    monkeypatch.setenv("BULLETIN_HOME", "")
    monkeypatch.delenv("BULLETIN_HOME")
    find_project.cache_clear()
    new_project(tmp_path / "office")
    yield tmp_path / "office"
    find_project.cache_clear()


def test_new_project_is_found_from_any_folder_below_it(fresh):
    (fresh / "data" / "2024").mkdir()
    project = find_project(cwd=str(fresh / "data" / "2024"))
    assert project.root == fresh.resolve()
    assert project.behind == bundled_project()
    # its own kind, and the bundled ones behind it
    assert {"retail-sales", "industry-province", "consumer-prices"} <= set(project.kinds())
    assert find_project(cwd="/") == bundled_project()


def test_new_project_renders_its_example_in_every_format_and_language(fresh, monkeypatch):
    monkeypatch.chdir(fresh)
    out = fresh / "out"
    result = CliRunner().invoke(
        main, ["generate", "data/retail-sales-2024-03.yaml", "--format", "all", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        f"retail-sales-2024-03.{lang}.{fmt}"
        for lang in ("en", "zh-CN")
        for fmt in ("html", "md", "pdf")
    ]
    zh = (out / "retail-sales-2024-03.zh-CN.md").read_text(encoding="utf-8")
    assert "社会消费品零售总额2345.6亿元，同比增长4.7%" in zh
    en = (out / "retail-sales-2024-03.en.md").read_text(encoding="utf-8")
    assert "totalled 234.56 billion yuan and increased by 4.7% year on year" in en
    # the catalog of the user's kind is theirs; check and validate pass in the project
    assert CliRunner().invoke(main, ["i18n", "check"]).exit_code == 0
    assert CliRunner().invoke(main, ["check", "data/retail-sales-2024-03.yaml"]).exit_code == 0


def test_project_option_and_kinds_listing(fresh):
    result = CliRunner().invoke(main, ["--project", str(fresh), "kinds"])
    assert result.exit_code == 0, result.output
    assert "retail-sales: Retail sales of consumer goods" in result.output
    find_project.cache_clear()
    result = CliRunner().invoke(main, ["--project", str(fresh / "kinds"), "kinds"])
    assert result.exit_code == 2
    assert "is not a bulletin project" in result.output


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    result = CliRunner().invoke(main, ["new", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert (tmp_path / "x" / "keep.txt").read_text() == "mine"


def test_data_files_name_the_schema_and_the_schema_is_current():
    from bulletin.schema import schema_text

    assert (ROOT / "schema" / "data.schema.json").read_text(encoding="utf-8") == schema_text(
        bundled_project()
    ), "run: bulletin schema > schema/data.schema.json"
    for path in [ROOT / "data" / "liaoning-2024q1.yaml", *ROOT.glob("kinds/*/*.yaml")]:
        if path.name == "kind.yaml":
            continue
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == ROOT / "schema" / "data.schema.json", path


def test_a_wheel_carries_the_bundled_project(tmp_path):
    """`pip install` (not a checkout) must have the kinds, units, scaffold and catalogs."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("bulletin-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        f"bulletin/_project/{CONFIG_FILE}",
        "bulletin/_project/units.yaml",
        "bulletin/_project/kinds/consumer-prices/kind.yaml",
        "bulletin/_project/templates/phrases.j2",
        "bulletin/_project/locales/zh_CN/LC_MESSAGES/bulletin.po",
        "bulletin/_project/scaffold/bulletin.toml",
        "bulletin/_project/scaffold/kinds/retail-sales/kind.yaml",
        "bulletin/_project/schema/data.schema.json",
    ):
        assert needed in names, needed
