"""i18n: catalog maintenance for translators and template authors (extract, update, init,
compile, check, stats); reads and writes locales/. Renders bulletins only to learn about
messages: examples for the .pot (`bulletin.examples`), and which messages a release needs
(`stats --data`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import generate_po, normalize, unescape

import bulletin
from bulletin import templating
from bulletin.errors import BulletinError, UsageError
from bulletin.locales import (
    SOURCE_LANGUAGE,
    compile_catalog,
    language_code,
    locale_dir,
    plural_forms_header,
    read_po_file,
)
from bulletin.output import write_atomic
from bulletin.project import DOMAIN, Project

EXAMPLE_PREFIX = "Example: "
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
    severity: str = "error"  # or "warning": reported, but `check` still passes

    def __str__(self) -> str:
        label = "warning: " if self.severity == WARNING else ""
        where = f"{self.file}:{self.line}: {label}{self.problem}"
        return f"{where}: {self.msgid!r}" if self.msgid else where


ERROR, WARNING = "error", "warning"


# --- extraction -------------------------------------------------------------------------------


def _declared_messages(project: Project) -> Iterator[tuple[str, str, str | tuple[str, str]]]:
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
        from bulletin.verbalize import UNIT, UNIT_AFTER_MAGNITUDE

        for msgid in read_units([project.units_file]).messages():
            yield "units.yaml", UNIT, (msgid, msgid)  # plural by the number: 21 юань, 25 юаней
            yield "units.yaml", UNIT_AFTER_MAGNITUDE, msgid  # 18,57 milliards de yuans


@dataclass
class Extraction:
    """A fresh template, and how far its examples reach."""

    catalog: Catalog
    renderings: int = 0  # the renderings the examples come from
    # Messages with placeholders that no rendering reached (so without an example), and
    # messages without placeholders that none reached (they need no example).
    without_example: list[Message] = field(default_factory=list)
    unreached: list[Message] = field(default_factory=list)

    @property
    def messages(self) -> list[Message]:
        return [m for m in self.catalog if m.id]

    @property
    def with_placeholders(self) -> list[Message]:
        return [m for m in self.messages if PLACEHOLDER.search(_ids(m)[0])]


def extract(project: Project, examples: bool = True) -> Catalog:
    """A fresh template catalog from the templates and the Python code, with the same
    settings the renderer uses, translator comments, and examples (`extraction`)."""
    return extraction(project, examples).catalog


def extraction(project: Project, examples: bool = True) -> Extraction:
    """`extract`, and what its examples cover. Every message with placeholders gets the
    finished English text of its first rendering as an example: the samples of this project's
    kinds first, then variations of them that reach other branches (`bulletin.examples`)."""
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
    result = Extraction(catalog)
    if examples:
        from bulletin import examples as rendered

        wanted = {_key(m) for m in result.with_placeholders}
        texts = rendered.collect(project, wanted)
        result.renderings = texts.renderings
        for entry in result.messages:
            key = _key(entry)
            if key not in texts.texts:
                (result.without_example if key in wanted else result.unreached).append(entry)
            elif key in wanted:
                text = rendered.finished(key[1], texts.texts[key])
                entry.auto_comments.append(EXAMPLE_PREFIX + text)
    return result


def _key(message: Message) -> Key:
    return (message.context, _ids(message)[0])


def label_of(message: Message) -> str:
    """A message as findings and reports name it: its msgid, and its context if it has one."""
    context, msgid = _key(message)
    return f"{msgid} [context: {context}]" if context else msgid


def source_of(project: Project, message: Message) -> tuple[str, int]:
    """Where a message of a fresh extraction comes from (file, line); a message declared in
    a YAML file (kind.yaml, units.yaml) is found in it by its text."""
    file, line = message.locations[0] if message.locations else (str(project.pot_file), 0)
    if not line:
        path = project.root / file
        msgid = _ids(message)[0]
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            lines = []
        line = next((n for n, text in enumerate(lines, start=1) if msgid in text), 1)
    return file, line


def _keywords() -> dict[str, Any]:
    from babel.messages.extract import DEFAULT_KEYWORDS

    return {k: v for k, v in DEFAULT_KEYWORDS.items() if k in templating.GETTEXT_KEYWORDS}


Previous = tuple[str | None, tuple[str, ...]]  # a fuzzy entry's former context and msgid(s)


def _po_bytes(
    catalog: Catalog, previous: dict[Key, Previous] | None = None, omit_header: bool = False
) -> bytes:
    """The catalog as a .po file, with the former msgid (and context) of each fuzzy entry in
    ``previous`` as ``#|`` lines, as msgmerge writes them (Poedit and Weblate show what
    changed). Babel's own ``include_previous`` cannot be used: it wraps a long ``#| msgid``
    like a comment, breaking its quotes, and writes no ``#| msgctxt``."""
    previous = previous or {}
    entries = [m for m in catalog if m.id or not omit_header]  # as generate_po orders them
    index, started = 0, False
    chunks = []
    for chunk in generate_po(catalog, width=0, omit_header=omit_header):
        if chunk.startswith(("msgctxt ", "msgid ")) and not chunk.startswith("msgid_plural"):
            if not started and index < len(entries) and entries[index].id:
                former = previous.get(_key(entries[index]))
                if former is not None:
                    chunks.append(_previous_lines(former))
            started = True
            if chunk.startswith("msgid "):
                index, started = index + 1, False
        chunks.append(chunk)
    return "".join(chunks).encode(catalog.charset or "utf-8", "backslashreplace")


