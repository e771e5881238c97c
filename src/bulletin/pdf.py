"""pdf: HTML → PDF with WeasyPrint; loads only the assets it is given, turns every WeasyPrint
warning into an error, and is the only module that imports WeasyPrint."""

from __future__ import annotations

import ctypes.util
import logging
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from bulletin.errors import BulletinError

VARIANTS = ("pdf/ua-1", "pdf/a-3u")
# Tagged PDF/UA is the default: a public bulletin must be readable with assistive technology,
# and it costs nothing in size. PDF/A-3u is for archives.
DEFAULT_VARIANT = "pdf/ua-1"


class RenderError(BulletinError):
    """WeasyPrint could not render the page cleanly."""


@contextmanager
def _one_ldconfig_lookup() -> Iterator[None]:
    """Speed up WeasyPrint's import: cffi tries several names per library and falls back to
    ``ctypes.util.find_library`` for each miss, which runs ldconfig (and gcc) every time.
    Answer those look-ups from one ``ldconfig -p`` listing instead."""
    original = ctypes.util.find_library
    ldconfig = shutil.which("ldconfig") or (
        "/sbin/ldconfig" if Path("/sbin/ldconfig").exists() else None
    )
    if ldconfig is None:
        yield
        return
    listing = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=False).stdout
    sonames = [line.strip().split(" ", 1)[0] for line in listing.splitlines()[1:]]

    def find_library(name: str) -> str | None:
        prefix = f"lib{name}.so"
        return next((so for so in sonames if so.startswith(prefix)), None)

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


@cache
def weasyprint() -> ModuleType:
    """Import WeasyPrint once, quickly, with a clear error if its libraries are missing."""
    try:
        with _one_ldconfig_lookup():
            import weasyprint as module  # heavy: imported only on the PDF path
    except OSError as e:
        raise RenderError(
            f"WeasyPrint cannot load its system libraries ({e}); on Debian/Ubuntu run "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0, then "
            "`bulletin doctor`"
        ) from e
    loaded: ModuleType = module
    return loaded


@cache
def _font_config() -> Any:
    """One font configuration per process. WeasyPrint makes a new one per document by default,
    and a long-running renderer then grows by about 0.25 MB per PDF; shared, it stays flat."""
    weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def _single_weight_css() -> Any:
    return weasyprint().CSS(string=SINGLE_WEIGHT_CSS, font_config=_font_config())


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _fetcher(allowed: dict[str, Path]) -> Any:
    weasyprint()  # imported the fast way first
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class Refused(FatalURLFetchingError):  # type: ignore[misc]
        pass

    class OwnAssetsOnly(URLFetcher):  # type: ignore[misc]
        """Serves the listed files; refuses every other URL without opening it."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = allowed.get(url)
            if path is None:
                raise Refused(url)
            return URLFetcherResponse(url, body=path.read_bytes())

    return OwnAssetsOnly(), Refused


# (A user stylesheet: its !important rules win over the page's own.)
# Each embedded CJK face costs about 150 KB however few glyphs it holds (WeasyPrint keeps glyph
# ids, so the subset keeps tens of thousands of empty slots). Chinese and Japanese PDFs
# therefore use one weight: emphasis and headings are set apart by size and colour instead of a
# bold face.
SINGLE_WEIGHT_CSS = """
html:lang(zh) strong, html:lang(zh) b, html:lang(zh) h1, html:lang(zh) h2, html:lang(zh) h3,
html:lang(zh) th, html:lang(zh) caption, html:lang(zh) .issuer,
html:lang(ja) strong, html:lang(ja) b, html:lang(ja) h1, html:lang(ja) h2, html:lang(ja) h3,
html:lang(ja) th, html:lang(ja) caption, html:lang(ja) .issuer { font-weight: normal !important; }
html:lang(zh) strong, html:lang(ja) strong { color: #2f6690 !important; }
"""


def render_pdf(
    html: str, variant: str = DEFAULT_VARIANT, assets: dict[str, Path] | None = None
) -> bytes:
    """The PDF of a standalone HTML page. ``assets`` maps the only URLs it may load to files."""
    if variant not in VARIANTS:
        raise RenderError(f"unknown PDF variant {variant!r}; available: {', '.join(VARIANTS)}")
    module = weasyprint()
    fetcher, refused = _fetcher(assets or {})
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        document: Callable[..., bytes] = module.HTML(string=html, url_fetcher=fetcher).write_pdf
        pdf = document(
            pdf_variant=variant,
            custom_metadata=True,
            stylesheets=[_single_weight_css()],
            font_config=_font_config(),
        )
    except refused as e:
        raise RenderError(
            f"refused to load {e.args[0]!r}: the PDF renderer loads only the project's own assets"
        ) from None
    finally:
        logger.removeHandler(collect)
    if collect.messages:
        raise RenderError("WeasyPrint reported problems:\n  " + "\n  ".join(collect.messages))
    return pdf
