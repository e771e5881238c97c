"""pipeline: the one place that knows the order of the stages (load → compute → verbalize and
template → output); the CLI and the HTTP service are thin doors onto it."""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from bulletin.compute import Facts, check_published, compute
from bulletin.derive import DeriveError, SourcedDecimal, SourcedInt, resolve
from bulletin.errors import (
    BulletinError,
    CatalogError,
    DataError,
    Problem,
    RenderError,
    UsageError,
)
from bulletin.kinds import MAIN_TEMPLATE
from bulletin.loading import Marks, dataset_from_text, read_data_text, read_dataset, where
from bulletin.locales import (
    SOURCE_LANGUAGE,
    StrictTranslations,
    babel_locale,
    check_languages,
    conventions,
    load_catalog,
)
from bulletin.pdf import VARIANTS
from bulletin.project import CONFIG_FILE, Project, find_project
from bulletin.style import style_for
from bulletin.templating import (
    make_environment,
    narrative_template,
    output_of,
)
from bulletin.units import PERCENT, units_of
from bulletin.validation import validate_against
from bulletin.verbalize import Verbalizer
from bulletin.vocabulary import Dataset

if TYPE_CHECKING:
    from concurrent.futures import Future

    from bulletin.pdfpool import PdfPool

FORMATS = ("md", "html", "pdf")
PDF_VARIANTS = VARIANTS  # bulletin.pdf imports WeasyPrint only when it renders


class FigureView:
    """``fig.<name>`` in a narrative template: a figure from the data, formatted for the
    language (with its path, ``figures.<name>.value``); an unknown name is an error that says
    which figures exist."""

    def __init__(self, figures: dict[str, Any], fmt: Verbalizer, dataset: Dataset) -> None:
        self._figures = figures
        self._fmt = fmt
        self._dataset = dataset

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            figure = self._figures[name]
        except KeyError:
            raise RenderError(
                ("figures",),
                f"the narrative uses figure {name!r}, which the data does not define",
                f"add it under 'figures:' (defined: {', '.join(sorted(self._figures)) or 'none'})",
            ) from None
        value = resolve(name, self._dataset)  # a `Value` that knows its path
        if figure.unit == PERCENT:
            return self._fmt.percent(value)
        if figure.unit is not None:
            return self._fmt.amount(value)
        if figure.value == figure.value.to_integral_value():
            return self._fmt.count(value)
        return self._fmt.number(value)


def template_line(error: BaseException) -> str:
    """Where in a template an error happened (``facts.j2:12``): Jinja puts the template's
    lines into the traceback."""
    found = ""
    trace = error.__traceback__
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            found = f"{Path(name).name}:{trace.tb_lineno}"
        trace = trace.tb_next
    return found


def _plain(value: Decimal, source: str) -> int | Decimal:
    """A figure for a template's own arithmetic: whole numbers as int (ordinals, plurals);
    either knows its path, so that formatting it records where it came from."""
    if value == value.to_integral_value():
        return SourcedInt(int(value), source)
    return SourcedDecimal(value, source)


@dataclass(frozen=True)
class Document:
    """One rendered bulletin file."""

    language: str
    format: str
    content: bytes
    untranslated: tuple[str, ...] = field(default=())

    def file_name(self, stem: str) -> str:
        return f"{stem}.{self.language}.{self.format}"


@dataclass(frozen=True)
class Options:
    """How documents are rendered, beyond language and format."""

    allow_untranslated: bool = False
    pdf_variant: str = "pdf/ua-1"
    font: Path | None = None


