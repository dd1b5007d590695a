"""Charts per theme: plotly bars that show each count against its own base.

Every chart is rendered to a fixed `div_id` with plain lists and the standard-library JSON
engine, so two builds write byte-identical HTML. plotly.js itself is not embedded: the site
serves one copy from its own assets, and the mode bar is hidden (it is not keyboard
accessible). Each chart is paired with a caption and a table of the same numbers.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

pio.json.config.default_engine = "json"

COUNT_COLOUR = "#01689B"  # dark blue: readable on white, distinct from the light base bar
BASE_COLOUR = "#D9E8F0"
TEXT_COLOUR = "#1A1A1A"


def theme_chart(theme_id: str, rows: list[dict]) -> str:
    """HTML for a horizontal bar chart: the base as a light bar, the count as a dark bar on it."""
    labels = [row["label"] for row in rows][::-1]
    counts = [int(row["count"]) for row in rows][::-1]
    bases = [int(row["base"]) for row in rows][::-1]
    texts = [f"{count} van {base}" for count, base in zip(counts, bases, strict=True)]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            y=labels,
            x=bases,
            orientation="h",
            name="Basis (aantal dat de vraag kreeg of beantwoordde)",
            marker={"color": BASE_COLOUR},
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Bar(
            y=labels,
            x=counts,
            orientation="h",
            name="Aantal centrumgemeenten",
            marker={"color": COUNT_COLOUR},
            text=texts,
            textposition="outside",
            cliponaxis=False,
            textfont={"color": TEXT_COLOUR},
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    figure.update_layout(
        template="none",
        barmode="overlay",
        height=90 + 46 * len(rows),
        margin={"l": 10, "r": 70, "t": 10, "b": 40},
        font={
            "family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
            "size": 14,
            "color": TEXT_COLOUR,
        },
        legend={"orientation": "h", "y": -0.18 if len(rows) > 3 else -0.35, "x": 0},
        xaxis={
            "title": {"text": "Aantal centrumgemeenten"},
            "range": [0, round(max([*bases, 1]) * 1.15, 1)],
            "gridcolor": "#E5E5E5",
            "zeroline": False,
            "automargin": True,
        },
        yaxis={"automargin": True},
        separators=",.",
    )
    html = pio.to_html(
        figure,
        include_plotlyjs=False,
        full_html=False,
        div_id=f"grafiek-{theme_id}",
        config={"displayModeBar": False, "responsive": True},
        default_height=f"{90 + 46 * len(rows)}px",
    )
    return " ".join(line.strip() for line in html.splitlines() if line.strip())


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
    figure = go.Figure()
    line_x: list[float | None] = []
    line_y: list[str | None] = []
    for label, first, second in zip(labels, *shares, strict=True):
        line_x += [first, second, None]
        line_y += [label, label, None]
    figure.add_trace(
        go.Scatter(
            x=line_x,
            y=line_y,
            mode="lines",
            line={"color": "#9A9A9A", "width": 3},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for side, year in enumerate(years):
        figure.add_trace(
            go.Scatter(
                x=shares[side],
                y=labels,
                mode="markers",
                name=year,
                text=texts[side],
                marker={
                    "color": WAVE_COLOURS[side],
                    "symbol": WAVE_SYMBOLS[side],
                    "size": 14,
                    "line": {"color": TEXT_COLOUR, "width": 1},
                },
                hovertemplate=f"{year}: %{{text}} (%{{x}}%)<extra></extra>",
            )
        )
    height = 110 + 46 * len(rows)
    figure.update_layout(
        template="none",
        height=height,
        margin={"l": 10, "r": 20, "t": 10, "b": 50},
        font={
            "family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
            "size": 14,
            "color": TEXT_COLOUR,
        },
        legend={"orientation": "h", "y": -0.25 if len(rows) > 3 else -0.5, "x": 0},
        xaxis={
            "title": {"text": "Percentage van de basis"},
            "range": [-3, 103],
            "ticksuffix": "%",
            "gridcolor": "#E5E5E5",
            "zeroline": False,
        },
        yaxis={"automargin": True},
        separators=",.",
    )
    html = pio.to_html(
        figure,
        include_plotlyjs=False,
        full_html=False,
        div_id=f"vergelijking-{theme_id}",
        config={"displayModeBar": False, "responsive": True},
        default_height=f"{height}px",
    )
    return " ".join(line.strip() for line in html.splitlines() if line.strip())
