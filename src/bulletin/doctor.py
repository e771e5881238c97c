"""doctor: reports what this machine has for PDF output, with a fix for each problem; renders
nothing."""

from __future__ import annotations

from dataclasses import dataclass

from bulletin import fonts
from bulletin.errors import BulletinError

MIN_PANGO = (1, 44)
MIN_HARFBUZZ_SUBSET = (4, 1)
DEBIAN_FIX = "apt-get install -y {}"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    found: str
    fix: str = ""
    required: bool = True


def run_checks() -> list[Check]:
    """Every check, in the order a person would fix them."""
    checks: list[Check] = []
    try:
        from bulletin.pdf import weasyprint

        module = weasyprint()
    except BulletinError as e:
        return [
            Check(
                "WeasyPrint",
                False,
                str(e),
                DEBIAN_FIX.format("libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"),
            )
        ]
    checks.append(Check("WeasyPrint", True, module.__version__))

    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset, pango

    number = int(pango.pango_version())  # e.g. 15012 for 1.50.12
    pango_version = (number // 10000, number // 100 % 100, number % 100)
    checks.append(
        Check(
            "Pango",
            pango_version[:2] >= MIN_PANGO,
            ".".join(map(str, pango_version)),
            f"Pango {'.'.join(map(str, MIN_PANGO))} or newer: "
            + DEBIAN_FIX.format("libpango-1.0-0"),
        )
    )
    recent = bool(harfbuzz.hb_version_atleast(*MIN_HARFBUZZ_SUBSET, 0))
    subset_ok = harfbuzz_subset is not None and recent
    checks.append(
        Check(
            "HarfBuzz font subsetting",
            subset_ok,
            f"HarfBuzz {'>=' if recent else '<'} {'.'.join(map(str, MIN_HARFBUZZ_SUBSET))}, "
            f"subset library {'present' if harfbuzz_subset else 'missing'}",
            "without it WeasyPrint subsets CJK fonts with fontTools (seconds per PDF): "
            + DEBIAN_FIX.format("libharfbuzz-subset0"),
        )
    )
    try:
        chinese = fonts.find_font("zh-CN")
        japanese = fonts.find_font("ja")
        latin = fonts.find_font("en")
        others = fonts.chinese_families()
    except fonts.FontError as e:
        checks.append(Check("fontconfig", False, str(e), DEBIAN_FIX.format("fontconfig")))
        return checks
    checks.append(
        Check(
            "Simplified Chinese font",
            chinese is not None,
            f"{chinese.family} ({chinese.path}, face {chinese.index})"
            if chinese
            else "none of " + ", ".join(fonts.families("zh-CN")),
            DEBIAN_FIX.format("fonts-noto-cjk") + f", or set ${fonts.ENV_FONT} to a font file",
        )
    )
    checks.append(
        Check(
            "Japanese font",
            japanese is not None,
            f"{japanese.family} ({japanese.path}, face {japanese.index})"
            if japanese
            else "none of " + ", ".join(fonts.families("ja")),
            DEBIAN_FIX.format("fonts-noto-cjk") + " (Japanese PDFs are set in a JP face)",
        )
    )
    checks.append(
        Check(
            "Fonts covering Simplified Chinese",
            bool(others),
            ", ".join(others) or "none",
            DEBIAN_FIX.format("fonts-noto-cjk"),
            required=False,
        )
    )
    checks.append(
        Check(
            "Latin font",
            latin is not None,
            f"{latin.family} ({latin.path})"
            if latin
            else "none of " + ", ".join(fonts.families("en")),
            DEBIAN_FIX.format("fonts-dejavu-core"),
            required=False,
        )
    )
    return checks


def healthy(checks: list[Check]) -> bool:
    return all(c.ok for c in checks if c.required)
