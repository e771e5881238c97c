"""errors: the exception hierarchy and the located `Problem` record; no I/O, no formatting
beyond quoting values from the data safely."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Characters that would change what a terminal or a page shows (line breaks, controls, bidi
# overrides) or cannot be encoded at all (lone surrogates): escaped wherever a message quotes data.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    if character in "\n\r\t":
        return repr(character)[1:-1]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every character that is not safe to print escaped (\\n, \\u202e)."""
    return _UNSHOWABLE.sub(_escape, text)


def shown(value: Any, limit: int = 40) -> str:
    """``repr`` of a value from the data, cut short (a 5,000-digit number is not repeated)."""
    text = printable(repr(str(value)) if isinstance(value, str) else repr(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


_PLAIN_KEY = re.compile(r"[^\W\d][\w.-]*")


def field_path(loc: Sequence[str | int]) -> str:
    """``cities[0].name``; a key that is not a plain name is quoted (``figures['a\\nb']``)."""
    if len(loc) > 12:  # a path into something nested too deep
        return f"{field_path(loc[:4])}…{field_path(loc[-2:])}"
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not _PLAIN_KEY.fullmatch(part) or len(part) > 40:
            text += f"[{shown(part)}]"
        else:
            text += f".{part}" if text else part
    return text or "(top level)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is, what is wrong, and how to fix it. Text that
    came from the data is made printable, so a message never carries a line break or a control
    character of the input into a terminal, a log or a JSON answer."""

    source: str
    where: str
    what: str
    hint: str = ""

    def __post_init__(self) -> None:
        for name in ("source", "where", "what", "hint"):
            object.__setattr__(self, name, printable(getattr(self, name)))

    def __str__(self) -> str:
        place = ":".join(part for part in (self.source, self.where) if part)
        text = f"{place}: {self.what}" if place else self.what
        return f"{text} (hint: {self.hint})" if self.hint else text


class BulletinError(Exception):
    """Root of every error the program reports to a user without a traceback."""


class DataError(BulletinError):
    """The input data is unusable; carries every problem found, not just the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in the data:\n" + "\n".join(f"  {p}" for p in problems))

    def __reduce__(self) -> tuple[Any, ...]:  # survives pickling (batch and PDF workers)
        return (DataError, (self.problems,))


class RenderError(DataError):
    """The data asks for something the templates cannot give: a narrative that does not exist,
    uses a figure the data lacks, or is written for another kind of bulletin. ``loc`` is the
    field at fault; `located` gives the problem its file, line and column."""

    def __init__(self, loc: Sequence[str | int], what: str, hint: str = "") -> None:
        self.loc = tuple(loc)
        self.what = what
        self.hint = hint
        super().__init__([Problem("", field_path(self.loc), what, hint)])

    def __reduce__(self) -> tuple[Any, ...]:
        return (RenderError, (self.loc, self.what, self.hint))

    def located(self, source: str, where: str) -> Problem:
        return Problem(source, where, self.what, self.hint)


class UsageError(BulletinError):
    """A request that names something unknown: a language, a format, a file."""


class CatalogError(BulletinError):
    """A message catalog is missing a translation the requested bulletin needs."""

    def __init__(self, language: str, missing: Sequence[str]) -> None:
        self.language = language
        self.missing = tuple(missing)
        listing = "\n".join(f"  msgid {m!r}" for m in self.missing)
        super().__init__(
            f"{len(self.missing)} message(s) have no translation for {language}:\n{listing}\n"
            f"  hint: translate them in locales/<lang>/LC_MESSAGES/bulletin.po"
        )