@dataclass
class Rendering:
    """One language's rendering state: its translations, formatter and environment."""

    facts: Facts
    language: str
    project: Project
    translations: StrictTranslations
    fmt: Verbalizer
    env: jinja2.Environment
    template_name: str

    @classmethod
    def start(cls, facts: Facts, language: str, project: Project) -> Rendering:
        release = facts.dataset.release
        if language not in release.languages:
            raise UsageError(
                f"the data gives names in {', '.join(release.languages)} only, "
                f"not {language!r}; add {language!r} to release.languages and to every name"
            )
        style = style_for(
            language,
            [
                *conventions(project, language),
                (CONFIG_FILE, project.default_style),
                (f"kinds/{facts.kind.name}/kind.yaml", facts.kind.spec.style),
                ("release.style", release.style),
            ],
        )
        translations = StrictTranslations(load_catalog(project, language), terms=style.terms)
        name = release.narrative
        folders = project.template_dirs(facts.kind.folder)
        if name and not any((d / narrative_template(name)).is_file() for d in folders):
            known = sorted(
                p.name.removesuffix(".md.j2") for p in facts.kind.folder.glob("narratives/*.md.j2")
            )
            raise RenderError(
                ("release", "narrative"),
                f"there is no narrative {name!r}",
                f"narratives: {', '.join(known) or 'none'}; or leave release.narrative out for "
                "the standard text",
            )
        return cls(
            facts=facts,
            language=language,
            project=project,
            translations=translations,
            fmt=Verbalizer(language, translations, units_of(project), style),
            env=make_environment(project, translations, folder=facts.kind.folder),
            template_name=narrative_template(name) if name else MAIN_TEMPLATE,
        )

    def value(self, reference: str) -> Any:
        """``data("value_added.national")`` in a template: a figure from the data."""
        try:
            return resolve(reference, self.facts.dataset)
        except DeriveError as e:  # the data's to give, located where it would be
            from bulletin.validation import reference_loc

            raise RenderError(
                reference_loc(reference, self.facts.dataset),
                f"the {self.facts.kind.name} templates use {e}",
                f"give it as the kind's sample does ({self.facts.kind.sample_name}), or declare "
                "it in kind.yaml (requires:, facts:) so that validation names it",
            ) from e

    def context(self) -> dict[str, Any]:
        dataset = self.facts.dataset
        figures = dict(dataset.figures)
        return {
            "facts": self.facts,
            "release": dataset.release,
            "data": self.value,
            "figures": {
                name: _plain(f.value, f"figures.{name}.value") for name, f in figures.items()
            },
            "fig": FigureView(figures, self.fmt, dataset),
            "fmt": self.fmt,
            "language": self.language,
        }

    @cached_property
    def html_env(self) -> jinja2.Environment:
        """The page templates' environment: the same catalog, escaping for HTML."""
        return make_environment(
            self.project, self.translations, output="html", folder=self.facts.kind.folder
        )

    def _narrative_failed(self, error: Exception, template_name: str) -> RenderError | None:
        """A failure inside the release's own narrative is the data's to fix: the narrative
        was written for another kind of bulletin, or for fields this data leaves out."""
        name = self.facts.dataset.release.narrative
        if not name or template_name != self.template_name:
            return None
        message = getattr(error, "message", None) or str(error)
        return RenderError(
            ("release", "narrative"),
            f"the narrative {name!r} cannot be rendered for this {self.facts.kind.name} "
            f"bulletin ({message})",
            f"name a narrative written for {self.facts.kind.name} bulletins and the fields "
            "this data gives, or none",
        )

    def render(self, template_name: str, **extra: Any) -> str:
        env = self.html_env if output_of(template_name) == "html" else self.env
        try:
            template = env.get_template(template_name)
            return template.render(self.context() | extra)
        except jinja2.TemplateNotFound as e:  # (no absolute paths: a server's are private)
            raise UsageError(
                f"no template {e.name} in kinds/{self.facts.kind.name}/ or in templates/ "
                "(the project's or the bundled ones)"
            ) from e
        except jinja2.TemplateSyntaxError as e:
            raise BulletinError(
                f"{e.name or template_name}:{e.lineno}: template syntax error: {e.message}"
            ) from e
        except (jinja2.UndefinedError, AttributeError) as e:
            # The data lacks something the kind's templates use but kind.yaml does not
            # require: the data's to fix (or the kind's to declare), never a traceback.
            message = getattr(e, "message", None) or str(e)
            raise self._narrative_failed(e, template_name) or RenderError(
                ("release", "kind"),
                f"the {self.facts.kind.name} templates cannot render this data "
                f"({template_line(e) or template_name}: {message})",
                f"give what the kind's sample gives ({self.facts.kind.sample_name}), or "
                "declare it under requires:/facts: in its kind.yaml so validation names it",
            ) from e
        except (ValueError, TypeError, KeyError) as e:
            # Typically a translation whose placeholders do not fit its msgid.
            raise self._narrative_failed(e, template_name) or BulletinError(
                f"rendering {template_name} in {self.language} failed: {e} "
                f"(check the placeholders of the {self.language} catalog; "
                "a literal % is written %%)"
            ) from e

    def title(self) -> str:
        """The bulletin's title block rendered on its own (for the page's <title> and <h1>)."""
        try:
            template = self.env.get_template(self.template_name)
            block = template.blocks["title"]
            return "".join(block(template.new_context(self.context()))).strip()
        except KeyError as e:
            raise BulletinError(f"template {self.template_name} has no title block") from e
        except jinja2.TemplateError as e:
            raise self._narrative_failed(e, self.template_name) or BulletinError(
                f"template {self.template_name}, title: {e}"
            ) from e

    def finish(self, options: Options) -> tuple[str, ...]:
        """Refuse the output if a message was missing, unless that was allowed."""
        if self.translations.missing and not options.allow_untranslated:
            raise CatalogError(self.language, self.translations.missing)
        return tuple(self.translations.missing)


