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
