"""locales: language codes and message catalogs; strict lookups that record what is missing
instead of slipping English into another language. Never formats numbers."""

from __future__ import annotations

import gettext
import hashlib
import io
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.plural import PluralRule, to_gettext

from bulletin.errors import BulletinError, UsageError
from bulletin.output import write_atomic
from bulletin.project import Project
from bulletin.provenance import FOREIGN_CLOSE, FOREIGN_OPEN, strip_marks

SOURCE_LANGUAGE = "en"
PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")
Number = int | Decimal


def plural_categories(rule: PluralRule) -> tuple[str, ...]:
    """A language's CLDR plural categories in gettext's order of forms (one, few, many,
    other for Russian), as `babel.plural.to_gettext` numbers them."""
    return tuple(t for t in PLURAL_ORDER if t in rule.tags or t == "other")


def plural_forms_header(locale: Locale) -> str:
    """The Plural-Forms header of a catalog with one form per CLDR category (Russian: four)."""
    return to_gettext(locale.plural_form)


def locale_dir(language: str) -> str:
    """The catalog folder of a language code: ``zh-CN`` → ``zh_CN``."""
    return language.replace("-", "_")


def language_code(folder: str) -> str:
    """The language code of a catalog folder: ``zh_CN`` → ``zh-CN``."""
    return folder.replace("_", "-")


def conventions(project: Project, language: str) -> list[tuple[str, dict[str, Any]]]:
    """The style layers of a language's own conventions (``locales/<lang>/style.toml``), in
    the form `style.style_for` takes."""
    return [
        (path, {language: settings})
        for path, settings in project.language_conventions(locale_dir(language))
    ]


def available_languages(project: Project) -> list[str]:
    """The source language plus every language with a catalog under locales/."""
    return [SOURCE_LANGUAGE, *(language_code(d) for d in project.catalog_dirs())]


def check_languages(project: Project, languages: list[str]) -> list[str]:
    """Validate requested language codes; raises `UsageError` naming the unknown ones."""
    known = available_languages(project)
    unknown = [lang for lang in languages if lang not in known]
    if unknown:
        raise UsageError(
            f"unknown language {', '.join(map(repr, unknown))}; available: {', '.join(known)} "
            f"(a new language needs a catalog under locales/)"
        )
    return languages


@cache
def babel_locale(language: str) -> Locale:
    """The CLDR locale used for formatting; English follows the house style (en_GB lists)."""
    try:
        return Locale.parse("en-GB" if language == "en" else language, sep="-")
    except (UnknownLocaleError, ValueError) as e:
        raise UsageError(f"no CLDR locale data for language {language!r}") from e


@cache
def script_of(language: str) -> str:
    """The script a language is written in, from CLDR (zh-CN → Hans, ja → Jpan, ru → Cyrl):
    it picks fonts and how sentences are joined. The likely subtags are read as a tag, not
    parsed into a Locale: Babel drops a script it has no locale data for (ja_Jpan_JP → ja_JP).

    >>> script_of("zh-CN"), script_of("ja"), script_of("ru"), script_of("en"), script_of("ko")
    ('Hans', 'Jpan', 'Cyrl', 'Latn', 'Kore')
    """
    locale = babel_locale(language)
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags").get(locale.language)
    return (parse_locale(likely)[2] if likely else None) or "Latn"


_SOURCE_RULE: PluralRule = Locale.parse(SOURCE_LANGUAGE).plural_form


def read_po_file(path: Path) -> Catalog:
    """A .po file as a Babel catalog; a broken file is an error naming it."""
    try:
        with path.open("rb") as f:
            return read_po(f, abort_invalid=True)
    except (OSError, PoFileError) as e:
        raise BulletinError(f"{path}: cannot read catalog: {e}") from e


def _read_mo(data: BinaryIO) -> Catalog:
    """Babel's read_mo, with message contexts decoded (Babel 2.18 leaves them as bytes, so
    look-ups with a context would all miss)."""
    raw = read_mo(data)
    catalog = Catalog(locale=raw.locale, domain=raw.domain, fuzzy=False)  # plurals from CLDR
    for message in raw:
        if not message.id:
            continue
        context = message.context
        if isinstance(context, bytes):
            context = context.decode(raw.charset or "utf-8")
        catalog.add(message.id, message.string, context=context)
    return catalog


def _complete(message: Message) -> bool:
    """A message that may be used: translated in every plural form, not fuzzy. (Babel's
    write_mo fills an empty plural form with the English text; such a message must count as
    untranslated, never reach a .mo, and never publish English in another language.)"""
    strings = message.string
    if message.fuzzy or not strings:
        return False
    return bool(strings) if isinstance(strings, str) else all(strings)


def compile_catalog(po: Path, mo: Path, digest: str | None = None) -> Catalog:
    """Compile ``po`` to ``mo`` with only its complete messages, and return it. The .mo is
    marked with the digest of the .po it was made from (``<mo>.source``), so that a copy which
    keeps old dates (cp -p, tar, rsync -t) is still recompiled."""
    from bulletin.i18n import blocking_findings  # (i18n builds on this module)

    catalog = read_po_file(po)
    refused = blocking_findings(po, catalog)
    if refused:  # a translation that would publish a wrong figure stops generation
        raise BulletinError(
            f"{len(refused)} translation(s) in {po.parent.parent.name} would state wrong "
            "figures:\n"
            + "\n".join(f"  {finding}" for finding in refused)
            + "\n  hint: fix them (bulletin i18n check lists every problem of the catalogs)"
        )
    usable = Catalog(locale=catalog.locale, domain=catalog.domain, fuzzy=False)
    for message in catalog:
        if message.id and _complete(message):
            usable.add(message.id, message.string, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, usable, use_fuzzy=False)
    with suppress(BulletinError):  # a read-only install still renders from the .po
        write_atomic(mo, buffer.getvalue())
        write_atomic(_source_file(mo), (digest or _digest(po)).encode("ascii"))
    buffer.seek(0)
    return _read_mo(buffer)


