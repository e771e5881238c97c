"""loading: reads a data file (YAML or JSON) and validates it into a `Dataset`, collecting every
problem with its file, line, column and field path; never computes or formats figures.

A data file is a small tree of plain values, so the readers refuse what it never needs and what
could make reading it expensive: YAML aliases and anchors (a 342-byte "billion laughs" file
expands to gigabytes), tags, nesting deeper than `MAX_DEPTH`, duplicate keys, and numbers with
more than `MAX_LITERAL_DIGITS` digits (Python refuses to convert an integer of 4,300 digits).
Each refusal is a located problem raised before any work proportional to an expanded size."""

from __future__ import annotations

import difflib
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.composer import Composer
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bulletin.errors import DataError, Problem, field_path, shown
from bulletin.models import DEFAULT_LANGUAGES, NumberLiteral
from bulletin.vocabulary import Dataset

Loc = tuple[str | int, ...]
Marks = dict[Loc, tuple[int, int]]

MAX_DEPTH = 32
MAX_VALUES = 20_000
_TOO_MANY = " values in one data file"
"""Values (keys, scalars, lists, mappings) a data file may hold: a release has a few hundred,
and reading each costs Python time, so a body of a million is refused as soon as it shows."""
"""Mappings and lists nested deeper than this are refused (the data format needs four)."""
MAX_LITERAL_DIGITS = 30
"""Integers written with more digits are kept as Decimal (validation then refuses them), never
converted to ``int``: Python refuses integers past 4,300 digits, and they are useless anyway."""

_YAML_TAG_PREFIX = "tag:yaml.org,2002:"
_MERGE = _YAML_TAG_PREFIX + "merge"


class _Refused(Exception):
    """A YAML construct a data file may not use; stops reading at once."""

    def __init__(self, mark: Any, loc: Loc, what: str, hint: str) -> None:
        super().__init__(what)
        self.where = _place(mark.line + 1, mark.column + 1, loc)
        self.what = what
        self.hint = hint


