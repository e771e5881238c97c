"""errors: the exception hierarchy and the located `Problem` record; no I/O, no formatting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is, what is wrong, and how to fix it."""

    source: str
    where: str
    what: str
    hint: str = ""

    def __str__(self) -> str:
        text = (
            f"{self.source}:{self.where}: {self.what}"
            if self.where
            else f"{self.source}: {self.what}"
        )
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
