"""Templates, the .pot and the catalogs stay in step; runtime and extraction agree."""

import io
from pathlib import Path

import pytest

from bulletin import i18n
from bulletin.errors import CatalogError
from bulletin.kinds import read_kind
from bulletin.locales import StrictTranslations, load_catalog
from bulletin.pipeline import (
    Options,
    Rendering,
    html_text,
    load_and_compute,
    markdown_text,
    render_markdown,
)
from bulletin.project import Project, find_project

ROOT = Path(__file__).resolve().parent.parent


def extracted_keys(project: Project) -> set[tuple[str | None, str]]:
    catalog = i18n.extract(project, examples=False)
    return {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in catalog if m.id}


def test_every_runtime_lookup_is_a_message_of_a_fresh_extraction(monkeypatch):
    project = find_project(str(ROOT))
    seen: list[tuple[str | None, str]] = []
    original = StrictTranslations._lookup

    def recording(self, context, msgid, plural, n):
        seen.append((context, msgid))
        return original(self, context, msgid, plural, n)

    monkeypatch.setattr(StrictTranslations, "_lookup", recording)
    kinds = project.kinds()
    assert {"industry-province", "industry-city", "consumer-prices"} <= set(kinds)
    for name, folder in kinds.items():  # every bundled kind's sample, page included
        facts = load_and_compute(read_kind(name, folder).sample, project)
        for language in ("en", "zh-CN"):
            rendering = Rendering.start(facts, language, project)
            html_text(rendering, markdown_text(rendering), Options())
    assert len(set(seen)) > 60
    assert set(seen) - extracted_keys(project) == set()


def test_the_committed_template_is_fresh():
    assert not i18n.template_is_stale(find_project(str(ROOT))), "run `bulletin i18n extract`"


def test_the_shipped_catalogs_pass_the_check():
    assert i18n.check(find_project(str(ROOT))) == []


def test_the_template_shows_examples_from_the_samples():
    # A message's example comes from the first kind (by name) whose sample uses it: Dalian's
    # city bulletin (industry-city) for the shared phrases, Liaoning's (industry-province) for
    # what only it says, the April 2023 CPI (consumer-prices) in its house style.
    pot = (ROOT / "locales" / "bulletin.pot").read_text(encoding="utf-8")
    assert "#. Example: increased by 2.1% year on year\n" in pot
    assert "#. Example: 14.01 billion yuan\n" in pot
    assert "#. Example: picked up by 0.5 percentage points\n" in pot
    assert "#. Example: narrowing the gap with the national rate from 2.2 to 0.8 percentage" in pot
    assert "#. Example: up 24.0% year on year\n" in pot
    assert "#. Example: rose by 0.1 percent year-on-year\n" in pot
    assert "#. Example: 0.21 percentage point\n" in pot


def edit_po(project: Project, old: str, new: str) -> None:
    path = project.po_file("zh_CN")
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('msgstr "同比增长%(pct)s"', 'msgstr "同比增长"', "placeholder %(pct)s missing"),
        (
            'msgstr "同比增长%(pct)s"',
            'msgstr "同比增长%(pcnt)s"',
            "placeholder %(pct)s misspelled as %(pcnt)s",
        ),
        (
            'msgstr "同比增长%(pct)s"',
            'msgstr "同比增长%(pct)s%(extra)s"',
            "placeholder %(extra)s is not in the msgid",
        ),
        ('msgstr "**全力推动工业稳增长。**', 'msgstr "全力推动工业稳增长。', "emphasis markup"),
        ('msgstr "全国"', 'msgstr ""', "untranslated"),
        (
            'msgctxt "benchmark"\nmsgid "the national rate"',
            '#, fuzzy\nmsgctxt "benchmark"\nmsgid "the national rate"',
            "fuzzy",
        ),
        ('msgstr "图1　%(title)s。', 'msgstr "图　%(title)s。', "the number 1 of the msgid"),
        ('msgstr "同比增长%(pct)s"', 'msgstr "同比增长%(pct)s%"', "a lone %"),
    ],
)
def test_check_findings_name_file_line_and_msgid(project_copy, old, new, problem):
    edit_po(project_copy, old, new)
    findings = i18n.check(project_copy, ["zh-CN"])
    assert len(findings) == 1, findings
    (finding,) = findings
    assert problem in finding.problem
    assert finding.file == "locales/zh_CN/LC_MESSAGES/bulletin.po"
    assert finding.line > 1
    lines = (project_copy.root / finding.file).read_text(encoding="utf-8").splitlines()
    assert lines[finding.line - 1].startswith("msgid ")


