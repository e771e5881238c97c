"""templating: the one Jinja2 environment factory, with the i18n settings that extraction uses
too; never decides wording itself."""

from __future__ import annotations

from typing import Any

import jinja2

from bulletin.locales import StrictTranslations
from bulletin.project import Project

# Declared once: the runtime below and message extraction (babel.cfg, checked by a test) use
# the same settings, so that every message looked up at runtime is the one in the .pot.
I18N_EXTENSIONS = ("jinja2.ext.i18n",)
I18N_TRIMMED = True
I18N_NEWSTYLE = True
TEMPLATE_GLOB = "templates/**.j2"

MAIN_TEMPLATE = "bulletin.md.j2"

# Compiled templates are cached on disk (keyed by source checksum, so an edited template is
# recompiled): compiling costs more than rendering, and every process would pay it per language.
_BYTECODE_CACHE = jinja2.FileSystemBytecodeCache()


def narrative_template(name: str) -> str:
    return f"narratives/{name}.md.j2"


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
    install: Any = env.install_gettext_translations  # type: ignore[attr-defined]
    install(translations, newstyle=I18N_NEWSTYLE)
    return env
