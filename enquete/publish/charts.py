"""Charts per theme: plotly bars that show each count against its own base.

Every chart is rendered to a fixed `div_id` with plain lists and the standard-library JSON
engine, so two builds write byte-identical HTML. plotly.js itself is not embedded: the site
serves one copy of the partial bundle (bar and scatter only) from its own assets, and the
mode bar is hidden (it is not keyboard accessible).

Each figure's label stands above its bar rather than beside it, so the bars keep the full
width on a phone. A screen reader cannot read a plotly SVG, so each chart sits in an element with role="img"
whose text alternative states every number in the chart; the page adds a caption and a
table of the same numbers. Colour is never the only cue: the count is a filled bar, the base
an outlined one, and every count is written beside its bar.
"""

from __future__ import annotations

import html
import textwrap

import plotly.graph_objects as go
import plotly.io as pio
from markupsafe import escape

from enquete.publish.dutch import dutch_percentage

pio.json.config.default_engine = "json"

COUNT_COLOUR = "#01689B"  # dark blue: readable on white, distinct from the light base bar
BASE_COLOUR = "#D9E8F0"
BASE_LINE_COLOUR = "#01689B"  # outline: the base bar keeps a 3:1 contrast with the page (WCAG 1.4.11)
TEXT_COLOUR = "#1A1A1A"
LINE_COLOUR = "#767676"  # the dumbbell's line: 4.5:1 on white


def with_text_alternative(html: str, description: str) -> str:
    """The chart as an image for assistive technology, described by `description`."""
    return f'<div class="grafiek-beeld" role="img" aria-label="{escape(description)}">{html}</div>'


def theme_description(rows: list[dict], title: str = "") -> str:
    parts = [f"{row['label']}: {int(row['count'])} van {int(row['base'])}" for row in rows]
    subject = f"Staafdiagram, {title}: aantal" if title else "Staafdiagram, aantal"
    return f"{subject} centrumgemeenten met de basis. " + "; ".join(parts) + "."


def comparison_description(rows: list[dict], years: tuple[str, str]) -> str:
    parts = []
    for row in rows:
        waves = [
            f"{year} {row[f'count_{side}']} van {row[f'base_{side}']} "
            f"({dutch_percentage(int(row[f'count_{side}']), int(row[f'base_{side}']))})"
            for side, year in zip(("a", "b"), years, strict=True)
        ]
        parts.append(f"{row['label']}: {', '.join(waves)}")
    return f"Puntdiagram, percentage van de basis in {years[0]} en {years[1]}. " + "; ".join(parts) + "."


FONT = {
    "family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    "size": 14,
    "color": TEXT_COLOUR,
}
LABEL_WIDTH = 42  # characters per line of a label: fits a phone's width at 14 px
BAR_PX = 24  # thickness of a bar (or the row of a dumbbell) in pixels
LINE_PX = 19  # height of one line of label text
MARGIN = {"l": 4, "r": 72, "t": 34, "b": 48}  # the legend above, the axis title below


def wrapped(label: str) -> str:
    return "<br>".join(html.escape(line) for line in textwrap.wrap(label, LABEL_WIDTH))


def row_layout(labels: list[str]) -> tuple[float, int, list[dict], dict]:
    """Rows from the bottom up, each a label above its bar: the bar's thickness in axis units,
    the chart's height in pixels, the label annotations and the (label-less) y axis."""
    lines = max((len(textwrap.wrap(label, LABEL_WIDTH)) for label in labels), default=1)
    row_px = BAR_PX + 12 + LINE_PX * lines
    thickness = BAR_PX / row_px
    top = len(labels) - 1 + thickness / 2 + (LINE_PX * lines + 8) / row_px
    axis = {"showticklabels": False, "showgrid": False, "zeroline": False}
    axis["range"] = [-thickness / 2 - 0.02, top]
    annotations = [
        {
            "text": wrapped(label),
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": row + thickness / 2,
            "yref": "y",
            "yanchor": "bottom",
            "yshift": 2,
            "align": "left",
            "showarrow": False,
        }
        for row, label in enumerate(labels)
    ]
    return thickness, MARGIN["t"] + MARGIN["b"] + row_px * len(labels), annotations, axis


def chart_html(figure: go.Figure, div_id: str, height: int, description: str) -> str:
    html_text = pio.to_html(
        figure,
        include_plotlyjs=False,
        full_html=False,
        div_id=div_id,
        config={"displayModeBar": False, "responsive": True},
        default_height=f"{height}px",
    )
    html_text = " ".join(line.strip() for line in html_text.splitlines() if line.strip())
    return with_text_alternative(html_text, description)


