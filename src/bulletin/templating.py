"""templating: the one Jinja2 environment factory, with the i18n settings that extraction uses
too; never decides wording itself."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from bulletin.locales import StrictTranslations
from bulletin.project import Project
from bulletin.provenance import after_marker_head

# Declared once: the runtime below and message extraction (`bulletin i18n extract`) use the
# same settings, so that every message looked up at runtime is the one in the .pot.
I18N_EXTENSIONS = ("jinja2.ext.i18n",)
I18N_TRIMMED = True
I18N_NEWSTYLE = True
TEMPLATE_GLOB = "**.j2"  # under templates/
PYTHON_GLOB = "**.py"  # under the bulletin package
COMMENT_TAG = "Translators:"
GETTEXT_KEYWORDS = ("_", "gettext", "ngettext", "pgettext", "npgettext")


def jinja_extraction_options() -> dict[str, str]:
    """Babel's Jinja2 extractor options equal to the runtime settings."""
    return {
        "extensions": ",".join(I18N_EXTENSIONS),
        "trimmed": str(I18N_TRIMMED).lower(),
        "newstyle_gettext": str(I18N_NEWSTYLE).lower(),
        "silent": "false",
    }


# The HTML page of every kind: the narrative, then the table and charts its kind.yaml declares.
PAGE_TEMPLATE = "page.html.j2"

# Compiled templates are cached on disk (keyed by source checksum, so an edited template is
# recompiled): compiling costs more than rendering, and every process would pay it per language.
# The key does not cover the environment's settings, and escaping is compiled in: one cache per
# output format, and a new name whenever the settings change.
_CACHE_GENERATION = 2
_BYTECODE_CACHES = {
    output: jinja2.FileSystemBytecodeCache(
        pattern=f"__bulletin_{output}_{_CACHE_GENERATION}_%s.cache"
    )
    for output in ("md", "html")
}


def narrative_template(name: str) -> str:
    return f"narratives/{name}.md.j2"


def capfirst(text: str) -> str:
    """Upper-case the first letter only ("the first quarter" → "The first quarter"; unlike
    Jinja's ``capitalize``, "January–March" stays as it is). Chinese is unaffected.

    >>> capfirst("the first quarter"), capfirst("January–March"), capfirst("一季度")
    ('The first quarter', 'January–March', '一季度')

    A figure's marker (HTML output) is skipped, so the HTML says what the Markdown says:

    >>> from bulletin.provenance import mark, strip_marks
    >>> strip_marks(capfirst(mark(3, "fifth") + " in the country"))
    'Fifth in the country'
    """
    start = after_marker_head(text)
    # Markup stays Markup: its slices and upper() are.
    return text[:start] + text[start : start + 1].upper() + text[start + 1 :]


# Characters python-markdown gives a meaning and lets a backslash escape (its ESCAPED_CHARS);
# angle brackets become entities, which it leaves alone, so no tag can form.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]{}#!<>]")
_MARKDOWN_ENTITIES = {"<": "&lt;", ">": "&gt;"}
_MARKDOWN_DASHES = re.compile(r"-(?=-)")  # smarty would make -- and --- dashes
# At the start of a line: a list item, a quote, a setext underline or an ordered list.
_MARKDOWN_LINE_START = re.compile(r"^(?:([-+])(?=\s|$)|(=)(?==*\s*$)|(\d+)([.)])(?=\s|$))")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def _line_start(match: re.Match[str]) -> str:
    bullet, underline, number, dot = match.groups()
    if bullet:
        return "\\" + bullet
    if underline:
        return "&#61;"
    return f"{number}\\{dot}"