class _CheckingComposer(Composer):
    """PyYAML's composer, without aliases, anchors or tags, bounded in depth, refusing duplicate
    keys, and recording the line:column of every field path as it goes (one pass, no walk over
    the node graph afterwards)."""

    # (named apart from the attributes of PyYAML's parser, which has its own `marks`)
    data_marks: Marks
    data_problems: list[tuple[str, str, str]]
    _data_path: list[str | int]

    if TYPE_CHECKING:  # from the parser and the resolver this is mixed with

        def peek_event(self) -> Any: ...
        def get_event(self) -> Any: ...
        def check_event(self, *choices: Any) -> bool: ...
        def resolve(self, kind: Any, value: Any, implicit: Any) -> str: ...

    def _start_checking(self) -> None:
        self.data_marks = {}
        self.data_problems = []  # (where, what, hint) that do not stop reading
        self._data_path = []

    def _check_event(self, event: Any) -> None:
        if isinstance(event, AliasEvent):
            raise _Refused(
                event.start_mark,
                tuple(self._data_path),
                f"YAML aliases (*{event.anchor}) are not allowed in data files",
                "write the value out",
            )
        if event.anchor is not None:
            raise _Refused(
                event.start_mark,
                tuple(self._data_path),
                f"YAML anchors and aliases (&{event.anchor}) are not allowed in data files",
                "remove the anchor and write the value out wherever it is needed",
            )
        tag = event.tag
        if tag is not None and tag != "!":
            short = (
                "!!" + tag.removeprefix(_YAML_TAG_PREFIX)
                if tag.startswith(_YAML_TAG_PREFIX)
                else tag
            )
            raise _Refused(
                event.start_mark,
                tuple(self._data_path),
                f"YAML tags ({shown(short)[1:-1]}) are not allowed in data files",
                "remove the tag and write the plain value",
            )

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        self._check_event(event)
        mark = event.start_mark
        self.data_marks[tuple(self._data_path)] = (mark.line + 1, mark.column + 1)
        if len(self.data_marks) > MAX_VALUES:
            raise _Refused(
                mark,
                tuple(self._data_path),
                f"more than {MAX_VALUES:,}{_TOO_MANY}",
                "a release has a few hundred figures and names; split the data or check it",
            )
        if isinstance(event, ScalarEvent):
            return self._compose_scalar()
        if len(self._data_path) >= MAX_DEPTH:
            raise _Refused(
                mark,
                tuple(self._data_path),
                f"nested more than {MAX_DEPTH} levels deep",
                "a data file is a few levels deep; check the brackets and the indentation",
            )
        if isinstance(event, SequenceStartEvent):
            return self.compose_sequence_node(None)
        return self.compose_mapping_node(None)

    def _compose_scalar(self) -> ScalarNode:
        event = self.get_event()
        tag = self.resolve(ScalarNode, event.value, event.implicit)
        return ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)

    def compose_sequence_node(self, anchor: Any) -> SequenceNode:
        start = self.get_event()
        node = SequenceNode(
            self.resolve(SequenceNode, None, start.implicit),
            [],
            start.start_mark,
            None,
            flow_style=start.flow_style,
        )
        path = self._data_path
        index = 0
        while not self.check_event(SequenceEndEvent):
            path.append(index)
            node.value.append(self.compose_node(node, index))
            path.pop()
            index += 1
        node.end_mark = self.get_event().end_mark
        return node

    def _key_problem(self, key: ScalarNode, name: str, first: Any) -> None:
        mark = key.start_mark
        here = _place(mark.line + 1, mark.column + 1, (*self._data_path, name))
        if first is not None:
            where = f"line {first.line + 1}, column {first.column + 1}"
            self.data_problems.append(
                (here, f"duplicate key {shown(name)} (first at {where})", "keep one of them")
            )
        if key.tag == _MERGE:
            self.data_problems.append(
                (here, "YAML merge keys (<<) are not allowed in data files", "write the fields out")
            )

    def compose_mapping_node(self, anchor: Any) -> MappingNode:
        start = self.get_event()
        node = MappingNode(
            self.resolve(MappingNode, None, start.implicit),
            [],
            start.start_mark,
            None,
            flow_style=start.flow_style,
        )
        path = self._data_path
        seen: dict[str, Any] = {}
        while not self.check_event(MappingEndEvent):
            event = self.peek_event()
            self._check_event(event)
            if not isinstance(event, ScalarEvent):
                raise _Refused(
                    event.start_mark,
                    tuple(path),
                    "a key must be a plain name, not a list or a mapping",
                    "write 'name: value'",
                )
            key = self._compose_scalar()
            name = str(key.value)
            if name in seen or key.tag == _MERGE:
                self._key_problem(key, name, seen.get(name))
            else:
                seen[name] = key.start_mark
            path.append(name)
            value = self.compose_node(node, key)
            path.pop()
            node.value.append((key, value))
        node.end_mark = self.get_event().end_mark
        return node


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | str:
    written = str(loader.construct_scalar(node))
    text = written.replace("_", "")
    special = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}
    try:
        return Decimal(special.get(text.lower(), text))
    except InvalidOperation:  # an exponent beyond even Decimal's range, or 1:30.5 (base 60)
        return NumberLiteral(written)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | Decimal | str:
    written = str(loader.construct_scalar(node))
    text = written.replace("_", "")
    if len(text.lstrip("+-")) > MAX_LITERAL_DIGITS:
        try:
            return Decimal(text)  # validation says what is wrong with it
        except InvalidOperation:
            return NumberLiteral(written)
    try:
        value: int = yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:  # 0x_ and the like
        return NumberLiteral(written)
    return value


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):  # 2024-02-30: validation says it is not a date
        return str(loader.construct_scalar(node))


def _reader(base: type[Any]) -> type[Any]:
    """The data-file reader on a PyYAML loader ``base``: its parser under the checking composer.
    Numbers with a fraction or an exponent become Decimal, keeping the digits as written
    (5.0 ≠ 5); dates that do not exist stay text, so that validation reports them."""

    class Reader(_CheckingComposer, base):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            base.__init__(self, stream)
            Composer.__init__(self)
            self._start_checking()

    Reader.__name__ = Reader.__qualname__ = f"DataReader[{base.__name__}]"
    Reader.add_constructor(_YAML_TAG_PREFIX + "float", _construct_decimal)
    Reader.add_constructor(_YAML_TAG_PREFIX + "int", _construct_int)
    Reader.add_constructor(_YAML_TAG_PREFIX + "timestamp", _construct_timestamp)
    # YAML 1.1 reads 1e308 and 1.5e3 as text (it wants a dot and a signed exponent); a data
    # file means a number, so they are numbers (and validation says if one is out of range).
    Reader.add_implicit_resolver(
        _YAML_TAG_PREFIX + "float",
        re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)[eE][-+]?[0-9]+$"),
        list("-+0123456789."),
    )
    return Reader