def _previous_lines(former: Previous) -> str:
    context, ids = former
    fields = [("msgctxt", context)] if context is not None else []
    fields += list(zip(("msgid", "msgid_plural"), ids, strict=False))
    return "".join(f"#| {name} {normalize(text, prefix='#| ', width=0)}\n" for name, text in fields)


def _take_previous(catalog: Catalog) -> dict[Key, Previous]:
    """The ``#|`` lines of each entry, taken out of its comments (Babel reads them as
    translator comments, and would write them back as ``# | msgid``)."""
    found: dict[Key, Previous] = {}
    for message in list(catalog) + list(catalog.obsolete.values()):
        lines = [c for c in message.user_comments if c.startswith("|")]
        if not message.id or not lines:
            continue
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        fields: dict[str, str] = {}
        name = ""
        for line in lines:
            text = line[1:].strip()
            if not text.startswith('"'):
                name, _, text = text.partition(" ")
            if name and text.startswith('"'):
                fields[name] = fields.get(name, "") + unescape(text)
        if "msgid" in fields:
            ids = (fields["msgid"], *([fields["msgid_plural"]] if "msgid_plural" in fields else []))
            found[_key(message)] = (fields.get("msgctxt"), ids)
    return found


def write_template(project: Project, examples: bool = True) -> Extraction:
    """`bulletin i18n extract`: write locales/bulletin.pot."""
    result = extraction(project, examples)
    write_atomic(project.pot_file, _po_bytes(result.catalog))
    return result


@dataclass
class TemplateChanges:
    """How the .pot differs from a fresh extraction: messages added to the templates (with
    where they are), removed from them, or whose notes for translators changed (with their
    line in the .pot)."""

    added: list[tuple[Message, str, int]] = field(default_factory=list)
    removed: list[tuple[Message, int]] = field(default_factory=list)
    notes: list[tuple[Message, int]] = field(default_factory=list)
    missing: bool = False  # no .pot at all

    @property
    def stale(self) -> bool:
        return self.missing or bool(self.added or self.removed or self.notes)


def _notes(message: Message, examples: bool) -> str:
    """What a translator reads above a message (not how it is wrapped); without the example
    (it comes last) unless ``examples``."""
    comments = list(message.auto_comments)
    if not examples:
        starts = [i for i, c in enumerate(comments) if c.startswith(EXAMPLE_PREFIX)]
        comments = comments[: starts[0]] if starts else comments
    return " ".join(" ".join(comments).split())


def template_changes(project: Project, examples: bool = False) -> TemplateChanges:
    """Compare the .pot with a fresh extraction: its messages, and the notes above them
    (with ``examples``, the examples too: that renders every kind's sample and variations of
    it, seconds rather than milliseconds)."""
    changes = TemplateChanges()
    fresh = extraction(project, examples).catalog
    if not project.pot_file.exists():
        changes.missing = True
        return changes
    old = read_po_file(project.pot_file)
    lines = _line_numbers(project.pot_file)
    for message in fresh:
        if not message.id:
            continue
        before = old.get(message.id, message.context)
        if before is None or _ids(before) != _ids(message):
            changes.added.append((message, *source_of(project, message)))
        elif _notes(before, examples) != _notes(message, examples):
            changes.notes.append((before, lines.get(_key(before), 1)))
    for message in old:
        if message.id:
            now = fresh.get(message.id, message.context)
            if now is None or _ids(now) != _ids(message):
                changes.removed.append((message, lines.get(_key(message), 1)))
    return changes