_BLANK_LINES = re.compile(r"\n{3,}")


def facts_from(
    dataset: Dataset, source: str, marks: Marks | None = None, project: Project | None = None
) -> Facts:
    """Check the dataset against its kind, derive the facts and check the restated ones;
    problems carry their place in the input."""
    kind = validate_against(dataset, project or find_project(), source, marks)
    facts = compute(dataset, kind, source)
    problems = check_published(facts, dataset.published)
    if problems:
        raise DataError(
            [
                Problem(
                    source,
                    where(marks or {}, ("published", p.where.removeprefix("published."))),
                    p.what,
                    p.hint,
                )
                for p in problems
            ]
        )
    return facts


def load_and_compute(
    path: Path, project: Project | None = None, check_rendering_with: Project | None = None
) -> Facts:
    """Read, validate and derive; every problem is reported with its place in the file. With
    ``check_rendering_with``, also render the Markdown of every declared language
    (`check_rendering`)."""
    dataset, marks = read_dataset(path)
    facts = facts_from(dataset, str(path), marks, project or check_rendering_with)
    if check_rendering_with is not None:
        check_rendering(facts, str(path), marks, check_rendering_with)
    return facts


def check_rendering(
    facts: Facts, source: str, marks: Marks | None = None, project: Project | None = None
) -> None:
    """Render the Markdown of every language the data declares, in memory (a few ms each), so
    that validation catches what generation would fail on: a language without a catalog, a
    narrative that does not exist, uses a figure the data lacks or was written for another kind
    of bulletin, a missing translation. Problems caused by the data carry their place."""
    project = project or find_project()
    marks = marks or {}
    release = facts.dataset.release
    languages_at = where(marks, ("release", "languages"))
    try:
        languages = check_languages(project, list(release.languages))
    except UsageError as e:
        raise DataError([Problem(source, languages_at, str(e))]) from e
    problems: dict[tuple[str, str], Problem] = {}
    for language in languages:
        try:
            rendering = Rendering.start(facts, language, project)
            markdown_text(rendering)
            rendering.finish(Options())
        except RenderError as e:  # (the same fault in every language: reported once)
            problem = e.located(source, where(marks, e.loc))
            problems.setdefault((problem.where, ""), problem)
        except CatalogError as e:
            problem = Problem(
                source,
                languages_at,
                f"{len(e.missing)} message(s) have no {language} translation: "
                + "; ".join(repr(m) for m in e.missing[:3])
                + (" …" if len(e.missing) > 3 else ""),
                "translate them in locales/ (bulletin i18n check), or generate with "
                "--allow-untranslated",
            )
            problems.setdefault((problem.where, problem.what), problem)
    if problems:
        raise DataError(list(problems.values()))


