"""Inline SVG charts: self-contained, no script, no network, escaped labels."""

from __future__ import annotations

import datetime as dt
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


# Colours as SVG presentation attributes (not style attributes), so the charts obey a strict
# Content-Security-Policy without 'unsafe-inline' and look the same in the static report.
PALETTE = ("#3b6ea5", "#c0504d", "#4f8a3a", "#8064a2", "#d08a1e", "#2f9ca3", "#7f7f7f", "#b5487a")


def _link(href: str | None, inner: str) -> str:
    """Wrap an SVG fragment in a link when there is somewhere to go (the web UI)."""
    if not href:
        return inner
    return f'<a href="{escape(href)}">{inner}</a>'


def _nice_ticks(lo: float, hi: float, n: int = 4) -> list[float]:
    if hi <= lo:
        return [lo]
    step = (hi - lo) / n
    return [lo + i * step for i in range(n + 1)]


def _fmt(v: float) -> str:
    """Short axis labels: 3.1e9 -> 3.1bn, 4500000 -> 4.5m."""
    for div, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(v) >= div:
            return f"{v / div:.3g}{suffix}"
    return f"{v:.3g}"


def series_chart(
    periods: Sequence[str],
    series: Sequence[dict],
    *,
    width: int = 720,
    height: int = 260,
) -> str:
    """Several series over the same periods (themes over time) as one SVG line chart.

    Each series is ``{"label", "values": {period: n}, "href", "point_href": {period: url}}``;
    hrefs are optional. Points and legend entries link through when hrefs are given.
    """
    if not periods or not series:
        return '<p class="muted">no data</p>'
    top = max((max(s_["values"].values(), default=0) for s_ in series), default=0) or 1
    pad_l, pad_r, pad_t, pad_b, inset = 44, 24, 14, 28, 24
    legend_h = 20 * ((len(series) + 2) // 3) + 8
    full_h = height + legend_h
    inner_w, inner_h = width - pad_l - pad_r, height - pad_t - pad_b
    step = (inner_w - 2 * inset) / max(len(periods) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        # points sit `inset` inside the axes so none covers a tick label
        x = pad_l + inset + (i * step if len(periods) > 1 else (inner_w - 2 * inset) / 2)
        return x, pad_t + inner_h * (1 - v / top)

    parts = [
        f'<svg class="chart" role="img" aria-label="prevalence by period" '
        f'viewBox="0 0 {width} {full_h}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{full_h}">'
    ]
    for tick in _nice_ticks(0, top):
        _, y = xy(0, tick)
        parts.append(
            f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#e4e4e4"/><text x="{pad_l - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{tick:.3g}</text>"
        )
    for i, p in enumerate(periods):
        x, _ = xy(i, 0)
        parts.append(
            f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle">{escape(str(p))}</text>'
        )
    # Series dodge sideways a little so equal values in one period stay separately clickable;
    # lines are drawn first and ignore the pointer, so no line covers another series' point.
    dodge = min(11.0, step / (len(series) + 1)) if len(periods) > 1 else 11.0
    dots: list[str] = []
    for k, s_ in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        shift = (k - (len(series) - 1) / 2) * dodge
        pts = [
            (x + shift, y)
            for x, y in (xy(i, s_["values"].get(p, 0)) for i, p in enumerate(periods))
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        parts.append(
            f'<polyline class="series" fill="none" stroke="{colour}" stroke-width="2" '
            f'pointer-events="none" points="{path}"/>'
        )
        hrefs = s_.get("point_href") or {}
        for (x, y), p in zip(pts, periods, strict=True):
            n = s_["values"].get(p, 0)
            dot = (
                f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}">'
                f"<title>{escape(s_['label'])}, {escape(str(p))}: {n:g}</title></circle>"
            )
            dots.append(_link(hrefs.get(p) if n else None, dot))
        lx = pad_l + (k % 3) * (inner_w / 3)
        ly = height + 4 + 20 * (k // 3)
        label = escape(s_["label"][:40])
        entry = (
            f'<rect x="{lx:.1f}" y="{ly:.1f}" width="12" height="12" fill="{colour}"/>'
            f'<text class="legend" x="{lx + 16:.1f}" y="{ly + 11:.1f}">{label}</text>'
        )
        dots.append(_link(s_.get("href"), entry))
    parts.extend(dots)
    parts.append("</svg>")
    return "".join(parts)


def timeline_chart(
    points: Sequence[dict],
    *,
    width: int = 720,
    height: int = 260,
    unit: str = "",
) -> str:
    """A measure's values against time (x scaled by date), each point linkable.

    Each point is ``{"date": datetime.date, "value": float, "label": str, "href": str|None}``.
    """
    pts = [p for p in points if p.get("date") is not None and p.get("value") is not None]
    if not pts:
        return '<p class="muted">no dated values</p>'
    pts.sort(key=lambda p: p["date"])
    days = [p["date"].toordinal() for p in pts]
    # the axis spans whole years, so every year boundary gets a label
    d0 = dt.date(pts[0]["date"].year, 1, 1).toordinal()
    d1 = dt.date(pts[-1]["date"].year + 1, 1, 1).toordinal()
    vals = [float(p["value"]) for p in pts]
    lo, hi = min([0.0, *vals]), max(vals) or 1.0
    pad_l, pad_r, pad_t, pad_b = 56, 16, 14, 28
    inner_w, inner_h = width - pad_l - pad_r, height - pad_t - pad_b

    def xy(day: int, v: float) -> tuple[float, float]:
        return (
            pad_l + inner_w * (day - d0) / (d1 - d0),
            pad_t + inner_h * (1 - (v - lo) / ((hi - lo) or 1)),
        )

    parts = [
        f'<svg class="chart" role="img" aria-label="values over time" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}">'
    ]
    for tick in _nice_ticks(lo, hi):
        _, y = xy(d0, tick)
        parts.append(
            f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#e4e4e4"/><text x="{pad_l - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(_fmt(tick))}</text>"
        )
    first_year = pts[0]["date"].year
    for year in range(first_year, pts[-1]["date"].year + 2):
        day = dt.date(year, 1, 1).toordinal()
        if d0 <= day <= d1:
            x, _ = xy(day, lo)
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{pad_t}" y2="{height - pad_b}" '
                f'stroke="#f0f0f0"/><text x="{x:.1f}" y="{height - 8}" '
                f'text-anchor="middle">{year}</text>'
            )
    xys = [xy(d, v) for d, v in zip(days, vals, strict=True)]
    parts.append(
        f'<polyline class="series" fill="none" stroke="{PALETTE[0]}" stroke-width="2" '
        f'pointer-events="none" points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in xys)}"/>'
    )
    for p, (x, y) in zip(pts, xys, strict=True):
        dot = (
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{PALETTE[0]}">'
            f"<title>{escape(p['date'].isoformat())}: {escape(_fmt(float(p['value'])))}"
            f"{escape(unit)} · {escape(p.get('label') or '')}</title></circle>"
        )
        parts.append(_link(p.get("href"), dot))
    parts.append("</svg>")
    return "".join(parts)
