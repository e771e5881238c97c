"""examples: the finished English text of every message, shown to translators in the .pot
(`bulletin i18n extract`). Renders each kind's sample, then variations of it that the data's
own numbers make (signs flipped, values tied, tallies full or empty, periods of other types,
the standard text instead of a narrative, a flag of the vocabulary set, such as a rank's
``tied``), and of the sample given the earlier values its kind's optional facts ask for, until no
new message is reached; no kind is known by name. Never writes a file."""

from __future__ import annotations

import copy
import random
import re
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from bulletin.project import Project

Key = tuple[str | None, str]
Path_ = tuple[str | int, ...]

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Values for a placeholder the engine leaves to a later stage (the page footer's numbers are
# CSS counters): never shown to a translator as "%(page)s".
PLAUSIBLE = {"page": "2", "pages": "4"}
PLAUSIBLE_DEFAULT = "3"
LIMIT = 2000  # a longer example is shortened at a sentence (or word) boundary, with " …"

# How long the search of one kind goes on: at most SEARCH_BUDGET variations, and it stops after
# SEARCH_PATIENCE in a row that reach no new message.
SEARCH_BUDGET = 200
SEARCH_PATIENCE = 50
_DELTAS = tuple(Decimal(d) for d in ("0.1", "-0.1", "1.0", "-1.0", "10.0", "-10.0"))


@dataclass
class Examples:
    """Each message's first finished text, in the order the renderings reached them."""

    texts: dict[Key, str] = field(default_factory=dict)
    renderings: int = 0  # how many renderings the examples come from
    failed: int = 0  # variations the engine refused (invalid data): skipped

    @property
    def keys(self) -> set[Key]:
        return set(self.texts)

    def add(self, found: dict[Key, str]) -> list[Key]:
        new = [key for key in found if key not in self.texts]
        for key in new:
            self.texts[key] = found[key]
        return new


def collect(project: Project, wanted: set[Key] | None = None) -> Examples:
    """Examples of this project's own kinds (a user's project: its kinds; the bundled project:
    every kind), then of each period form and unit word. ``wanted``: stop searching once all
    of these have one."""
    from bulletin.kinds import read_kind

    examples = Examples()
    explorers = []
    folder_of = project.kinds()
    for name, folder in folder_of.items():
        if folder.parent.parent != project.root:
            continue  # a bundled kind's messages are in the bundled catalog
        sample = read_kind(name, folder).sample
        if sample.exists():
            explorers.append(_Explorer(project, name, sample, examples))
    # The samples first (their real values win), then each one's whole-data variations, then
    # the search: a message's example comes from the least changed data that reaches it.
    for explorer in explorers:
        explorer.start()
    for explorer in explorers:
        explorer.whole_variations()
    for explorer in explorers:
        explorer.supplied_variations(folder_of[explorer.kind])
    for explorer in explorers:
        explorer.search(wanted)
    _vocabulary(project, explorers, examples)
    return examples


def finished(msgid: str, text: str) -> str:
    """An example as shown: placeholders the engine left in (the page footer's) filled with
    plausible values, and a long one shortened at a sentence or word boundary."""
    wanted = set(PLACEHOLDER.findall(msgid))
    text = PLACEHOLDER.sub(
        lambda m: PLAUSIBLE.get(m[1], PLAUSIBLE_DEFAULT) if m[1] in wanted else m[0], text
    )
    return shorten(text)


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text`` if it is at most ``limit`` characters, otherwise its longest start that ends a
    sentence (or, failing that, a word) within the limit, followed by " …".

    >>> shorten("One. Two three. Four five six.", 20)
    'One. Two three. …'
    >>> shorten("one two three four", 12)
    'one two …'
    """
    if len(text) <= limit:
        return text
    head = text[: limit - 2]
    ends = [m.end() for m in re.finditer(r"[.;!?。；！？](?=\s|$)|[。；！？]", head)]
    if ends and ends[-1] >= limit // 2:
        return head[: ends[-1]].rstrip() + " …"
    space = head.rfind(" ")
    cut = head[:space] if space > limit // 2 else head
    return cut.rstrip(" ,;:") + " …"


# --- one kind ----------------------------------------------------------------------------------

Variation = tuple[dict[str, Any], "Path_ | None"]  # a document, and the group it changed


class _Explorer:
    """The renderings of one kind: its sample, then variations that reach new messages."""

    def __init__(self, project: Project, kind: str, sample: Path, examples: Examples) -> None:
        from bulletin.errors import BulletinError
        from bulletin.loading import parse_text

        self.project = project
        self.kind = kind
        self.examples = examples
        self.rng = random.Random(f"bulletin examples {kind}")  # the same search every time
        try:
            document, _ = parse_text(sample.read_text(encoding="utf-8"), str(sample))
        except (OSError, UnicodeDecodeError, BulletinError):
            document = None  # (`bulletin validate` says what is wrong with it)
        document = document if isinstance(document, dict) else {}
        document.pop("published", None)  # restates the sample's derived figures
        self.sample = document
        self.bases: list[dict[str, Any]] = []
        self.pool: list[dict[str, Any]] = []  # variations that reached something new
        self.productive: list[Path_] = []  # the groups whose changes did (once per success)
        self.rendering: Any = None  # the sample's English rendering (its verbalizer)

    def start(self) -> None:
        """The sample, and its standard text if it has a narrative of its own."""
        if self._try(self.sample, page=True) is not None:
            self.bases.append(self.sample)
        release = self.sample.get("release")
        if isinstance(release, dict) and release.get("narrative"):
            standard = copy.deepcopy(self.sample)
            standard["release"].pop("narrative")
            if self._try(standard, page=False) is not None:
                self.bases.append(standard)
        self.pool = list(self.bases)

    def whole_variations(self) -> None:
        """All figures negated, zero, or made positive; then one change at a time (each
        figure, tie, count, member list and period of the sample and of its standard text)."""
        for base in self.bases:
            for change in (_negated, _zero, abs):
                self._keep((_map_decimals(base, change), None), page=True)
        for variation in _single_changes(self.bases[0]) if self.bases else ():
            self._keep(variation)

    def supplied_variations(self, folder: Path) -> None:
        """The sample given the earlier values that its kind's optional facts refer to and it
        lacks (``profits@same_period_last_year``: a comparison no sample makes), each equal to
        its current figure; then one change at a time of the indicators given them."""
        from bulletin.errors import BulletinError
        from bulletin.kinds import read_kind

        if not self.bases:
            return
        try:
            facts = read_kind(self.kind, folder).spec.facts
        except BulletinError:  # (`bulletin validate` says what is wrong with the kind)
            return
        references = [
            reference
            for spec in facts.values()
            if spec.optional
            for reference in _references(spec.derivation[1])
        ]
        supplied = _with_earlier(self.bases[0], references)
        if supplied is None or self._try(supplied, page=False) is None:
            return
        self.pool.append(supplied)
        touched = {
            ("indicators", name)
            for name, indicator in supplied["indicators"].items()
            if indicator != self.bases[0]["indicators"].get(name)
        }
        for variation in _single_changes(supplied):
            if variation[1] in touched:  # (the rest was varied with the sample)
                self._keep(variation)

    def search(self, wanted: set[Key] | None) -> None:
        """Random combinations of changes to variations that reached something new, mostly in
        the groups whose changes did, until SEARCH_PATIENCE in a row reach nothing new."""
        if not self.pool:
            return
        quiet = 0
        for _ in range(SEARCH_BUDGET):
            if quiet >= SEARCH_PATIENCE or (wanted is not None and wanted <= self.examples.keys):
                return
            parent = self.rng.choice(self.pool)
            focus = self.rng.choice(self.productive) if self.productive else None
            quiet = 0 if self._keep(_mutated(parent, self.rng, focus)) else quiet + 1

    def _keep(self, variation: Variation, page: bool = False) -> bool:
        document, group = variation
        if not self._try(document, page):
            return False
        self.pool.append(document)
        if group is not None:
            self.productive.append(group)
        return True

    def _try(self, document: dict[str, Any], page: bool) -> list[Key] | None:
        """Render ``document`` in English (Markdown, and the page with ``page``); the messages
        it reached first, or None if the engine refused it."""
        from bulletin.errors import BulletinError
        from bulletin.loading import parse_dataset
        from bulletin.pipeline import Options, Rendering, facts_from, html_text, markdown_text

        source = f"kinds/{self.kind} (a variation of its sample)"
        try:
            document = _in_english(document)
            facts = facts_from(parse_dataset(document, source), source, None, self.project)
            rendering = Rendering.start(facts, "en", self.project)
            markdown = markdown_text(rendering)
            if page:
                html_text(rendering, markdown, Options())
        except BulletinError:
            self.examples.failed += 1
            return None
        except (ArithmeticError, LookupError, TypeError, ValueError):
            # Data no release would give (the search makes up numbers): skipped, like invalid
            # data; the truth tests look for such failures on purpose.
            self.examples.failed += 1
            return None
        if self.rendering is None:
            self.rendering = rendering
        self.examples.renderings += 1
        return self.examples.add(rendering.translations.examples)


def _vocabulary(project: Project, explorers: list[_Explorer], examples: Examples) -> None:
    """Every period form and unit word, worded by the verbalizer of a sample's rendering
    (bulletins use only some of them)."""
    from bulletin.periods import Period
    from bulletin.pipeline import Rendering
    from bulletin.units import units_of

    base = next((e.rendering for e in explorers if e.rendering is not None), None)
    if base is None:
        return
    rendering = Rendering.start(base.facts, "en", project)  # (a fresh record of examples)
    fmt = rendering.fmt
    year = base.facts.dataset.release.period.year
    for text in (f"{year}", f"{year}-Q1", f"{year}-03", f"{year}-01..03"):
        for with_year, whole in ((False, False), (True, False), (False, True)):
            fmt.period(Period.parse(text), with_year=with_year, whole=whole)
    units = units_of(project)
    # Each unit's words after a bare number (1,857 enterprises) and after a magnitude word
    # (18.57 billion yuan): the base unit, and its most scaled unit (or the base, in millions).
    scales: dict[str, list[str]] = {}
    for name in units.names():
        if units[name].words:
            scales.setdefault(units[name].words or "", []).append(name)
    for names in scales.values():
        names.sort(key=lambda n: units[n].scale)
        base, largest = names[0], names[-1]
        fmt.amount(_Amount(Decimal(1857), base))
        if units[largest].scale > units[base].scale:
            fmt.amount(_Amount(Decimal("185.7"), largest))
        else:
            fmt.amount(_Amount(Decimal(18570000), base))
    examples.add(rendering.translations.examples)


@dataclass(frozen=True)
class _Amount:
    value: Decimal
    unit: str


# --- variations of a data document ------------------------------------------------------------


def _in_english(document: dict[str, Any]) -> dict[str, Any]:
    """The document declaring English (examples are English), if it did not."""
    release = document.get("release")
    languages = release.get("languages") if isinstance(release, dict) else None
    if isinstance(languages, list) and "en" not in languages:
        document = copy.deepcopy(document)
        document["release"]["languages"] = ["en", *languages]
    return document


def _negated(value: Decimal) -> Decimal:
    return -value if value else value


def _zero(value: Decimal) -> Decimal:
    return Decimal("0.0")


def _numbers(node: Any, path: Path_ = ()) -> Iterator[Path_]:
    """Paths of the figures a variation may change: numbers outside release: (not periods)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if (not path and key == "release") or key == "period":
                continue
            yield from _numbers(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _numbers(value, (*path, index))
    elif isinstance(node, Decimal | int) and not isinstance(node, bool):
        yield path


def _periods(node: Any, path: Path_ = ()) -> Iterator[Path_]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "period" and isinstance(value, str | int) and not isinstance(value, bool):
                yield (*path, key)
            else:
                yield from _periods(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _periods(value, (*path, index))


def _member_lists(node: Any, path: Path_ = (), shortest: int = 2) -> Iterator[Path_]:
    """Paths of lists of at least ``shortest`` mappings (a breakdown's members, thresholds)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _member_lists(value, (*path, key), shortest)
    elif isinstance(node, list):
        if len(node) >= shortest and all(isinstance(item, dict) for item in node):
            yield path
        for index, value in enumerate(node):
            yield from _member_lists(value, (*path, index), shortest)


def _grown(document: dict[str, Any], path: Path_) -> dict[str, Any] | None:
    """``document`` with one more member in the list at ``path``: a copy of its last member
    with its figures negated, named as a member of another list is (one with the same fields
    if there is one, so that the example reads naturally); None if no other name is at
    hand."""
    members = _get(document, path)
    names = [m.get("name") for m in members]
    fields = set(members[-1])
    candidates = [
        member
        for other in _member_lists(document, shortest=1)
        if other != path
        for member in _get(document, other)
        if "name" in member and member["name"] not in names
    ]
    candidates.sort(key=lambda member: set(member) != fields)  # (stable: document order)
    if not candidates:
        return None
    varied = copy.deepcopy(document)
    added = copy.deepcopy(members[-1])
    added["name"] = copy.deepcopy(candidates[0]["name"])
    if isinstance(added.get("key"), str):
        added["key"] += "_2"
    for field_name, value in added.items():
        if isinstance(value, Decimal):
            added[field_name] = _negated(value) if value else Decimal("1.0")
    _get(varied, path).append(added)
    return varied


def _get(node: Any, path: Path_) -> Any:
    for key in path:
        node = node[key]
    return node


def _set(node: Any, path: Path_, value: Any) -> None:
    *parents, last = path
    for key in parents:
        node = node[key]
    node[last] = value


def _map_decimals(document: dict[str, Any], change: Callable[[Decimal], Decimal]) -> dict[str, Any]:
    varied = copy.deepcopy(document)
    for path in list(_numbers(varied)):
        value = _get(varied, path)
        if isinstance(value, Decimal):
            _set(varied, path, change(value))
    return varied


def _group(path: Path_) -> Path_:
    """Figures that are compared with each other: an indicator with its benchmarks and
    earlier values, a breakdown, a tally; the narrative's figures together."""
    return path[:1] if path[:1] == ("figures",) else path[:2]


PERIODS: Path_ = ("period",)  # the group of every period of a document


def _groups(document: dict[str, Any]) -> dict[Path_, list[Path_]]:
    groups: dict[Path_, list[Path_]] = {}
    for path in _numbers(document):
        groups.setdefault(_group(path), []).append(path)
    return groups


def _changed(document: dict[str, Any], *changes: tuple[Path_, Any]) -> dict[str, Any]:
    varied = copy.deepcopy(document)
    for path, value in changes:
        _set(varied, path, value)
    return varied


TIES_UP_TO = 6  # ties between every two figures of a group this small (a breakdown's members
# are varied one by one instead)


def _single_changes(document: dict[str, Any]) -> Iterator[Variation]:
    """``document`` with one change each: a figure negated or zero or tied with another of its
    group; the group negated; its earlier figures moved together (as they are and with the
    group negated: a gap becomes a lead); the counts of a tally; a list of members cut to one
    or two, or all of one sign (with one at zero); a period of another type."""
    for group, paths in _groups(document).items():
        decimals = [p for p in paths if isinstance(_get(document, p), Decimal)]
        counts = [p for p in paths if not isinstance(_get(document, p), Decimal)]
        negated = _changed(document, *((p, _negated(_get(document, p))) for p in decimals))
        if decimals:
            yield negated, group
        for path in decimals:
            value = _get(document, path)
            yield _changed(document, (path, _negated(value))), group
            yield _changed(document, (path, Decimal("0.0"))), group
            if len(decimals) <= TIES_UP_TO:
                for other in decimals:
                    if other != path:
                        yield _changed(document, (path, _get(document, other))), group
        pairs = _earlier_pairs(document, decimals)
        for now in dict.fromkeys(now for _, now in pairs) if len(decimals) <= TIES_UP_TO else ():
            for other in decimals:  # a tie now, after a lead (the group negated)
                if other != now and (other, now) not in pairs and _now_of(other, pairs) is None:
                    yield _changed(negated, (now, _get(negated, other))), group
        for base in (document, negated) if pairs else ():
            for mode in range(_EARLIER_MODES):
                for shift in (Decimal(0), Decimal("1.0"), Decimal("-1.0")):
                    varied = copy.deepcopy(base)
                    _move_earlier(varied, pairs, mode, shift, pairs[0][1])
                    yield varied, group
        for changes in _count_changes(document, counts):
            yield _changed(document, *changes), group
    for path in _member_lists(document):
        members = _get(document, path)
        values = [m.get("value") for m in members]
        ranked = sorted(
            (i for i, v in enumerate(values) if isinstance(v, Decimal)), key=lambda i: values[i]
        )
        for sign in (1, -1, 0):
            varied = copy.deepcopy(document)
            _sign_members(_get(varied, path), sign)
            yield varied, path[:2]
            if sign and ranked:  # all of one sign but one unchanged
                varied = copy.deepcopy(varied)
                _get(varied, path)[ranked[0]]["value"] = Decimal("0.0")
                yield varied, path[:2]
        yield _changed(document, (path, members[:2])), path[:2]
        middle = ranked[len(ranked) // 2 : len(ranked) // 2 + 1]
        for index in dict.fromkeys((*ranked[-1:], *middle, *ranked[:1])):
            # the largest, the middle and the smallest member alone
            yield _changed(document, (path, [members[index]])), path[:2]
    for path in _member_lists(document, shortest=1):
        grown = _grown(document, path)
        if grown is not None:
            yield grown, path[:2]
    for path in _periods(document):
        for option in _period_options(_get(document, path)):
            yield _changed(document, (path, option)), PERIODS
    for paths in _optional(document):
        varied = copy.deepcopy(document)
        for path in paths:
            del _get(varied, path[:-1])[path[-1]]
        yield varied, None
    for path in _flags(document):
        yield _changed(document, (path, True)), None


def _references(args: Any) -> Iterator[str]:
    """The references to the data in a fact's arguments (``profits@same_period_last_year``)."""
    if isinstance(args, str):
        yield args
    elif isinstance(args, list | tuple):
        for item in args:
            yield from _references(item)
    elif isinstance(args, dict):
        for value in args.values():
            yield from _references(value)


def _with_earlier(document: dict[str, Any], references: list[str]) -> dict[str, Any] | None:
    """``document`` with an earlier value, equal to the current one and a year before it, for
    each reference ``indicator@role`` to an indicator of the document that has no such earlier
    value; None if there is none to add."""
    indicators = document.get("indicators")
    if not isinstance(indicators, dict):
        return None
    varied = copy.deepcopy(document)
    added = False
    for reference in references:
        name, _, role = reference.partition("@")
        indicator = varied["indicators"].get(name)
        if not role or "." in name or not isinstance(indicator, dict):
            continue
        value = indicator.get("value")
        earlier = indicator.setdefault("earlier", {})
        if not isinstance(value, Decimal) or not isinstance(earlier, dict) or role in earlier:
            continue
        period = indicator.get("period", _get(varied, ("release", "period")))
        year = re.match(r"\d{4}", str(period))
        if year is None:
            continue
        before = f"{int(year[0]) - 1}{str(period)[4:]}"
        earlier[role] = {"period": before, "value": value}
        added = True
    return varied if added else None


def _flags(document: dict[str, Any]) -> Iterator[Path_]:
    """Where the vocabulary allows a flag that the document leaves out (a field that is false
    unless given: a rank's ``tied``), found by walking the document with the data model."""
    from bulletin.vocabulary import Dataset

    yield from _flags_in(document, Dataset, ())


def _flags_in(node: Any, annotation: Any, path: Path_) -> Iterator[Path_]:
    import typing

    from pydantic import BaseModel

    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _flags_in(node, typing.get_args(annotation)[0], path)
    elif origin in (typing.Union, types.UnionType):
        for option in typing.get_args(annotation):
            yield from _flags_in(node, option, path)
    elif origin is dict and isinstance(node, dict):
        _, value_type = typing.get_args(annotation)
        for key, value in node.items():
            yield from _flags_in(value, value_type, (*path, key))
    elif origin in (tuple, list) and isinstance(node, list):
        item_type = typing.get_args(annotation)[0]
        for index, value in enumerate(node):
            yield from _flags_in(value, item_type, (*path, index))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if not isinstance(node, dict):
            return
        for name, info in annotation.model_fields.items():
            if info.annotation is bool and info.default is False and name not in node:
                yield (*path, name)
            elif name in node:
                yield from _flags_in(node[name], info.annotation, (*path, name))


def _now_of(path: Path_, pairs: list[tuple[Path_, Path_]]) -> Path_ | None:
    return next((now for earlier, now in pairs if earlier == path), None)


KEPT = ("value", "name", "key")  # fields a variation never leaves out


def _optional(node: Any, path: Path_ = ()) -> Iterator[list[Path_]]:
    """Fields a variation leaves out, to reach what a release without them says (the
    validation refuses what was required): each field outside release: but a value, a name
    or a key; in a list of members, the first member's and every member's."""
    if isinstance(node, dict):
        if path and all(isinstance(v, str) for v in node.values()):
            return  # a name in every language
        for key, value in node.items():
            if (not path and key == "release") or key in KEPT:
                continue
            yield [(*path, key)]
            yield from _optional(value, (*path, key))
    elif isinstance(node, list) and node:
        first = list(_optional(node[0], (*path, 0)))
        yield from first
        if len(node) > 1:
            for fields in first:
                inner = fields[0][len(path) + 1 :]
                every = [(*path, i, *inner) for i in range(len(node))]
                if all(_has(node, (i, *inner)) for i in range(len(node))):
                    yield every


def _has(node: Any, path: Path_) -> bool:
    try:
        _get(node, path)
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _mutated(document: dict[str, Any], rng: random.Random, focus: Path_ | None) -> Variation:
    """``document`` with one to three random changes, the first in the group ``focus`` (most
    of the time) if it has one."""
    varied = copy.deepcopy(document)
    first = focus if focus is not None and rng.random() < 0.7 else None
    for _ in range(rng.randint(1, 3)):
        groups = _groups(varied)
        group = first or rng.choice([*groups, PERIODS, *_member_lists(varied)])
        first = None
        lists = [p for p in _member_lists(varied) if p[:2] == group[:2]]
        if group == PERIODS:
            _mutate_period(varied, rng)
        elif group in groups and (not lists or rng.random() < 0.6):
            _mutate_group(varied, groups[group], rng)
        elif lists:  # a breakdown is varied by its members too
            _mutate_members(_get(varied, rng.choice(lists)), rng)
    return varied, focus


def _mutate_group(document: dict[str, Any], paths: list[Path_], rng: random.Random) -> None:
    decimals = [p for p in paths if isinstance(_get(document, p), Decimal)]
    counts = [p for p in paths if not isinstance(_get(document, p), Decimal)]
    if counts and (not decimals or rng.random() < 0.5):
        _mutate_counts(document, counts, rng)
        return
    pairs = _earlier_pairs(document, decimals)
    if pairs and rng.random() < 0.4:
        level = rng.choice(pairs)[1]
        shift = rng.choice((Decimal(0), *_DELTAS))
        _move_earlier(document, pairs, rng.randrange(_EARLIER_MODES), shift, level)
    elif decimals:
        _mutate_figures(document, decimals, rng)


TALLY_UP_TO = 4  # a group of at most this many whole numbers is a tally (of, count, ...);
# in a larger one (the narrative's figures) each number is only made 1 (a singular)


def _count_changes(
    document: dict[str, Any], paths: list[Path_]
) -> Iterator[list[tuple[Path_, int]]]:
    """The counts of a whole (a tally: of, count, the count above a threshold) made extreme:
    the whole as it is, 1, 2 or a hundred times larger, and one count, or all but the whole,
    set to 0, 1, 2, the whole or one less."""
    if len(paths) > TALLY_UP_TO:
        for path in paths:
            yield [(path, 1)]
        return
    values = [int(_get(document, p)) for p in paths]
    whole = max(values, default=0)
    if whole < 1:
        return
    biggest = paths[values.index(whole)]
    parts = [p for p in paths if p != biggest]
    for size in dict.fromkeys((whole, 1, 2, 100 * whole)):
        resized = [(biggest, size)] if size != whole else []
        for value in dict.fromkeys(v for v in (0, 1, 2, size - 1, size) if 0 <= v <= size):
            for path in parts:
                others = [(p, min(int(_get(document, p)), size)) for p in parts if p != path]
                yield [*resized, *others, (path, value)]
            if len(parts) > 1:
                yield [*resized, *((p, value) for p in parts)]


def _mutate_counts(document: dict[str, Any], paths: list[Path_], rng: random.Random) -> None:
    changes = list(_count_changes(document, paths))
    for path, value in rng.choice(changes) if changes else ():
        _set(document, path, value)


def _earlier_pairs(document: dict[str, Any], paths: list[Path_]) -> list[tuple[Path_, Path_]]:
    """(earlier figure, the current figure it belongs to) among ``paths``:
    value_added.earlier.previous_year.value → value_added.value."""
    pairs = []
    for path in paths:
        if "earlier" not in path:
            continue
        owner = path[: len(path) - 1 - path[::-1].index("earlier")]
        now = (*owner, "value") if isinstance(_get(document, owner), dict) else owner
        try:
            if isinstance(_get(document, now), Decimal):
                pairs.append((path, now))
        except (KeyError, IndexError, TypeError):
            continue
    return pairs


_EARLIER_MODES = 3


def _move_earlier(
    document: dict[str, Any],
    pairs: list[tuple[Path_, Path_]],
    mode: int,
    shift: Decimal,
    level_of: Path_,
) -> None:
    """Earlier figures moved together: (0) each its current figure shifted by ``shift`` (the
    gaps kept), (1) all the current figure at ``level_of`` plus ``shift`` (level before), (2)
    swapped with their current figures (a turn)."""
    level = _get(document, level_of) + shift
    for earlier, now in pairs:
        current = _get(document, now)
        if mode == 0:
            _set(document, earlier, current + shift)
        elif mode == 1:
            _set(document, earlier, level)
        else:
            _set(document, now, _get(document, earlier))
            _set(document, earlier, current)


def _mutate_figures(document: dict[str, Any], paths: list[Path_], rng: random.Random) -> None:
    target = rng.choice(paths)
    value = _get(document, target)
    others = [p for p in paths if p != target]
    operation = rng.random()
    if operation < 0.15:
        _set(document, target, _negated(value))
    elif operation < 0.25:
        _set(document, target, Decimal("0.0"))
    elif operation < 0.35:
        for path in paths:
            _set(document, path, _negated(_get(document, path)))
    elif operation < 0.55 and others:  # a tie
        _set(document, target, _get(document, rng.choice(others)))
    elif operation < 0.65 and others:  # a swap
        other = rng.choice(others)
        _set(document, target, _get(document, other))
        _set(document, other, value)
    elif operation < 0.75 and len(others) >= 3:  # the same difference as another pair
        b, c, d = rng.sample(others, 3)
        _set(document, target, _get(document, b) + _get(document, c) - _get(document, d))
    else:
        _set(document, target, value + rng.choice(_DELTAS))


def _mutate_members(members: list[Any], rng: random.Random) -> None:
    """Some members dropped, all of one sign, or one member's value negated or zero."""
    choice = rng.random()
    if choice < 0.4:
        kept = sorted(rng.sample(range(len(members)), rng.randint(1, min(3, len(members) - 1))))
        members[:] = [members[i] for i in kept]
    elif choice < 0.7:
        _sign_members(members, rng.choice((1, -1, 0)))
    else:
        member = rng.choice(members)
        value = member.get("value") if isinstance(member, dict) else None
        if isinstance(value, Decimal):
            member["value"] = rng.choice((_negated(value), Decimal("0.0")))


def _sign_members(members: list[Any], sign: int) -> None:
    """Every member's value positive (1), negative (-1) or zero (0)."""
    for member in members:
        value = member.get("value") if isinstance(member, dict) else None
        if isinstance(value, Decimal):
            member["value"] = abs(value) * sign if sign else Decimal("0.0")


def _period_options(text: Any) -> list[str]:
    """The same period written as a year, its last month, the months from January to it, and
    its quarter."""
    from bulletin.periods import Period

    try:
        period = Period.parse(text)
    except ValueError:
        return []
    year, last = period.year, period.last_month
    options = [
        str(year),
        f"{year}-{last:02d}",
        f"{year}-01..{max(last, 2):02d}",
        f"{year}-Q{(last + 2) // 3}",
    ]
    return [o for o in options if o != str(period)]


def _mutate_period(document: dict[str, Any], rng: random.Random) -> None:
    paths = list(_periods(document))
    if paths:
        path = rng.choice(paths)
        options = _period_options(_get(document, path))
        if options:
            _set(document, path, rng.choice(options))