def test_obsolete_entries_and_a_stale_template_are_findings(project_copy):
    path = project_copy.po_file("zh_CN")
    path.write_text(
        path.read_text(encoding="utf-8") + '\n#~ msgid "Gone"\n#~ msgstr "没了"\n', encoding="utf-8"
    )
    template = project_copy.kinds_folder / "industry-province" / "bulletin.md.j2"
    template.write_text(
        template.read_text(encoding="utf-8") + "{% trans %}A new sentence.{% endtrans %}\n",
        encoding="utf-8",
    )
    findings = i18n.check(project_copy, ["zh-CN"])
    assert any("obsolete" in f.problem for f in findings)
    (new,) = [f for f in findings if "stale" in f.problem]  # the new message, where it is
    assert new.msgid == "A new sentence."
    assert new.file == "kinds/industry-province/bulletin.md.j2" and new.line > 1


def test_update_keeps_translations_and_marks_changes_fuzzy(project_copy):
    template = project_copy.templates / "phrases.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(
        text.replace("picked up by {{ pts }}", "sped up by {{ pts }}"), encoding="utf-8"
    )
    i18n.write_template(project_copy, examples=False)
    i18n.update(project_copy)
    po = project_copy.po_file("zh_CN").read_text(encoding="utf-8")
    assert 'msgstr "同比增长%(pct)s"' in po
    assert (
        '#, fuzzy, python-format\n#| msgctxt "speed"\n#| msgid "picked up by %(pts)s"\n'
        'msgctxt "speed"\nmsgid "sped up by %(pts)s"'
    ) in po
    assert i18n.stats(project_copy, ["zh-CN"])[0].fuzzy == 1


def test_missing_or_fuzzy_translations_stop_generation(project_copy):
    edit_po(project_copy, 'msgstr "全国"', 'msgstr ""')
    facts = load_and_compute(project_copy.sample_data(), project_copy)
    with pytest.raises(CatalogError) as error:
        render_markdown(facts, "zh-CN", project_copy)
    assert "the national rate [context: benchmark]" in str(error.value)
    document = render_markdown(facts, "zh-CN", project_copy, allow_untranslated=True)
    assert document.untranslated == ("the national rate [context: benchmark]",)
    text = document.content.decode("utf-8")
    assert "高于the national rate" in text
    note = "> **Not fully translated into Chinese (Simplified, China).** 1 passage is shown"
    assert note + " in English." in text


def test_allowed_english_is_marked_visibly_and_tagged_in_html_and_pdf(project_copy):
    """With --allow-untranslated the page says so on its first page, each English passage is
    a <span lang="en"> that shows, and the PDF carries the notice; the Markdown's note does not
    depend on which formats were asked for."""
    from pypdf import PdfReader

    from bulletin.pipeline import Options, build_documents

    edit_po(project_copy, 'msgstr "全国"', 'msgstr ""')
    facts = load_and_compute(project_copy.sample_data(), project_copy)
    options = Options(allow_untranslated=True)
    docs = {
        d.format: d.content
        for d in build_documents(facts, ["zh-CN"], ["md", "html", "pdf"], project_copy, options)
    }
    html = docs["html"].decode("utf-8")
    assert 'class="untranslated-notice" role="note" lang="en"' in html
    assert '高于<span lang="en" class="untranslated">the national rate</span>' in html
    assert "\ufdd3" not in html and "\ufdd4" not in html
    first_page = PdfReader(io.BytesIO(docs["pdf"])).pages[0].extract_text()
    assert "Not fully translated into Chinese" in first_page
    (md_only,) = build_documents(facts, ["zh-CN"], ["md"], project_copy, options)
    assert md_only.content == docs["md"]


def test_a_stale_compiled_catalog_is_recompiled(project_copy):
    first = load_catalog(project_copy, "zh-CN")
    mo = project_copy.po_file("zh_CN").with_suffix(".mo")
    assert first is not None and mo.exists()
    edit_po(project_copy, 'msgstr "全国"', 'msgstr "全国水平"')
    catalog = load_catalog(project_copy, "zh-CN")
    assert (
        catalog is not None and catalog.get("the national rate", "benchmark").string == "全国水平"
    )


def test_check_as_json_for_tools(bundled_copy):
    import json

    from click.testing import CliRunner

    from bulletin.cli import main

    edit_po(bundled_copy, 'msgstr "同比增长%(pct)s"', 'msgstr "同比增长"')
    result = CliRunner().invoke(main, ["i18n", "check", "--lang", "zh-CN", "--format", "json"])
    assert result.exit_code == 1
    (finding,) = json.loads(result.output)
    assert finding["file"] == "locales/zh_CN/LC_MESSAGES/bulletin.po"
    assert finding["msgid"] == "increased by %(pct)s year on year [context: change, year on year]"
    assert "placeholder %(pct)s missing" in finding["problem"] and finding["line"] > 1
