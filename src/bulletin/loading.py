"""loading: reads a data file (YAML or JSON) and validates it into a `Dataset`, collecting every
problem with its file, line, column and field path; never computes or formats figures."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bulletin.errors import DataError, Problem
from bulletin.models import DEFAULT_LANGUAGES, MODELS, AnyDataset, Dataset

Loc = tuple[str | int, ...]
Marks = dict[Loc, tuple[int, int]]


class _DecimalLoader(yaml.SafeLoader):
    """YAML numbers with a fraction become Decimal, keeping the digits as written (5.0 ≠ 5)."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | str:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return text  # .inf / .nan: left as text so validation reports it


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _marks(node: yaml.Node, loc: Loc = ()) -> Iterator[tuple[Loc, tuple[int, int]]]:
    """Every field path in a composed YAML document with its 1-based line and column."""
    yield loc, (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _marks(value, (*loc, str(key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _marks(item, (*loc, index))


def parse_text(text: str, source: str, json_syntax: bool = False) -> tuple[Any, Marks]:
    """Parse YAML (or JSON) text into a document and the line:column of every field path."""
    if json_syntax:
        try:
            document = json.loads(text, parse_float=Decimal)
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
        try:  # JSON is YAML: reuse the YAML composer for locations where it can read the file
            node = yaml.compose(text, Loader=_DecimalLoader)
        except yaml.YAMLError:
            node = None
        return document, dict(_marks(node)) if node is not None else {}
    try:
        loader = _DecimalLoader(text)
        try:
            node = loader.get_single_node()
            document = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
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
    except yaml.YAMLError as e:
        raise DataError([Problem(source, "", f"YAML error: {e}")]) from e
    return document, dict(_marks(node)) if node is not None else {}


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    """Known field names of the model at ``loc`` (for 'did you mean')."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        annotation = fields[part].annotation
        current = _model_in(annotation)
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _clean_loc(loc: tuple[str | int, ...]) -> Loc:
    """Drop pydantic's union-branch labels (``int``, ``Amount``...) from an error location."""
    return tuple(p for p in loc if isinstance(p, int) or not (p[:1].isupper() or p in {"int"}))


def _where(marks: Marks, loc: Loc) -> str:
    for end in range(len(loc), -1, -1):
        if loc[:end] in marks:
            line, column = marks[loc[:end]]
            return f"{line}:{column} ({_dotted(loc)})"
    return _dotted(loc)


def _problem(
    source: str, marks: Marks, error: ErrorDetails, model: type[BaseModel] = Dataset
) -> Problem:
    loc = _clean_loc(error["loc"])
    kind = error["type"]
    message = error["msg"].removeprefix("Value error, ")
    hint = ""
    if kind == "extra_forbidden":
        name = str(loc[-1])
        known = _field_names(model, loc[:-1])
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
        message = f"a count cannot be negative (got {error['input']})"
    elif kind in {"int_type", "int_parsing"}:
        message = f"expected a whole number, got {error['input']!r}"
    elif kind == "literal_error":
        hint = "units are written as Chinese releases write them, e.g. 亿元 or 万吨"
    return Problem(source, _where(marks, loc), message, hint)


def parse_dataset(document: Any, source: str, marks: Marks | None = None) -> AnyDataset:
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
                    "the top level must be 'release:', 'value_added:' and so on",
                )
            ]
        )
    release = document.get("release")
    languages = release.get("languages") if isinstance(release, dict) else None
    if not isinstance(languages, list | tuple) or not all(isinstance(x, str) for x in languages):
        languages = DEFAULT_LANGUAGES
    kind = document.get("kind", "province")
    model = MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        raise DataError(
            [
                Problem(
                    source,
                    _where(marks, ("kind",)),
                    f"unknown kind of bulletin {kind!r}",
                    f"known kinds: {', '.join(MODELS)}",
                )
            ]
        )
    try:
        return model.model_validate(document, context={"languages": tuple(languages)})
    except ValidationError as e:
        raise DataError([_problem(source, marks, err, model) for err in e.errors()]) from e


def load_dataset(path: Path) -> AnyDataset:
    """Read and validate one data file; raises `DataError` listing every problem."""
    return read_dataset(path)[0]


def read_dataset(path: Path) -> tuple[AnyDataset, Marks]:
    """Read and validate one data file, keeping the line:column of every field."""
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
    return dataset_from_text(text, source, path.suffix.lower() == ".json")


def dataset_from_text(
    text: str, source: str, json_syntax: bool = False
) -> tuple[AnyDataset, Marks]:
    """Validate data given as text (a file's or an HTTP body's), with its field locations."""
    document, marks = parse_text(text, source, json_syntax)
    return parse_dataset(document, source, marks), marks


def where(marks: Marks, loc: Loc) -> str:
    """Line:column and field path of ``loc``, for problems found after validation."""
    return _where(marks, loc)
