"""charts: inline SVG bar charts drawn from numbers and already-translated labels; no locale
decisions, no file access, nothing fetched (the SVG has no external references)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal

from markupsafe import Markup, escape

from bulletin.provenance import Figure

WIDTH = 640
ROW = 24
BAR = 15
FONT_SIZE = 12
TOP = 10
POSITIVE = "#2f6690"
HIGHLIGHT = "#d1495b"
NEGATIVE = "#9a9a9a"
REFERENCE = ("#e07a1f", "#3a7d44")


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    text: str  # the value as the bulletin prints it, e.g. "11.2%"
    highlight: bool = False
    figure: Figure | None = None  # where the value came from (a hover title, data-source)


@dataclass(frozen=True)
class Reference:
    """A vertical line across the bars, e.g. the national rate."""

    label: str
    value: Decimal
    figure: Figure | None = None


def traced(elements: str, figure: Figure | None) -> str:
    """SVG elements grouped with where their figure came from: ``data-source`` (or
    ``data-derivation``) and a ``<title>`` that browsers show on hover (renderers that draw
    the chart, such as WeasyPrint, ignore both).

    >>> fig = Figure("percent", Decimal(2), "2%", source="a.value", exact=Decimal(2))
    >>> traced("<text>2%</text>", fig)
    '<g data-source="a.value"><title>a.value = 2</title><text>2%</text></g>'
    """
    if figure is None or not figure.known:
        return elements
    name = "data-derivation" if figure.derivation else "data-source"
    return (
        f'<g {name}="{escape(figure.origin)}"><title>{escape(figure.explanation())}</title>'
        f"{elements}</g>"
    )


def text_width(text: str) -> float:
    """Rough rendered width at FONT_SIZE, on the wide side so that a label is never cut at the
    edge: wide (CJK) characters count double; others 0.66 em (DejaVu Sans averages 0.51 em
    for English labels, 0.62 em for Russian ones)."""
    units = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1.2 for c in text)
    return units * FONT_SIZE * 0.55


MAX_LABEL = WIDTH * 0.38
"""The widest a bar's label may be: a long name is cut (the description has it whole)."""


def fit(label: str, width: float) -> str:
    """``label``, cut with an ellipsis to fit ``width`` at FONT_SIZE.

    >>> fit("Private enterprises", 200), fit("Enterprises funded by foreign investors", 160)
    ('Private enterprises', 'Enterprises funded…')
    """
    if text_width(label) <= width:
        return label
    while label and text_width(label + "…") > width:
        label = label[:-1]
    return label.rstrip() + "…"


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    bars: list[Bar],
    references: tuple[Reference, ...] = (),
    font_family: str = "sans-serif",
) -> Markup:
    """A horizontal bar chart; ``title`` and ``description`` are its text alternative.

    >>> svg = bar_chart("c", "Growth", "A 2%, B -1%", [Bar("A", Decimal(2), "2%"),
    ...                                               Bar("B", Decimal(-1), "-1%")])
    >>> svg.startswith('<svg') and 'role="img"' in svg and "<title" in svg
    True
    """
    bars = [replace(b, label=fit(b.label, MAX_LABEL)) for b in bars]  # (whole in the desc)
    label_width = max([text_width(b.label) for b in bars] + [40]) + 12
    value_room = max([text_width(b.text) for b in bars] + [30]) + 8
    values = [b.value for b in bars] + [r.value for r in references]
    low = min([Decimal(0), *values])
    high = max([Decimal(0), *values])
    span = (high - low) or Decimal(1)
    plot_left = label_width + (value_room if low < 0 else 0)
    plot_width = WIDTH - plot_left - value_room

    def x(value: Decimal) -> float:
        return round(plot_left + float((value - low) / span) * plot_width, 1)

    legend_rows = len(references)
    height = TOP + ROW * len(bars) + 8 + legend_rows * (ROW - 4) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{chart_id}-title '
        f'{chart_id}-desc" class="chart" font-size="{FONT_SIZE}" '
        f'font-family="{escape(font_family)}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    zero = x(Decimal(0))
    for i, bar in enumerate(bars):
        y = TOP + i * ROW
        start, end = sorted((zero, x(bar.value)))
        colour = NEGATIVE if bar.value < 0 else HIGHLIGHT if bar.highlight else POSITIVE
        text_y = y + BAR - 3
        parts.append(
            f'<text x="{label_width - 8}" y="{text_y}" text-anchor="end">{escape(bar.label)}</text>'
        )
        rect = (
            f'<rect x="{start}" y="{y}" width="{max(end - start, 0.5)}" height="{BAR}" '
            f'fill="{colour}"/>'
        )
        if bar.value < 0:
            value = (
                f'<text x="{start - 4}" y="{text_y}" text-anchor="end">{escape(bar.text)}</text>'
            )
        else:
            value = f'<text x="{end + 4}" y="{text_y}">{escape(bar.text)}</text>'
        parts.append(traced(rect + value, bar.figure))
    bottom = TOP + ROW * len(bars) - (ROW - BAR)
    parts.append(
        f'<line x1="{zero}" y1="{TOP - 4}" x2="{zero}" y2="{bottom + 4}" stroke="#333" '
        f'stroke-width="1"/>'
    )
    for i, ref in enumerate(references):
        colour = REFERENCE[i % len(REFERENCE)]
        rx = x(ref.value)
        parts.append(
            f'<line x1="{rx}" y1="{TOP - 4}" x2="{rx}" y2="{bottom + 4}" stroke="{colour}" '
            f'stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        ly = bottom + 12 + i * (ROW - 4)
        parts.append(
            f'<line x1="{plot_left}" y1="{ly + 6}" x2="{plot_left + 24}" y2="{ly + 6}" '
            f'stroke="{colour}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        legend = f'<text x="{plot_left + 30}" y="{ly + 10}">{escape(ref.label)}</text>'
        parts.append(traced(legend, ref.figure))
    parts.append("</svg>")
    return Markup("".join(parts))
