"""pipeline: the one place that knows the order of the stages (load → compute → verbalize and
template → output); the CLI and the HTTP service are thin doors onto it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from bulletin.compute import Facts, check_published, compute
from bulletin.errors import BulletinError, CatalogError, DataError, Problem, UsageError
from bulletin.loading import load_dataset, locate
from bulletin.locales import StrictTranslations, check_languages, load_catalog
from bulletin.models import Amount, Dataset, Share
from bulletin.project import Project, find_project
from bulletin.templating import MAIN_TEMPLATE, make_environment, narrative_template
from bulletin.verbalize import Verbalizer

FORMATS = ("md",)


class FigureView:
    """``fig.<name>`` in a narrative template: a figure from the data, formatted for the
    language; an unknown name is an error that says which figures exist."""

    def __init__(self, figures: dict[str, Any], fmt: Verbalizer) -> None:
        self._figures = figures
        self._fmt = fmt

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            value = self._figures[name]
        except KeyError:
            raise BulletinError(
                f"the narrative template uses figure {name!r}, which the data does not define; "
                f"add it under 'figures:' (defined: {', '.join(sorted(self._figures)) or 'none'})"
            ) from None
        if isinstance(value, Amount):
            return self._fmt.amount(value)
        if isinstance(value, Share):
            return self._fmt.percent(value.percent)
        return self._fmt.count(value)


@dataclass(frozen=True)
class Document:
    """One rendered bulletin."""

    language: str
    format: str
    content: bytes
    untranslated: tuple[str, ...] = field(default=())

    def file_name(self, stem: str) -> str:
        return f"{stem}.{self.language}.{self.format}"


_BLANK_LINES = re.compile(r"\n{3,}")


def load_and_compute(path: Path) -> Facts:
    """Read, validate and derive; every problem is reported with its place in the file."""
    dataset = load_dataset(path)
    facts = compute(dataset)
    problems = check_published(facts, dataset.published)
    if problems:
        raise DataError(
            [
                Problem(
                    str(path),
                    locate(path, ("published", p.where.removeprefix("published."))),
                    p.what,
                    p.hint,
                )
                for p in problems
            ]
        )
    return facts


def render_markdown(
    facts: Facts,
    language: str,
    project: Project | None = None,
    allow_untranslated: bool = False,
) -> Document:
    """The bulletin in one language as Markdown."""
    project = project or find_project()
    dataset: Dataset = facts.dataset
    if language not in dataset.release.languages:
        raise UsageError(
            f"the data gives names in {', '.join(dataset.release.languages)} only, "
            f"not {language!r}; add {language!r} to release.languages and to every name"
        )
    translations = StrictTranslations(load_catalog(project, language))
    fmt = Verbalizer(language, translations)
    env = make_environment(project, translations)
    name = dataset.release.narrative
    template_name = narrative_template(name) if name else MAIN_TEMPLATE
    try:
        template = env.get_template(template_name)
        text = template.render(
            facts=facts,
            release=dataset.release,
            figures=dataset.figures,
            fig=FigureView(dict(dataset.figures), fmt),
            fmt=fmt,
        )
    except jinja2.TemplateNotFound as e:
        raise UsageError(
            f"release.narrative names {name!r} but there is no template {e.name} "
            f"under {project.templates}"
        ) from e
    except jinja2.TemplateSyntaxError as e:
        raise BulletinError(f"{e.filename}:{e.lineno}: template syntax error: {e.message}") from e
    except jinja2.UndefinedError as e:
        raise BulletinError(f"template {template_name}: {e.message}") from e
    if translations.missing and not allow_untranslated:
        raise CatalogError(language, translations.missing)
    text = _BLANK_LINES.sub("\n\n", text).strip() + "\n"
    return Document(language, "md", text.encode("utf-8"), tuple(translations.missing))


def build_bulletin(
    path: Path,
    languages: Iterable[str],
    formats: Iterable[str] = ("md",),
    project: Project | None = None,
    allow_untranslated: bool = False,
) -> list[Document]:
    """Every requested language × format of one data file, rendered in memory (nothing is
    written here, so a failure leaves no half-written output)."""
    project = project or find_project()
    languages = check_languages(project, list(languages))
    formats = list(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(
            f"unknown format {', '.join(map(repr, unknown))}; available: {', '.join(FORMATS)}"
        )
    facts = load_and_compute(path)
    return [
        render_markdown(facts, lang, project, allow_untranslated)
        for lang in languages
        for _ in formats
    ]