def markdown_text(rendering: Rendering) -> str:
    text = rendering.render(rendering.template_name)
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


def html_text(rendering: Rendering, markdown_source: str, options: Options) -> str:
    """The standalone page of one language (assembled by `html`, imported only when a page is
    wanted: the Markdown path never loads python-markdown)."""
    from bulletin import html

    return html.assemble_page(rendering, markdown_source, options.font)


def pdf_job(rendering: Rendering, page: str, options: Options) -> tuple[str, str, dict[str, Path]]:
    """Check fonts (here, so the message is ours), then what the renderer needs."""
    from bulletin import fonts

    chosen = fonts.user_font(options.font)
    visible_text = html_module.unescape(re.sub(r"<[^>]+>", " ", page.split("<body>", 1)[-1]))
    fonts.check_coverage(visible_text, rendering.language, chosen)
    assets = {chosen.path.as_uri(): chosen.path} if chosen else {}
    return page, options.pdf_variant, assets


Pending = dict[str, "bytes | Future[bytes]"]


def render_language(
    facts: Facts,
    language: str,
    formats: list[str],
    project: Project,
    options: Options,
    pool: PdfPool | None = None,
) -> tuple[Pending, tuple[str, ...]]:
    """Every requested format of one language; a PDF may still be rendering in ``pool``."""
    rendering = Rendering.start(facts, language, project)
    source = markdown_text(rendering)
    in_markdown = tuple(rendering.translations.missing)  # the same whatever else is asked for
    outputs: Pending = {"md": source.encode("utf-8")}
    if "html" in formats or "pdf" in formats:
        page = html_text(rendering, source, options)
        outputs["html"] = page.encode("utf-8")
        if "pdf" in formats:
            rendering.finish(options)  # no PDF work for a bulletin that will be refused
            job = pdf_job(rendering, page, options)
            if pool is not None:
                outputs["pdf"] = pool.submit(*job)
            else:
                from bulletin.pdf import render_pdf

                outputs["pdf"] = render_pdf(*job)
    untranslated = rendering.finish(options)
    if in_markdown:  # allowed, so said in the output itself, under the title
        outputs["md"] = untranslated_notice(source, language, len(in_markdown)).encode("utf-8")
    return {f: outputs[f] for f in formats}, untranslated


def untranslated_notice(source: str, language: str, count: int) -> str:
    """The Markdown with a visible note under its title that ``count`` passages are in the
    source language (the page and the PDF say it on their first page and mark each one)."""
    name = babel_locale(language).get_display_name(SOURCE_LANGUAGE)
    passages = "passage is" if count == 1 else "passages are"
    title, _, body = source.partition("\n\n")
    note = f"> **Not fully translated into {name}.** {count} {passages} shown in English."
    return f"{title}\n\n{note}\n\n{body}"


def render_markdown(
    facts: Facts,
    language: str,
    project: Project | None = None,
    allow_untranslated: bool = False,
) -> Document:
    """The bulletin in one language as Markdown."""
    project = project or find_project()
    options = Options(allow_untranslated=allow_untranslated)
    outputs, untranslated = render_language(facts, language, ["md"], project, options)
    content = outputs["md"]
    assert isinstance(content, bytes)
    return Document(language, "md", content, untranslated)


def parse_formats(formats: Iterable[str]) -> list[str]:
    """Validated output formats; ``all`` means every one."""
    requested = list(formats)
    if requested == ["all"]:
        return list(FORMATS)
    unknown = [f for f in requested if f not in FORMATS]
    if unknown:
        raise UsageError(
            f"unknown format {', '.join(map(repr, unknown))}; available: {', '.join(FORMATS)}, all"
        )
    return list(dict.fromkeys(requested))


