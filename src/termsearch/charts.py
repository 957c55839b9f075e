"""Charts drawn by termsearch as inline SVG (no script, no CDN, no style attribute: the pages'
CSP forbids them): a timeline of several series over the years."""
from __future__ import annotations

from markupsafe import Markup, escape

# Distinguishable, and readable by most colour-blind readers (Okabe–Ito).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
LEAD_YEARS = 3          # years with documents shown before a series is first seen


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 0.1
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:g}"


def timeline_svg(years: list[int], series: list[tuple[str, dict[int, float]]], *, title: str,
                 unit: str = "paragraphs per million characters") -> Markup:
    """A line per series over `years`: `values` has a year's figure (0 included) or nothing,
    where the line breaks."""
    if not years:
        return Markup("")
    # The chart spans the years the series are seen in (and a few before, to show their start);
    # decades of zeros before a term was coined would squeeze its life into a corner.
    seen = [y for _, values in series for y, v in values.items() if v]
    if seen:
        lead = [y for y in years if y < min(seen)][-LEAD_YEARS:]
        years = [y for y in years if y >= (lead[0] if lead else min(seen))]
    first, last = min(years), max(years)
    span = max(1, last - first)
    top_value = _nice_max(max([v for _, values in series for v in values.values()] or [0]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year: int) -> float:
        return LEFT + (year - first) / span * plot_w if last > first else LEFT + plot_w / 2

    def y(value: float) -> float:
        return TOP + plot_h - value / top_value * plot_h

    out = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
           f'xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(title)}</title>"]
    divisions = 5 if str(top_value).lstrip("0.")[:2] in ("25", "5", "50") else 4
    for i in range(divisions + 1):      # horizontal grid with values
        value = top_value * i / divisions
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                   f'stroke="#ddd" stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" '
                   f'fill="#555">{_number(value)}</text>')
    step = max(1, round(span / 10))
    for year in range(first, last + 1):
        if (year - first) % step == 0 or year == last:
            out.append(f'<text x="{x(year):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                       f'font-size="11" fill="#555">{year}</text>')
    out.append(f'<text x="{LEFT}" y="{HEIGHT - 6}" font-size="11" fill="#555">{escape(unit)}</text>')
    for index, (name, values) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        # A year without a value (too little text to normalise) breaks the line: it is not a 0.
        runs, run = [], []
        for year in years:
            if year in values:
                run.append((year, values[year]))
            elif run:
                runs.append(run)
                run = []
        runs.append(run)
        points = [p for run in runs for p in run]
        out.append(f'<g><title>{escape(name)}</title>')
        for run in runs:
            if run:
                path = " ".join(f"{x(year):.1f},{y(value):.1f}" for year, value in run)
                out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for year, value in points:
            if value:
                out.append(f'<circle cx="{x(year):.1f}" cy="{y(value):.1f}" r="3" fill="{colour}">'
                           f'<title>{escape(name)} {year}: {value:g}</title></circle>')
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))


def legend(names: list[str]) -> list[dict]:
    """Each series' name and colour, for a legend written in HTML next to the chart."""
    return [{"name": name, "colour": PALETTE[i % len(PALETTE)], "index": i % len(PALETTE)}
            for i, name in enumerate(names)]