def escape_markdown(value: Any) -> Markup:
    r"""Text made inert in Markdown (and in the HTML that python-markdown makes of it): it shows
    as typed and starts no heading, list, link, emphasis or tag. Markup (text the templates or
    catalogs wrote) passes unchanged.

    >>> print(escape_markdown('<img src="x"> & [x](http://a) *b*'))
    &lt;img src="x"&gt; &amp; \[x\](http://a) \*b\*
    >>> print(escape_markdown("--- heading\n===")), print(escape_markdown("1. not a list"))
    \-\-- heading ===
    1\. not a list
    (None, None)
    >>> print(escape_markdown("4.4%, -3.4% and 2.0")), print(escape_markdown("- item"))
    4.4%, -3.4% and 2.0
    \- item
    (None, None)
    >>> print(escape_markdown(Markup("**from a template**")))
    **from a template**
    """
    if hasattr(value, "__html__"):
        return Markup(value)
    text = _LINE_BREAKS.sub(" ", str(value))  # validation refuses them; never structure here
    text = text.replace("&", "&amp;")
    text = _MARKDOWN_SPECIAL.sub(lambda m: _MARKDOWN_ENTITIES.get(m[0], "\\" + m[0]), text)
    text = _MARKDOWN_DASHES.sub(r"\\-", text)
    return Markup(_MARKDOWN_LINE_START.sub(_line_start, text))


# How each output format keeps data text inert: Markdown templates escape for Markdown, HTML
# templates (``*.html.j2``) for HTML. Both autoescape; only Markup (from templates) passes.
ESCAPERS: dict[str, Callable[[Any], Markup]] = {"md": escape_markdown, "html": escape}


def output_of(template_name: str) -> str:
    """The format a template writes, by its name: ``*.html.j2`` is HTML, the rest Markdown."""
    return "html" if template_name.endswith(".html.j2") else "md"


def make_environment(
    project: Project,
    translations: StrictTranslations,
    output: str = "md",
    folder: Path | None = None,
) -> jinja2.Environment:
    """A sandbox-free but strict environment: undefined names are errors, not blanks. Every
    value a template prints or passes to a message is escaped for ``output`` (md or html)
    unless it is Markup, which only templates and catalogs produce."""
    escaper = ESCAPERS[output]
    env = jinja2.Environment(
        # A kind's own folder first, then the project's templates/, then the bundled ones.
        loader=jinja2.FileSystemLoader(project.template_dirs(folder)),
        extensions=list(I18N_EXTENSIONS),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        # Jinja's autoescape escapes for HTML; in Markdown, finalize escapes first (as Markup).
        finalize=escape_markdown if output == "md" else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_BYTECODE_CACHES[output],
    )
    env.policies["ext.i18n.trimmed"] = I18N_TRIMMED
    env.filters["capfirst"] = capfirst
    install: Any = env.install_gettext_translations  # type: ignore[attr-defined]
    install(translations, newstyle=I18N_NEWSTYLE)
    _wrap_gettext(env, translations, escaper)
    return env


class _Lazy:
    """A placeholder's other form, made (and its message looked up) only if a translation
    prints it: ``%`` formatting of Markup calls ``__html__``, of text ``__str__``."""

    def __init__(self, make: Callable[[], str], escaper: Callable[[Any], Markup]) -> None:
        self._make, self._escaper = make, escaper

    def __html__(self) -> str:
        return str(self._escaper(self._make()))

    __str__ = __html__


def _wrap_gettext(
    env: jinja2.Environment, translations: StrictTranslations, escaper: Callable[[Any], Markup]
) -> None:
    """Wrap the installed gettext functions: placeholders are escaped for the output format
    (Jinja would escape them for HTML only), and each message's finished text is kept (the .pot
    shows translators an example of every placeholder filled in)."""
    installed = dict(env.globals)
    # Positions of (context, msgid) among each function's arguments after the Jinja context.
    where = {"gettext": (None, 0), "ngettext": (None, 0), "pgettext": (0, 1), "npgettext": (0, 1)}

    def wrap(name: str) -> Any:
        original: Any = installed[name]
        context_at, msgid_at = where[name]

        @jinja2.pass_context
        def recording(ctx: jinja2.runtime.Context, *args: Any, **variables: Any) -> Any:
            inert: dict[str, Any] = {
                k: v if isinstance(v, int) else escaper(v) for k, v in variables.items()
            }
            for name, value in variables.items():  # other forms a translation may choose
                for form, make in getattr(value, "forms", {}).items():
                    inert.setdefault(f"{name}_{form}", _Lazy(make, escaper))
            result = original(ctx, *args, **inert)
            context = args[context_at] if context_at is not None else None
            translations.example(context, args[msgid_at], str(result))
            return result

        return recording

    for name in where:
        env.globals[name] = wrap(name)
    env.globals["_"] = env.globals["gettext"]