PURE_PYTHON_READER = _reader(yaml.SafeLoader)
# libyaml's parser (when PyYAML was built with it) is several times faster, with the same marks.
_DecimalLoader = (
    _reader(yaml.CSafeLoader) if getattr(yaml, "__with_libyaml__", False) else PURE_PYTHON_READER
)


def _line_column(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    return f"{line}:{position - (text.rfind(chr(10), 0, position) + 1) + 1}"


def _bad_character(text: str, source: str, position: int, character: int) -> Problem:
    return Problem(
        source,
        _line_column(text, position),
        f"a character that a data file cannot hold (U+{character:04X})",
        "remove it; a data file is plain text",
    )


def _parse_yaml(text: str, source: str, construct: bool = True) -> tuple[Any, Marks]:
    loader = None
    try:
        try:
            loader = _DecimalLoader(text)  # (the pure-Python reader checks characters here)
            node = loader.get_single_node()
            if loader.data_problems:
                raise DataError([Problem(source, *p) for p in loader.data_problems])
            document = loader.construct_document(node) if node is not None and construct else None
        except _Refused as e:  # after the problems found before it
            assert loader is not None
            problems = [Problem(source, *p) for p in loader.data_problems]
            raise DataError([*problems, Problem(source, e.where, e.what, e.hint)]) from None
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            where = f"{mark.line + 1}:{mark.column + 1}" if mark else ""
            raise DataError(
                [
                    Problem(
                        source,
                        where,
                        f"YAML syntax error: {e.problem or e}",
                        "check indentation and that every 'key: value' pair has a space after ':'",
                    )
                ]
            ) from e
        except yaml.reader.ReaderError as e:  # a control character
            position = e.position
            if e.encoding != "unicode":  # libyaml counts bytes of UTF-8
                position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
            character = e.character if isinstance(e.character, int) else ord(e.character)
            raise DataError([_bad_character(text, source, position, character)]) from e
        except UnicodeEncodeError as e:  # a lone surrogate in text given by a program
            raise DataError([_bad_character(text, source, e.start, ord(text[e.start]))]) from e
        except yaml.YAMLError as e:
            raise DataError([Problem(source, "", f"YAML error: {e}")]) from e
        return document, loader.data_marks if node is not None else {}
    finally:
        if loader is not None:
            loader.dispose()


_JSON_NESTING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_SURROGATE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_JSON_CONSTANTS = {"NaN": "NaN", "Infinity": "Infinity", "-Infinity": "-Infinity"}


def _json_depth_problem(text: str, source: str) -> Problem | None:
    """A bracket nested deeper than `MAX_DEPTH`, found before parsing (json would recurse)."""
    depth = 0
    for match in _JSON_NESTING.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(
                    source,
                    _line_column(text, match.start()),
                    f"nested more than {MAX_DEPTH} levels deep",
                    "a data file is a few levels deep; check the brackets",
                )
        elif token in "]}":
            depth -= 1
    return None


def _json_number(text: str) -> Decimal | str:
    try:
        return Decimal(text)
    except InvalidOperation:  # an exponent beyond Decimal's range
        return NumberLiteral(text)


def _json_int(text: str) -> int | Decimal | str:
    return _json_number(text) if len(text.lstrip("-")) > MAX_LITERAL_DIGITS else int(text)


def _parse_json(text: str, source: str) -> tuple[Any, Marks]:
    too_deep = _json_depth_problem(text, source)
    if too_deep:
        raise DataError([too_deep])
    duplicates: list[str] = []

    def mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                duplicates.append(key)
            else:
                result[key] = value
        return result

    try:
        document = json.loads(
            text,
            parse_float=_json_number,
            parse_int=_json_int,
            parse_constant=lambda name: Decimal(_JSON_CONSTANTS[name]),
            object_pairs_hook=mapping,
        )
    except json.JSONDecodeError as e:
        raise DataError(
            [
                Problem(
                    source,
                    f"{e.lineno}:{e.colno}",
                    f"JSON syntax error: {e.msg}",
                    "check brackets, commas and quotes near this place",
                )
            ]
        ) from e
    # JSON is YAML: the YAML composer gives the places (and says where a duplicate key is).
    try:
        _, marks = _parse_yaml(text, source, construct=False)
    except DataError as e:
        if duplicates and any("duplicate key" in p.what for p in e.problems):
            raise
        if any(p.what.endswith(_TOO_MANY) for p in e.problems):
            raise
        # libyaml refuses escaped lone surrogates ("\ud800", which json accepts and validation
        # then reports): the same text with them replaced by escapes of the same length.
        try:
            _, marks = _parse_yaml(_SURROGATE_ESCAPE.sub(r"\1\\u0058", text), source, False)
        except DataError:
            marks = {}
    if duplicates:
        raise DataError(
            [
                Problem(source, "", f"duplicate key {shown(k)}", "keep one of them")
                for k in duplicates
            ]
        )
    return document, marks


def parse_text(text: str, source: str, json_syntax: bool = False) -> tuple[Any, Marks]:
    """Parse YAML (or JSON) text into a document and the line:column of every field path.
    A leading byte-order mark is ignored."""
    text = text.removeprefix("\ufeff")
    return _parse_json(text, source) if json_syntax else _parse_yaml(text, source)


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    """Known field names of the model at ``loc`` (for 'did you mean'), following fields, the
    names of a mapping (``indicators.value_added``) and the positions of a list."""
    annotation: Any = model
    for part in loc:
        annotation = _inner(annotation, part)
        if annotation is None:
            return []
    fields = getattr(_model_in(annotation), "model_fields", None)
    return list(fields) if fields else []


def _inner(annotation: Any, part: str | int) -> Any:
    """The type of ``part`` within a value of type ``annotation`` (None if it has none)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _inner(args[0], part)
    if origin in (Union, UnionType):
        found = (_inner(arg, part) for arg in args if arg is not type(None))
        return next((f for f in found if f is not None), None)
    if origin is dict:
        return args[1]
    if origin in (tuple, list):
        return args[0] if isinstance(part, int) and args else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        fields = annotation.model_fields
        return fields[part].annotation if isinstance(part, str) and part in fields else None
    return None


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _dotted(loc: Loc) -> str:
    return field_path(loc)


def _place(line: int, column: int, loc: Loc) -> str:
    """``12:5 (indicators.value_added)``; ``1:1 (top level)`` for the document itself."""
    return f"{line}:{column} ({_dotted(loc)})" if loc else f"{line}:{column} (top level)"


def _clean_loc(loc: tuple[str | int, ...], document: Any = None) -> Loc:
    """Drop pydantic's union-branch labels (``Amount``, ``function-before[…]``) from an error
    location, following the document so that a key of the data that looks like one stays."""
    kept: list[str | int] = []
    node = document
    for part in loc:
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_list or (isinstance(node, dict) and part in node):
            node = node[part]
        elif isinstance(part, str) and (part[:1].isupper() or "[" in part or part == "int"):
            continue  # a label: the node stays the same
        else:
            node = None
        kept.append(part)
    return tuple(kept)


def _where(marks: Marks, loc: Loc) -> str:
    for end in range(len(loc), -1, -1):
        if loc[:end] in marks:
            line, column = marks[loc[:end]]
            return _place(line, column, loc)
    return _dotted(loc)


def _problem(
    source: str,
    marks: Marks,
    error: ErrorDetails,
    model: type[BaseModel] = Dataset,
    document: Any = None,
    skip: int = 0,
) -> Problem:
    loc = _clean_loc(error["loc"], document)
    kind = error["type"]
    message = error["msg"].removeprefix("Value error, ")
    hint = ""
    if kind == "extra_forbidden":
        name = str(loc[-1])
        known = _field_names(model, loc[skip:-1])
        close = difflib.get_close_matches(name, known, n=1)
        message = f"unknown field {name!r}"
        hint = (
            f"did you mean {close[0]!r}?"
            if close
            else (f"known fields here: {', '.join(known)}" if known else "remove it")
        )
    elif kind == "missing":
        message = f"required field {str(loc[-1])!r} is missing"
        hint = "add it"
    elif kind == "greater_than_equal" and error.get("ctx", {}).get("ge") == 0:
        message = f"a count cannot be negative (got {shown(error['input'])})"
    elif kind in {"int_type", "int_parsing"}:
        message = f"expected a whole number, got {shown(error['input'])}"
    elif kind == "literal_error":
        hint = "units are written as Chinese releases write them, e.g. 亿元 or 万吨"
    return Problem(source, _where(marks, loc), message, hint)


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def parse_dataset(document: Any, source: str, marks: Marks | None = None) -> Dataset:
    """Validate an already-parsed document (from a file or an HTTP body)."""
    marks = marks or {}
    if document is None:
        raise DataError(
            [Problem(source, "", "the file is empty", "start from data/liaoning-2024q1.yaml")]
        )
    if not isinstance(document, dict):
        raise DataError(
            [
                Problem(
                    source,
                    _where(marks, ()),
                    f"expected a mapping of fields, got a {type(document).__name__}",
                    "the top level is 'release:', 'indicators:', 'breakdowns:' and so on",
                )
            ]
        )
    release = document.get("release")
    languages = release.get("languages") if isinstance(release, dict) else None
    if (
        not isinstance(languages, list | tuple)
        or len(languages) > 20
        or not all(isinstance(x, str) and _LANGUAGE.fullmatch(x) for x in languages)
    ):
        languages = DEFAULT_LANGUAGES  # (release.languages itself is reported)
    try:
        return Dataset.model_validate(document, context={"languages": tuple(languages)})
    except ValidationError as e:
        raise DataError(problems_from(e, source, marks, Dataset, document=document)) from e


def problems_from(
    error: ValidationError,
    source: str,
    marks: Marks,
    model: type[BaseModel],
    prefix: Loc = (),
    document: Any = None,
) -> list[Problem]:
    """Every problem of a pydantic validation, located in the file it came from (``prefix``:
    where in that file the validated part sits)."""
    problems = []
    for err in error.errors():
        located: Any = dict(err)
        located["loc"] = (*prefix, *err["loc"])
        whole = {prefix[0]: document} if prefix and document is not None else document
        problems.append(_problem(source, marks, located, model, whole, len(prefix)))
    return problems


def load_dataset(path: Path) -> Dataset:
    """Read and validate one data file; raises `DataError` listing every problem."""
    return read_dataset(path)[0]


def read_dataset(path: Path) -> tuple[Dataset, Marks]:
    """Read and validate one data file, keeping the line:column of every field."""
    return dataset_from_text(read_data_text(path), str(path), path.suffix.lower() == ".json")


def read_data_text(path: Path) -> str:
    """A data file's text; a file that cannot be read is a problem naming it."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise DataError(
            [
                Problem(
                    source,
                    "",
                    "no such file",
                    "check the path; the sample is data/liaoning-2024q1.yaml",
                )
            ]
        ) from e
    except IsADirectoryError as e:
        raise DataError([Problem(source, "", "is a directory, not a data file")]) from e
    except UnicodeDecodeError as e:
        raise DataError(
            [
                Problem(
                    source,
                    "",
                    f"not UTF-8 text ({e.reason} at byte {e.start})",
                    "save the file as UTF-8",
                )
            ]
        ) from e
    except OSError as e:
        raise DataError([Problem(source, "", f"cannot read: {e.strerror}")]) from e
    return text


def dataset_from_text(text: str, source: str, json_syntax: bool = False) -> tuple[Dataset, Marks]:
    """Validate data given as text (a file's or an HTTP body's), with its field locations."""
    document, marks = parse_text(text, source, json_syntax)
    return parse_dataset(document, source, marks), marks


def where(marks: Marks, loc: Loc) -> str:
    """Line:column and field path of ``loc``, for problems found after validation."""
    return _where(marks, loc)
