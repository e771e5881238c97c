"""templating: the one Jinja2 environment factory, with the i18n settings that extraction uses
too; never decides wording itself."""

from __future__ import annotations

from typing import Any

import jinja2

from bulletin.locales import StrictTranslations
from bulletin.project import Project

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


# The bulletin and its HTML page, by kind of bulletin (the data file's `kind:`).
MAIN_TEMPLATES = {"province": "bulletin.md.j2", "city": "city.md.j2"}
PAGE_TEMPLATES = {"province": "page.html.j2", "city": "city_page.html.j2"}

# Compiled templates are cached on disk (keyed by source checksum, so an edited template is
# recompiled): compiling costs more than rendering, and every process would pay it per language.
_BYTECODE_CACHE = jinja2.FileSystemBytecodeCache()


def narrative_template(name: str) -> str:
    return f"narratives/{name}.md.j2"


def capfirst(text: str) -> str:
    """Upper-case the first letter only ("the first quarter" → "The first quarter"; unlike
    Jinja's ``capitalize``, "January–March" stays as it is). Chinese is unaffected.

    >>> capfirst("the first quarter"), capfirst("January–March"), capfirst("一季度")
    ('The first quarter', 'January–March', '一季度')
    """
    return text[:1].upper() + text[1:]


def make_environment(project: Project, translations: StrictTranslations) -> jinja2.Environment:
    """A sandbox-free but strict environment: undefined names are errors, not blanks."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(project.templates),
        extensions=list(I18N_EXTENSIONS),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown out; data text is made inert by the verbalizer's name()
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_BYTECODE_CACHE,
    )
    env.policies["ext.i18n.trimmed"] = I18N_TRIMMED
    env.filters["capfirst"] = capfirst
    install: Any = env.install_gettext_translations  # type: ignore[attr-defined]
    install(translations, newstyle=I18N_NEWSTYLE)
    _record_examples(env, translations)
    return env


def _record_examples(env: jinja2.Environment, translations: StrictTranslations) -> None:
    """Wrap the installed gettext functions so that each message's finished text is kept (the
    .pot shows translators an example of every placeholder filled in)."""
    installed = dict(env.globals)
    # Positions of (context, msgid) among each function's arguments after the Jinja context.
    where = {"gettext": (None, 0), "ngettext": (None, 0), "pgettext": (0, 1), "npgettext": (0, 1)}

    def wrap(name: str) -> Any:
        original: Any = installed[name]
        context_at, msgid_at = where[name]

        @jinja2.pass_context
        def recording(ctx: jinja2.runtime.Context, *args: Any, **variables: Any) -> Any:
            result = original(ctx, *args, **variables)
            context = args[context_at] if context_at is not None else None
            translations.example(context, args[msgid_at], str(result))
            return result

        return recording

    for name in where:
        env.globals[name] = wrap(name)
    env.globals["_"] = env.globals["gettext"]
