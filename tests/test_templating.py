"""templating: data text is escaped for the output format at the one place templates print."""

from __future__ import annotations

import markdown
import pytest
from markupsafe import Markup

from bulletin.templating import escape_markdown


@pytest.mark.parametrize(
    "text",
    [
        "<script>x</script> **bold** [a](b) `c` _d_ #e !f {g}",
        "--- === +++ 1. 2) > quote",
        "- a list item",
        "1. a numbered item",
        "===",
        "A & B &amp; &#60;",
        "back\\slash\\",
    ],
)
def test_escaped_text_renders_as_typed(text):
    html = markdown.markdown(str(escape_markdown(text)), extensions=["smarty"])
    assert html.startswith("<p>") and html.endswith("</p>")
    inner = html.removeprefix("<p>").removesuffix("</p>")
    assert "<" not in inner.replace("&lt;", "")
    import html as html_lib

    assert html_lib.unescape(inner) == text


def test_markup_passes_and_line_breaks_fold():
    assert escape_markdown(Markup("**x**")) == "**x**"
    assert str(escape_markdown("a\n\n# b\r\nc")) == "a \\# b c"


@pytest.mark.parametrize(
    ("basis", "value", "en", "zh"),
    [
        ("yoy", "5.3", "increased by 5.3% year on year", "同比增长5.3%"),
        ("mom", "0.41", "increased by 0.41% month on month", "环比增长0.41%"),
        ("mom", "-0.1", "decreased by 0.1% month on month", "环比下降0.1%"),
        ("mom", "0", "was unchanged from the previous month", "环比持平"),
    ],
)
def test_the_phrase_library_words_each_basis(basis, value, en, zh):
    from decimal import Decimal

    from bulletin.derive import Value
    from bulletin.locales import StrictTranslations, load_catalog
    from bulletin.periods import Period
    from bulletin.project import bundled_project
    from bulletin.templating import make_environment
    from bulletin.units import units_of
    from bulletin.verbalize import Verbalizer

    project = bundled_project()
    v = Value(Decimal(value), "percent", basis, Period.parse("2024-10"), "indicators.x")
    for language, expected in (("en", en), ("zh-CN", zh)):
        translations = StrictTranslations(load_catalog(project, language))
        env = make_environment(project, translations)
        fmt = Verbalizer(language, translations, units_of(project))
        template = env.from_string(
            '{% import "phrases.j2" as p with context %}{{ p.change_on_basis(v) }}'
        )
        assert template.render(v=v, fmt=fmt) == expected
        assert not translations.missing
