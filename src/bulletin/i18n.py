"""i18n: catalog maintenance for translators and template authors (extract, update, init,
compile, check, stats); reads and writes locales/, never renders bulletins itself except the
sample, to show translators real values."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

import bulletin
from bulletin import templating
from bulletin.errors import UsageError
from bulletin.locales import (
    compile_catalog,
    language_code,
    locale_dir,
    plural_forms_header,
    read_po_file,
)
from bulletin.output import write_atomic
from bulletin.project import DOMAIN, Project

EXAMPLE_PREFIX = "Example: "
EXAMPLE_LIMIT = 300
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
EMPHASIS = re.compile(r"\*\*|(?<!\*)\*(?!\*)|__")
LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")
NUMBER = re.compile(r"(?<![\w%])\d+(?:[.,]\d+)?(?![\w%(])")
Key = tuple[str | None, str]
HEADER = (
    "# Messages of the bulletin templates and code, in English (the source language).\n"
    "# Made by `bulletin i18n extract`; do not edit. Translators: see TRANSLATING.md."
)


@dataclass(frozen=True)
class Finding:
    """One problem in a catalog, where a translator can find it."""

    file: str
    line: int
    msgid: str
    problem: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: {self.problem}"
        return f"{where}: {self.msgid!r}" if self.msgid else where


# --- extraction -------------------------------------------------------------------------------


def _sample_examples(project: Project) -> dict[Key, str]:
    """Each message's English text when every kind's sample is rendered (placeholders
    filled in)."""
    from bulletin.pipeline import Options, Rendering, html_text, load_and_compute, markdown_text
    from bulletin.validation import kind_of

    examples: dict[Key, str] = {}
    from bulletin.kinds import read_kind

    for name, folder in project.kinds().items():
        if folder.parent.parent != project.root:
            continue  # a bundled kind's messages are in the bundled catalog
        sample = read_kind(name, folder).sample
        if not sample.exists():
            continue
        facts = load_and_compute(sample, project)
        kind_of(facts.dataset, project, str(sample))
        rendering = Rendering.start(facts, "en", project)
        html_text(rendering, markdown_text(rendering), Options())
        for key, text in rendering.translations.examples.items():
            examples.setdefault(key, text)
    return examples


def _declared_messages(project: Project) -> Iterator[tuple[str, str, str]]:
    """Messages that live in data rather than templates: the labels of each kind's page
    (kind.yaml) and the words of each unit (units.yaml), as (file, context, msgid)."""
    from bulletin.kinds import read_kind
    from bulletin.units import read_units

    for name, folder in project.kinds().items():
        if folder.parent.parent != project.root:
            continue
        for context, msgid in read_kind(name, folder).messages:
            yield f"kinds/{name}/kind.yaml", context, msgid
    if project.units_file.is_file():
        for msgid in read_units([project.units_file]).messages():
            yield "units.yaml", "unit", msgid


def extract(project: Project, examples: bool = True) -> Catalog:
    """A fresh template catalog from the templates and the Python code, with the same
    settings the renderer uses, translator comments, and examples from the sample."""
    catalog = Catalog(
        domain=DOMAIN,
        project="bulletin",
        version=bulletin.__version__,
        msgid_bugs_address="",
        charset="utf-8",
        fuzzy=False,
        creation_date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        header_comment=HEADER,
    )
    jinja = (
        [(templating.TEMPLATE_GLOB, "jinja2")],
        {templating.TEMPLATE_GLOB: templating.jinja_extraction_options()},
    )
    sources = [
        (folder, *jinja, folder.name)
        for folder in (project.templates, project.kinds_folder)
        if folder.is_dir()
    ]
    if project.behind is None:  # the bundled project's catalog holds the code's messages
        package = Path(bulletin.__file__).parent
        sources.append((package, [(templating.PYTHON_GLOB, "python")], {}, "src/bulletin"))
    for folder, method_map, options, prefix in sources:
        found = extract_from_dir(
            str(folder),
            method_map,
            options,
            keywords=_keywords(),
            comment_tags=(templating.COMMENT_TAG,),
            strip_comment_tags=True,
        )
        for filename, lineno, message, comments, context in found:
            comment = " ".join(" ".join(comments).split())  # Jinja comments keep indentation
            catalog.add(
                message,
                None,
                [(f"{prefix}/{filename}", lineno)],
                auto_comments=[comment] if comment else [],
                context=context,
            )
    for file, context, msgid in _declared_messages(project):
        catalog.add(msgid, None, [(file, 0)], context=context)
    if project.behind is not None:  # what the bundled catalogs translate stays theirs
        bundled = project.bundled()
        if bundled.pot_file.is_file():
            for theirs in read_po_file(bundled.pot_file):
                if theirs.id and catalog.get(theirs.id, theirs.context) is not None:
                    catalog.delete(theirs.id, theirs.context)
    if examples:
        for key, text in _sample_examples(project).items():
            entry: Message | None = catalog.get(key[1], key[0])
            if entry is not None and PLACEHOLDER.search(key[1]):
                shown = text if len(text) <= EXAMPLE_LIMIT else text[:EXAMPLE_LIMIT] + "…"
                entry.auto_comments.append(EXAMPLE_PREFIX + shown)
    return catalog


def _keywords() -> dict[str, Any]:
    from babel.messages.extract import DEFAULT_KEYWORDS

    return {k: v for k, v in DEFAULT_KEYWORDS.items() if k in templating.GETTEXT_KEYWORDS}


def _po_bytes(catalog: Catalog, **options: bool) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=False, **options)
    return buffer.getvalue()


def write_template(project: Project) -> Path:
    """`bulletin i18n extract`: write locales/bulletin.pot."""
    write_atomic(project.pot_file, _po_bytes(extract(project), omit_header=False))
    return project.pot_file


def _signature(catalog: Catalog) -> set[tuple[str | None, object, str]]:
    """What a translator sees of each message: id, context and comments (not line numbers
    or how the comments are wrapped)."""
    return {(m.context, m.id, " ".join(" ".join(m.auto_comments).split())) for m in catalog if m.id}


def template_is_stale(project: Project) -> bool:
    if not project.pot_file.exists():
        return True
    return _signature(read_po_file(project.pot_file)) != _signature(extract(project))


# --- catalogs of languages ------------------------------------------------------------------


def po_files(project: Project) -> list[Path]:
    return [project.po_file(d) for d in project.catalog_dirs() if project.po_file(d).exists()]


def init(project: Project, language: str) -> Path:
    """`bulletin i18n init LANG`: a new catalog from the template; refuses to overwrite."""
    try:
        locale = Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError) as e:
        raise UsageError(f"{language!r} is not a language CLDR knows (e.g. ja, fr, zh-TW)") from e
    path = project.po_file(locale_dir(language))
    if path.exists():
        raise UsageError(f"{path} already exists; use `bulletin i18n update` to refresh it")
    template = read_po_file(project.pot_file)
    catalog = Catalog(
        locale=locale, domain=DOMAIN, project="bulletin", version=bulletin.__version__, fuzzy=False
    )
    # One plural form per CLDR category, fractions included (Russian: one, few, many and
    # other for 0,3), where gettext's formula language can state CLDR's rule (n alone).
    forms = plural_forms_header(locale)
    if set(re.findall(r"\b[a-z]\b", forms.split("plural=", 1)[1])) <= {"n"}:
        catalog.mime_headers = [("Plural-Forms", forms)]
    catalog.update(template, no_fuzzy_matching=True)
    write_atomic(path, _po_bytes(catalog))
    return path


def update(project: Project) -> list[Path]:
    """`bulletin i18n update`: merge the template into every catalog; translations are kept,
    changed messages become fuzzy, removed ones obsolete."""
    template = read_po_file(project.pot_file)
    written = []
    for path in po_files(project):
        catalog = read_po_file(path)
        catalog.update(template, update_creation_date=False)
        write_atomic(path, _po_bytes(catalog))
        written.append(path)
    return written


def compile_all(project: Project) -> list[Path]:
    """`bulletin i18n compile`: .po → .mo for every language (generation does this itself
    when a .mo is missing or older than its .po)."""
    written = []
    for path in po_files(project):
        compile_catalog(path, path.with_suffix(".mo"))
        written.append(path.with_suffix(".mo"))
    return written


@dataclass(frozen=True)
class Stats:
    language: str
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int


def stats(project: Project) -> list[Stats]:
    result = []
    for path in po_files(project):
        catalog = read_po_file(path)
        messages = [m for m in catalog if m.id]
        fuzzy = sum(1 for m in messages if m.fuzzy)
        untranslated = sum(1 for m in messages if not m.fuzzy and not _translated(m))
        result.append(
            Stats(
                language_code(path.parent.parent.name),
                len(messages) - fuzzy - untranslated,
                fuzzy,
                untranslated,
                len(catalog.obsolete),
            )
        )
    return result


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(strings) and all(strings)


# --- checks -----------------------------------------------------------------------------------


def _ids(message: Message) -> tuple[str, ...]:
    ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
    return tuple(str(i) for i in ids)


def _strings(message: Message) -> tuple[str, ...]:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return tuple(str(s or "") for s in strings)


def _form_of(name: str, wanted: set[str]) -> str:
    """A placeholder ``x_form`` is another form of the msgid's ``x`` (``%(first_number)s``, 1,
    for ``%(first)s``, January; ``%(quarter_numeral)s``, 一, for ``%(quarter)s``, first): a
    translation may write either, and keeps the value."""
    stem = name.split("_")[0]
    return stem if name not in wanted and stem in wanted else name


def _message_findings(message: Message) -> Iterator[str]:
    """What is wrong with one translated message."""
    ids = _ids(message)
    wanted = set(PLACEHOLDER.findall(ids[0])) | set(PLACEHOLDER.findall(ids[-1]))
    for string in _strings(message):
        have = {_form_of(name, wanted) for name in PLACEHOLDER.findall(string)}
        for name in sorted(wanted - have):
            close = [h for h in have - wanted if _similar(name, h)]
            yield (
                f"placeholder %({name})s misspelled as %({close[0]})s"
                if close
                else f"placeholder %({name})s missing from the translation (its value is lost)"
            )
        for name in sorted(have - wanted - {c for n in wanted for c in have if _similar(n, c)}):
            yield f"placeholder %({name})s is not in the msgid"
        if len(EMPHASIS.findall(ids[0])) != len(EMPHASIS.findall(string)):
            yield "emphasis markup (** or *) differs from the msgid"
        if len(LINK.findall(ids[0])) != len(LINK.findall(string)):
            yield "link markup [text](url) differs from the msgid"
        for number in NUMBER.findall(PLACEHOLDER.sub("", ids[0])):
            if number not in PLACEHOLDER.sub("", string):
                yield f"the number {number} of the msgid is not in the translation"
        if re.search(r"(?<!%)%(?![(%])", string.replace("%%", "")):
            yield "a lone % in the translation: write %% for a percent sign"


# What a translation may never do, because the bulletin would state a wrong figure: lose or
# rename a placeholder, type a number of its own, or leave a lone % that breaks formatting.
_BLOCKING = ("placeholder ", "the number ", "a lone %")


def blocking_findings(po: Path, catalog: Catalog) -> list[Finding]:
    """The findings of a catalog that generation refuses (with their file and line), not just
    reports: a translated message that would lose a value or state a figure of its own."""
    lines = _line_numbers(po)
    found = []
    for message in catalog:
        if not message.id or not _translated(message) or message.fuzzy:
            continue
        key = (message.context, _ids(message)[0])
        for problem in _message_findings(message):
            if problem.startswith(_BLOCKING):
                label = f"{key[1]} [context: {key[0]}]" if key[0] else key[1]
                found.append(Finding(str(po), lines.get(key, 0), label, problem))
    return found


def _similar(a: str, b: str) -> bool:
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.75


def _line_numbers(path: Path) -> dict[Key, int]:
    """Line of each entry's msgid in a .po file (Babel's reader does not keep them)."""
    lines: dict[Key, int] = {}
    context: str | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("msgctxt "):
            context = _unquote(line[8:])
        elif line.startswith("msgid "):
            lines.setdefault((context, _unquote(line[6:])), number)
            context = None
    return lines


def _unquote(text: str) -> str:
    import ast

    try:
        value = ast.literal_eval(text.strip())
    except (SyntaxError, ValueError):
        return text
    return str(value)


def check(project: Project) -> list[Finding]:
    """`bulletin i18n check`: everything that would make a bulletin wrong or incomplete."""
    findings: list[Finding] = []
    pot = str(project.pot_file.relative_to(project.root))
    if template_is_stale(project):
        findings.append(Finding(pot, 1, "", "the template is stale: run `bulletin i18n extract`"))
    template = read_po_file(project.pot_file) if project.pot_file.exists() else Catalog()
    template_keys = {(m.context, _ids(m)[0]) for m in template if m.id}
    for path in po_files(project):
        name = str(path.relative_to(project.root))
        catalog = read_po_file(path)
        lines = _line_numbers(path)
        keys = set()
        for message in catalog:
            if not message.id:
                continue
            key = (message.context, _ids(message)[0])
            keys.add(key)
            line = lines.get(key, message.lineno or 0)
            label = key[1] if key[0] is None else f"{key[1]} [context: {key[0]}]"
            if message.fuzzy:
                findings.append(Finding(name, line, label, "fuzzy (needs review)"))
            elif not _translated(message):
                findings.append(Finding(name, line, label, "untranslated"))
            else:
                findings.extend(Finding(name, line, label, p) for p in _message_findings(message))
        for message in catalog.obsolete.values():
            findings.append(
                Finding(
                    name,
                    message.lineno or 0,
                    _ids(message)[0],
                    "obsolete entry: delete it or run `bulletin i18n update`",
                )
            )
        for _context, msgid in sorted(template_keys - keys, key=str):
            findings.append(
                Finding(
                    name,
                    1,
                    msgid,
                    "in the template but not in this catalog: run `bulletin i18n update`",
                )
            )
    return findings


def findings_as_dicts(findings: Iterable[Finding]) -> list[dict[str, object]]:
    return [asdict(f) for f in findings]