def _source_file(mo: Path) -> Path:
    return mo.with_name(mo.name + ".source")


def _digest(po: Path) -> str:
    return hashlib.sha256(po.read_bytes()).hexdigest()


@cache
def _cached_catalog(po: Path, digest: str, mo: Path) -> Catalog:
    try:
        fresh = _source_file(mo).read_text(encoding="ascii") == digest and mo.is_file()
    except OSError:
        fresh = False
    if fresh:
        with mo.open("rb") as f:
            return _read_mo(f)
    return compile_catalog(po, mo, digest)


def load_catalog(project: Project, language: str) -> Catalog | None:
    """The compiled catalog of ``language`` (None for the source language): the project's own
    entries over the bundled ones. The .mo next to each .po is (re)compiled when it was not
    made from this .po's content."""
    if language == SOURCE_LANGUAGE:
        return None
    layers = [
        _cached_catalog(po, _digest(po), po.with_suffix(".mo"))
        for po in (p.po_file(locale_dir(language)) for p in project.chain())
        if po.exists()
    ]
    if not layers:
        raise UsageError(f"no catalog for {language!r} (looked for locales/{locale_dir(language)})")
    if len(layers) == 1:
        return layers[0]
    return _merged(tuple(layers))


@cache
def _merged(layers: tuple[Catalog, ...]) -> Catalog:
    """One catalog of several, the first layer winning where two translate one message."""
    merged = Catalog(locale=layers[0].locale, domain=layers[0].domain, fuzzy=False)
    for layer in reversed(layers):
        for message in layer:
            strings = message.string
            if message.id and (strings if isinstance(strings, str) else any(strings or ())):
                merged.add(message.id, message.string, context=message.context)
    return merged


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class StrictTranslations(gettext.NullTranslations):
    """gettext lookups against a Babel catalog that record misses and fuzzy entries.

    The source language has no catalog: msgids are returned as they are. For any other
    language a missing or fuzzy entry falls back to the msgid *and is recorded*; the pipeline
    refuses the bulletin unless the caller allowed untranslated text.
    """

    catalog: Catalog | None = None
    terms: dict[str, str] = field(default_factory=dict)
    mark_fallbacks: bool = False  # wrap English fallbacks in provenance.FOREIGN_* markers
    missing: list[str] = field(default_factory=list)
    examples: dict[tuple[str | None, str], str] = field(default_factory=dict)
    # Every (context, msgid) looked up, in order (`bulletin i18n stats --data`: what a release
    # needs translated).
    looked_up: dict[tuple[str | None, str], None] = field(default_factory=dict)

    def example(self, context: str | None, msgid: str, result: str) -> str:
        """Remember the first finished text of a message (shown to translators in the .pot),
        without the markers of HTML output."""
        self.examples.setdefault((context, msgid), strip_marks(result))
        return result

    def __post_init__(self) -> None:
        gettext.NullTranslations.__init__(self)
        self._plural: Callable[[int], int] = (
            gettext.c2py(self.catalog.plural_expr) if self.catalog else lambda n: int(n != 1)
        )

    def _lookup(self, context: str | None, msgid: str, plural: str | None, n: Number) -> str:
        self.looked_up[(context, msgid)] = None
        text = self._translate(context, msgid, plural, n)
        for term, replacement in self.terms.items():  # the office's house style
            text = text.replace(term, replacement)
            if term[:1].islower():  # at the start of a sentence too
                text = text.replace(
                    term[:1].upper() + term[1:], replacement[:1].upper() + replacement[1:]
                )
        return text

    def _translate(self, context: str | None, msgid: str, plural: str | None, n: Number) -> str:
        fallback = msgid if plural is None or _SOURCE_RULE(n) == "one" else plural
        if self.catalog is None:
            return fallback
        message = self.catalog.get(msgid, context)
        strings = message.string if message is not None else None
        if isinstance(strings, str):
            strings = (strings,)
        if message is None or message.fuzzy or not strings or not all(strings):
            label = f"{msgid} [context: {context}]" if context else msgid
            if label not in self.missing:
                self.missing.append(label)
            if self.mark_fallbacks:
                return FOREIGN_OPEN + fallback + FOREIGN_CLOSE
            return fallback
        if plural is None:
            return strings[0]
        return strings[min(self._plural_index(n, len(strings)), len(strings) - 1)]

    def _plural_index(self, n: Number, forms: int) -> int:
        """Which form of a plural message ``n`` takes. A catalog with one form per CLDR plural
        category of its language (``bulletin i18n init`` writes such headers: Russian has
        four, "other" being for fractions) is indexed by CLDR's rules, decimals included (0,3
        is "one" in French, "other" in Russian). A catalog made with gettext's usual count
        uses its own formula, on whole numbers."""
        assert self.catalog is not None
        rule = self.catalog.locale.plural_form if self.catalog.locale else _SOURCE_RULE
        categories = plural_categories(rule)
        if forms == len(categories):
            return categories.index(rule(n))
        whole = int(n)
        if whole != n:  # a fraction: a whole number of the same CLDR category, if any
            whole = next((k for k in range(1000) if rule(k) == rule(n)), whole)
        return self._plural(whole)

    def gettext(self, message: str) -> str:
        return self._lookup(None, message, None, 1)

    def ngettext(self, msgid1: str, msgid2: str, n: Number) -> str:
        return self._lookup(None, msgid1, msgid2, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._lookup(context, message, None, 1)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: Number) -> str:
        return self._lookup(context, msgid1, msgid2, n)
