"""SVG charts drawn in Python, styled by the site's CSS (so they follow light and dark mode).

Each chart has an accessible name; the table beside it is the text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import format as fmt
from .markup import esc

WIDTH = 640
ROW = 34
LABEL_WIDTH = 150
VALUE_WIDTH = 110


def bars(title: str, labels: Sequence[str], values: Sequence[float], texts: Sequence[str]) -> str:
    """Horizontal bars, one a row, scaled to the largest value."""
    top = max(values, default=0.0) or 1.0
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = ROW * len(values) + 8
    rows = []
    for index, (label, value, text) in enumerate(zip(labels, values, texts, strict=True)):
        y = 4 + index * ROW
        width = max(value / top * span, 1.0 if value > 0 else 0.0)
        rows.append(
            f'<text class="qc-chart-label" x="{LABEL_WIDTH - 8}" y="{y + ROW / 2 + 5:.1f}" text-anchor="end">'
            f"{esc(label)}</text>"
            f'<rect class="qc-bar" x="{LABEL_WIDTH}" y="{y + 4}" width="{width:.1f}" height="{ROW - 10}" rx="3"/>'
            f'<text class="qc-chart-value" x="{LABEL_WIDTH + width + 6:.1f}" y="{y + ROW / 2 + 5:.1f}">'
            f"{esc(text)}</text>"
        )
    return (
        f'<svg class="qc-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{esc(title)}" '
        f'preserveAspectRatio="xMinYMin meet">{"".join(rows)}</svg>'
    )


def columns(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    height: int = 240,
) -> str:
    """Lines over a shared x axis (one or more series), for values over time or generations."""
    left, right, top_pad, bottom = 56, 16, 16, 40
    plot_w = WIDTH - left - right
    plot_h = height - top_pad - bottom
    peak = max((max(values, default=0.0) for _, values in series), default=0.0) or 1.0
    count = max(len(labels), 2)
    step = plot_w / (count - 1)

    def point(index: int, value: float) -> str:
        return f"{left + index * step:.1f},{top_pad + plot_h - value / peak * plot_h:.1f}"

    parts = [
        f'<line class="qc-axis" x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" y2="{top_pad + plot_h}"/>',
        f'<text class="qc-chart-value" x="{left - 6}" y="{top_pad + 5}" text-anchor="end">{esc(_short(peak))}</text>',
        f'<text class="qc-chart-value" x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end">0</text>',
    ]
    every = max(1, len(labels) // 10)
    for index, label in enumerate(labels):
        if index % every == 0 or index == len(labels) - 1:
            parts.append(
                f'<text class="qc-chart-label" x="{left + index * step:.1f}" y="{height - 16}" '
                f'text-anchor="middle">{esc(label)}</text>'
            )
    for number, (name, values) in enumerate(series):
        points = " ".join(point(index, value) for index, value in enumerate(values))
        parts.append(f'<polyline class="qc-line qc-line-{number}" points="{points}"><title>{esc(name)}</title></polyline>')
    legend = "".join(
        f'<text class="qc-legend" x="{left + 8 + number * 160}" y="{height - 2}">'
        f'<tspan class="qc-swatch-{number}">—</tspan> {esc(name)}</text>'
        for number, (name, _) in enumerate(series)
    )
    return (
        f'<svg class="qc-chart" viewBox="0 0 {WIDTH} {height + 8}" role="img" aria-label="{esc(title)}">'
        f"{''.join(parts)}{legend}</svg>"
    )


def _short(value: float) -> str:
    """Axis labels: 12,000 → '1.2 万'."""
    if value >= 1e8:
        return f"{fmt.number(value / 1e8, 2)} 亿"
    if value >= 1e4:
        return f"{fmt.number(value / 1e4, 2)} 万"
    return fmt.number(value, 3)  # never '2.25e+03'


def histogram(title: str, labels: Sequence[str], values: Sequence[float], *, height: int = 200) -> str:
    """Vertical bars side by side, one per label (the 24 hours of a day), scaled to the largest value."""
    left, right, top_pad, bottom = 56, 8, 16, 28
    plot_w = WIDTH - left - right
    plot_h = height - top_pad - bottom
    peak = max(values, default=0.0) or 1.0
    slot = plot_w / max(len(values), 1)
    parts = [
        f'<line class="qc-axis" x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" y2="{top_pad + plot_h}"/>',
        f'<text class="qc-chart-value" x="{left - 6}" y="{top_pad + 5}" text-anchor="end">{esc(_short(peak))}</text>',
        f'<text class="qc-chart-value" x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end">0</text>',
    ]
    every = max(1, len(labels) // 12)
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar = value / peak * plot_h
        x = left + index * slot
        parts.append(
            f'<rect class="qc-bar" x="{x + slot * 0.15:.1f}" y="{top_pad + plot_h - bar:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{bar:.1f}"><title>{esc(label)}：{esc(fmt.number(value, 2))}</title></rect>'
        )
        if index % every == 0:
            parts.append(
                f'<text class="qc-chart-label" x="{x + slot / 2:.1f}" y="{height - 8}" text-anchor="middle">{esc(label)}</text>'
            )
    return (
        f'<svg class="qc-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{esc(title)}">'
        f"{''.join(parts)}</svg>"
    )
