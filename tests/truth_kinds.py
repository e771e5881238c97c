"""truth_kinds: what the truth tests of every kind share, on top of truth_reader (claims,
phrases, lists) and truth_space (checking a claim against the truth, problems, rendering).

A kind's truth tests (truth_city.py, truth_prices.py) give a `Space`: how a dict of changes
becomes a data file, the truth of that data computed with plain arithmetic, what the bulletin
must state for it, the display names of its members, and a `Reader` of its sentences in both
languages. `Space.examine` renders the bulletin in English and Chinese, reads every claim back
and compares it with the data and with the other language, as truth_space.examine does for the
provincial kind. Wording that is true but awkward is collected as notes."""

from __future__ import annotations

import copy
import functools
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import truth_space as ts
import yaml
from truth_reader import Claim, Context, Reading, Unread, family, sentences

from bulletin.loading import _DecimalLoader

Changes = Mapping[str, Any]
Names = Mapping[str, Mapping[str, str]]
SentenceReader = Callable[[Context, re.Match[str]], None]


@functools.cache
def _load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=_DecimalLoader)
    return loaded


def load(path: Path) -> dict[str, Any]:
    """A data file as the loader reads it (numbers as Decimal, as published), a fresh copy
    without its ``published:`` restatements, in the languages the truth tests read."""
    doc = copy.deepcopy(_load(path))
    doc.pop("published", None)
    doc["release"]["languages"] = list(ts.LANGUAGES)
    return _in_languages(doc)


def _in_languages(node: Any) -> Any:
    """Names in the languages the truth tests read only, so that a name the tests make (in
    those languages) equals the sample's own (an item and the breakdown of its parts)."""
    if isinstance(node, dict):
        if set(ts.LANGUAGES) <= set(node) and all(isinstance(v, str) for v in node.values()):
            return {language: node[language] for language in ts.LANGUAGES}
        return {key: _in_languages(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_in_languages(item) for item in node]
    return node


class Reader:
    """The sentence patterns of one kind, by language family; each pattern matches a whole
    sentence and its reader turns it into claims."""

    def __init__(self) -> None:
        self.patterns: dict[str, list[tuple[re.Pattern[str], SentenceReader]]] = {
            "en": [],
            "zh": [],
        }
        # What earlier sentences of the bulletin being read said that a later one leaves
        # implicit (the basis of a section: year on year or month on month).
        self.state: dict[str, Any] = {}

    def sentence(self, language: str, pattern: str) -> Callable[[SentenceReader], SentenceReader]:
        def register(reader: SentenceReader) -> SentenceReader:
            self.patterns[language].append((re.compile(pattern), reader))
            return reader

        return register

    def read_sentence(self, text: str, language: str, names: Names) -> Reading:
        reading = Reading()
        for pattern, reader in self.patterns[family(language)]:
            match = pattern.fullmatch(text)
            if match:
                reader(Context(language, names, reading, text), match)
                return reading
        reading.unread.append(text)
        return reading

    def read(
        self, markdown: str, language: str, names: Names, static: frozenset[str] = frozenset()
    ) -> Reading:
        """Every claim of a bulletin; sentences in ``static`` state nothing computed."""
        reading = Reading()
        self.state.clear()
        for text in sentences(markdown, language):
            if text in static:
                continue
            try:
                one = self.read_sentence(text, language, names)
            except Unread as problem:
                reading.unread.append(f"{text}  [{problem}]")
                continue
            reading.claims += one.claims
            reading.unread += one.unread
            reading.notes += one.notes
        return reading


def verify(claim: Claim, truth: Mapping[str, Any]) -> str | None:
    """truth_space.verify (which compares an "amount", in the data's unit, exactly), and a
    unit of its own: "pp=" (points as published, a contribution of 0.21: the size and its
    precision)."""
    if claim.unit != "pp=" or claim.quantity not in truth:
        return ts.verify(claim, truth)
    value = truth[claim.quantity]
    if ts._sign(value) != claim.relation:
        return f"wrong direction: the data gives {claim.quantity} = {value}"
    if claim.figure is None:
        return None
    if claim.figure != abs(value) or ts.decimals_of(claim.figure) != ts.decimals_of(value):
        return f"wrong figure: the data gives {value}"
    return None


@dataclass(frozen=True)
class Space:
    """The truth tests of one kind."""

    document: Callable[[Changes], dict[str, Any]]
    truth: Callable[[Mapping[str, Any]], dict[str, Any]]
    required: Callable[[Mapping[str, Any]], set[tuple[str, str]]]
    names: Callable[[Mapping[str, Any], str], Names]
    reader: Reader
    verify: Callable[[Claim, Mapping[str, Any]], str | None] = verify
    _static: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, hash=False)

    def static_sentences(self, language: str) -> frozenset[str]:
        """The sentences of the sample that state nothing computed (the issuer's line)."""
        if language not in self._static:
            doc = self.document({})
            text = ts.render(doc, language)
            reading = self.reader.read(text, language, self.names(doc, language))
            self._static[language] = frozenset(
                s for s in sentences(text, language) if s in reading.unread
            )
        return self._static[language]

    def examine(self, changes: Changes) -> ts.Outcome:
        doc = self.document(changes)
        return self.examine_texts(doc, {lang: ts.render(doc, lang) for lang in ts.LANGUAGES})

    def examine_texts(self, doc: Mapping[str, Any], texts: dict[str, str]) -> ts.Outcome:
        truth = self.truth(doc)
        readings = {
            language: self.reader.read(
                texts[language],
                language,
                self.names(doc, language),
                self.static_sentences(language),
            )
            for language in ts.LANGUAGES
        }
        problems: list[ts.Problem] = []
        for language, reading in readings.items():
            problems += [
                ts.Problem("unread", language, s, "no pattern reads it", s[:40])
                for s in reading.unread
            ]
            for claim in reading.claims:
                why = self.verify(claim, truth)
                if why:
                    what = f"{claim.subject}: {claim.quantity} {claim.relation}"
                    problems.append(
                        ts.Problem("false", language, claim.sentence, f"{claim}: {why}", what)
                    )
            problems += ts.contradictions(reading, language)
            stated = {(c.subject, c.quantity) for c in reading.claims}
            for subject, quantity in sorted(self.required(truth) - stated):
                why = f"nothing states {quantity}"
                problems.append(
                    ts.Problem("missing", language, subject, why, f"{subject}: {quantity}")
                )
        en, zh = (Counter(c.key for c in readings[language].claims) for language in ts.LANGUAGES)
        for key in sorted((en - zh) + (zh - en)):
            side = "en only" if en[key] > zh[key] else "zh-CN only"
            problems.append(ts.Problem("languages", side, "", f"{key}", f"{key[0]}: {key[1]}"))
        return ts.Outcome(problems, readings, texts)


def notes(outcome: ts.Outcome) -> list[str]:
    """The awkward wording both readings noted."""
    return [f"[{lang}] {note}" for lang, r in outcome.readings.items() for note in r.notes]


def report(changes: Changes, outcome: ts.Outcome) -> str:
    return "\n".join([ts.report(changes, outcome), *notes(outcome)])