def template_is_stale(project: Project) -> bool:
    """The .pot differs from a fresh extraction, examples included."""
    return template_changes(project, examples=True).stale


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
    conventions = path.parent.parent / "style.toml"
    if not conventions.exists():
        write_atomic(conventions, _conventions_template(language, locale).encode("utf-8"))
    return path


def _conventions_template(language: str, locale: Locale) -> str:
    """A new language's style.toml: every setting commented out at its default, with the
    rule sets CLDR has for its ordinals, for the translator to choose from."""
    from bulletin.spellout import rule_sets

    ordinals = [name for name in rule_sets(str(locale)) if name.startswith("%spellout-ordinal")]
    return (
        f"# How {locale.get_display_name('en')} is written in bulletins, whoever publishes them\n"
        '# (TRANSLATING.md, "Numbers and names you do not translate"). Numbers, percent signs,\n'
        "# month names and plural rules come from CLDR; uncomment what your language does\n"
        "# otherwise. An office's bulletin.toml may override any of it.\n"
        "\n"
        "# spell_counts_below = 0      # counts in running text below this in words (English: 10)\n"
        "# spell_numerals_below = 10   # counts in compounds below this in words (Chinese: 100)\n"
        "# spell_ordinals_below = 11   # ranks below this in words, then digits; 0: always digits\n"
        '# ordinal_rules = "%spellout-ordinal"   # the rule set of spelled ranks and quarters\n'
        f"#   CLDR's for {language}: {', '.join(ordinals) or 'none (digits only)'}\n"
        "# grouping = false            # no thousands separator (Chinese releases: 4883)\n"
        '# percent = "{}%"            # a percent form other than CLDR\'s ("5.3%")\n'
        '# amounts = "rescale"        # magnitude by size rather than the published unit\n'
    )


