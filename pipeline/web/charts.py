"""Inline SVG charts: self-contained, no script, no network, escaped labels."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape


def bar_chart(
    data: Sequence[tuple[str, float]], *, width: int = 640, height: int = 180, unit: str = ""
) -> str:
    """A vertical bar chart of ``(label, value)`` pairs as an SVG string."""
    if not data:
        return '<p class="muted">no data</p>'
    top = max(v for _, v in data) or 1
    pad_l, pad_b, pad_t = 8, 28, 16
    bw = (width - pad_l * 2) / len(data)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
    ]
    for i, (label, value) in enumerate(data):
        h = (height - pad_b - pad_t) * (value / top)
        x = pad_l + i * bw
        y = height - pad_b - h
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{max(bw - 4, 1):.1f}" height="{h:.1f}">'
            f"<title>{escape(str(label))}: {value:g}{escape(unit)}</title></rect>"
        )
        parts.append(
            f'<text x="{x + bw / 2:.1f}" y="{height - 10}" text-anchor="middle">'
            f"{escape(str(label))}</text>"
        )
        parts.append(
            f'<text x="{x + bw / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" class="v">'
            f"{value:g}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    series: Sequence[tuple[str, float]], *, width: int = 640, height: int = 200, unit: str = ""
) -> str:
    """Points joined in order (x: labels such as dates, y: values), as an SVG string."""
    if not series:
        return '<p class="muted">no data</p>'
    vals = [v for _, v in series]
    lo, hi = min(vals + [0.0]), max(vals) or 1
    pad = 32
    step = (width - 2 * pad) / max(len(series) - 1, 1)

    def y(v: float) -> float:
        return height - pad - (height - 2 * pad) * ((v - lo) / ((hi - lo) or 1))

    pts = [(pad + i * step, y(v)) for i, (_, v) in enumerate(series)]
    path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in pts)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">',
        f'<polyline fill="none" stroke-width="2" points="{path}"/>',
    ]
    for (label, v), (x, yy) in zip(series, pts, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="4"><title>{escape(label)}: '
            f"{v:,.6g}{escape(unit)}</title></circle>"
            f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
