"""locales: the strict catalog look-up never publishes English in another language: not for an
untranslated plural form, not for a catalog whose compiled copy is stale by content."""

from __future__ import annotations

import os

import pytest

from bulletin.errors import CatalogError
from bulletin.locales import load_catalog
from bulletin.pipeline import Options, build_bulletin
from bulletin.project import find_project

PLURAL = (
    'msgid "In %(num)s city, growth outpaced both the national rate and the provincial average."'
)


@pytest.fixture
def project(bundled_copy):
    return find_project()


def _po(project):
    return project.po_file("zh_CN")


def test_an_empty_plural_form_is_untranslated_not_english(project):
    po = _po(project)
    text = po.read_text(encoding="utf-8")
    start = text.index(PLURAL)
    entry_end = text.index("\n\n", start)
    entry = text[start:entry_end]
    emptied = "\n".join(
        line.split(" ", 1)[0] + ' ""' if line.startswith("msgstr[") else line
        for line in entry.splitlines()
    )
    po.write_text(text[:start] + emptied + text[entry_end:], encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        build_bulletin(project.data / "liaoning-2024q1.yaml", ["zh-CN"], ["md"], project)
    assert any(m.startswith("In %(num)s city") for m in caught.value.missing)
    allowed = build_bulletin(
        project.data / "liaoning-2024q1.yaml",
        ["zh-CN"],
        ["md"],
        project,
        Options(allow_untranslated=True),
    )
    (document,) = allowed
    assert document.untranslated  # said in the output, and in English only where allowed


def test_a_catalog_is_recompiled_by_content_not_by_date(project):
    po = _po(project)
    first = load_catalog(project, "zh-CN")
    before = first.get("was unchanged from a year earlier", "change, year on year")
    assert before is not None and before.string == "同比持平"
    mo = po.with_suffix(".mo")
    assert mo.is_file()
    old = os.stat(po)
    changed = po.read_text(encoding="utf-8").replace('msgstr "同比持平"', 'msgstr "同比无变化"', 1)
    po.write_text(changed, encoding="utf-8")
    os.utime(po, (old.st_atime, old.st_mtime - 3600))  # as `cp -p` or `tar` leave it: older
    again = load_catalog(project, "zh-CN")
    assert again is not None
    message = again.get("was unchanged from a year earlier", "change, year on year")
    assert message is not None and message.string == "同比无变化"


@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        ('msgstr "同比增长"', "placeholder %(pct)s missing from the translation"),
        ('msgstr "同比增长%(pcnt)s"', "placeholder %(pct)s misspelled as %(pcnt)s"),
        ('msgstr "同比增长5.3%%"', "placeholder %(pct)s missing"),
    ],
)
def test_generate_refuses_a_translation_that_would_state_a_wrong_figure(
    project, translation, problem
):
    po = _po(project)
    text = po.read_text(encoding="utf-8")
    original = 'msgstr "同比增长%(pct)s"'
    assert original in text
    po.write_text(text.replace(original, translation, 1), encoding="utf-8")
    from click.testing import CliRunner

    from bulletin.cli import main

    result = CliRunner().invoke(
        main,
        [
            "generate",
            str(project.data / "liaoning-2024q1.yaml"),
            "--lang",
            "zh-CN",
            "--out",
            str(project.root / "out"),
        ],
    )
    assert result.exit_code == 2, result.output
    assert problem in result.output
    assert "bulletin.po:" in result.output  # file:line
    assert "Traceback" not in result.output


def test_check_defaults_to_the_languages_the_data_declares(project):
    """A catalog begun for another language (here French, empty) does not fail `check`."""
    from click.testing import CliRunner

    from bulletin.cli import main

    assert CliRunner().invoke(main, ["i18n", "init", "fr"]).exit_code == 0
    result = CliRunner().invoke(main, ["check", str(project.data / "liaoning-2024q1.yaml")])
    assert result.exit_code == 0, result.output
    assert "the same figures in en, zh-CN" in result.output