def theme_chart(theme_id: str, rows: list[dict], title: str = "") -> str:
    """HTML for a horizontal bar chart: the base as a light bar, the count as a dark bar on it.

    `theme_id` names the chart (`grafiek-<theme_id>`): a theme, or a theme and its section
    (`toegang-ondersteuning`); `title` says in the text alternative what the chart shows.
    """
    labels = [row["label"] for row in rows][::-1]
    counts = [int(row["count"]) for row in rows][::-1]
    bases = [int(row["base"]) for row in rows][::-1]
    texts = [f"{count} van {base}" for count, base in zip(counts, bases, strict=True)]
    positions = list(range(len(rows)))
    thickness, height, annotations, y_axis = row_layout(labels)
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            y=positions,
            x=bases,
            width=thickness,
            orientation="h",
            name="Basis",
            marker={"color": BASE_COLOUR, "line": {"color": BASE_LINE_COLOUR, "width": 1}},
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Bar(
            y=positions,
            x=counts,
            width=thickness,
            orientation="h",
            name="Aantal centrumgemeenten",
            marker={"color": COUNT_COLOUR},
            text=texts,
            textposition="outside",
            cliponaxis=False,
            textfont={"color": TEXT_COLOUR},
            customdata=[html.escape(label) for label in labels],
            hovertemplate="%{customdata}: %{text}<extra></extra>",
        )
    )
    figure.update_layout(
        template="none",
        barmode="overlay",
        height=height,
        margin=MARGIN,
        font=FONT,
        annotations=annotations,
        legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom", "traceorder": "reversed"},
        xaxis={
            "title": {"text": "Aantal centrumgemeenten"},
            "range": [0, round(max([*bases, 1]) * 1.15, 1)],
            "gridcolor": "#E5E5E5",
            "zeroline": False,
        },
        yaxis=y_axis,
        separators=",.",
    )
    return chart_html(figure, f"grafiek-{theme_id}", height, theme_description(rows, title))


WAVE_COLOURS = ("#E69F00", "#0072B2")  # Okabe–Ito orange and blue: safe for colour-blind readers
WAVE_SYMBOLS = ("circle", "diamond")  # and a different shape, so colour is never the only cue


def comparison_chart(theme_id: str, rows: list[dict], years: tuple[str, str]) -> str:
    """A dumbbell chart: per figure the share of its base in each wave, joined by a line."""
    labels = [row["label"] for row in rows][::-1]
    shares = [
        [round(100 * int(row[f"count_{side}"]) / int(row[f"base_{side}"]), 1) for row in rows][::-1]
        for side in ("a", "b")
    ]
    texts = [
        [f"{row[f'count_{side}']} van {row[f'base_{side}']}" for row in rows][::-1] for side in ("a", "b")
    ]
    positions = list(range(len(rows)))
    _, height, annotations, y_axis = row_layout(labels)
    figure = go.Figure()
    line_x: list[float | None] = []
    line_y: list[int | None] = []
    for row, first, second in zip(positions, *shares, strict=True):
        line_x += [first, second, None]
        line_y += [row, row, None]
    figure.add_trace(
        go.Scatter(
            x=line_x,
            y=line_y,
            mode="lines",
            line={"color": LINE_COLOUR, "width": 3},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for side, year in enumerate(years):
        figure.add_trace(
            go.Scatter(
                x=shares[side],
                y=positions,
                mode="markers",
                name=year,
                text=texts[side],
                customdata=[html.escape(label) for label in labels],
                marker={
                    "color": WAVE_COLOURS[side],
                    "symbol": WAVE_SYMBOLS[side],
                    "size": 14,
                    "line": {"color": TEXT_COLOUR, "width": 1},
                },
                hovertemplate=f"%{{customdata}}, {year}: %{{text}} (%{{x}}%)<extra></extra>",
            )
        )
    figure.update_layout(
        template="none",
        height=height,
        margin=MARGIN | {"r": 24},
        font=FONT,
        annotations=annotations,
        legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom"},
        xaxis={
            "title": {"text": "Percentage van de basis"},
            "range": [-3, 103],
            "ticksuffix": "%",
            "gridcolor": "#E5E5E5",
            "zeroline": False,
        },
        yaxis=y_axis,
        separators=",.",
    )
    return chart_html(figure, f"vergelijking-{theme_id}", height, comparison_description(rows, years))
