"""fonts: finds the fonts a PDF will be set in and checks that they cover every character of
the text, through fontconfig's command-line tools; never renders, never imports WeasyPrint."""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bulletin.errors import BulletinError
from bulletin.locales import script_of

ENV_FONT = "BULLETIN_FONT"

# Font families in order of preference, by the CLDR script of the language; the CSS names the
# same ones. Han characters take their forms from the font: Simplified Chinese must be set in
# an SC face and Japanese in a JP one, never the other's.
FAMILIES: dict[str, tuple[str, ...]] = {
    "Hans": ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "Source Han Sans CN"),
    "Hant": ("Noto Sans CJK TC", "Source Han Sans TC", "Noto Sans TC", "Source Han Sans TW"),
    "Jpan": ("Noto Sans CJK JP", "Source Han Sans JP", "Noto Sans JP", "Source Han Sans"),
    "Kore": ("Noto Sans CJK KR", "Source Han Sans KR", "Noto Sans KR"),
    "": ("Noto Sans", "DejaVu Sans", "Liberation Sans"),
}
INSTALL_HINT = (
    "install a font that covers them (Debian/Ubuntu: apt-get install fonts-noto-cjk), or point "
    f"--font or ${ENV_FONT} at a font file that does"
)


class FontError(BulletinError):
    """No usable font: PDF output would show empty boxes (tofu) instead of characters."""


@dataclass(frozen=True)
class Font:
    family: str
    path: Path
    index: int = 0


def _run(*args: str) -> str:
    tool = shutil.which(args[0])
    if tool is None:
        raise FontError(
            f"fontconfig's {args[0]} is not installed, so fonts cannot be checked "
            "(Debian/Ubuntu: apt-get install fontconfig)"
        )
    result = subprocess.run([tool, *args[1:]], capture_output=True, text=True, check=False)
    return result.stdout


def _family_key(language: str) -> str:
    script = script_of(language)
    return script if script in FAMILIES else ""


def families(language: str) -> tuple[str, ...]:
    """The font families a language is set in, preferred first."""
    return FAMILIES[_family_key(language)]


@cache
def find_font(language: str) -> Font | None:
    """The installed font of the preferred family for ``language``, if any."""
    key = _family_key(language)
    lang = language.lower() if key else None  # fontconfig's language tags: zh-cn, ja
    for family in FAMILIES[key]:
        pattern = f"{family}:lang={lang}" if lang else family
        # fc-match picks the regular face of the family, or a substitute if it is missing.
        line = _run("fc-match", "--format", "%{family[0]}|%{file}|%{index}", pattern).strip()
        parts = line.split("|")
        if len(parts) == 3 and parts[0] == family:
            return Font(family, Path(parts[1]), int(parts[2] or 0))
    return None


def chinese_families() -> list[str]:
    """Installed families that declare Simplified Chinese support."""
    out = _run("fc-list", "--format", "%{family[0]}\n", ":lang=zh-cn")
    return sorted({line for line in out.splitlines() if line})


def _parse_charset(text: str) -> set[int]:
    """fontconfig charset notation ("20-7e a0-17f 4e00") → code points."""
    points: set[int] = set()
    for item in text.split():
        first, _, last = item.partition("-")
        try:
            points.update(range(int(first, 16), int(last or first, 16) + 1))
        except ValueError:
            continue
    return points


@cache
def charset(font: Font) -> frozenset[int]:
    """Code points a font covers."""
    out = _run("fc-query", "--index", str(font.index), "--format", "%{charset}", str(font.path))
    return frozenset(_parse_charset(out))


def _covered_by_any_font(char: str) -> bool:
    return bool(_run("fc-list", "--format", "%{file}\n", f":charset={ord(char):x}").strip())


def needed_characters(text: str) -> set[str]:
    """Characters that need a glyph: everything but white space and invisible controls."""
    invisible = {"Cc", "Cf", "Cs", "Zl", "Zp", "Zs"}
    return {c for c in text if not c.isspace() and unicodedata.category(c) not in invisible}


def user_font(font_file: Path | None) -> Font | None:
    """A font file named by --font or $BULLETIN_FONT, checked to exist."""
    path = font_file or (Path(os.environ[ENV_FONT]) if os.environ.get(ENV_FONT) else None)
    if path is None:
        return None
    if not path.is_file():
        raise FontError(f"font file {path} does not exist (from --font or ${ENV_FONT})")
    families = _run("fc-query", "--index", "0", "--format", "%{family[0]}", str(path)).strip()
    if not families:
        raise FontError(f"{path} is not a font file fontconfig can read")
    return Font(families, path.resolve(), 0)


def check_coverage(text: str, language: str, font: Font | None) -> Font | None:
    """The font to set ``text`` in; raises `FontError` naming characters no font can show.

    For a CJK language a family of its script is required (or a font file the user chose).
    Characters the main font lacks may still come from another installed font (fontconfig
    fallback, as Pango does); only characters no font covers are refused.
    """
    key = _family_key(language)
    main = font or find_font(language)
    if main is None and key:
        raise FontError(
            f"no font for {language} ({key} script) is installed (looked for "
            f"{', '.join(FAMILIES[key])}); {INSTALL_HINT}"
        )
    known = charset(main) if main else frozenset()
    missing = sorted(c for c in needed_characters(text) if ord(c) not in known)
    tofu = [c for c in missing if not _covered_by_any_font(c)]
    if tofu:
        listing = " ".join(f"{c} (U+{ord(c):04X})" for c in tofu[:20])
        more = f" and {len(tofu) - 20} more" if len(tofu) > 20 else ""
        raise FontError(
            f"no installed font can show these characters: {listing}{more}; {INSTALL_HINT}"
        )
    return main