@dataclass(frozen=True)
class Rendered:
    """What one request made: the facts, and per language its outputs (a PDF may still be
    rendering in a pool) and the messages that fell back to English."""

    facts: Facts
    outputs: list[tuple[str, Pending, tuple[str, ...]]]

    def documents(self) -> list[Document]:
        """Every output, waiting for PDFs still rendering."""
        return [
            Document(
                language,
                fmt,
                content if isinstance(content, bytes) else _pdf_result(content),
                untranslated,
            )
            for language, outputs, untranslated in self.outputs
            for fmt, content in outputs.items()
        ]


def render_request(
    text: str,
    source: str,
    json_syntax: bool,
    languages: Iterable[str] | None,
    formats: Iterable[str],
    project: Project,
    options: Options,
    pool: PdfPool | None = None,
) -> Rendered:
    """The one entry point of every door (the CLI, the service, a batch's workers): data as
    text → located validation → facts → every requested language × format, in memory.
    ``languages=None`` means the languages the data declares. The request's own languages,
    formats and PDF variant are checked before the data is read, the data's after; a problem
    the data causes carries its line and column."""
    if languages is not None:  # a bad request is refused before the data is even read
        checked = check_request(project, languages, formats, options)
    dataset, marks = dataset_from_text(text, source, json_syntax)
    facts = facts_from(dataset, source, marks, project)
    if languages is None:
        try:
            checked = check_request(project, dataset.release.languages, formats, options)
        except UsageError as e:  # a language the data declares: the data's to fix
            raise DataError(
                [Problem(source, where(marks, ("release", "languages")), str(e))]
            ) from e
    try:
        outputs = [
            (language, *render_language(facts, language, checked[1], project, options, pool))
            for language in checked[0]
        ]
    except RenderError as e:  # the data asks for what the templates lack
        raise DataError([e.located(source, where(marks, e.loc))]) from e
    return Rendered(facts, outputs)


def build_bulletin(
    path: Path,
    languages: Iterable[str] | None,
    formats: Iterable[str] = ("md",),
    project: Project | None = None,
    options: Options | None = None,
    pool: PdfPool | None = None,
) -> list[Document]:
    """Every requested language × format of one data file, rendered in memory (nothing is
    written here, so a failure leaves no half-written output). With a ``pool``, PDFs render
    in its worker processes, several at once."""
    project = project or find_project()
    options = options or Options()
    if languages is not None:  # (refused before the file is even read)
        check_request(project, languages, formats, options)
    text = read_data_text(path)
    json_syntax = path.suffix.lower() == ".json"
    return render_request(
        text, str(path), json_syntax, languages, formats, project, options, pool
    ).documents()


def _pdf_result(future: Future[bytes]) -> bytes:
    from bulletin.pdfpool import PdfPool

    return PdfPool.result(future)


def check_request(
    project: Project, languages: Iterable[str], formats: Iterable[str], options: Options
) -> tuple[list[str], list[str]]:
    """Validated languages and formats (and PDF variant) of a request, before any work."""
    if options.pdf_variant not in PDF_VARIANTS:
        raise UsageError(
            f"unknown PDF variant {options.pdf_variant!r}; available: {', '.join(PDF_VARIANTS)}"
        )
    return check_languages(project, list(languages)), parse_formats(formats)


def build_documents(
    facts: Facts,
    checked_languages: list[str],
    checked_formats: list[str],
    project: Project,
    options: Options,
    pool: PdfPool | None = None,
) -> list[Document]:
    """Render already-validated facts into every language × format, in memory."""
    outputs = [
        (language, *render_language(facts, language, checked_formats, project, options, pool))
        for language in checked_languages
    ]
    return Rendered(facts, outputs).documents()