def update(project: Project) -> list[Path]:
    """`bulletin i18n update`: merge the template into every catalog; translations are kept,
    changed messages become fuzzy with their former msgid (and context) as ``#|`` lines,
    removed ones obsolete, obsolete ones back in the template revived."""
    template = read_po_file(project.pot_file)
    written = []
    for path in po_files(project):
        catalog = read_po_file(path)
        kept = _take_previous(catalog)
        for key, message in list(catalog.obsolete.items()):  # back in the template: revived
            if template.get(message.id, message.context) is not None:
                if catalog.get(message.id, message.context) is None:
                    catalog[message.id] = message
                del catalog.obsolete[key]
        # Babel matches a changed message with a translated one by msgid alone, the last of
        # equal msgids winning, and does not say from which context: the same lookup here.
        contexts = {_ids(m)[0].lower().strip(): m.context for m in catalog if m.id and m.string}
        catalog.update(template, update_creation_date=False)
        previous: dict[Key, Previous] = {}
        for message in catalog:
            if not message.id or not message.fuzzy:
                continue  # (a reviewed entry drops its #| lines)
            if message.previous_id:  # matched just now
                former = tuple(str(i) for i in message.previous_id)
                previous[_key(message)] = (contexts.get(former[0].lower().strip()), former)
            elif _key(message) in kept:  # still fuzzy since an earlier update
                previous[_key(message)] = kept[_key(message)]
        write_atomic(path, _po_bytes(catalog, previous))
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
    """How far one language is: messages and words (of the English), fuzzy entries, errors
    (`check`'s findings in translated messages), for every message of its catalog or for the
    messages one release needs."""

    language: str
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    words: int = 0  # of the English of every message counted
    words_translated: int = 0
    errors: int = 0
    declared: bool = False  # a release (of the project, or the one asked about) declares it

    @property
    def messages(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def complete(self) -> bool:
        return self.translated == self.messages and not self.errors

    def as_dict(self) -> dict[str, object]:
        return {
            "language": self.language,
            "declared": self.declared,
            "complete": self.complete,
            "messages": {
                "total": self.messages,
                "translated": self.translated,
                "fuzzy": self.fuzzy,
                "untranslated": self.untranslated,
            },
            "words": {"total": self.words, "translated": self.words_translated},
            "errors": self.errors,
            "obsolete": self.obsolete,
        }


# Scripts written without spaces between words: each character counts as a word (Han, kana).
_CHARACTER_WORDS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[{_CHARACTER_WORDS}]|[^\\s{_CHARACTER_WORDS}]+")


def count_words(text: str) -> int:
    """Words of a message as a translator reads them: placeholders and markup are not words;
    a Chinese or Japanese character is one.

    >>> count_words("increased by %(pct)s year on year"), count_words("同比增长%(pct)s")
    (5, 4)
    >>> count_words("**Upgrading manufacturing.** The province")
    4
    """
    plain = EMPHASIS.sub(" ", PLACEHOLDER.sub(" ", text))
    return sum(1 for word in _WORD.findall(plain) if any(c.isalnum() for c in word))


def _message_words(message: Message) -> int:
    return sum(count_words(i) for i in _ids(message))


def stats(
    project: Project, languages: list[str] | None = None, data: Path | None = None
) -> list[Stats]:
    """`bulletin i18n stats`: per language, every message of the project's catalog; with
    ``data``, the messages that release's bulletin looks up (all of its formats), wherever
    they are translated (this project's catalog or the bundled one behind it)."""
    if data is not None:
        return _release_stats(project, data, languages)
    declared = declared_languages(project)
    result = []
    for path in po_files(project):
        language = language_code(path.parent.parent.name)
        if languages and language not in languages:
            continue
        catalog = read_po_file(path)
        messages = [m for m in catalog if m.id]
        result.append(_count(language, messages, len(catalog.obsolete), language in declared))
    return result


def _count(
    language: str, messages: Sequence[Message | tuple[Key, int]], obsolete: int, declared: bool
) -> Stats:
    """Stats of ``messages``: catalog entries, or (key, words) of messages no catalog has."""
    fuzzy = untranslated = errors = words = done = 0
    for message in messages:
        if isinstance(message, tuple):  # in no catalog: untranslated
            untranslated += 1
            words += message[1]
            continue
        size = _message_words(message)
        words += size
        if message.fuzzy:
            fuzzy += 1
        elif not _translated(message):
            untranslated += 1
        else:
            done += size
            errors += sum(1 for _ in _message_findings(message))
    translated = len(messages) - fuzzy - untranslated
    return Stats(language, translated, fuzzy, untranslated, obsolete, words, done, errors, declared)


def needed_messages(project: Project, data: Path) -> tuple[list[Key], list[str]]:
    """The messages the bulletin of ``data`` looks up, in every format (the page's labels and
    footer too), and the languages the release declares. The lookups are recorded while it is
    rendered in each declared language that renders (a catalog with errors may not)."""
    from bulletin.errors import BulletinError
    from bulletin.pipeline import Options, Rendering, html_text, load_and_compute, markdown_text

    facts = load_and_compute(data, project)
    declared = list(facts.dataset.release.languages)
    needed: dict[Key, None] = {}
    rendered = False
    for language in declared:
        try:
            rendering = Rendering.start(facts, language, project)
            html_text(rendering, markdown_text(rendering), Options(allow_untranslated=True))
        except BulletinError:
            continue
        needed.update(rendering.translations.looked_up)
        rendered = True
    if not rendered:
        raise UsageError(
            f"{data}: its bulletin cannot be rendered in any language it declares "
            f"({', '.join(declared)}); `bulletin validate {data}` says why"
        )
    return list(needed), declared


def _release_stats(project: Project, data: Path, languages: list[str] | None) -> list[Stats]:
    needed, declared = needed_messages(project, data)
    templates = [read_po_file(p.pot_file) for p in project.chain() if p.pot_file.is_file()]
    chosen = languages or sorted(
        {*declared, *(language_code(d) for d in project.catalog_dirs())} - {SOURCE_LANGUAGE},
        key=lambda lang: (lang not in declared, lang),
    )
    result = []
    for language in chosen:
        if language == SOURCE_LANGUAGE:
            continue
        catalogs = [
            read_po_file(p.po_file(locale_dir(language)))
            for p in project.chain()
            if p.po_file(locale_dir(language)).is_file()
        ]
        messages: list[Message | tuple[Key, int]] = []
        for context, msgid in needed:
            entry = next((m for c in catalogs if (m := c.get(msgid, context)) is not None), None)
            if entry is None:
                source = next(
                    (m for t in templates if (m := t.get(msgid, context)) is not None), None
                )
                size = _message_words(source) if source is not None else count_words(msgid)
                messages.append(((context, msgid), size))
            else:
                messages.append(entry)
        result.append(_count(language, messages, 0, language in declared))
    return result


def declared_languages(project: Project) -> dict[str, list[str]]:
    """The languages this project's releases declare (``release.languages`` of its data files
    and of its kinds' samples), each with the files that declare it."""
    from bulletin.kinds import read_kind
    from bulletin.loading import parse_text

    files = (
        sorted(p for p in project.data.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
        if project.data.is_dir()
        else []
    )
    for name, folder in project.kinds().items():
        if folder.parent.parent == project.root:
            sample = read_kind(name, folder).sample
            if sample.is_file() and sample not in files:
                files.append(sample)
    declared: dict[str, list[str]] = {}
    for path in files:
        try:
            document, _ = parse_text(
                path.read_text(encoding="utf-8"), str(path), path.suffix == ".json"
            )
        except (OSError, UnicodeDecodeError, BulletinError):
            continue
        release = document.get("release") if isinstance(document, dict) else None
        languages = release.get("languages") if isinstance(release, dict) else None
        for language in languages if isinstance(languages, list) else ():
            if isinstance(language, str):
                where = (
                    str(path.relative_to(project.root))
                    if path.is_relative_to(project.root)
                    else str(path)
                )
                declared.setdefault(language, []).append(where)
    return declared


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


def check(project: Project, languages: list[str] | None = None) -> list[Finding]:
    """`bulletin i18n check`: everything that would make a bulletin wrong or incomplete, in
    the catalogs of ``languages`` (default: all). What is missing (untranslated, fuzzy, not
    yet merged, obsolete) is an error in a language a release of the project declares and a
    warning in any other (a language being translated); a translation that is wrong is an
    error in every language."""
    findings = _template_findings(project)
    template = read_po_file(project.pot_file) if project.pot_file.exists() else Catalog()
    declared = declared_languages(project)
    checked = [p for p in po_files(project) if _language_of(p) in (languages or [_language_of(p)])]
    for path in checked:
        name = str(path.relative_to(project.root))
        gap = ERROR if _language_of(path) in declared else WARNING
        catalog = read_po_file(path)
        lines = _line_numbers(path)
        keys = set()
        for message in catalog:
            if not message.id:
                continue
            key = _key(message)
            keys.add(key)
            line = lines.get(key, message.lineno or 0)
            label = label_of(message)
            if message.fuzzy:
                findings.append(Finding(name, line, label, "fuzzy (needs review)", gap))
            elif not _translated(message):
                findings.append(Finding(name, line, label, "untranslated", gap))
            else:
                findings.extend(Finding(name, line, label, p) for p in _message_findings(message))
        for message in catalog.obsolete.values():
            findings.append(
                Finding(
                    name,
                    message.lineno or 0,
                    _ids(message)[0],
                    "obsolete entry: delete it or run `bulletin i18n update`",
                    gap,
                )
            )
        for message in sorted((m for m in template if m.id and _key(m) not in keys), key=_key):
            findings.append(
                Finding(
                    name,
                    1,
                    label_of(message),
                    "in the template but not in this catalog: run `bulletin i18n update`",
                    gap,
                )
            )
    return findings


def _language_of(po: Path) -> str:
    return language_code(po.parent.parent.name)


def _template_findings(project: Project) -> list[Finding]:
    """A stale .pot, message by message: each added one where it is in the templates, each
    removed or re-noted one where it is in the .pot."""
    pot = str(project.pot_file.relative_to(project.root))
    changes = template_changes(project)
    if changes.missing:
        return [Finding(pot, 1, "", "there is no template: run `bulletin i18n extract`")]
    run = "the template is stale: run `bulletin i18n extract`"
    return [
        *(
            Finding(f, n, label_of(m), f"new message, not in the .pot ({run})")
            for m, f, n in changes.added
        ),
        *(
            Finding(pot, n, label_of(m), f"no longer in the templates ({run})")
            for m, n in changes.removed
        ),
        *(
            Finding(pot, n, label_of(m), f"its notes for translators changed ({run})")
            for m, n in changes.notes
        ),
    ]


def findings_as_dicts(findings: Iterable[Finding]) -> list[dict[str, object]]:
    return [asdict(f) for f in findings]
