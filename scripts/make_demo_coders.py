"""Split the demo waves' final codes into the work of two fictional coders.

The demo generators (`make_demo_data.py`, `make_demo_data_2019.py`) write the final codes
of each wave to `raw/<wave>/codering.csv`. Real coding does not arrive that way: two coders
each fill in a worksheet with every open answer, they disagree now and then, and the
researchers settle the disagreements. This script turns the final codes into exactly that:

- `codering-codeur1.csv`: every open answer, coded as the final codes say (`geen` where no
  knelpunt applies);
- `codering-codeur2.csv`: the same, except for a handful of realistic disagreements — a
  code missed, a code added that the keyword rules suggest, one code swapped for another;
- `codering-afstemming.csv`: the reconciliation of those disagreements, back to the final
  codes, with the reason in Dutch.

The pipeline then computes agreement from the two coders and ends with the final codes, so
every published figure is unchanged. Run it after the generators; it removes `codering.csv`.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pandas as pd

from enquete.analysis.coding import NO_CODE, suggestions, worksheet
from enquete.codebook import load_codebook
from enquete.config import load_config
from enquete.ingest.population import read_population
from enquete.ingest.wave import open_answers, read_wave_responses

DISAGREEMENTS = {"2017": 6, "2019": 4}
REASONS = {
    "missed": "Codeur 2 zag dit knelpunt over het hoofd; de tekst noemt het wel.",
    "added": "Codeur 2 gaf een code die niet past bij wat het antwoord zegt; die code vervalt.",
    "swapped": "Besproken: de eerste code past beter bij wat de gemeente beschrijft.",
}


def final_codes(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame.set_index("answer_id")


def coder_sheets(year: str, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    config = load_config("config/config.yaml")
    wave = config.waves[year]
    codebook = load_codebook(wave.codebook)
    population = read_population(config.population, config.pseudonym_key)
    answers = open_answers(read_wave_responses(wave, codebook, population), codebook)
    final = final_codes(Path(f"raw/{year}/codering.csv"))

    first = worksheet(answers, codebook)
    # the coders' files keep the compact columns they were first written with (ids for theme
    # and question, no list of allowed codes): the build reads only answer_id, codes and
    # citeerbaar, and an unchanged file stays byte-identical when the demo is regenerated
    first["thema"] = list(answers["theme"])
    first["vraag"] = list(answers["question"])
    first = first.drop(columns=["toegestane codes"])
    first["codes"] = [
        final.at[a, "codes"].replace(";", "; ") if a in final.index and final.at[a, "codes"] else NO_CODE
        for a in first["answer_id"]
    ]
    first["citeerbaar"] = [final.at[a, "citeerbaar"] if a in final.index else "" for a in first["answer_id"]]
    first["opmerking"] = [final.at[a, "opmerking"] if a in final.index else "" for a in first["answer_id"]]
    second = first.copy()
    second["opmerking"] = ""

    rng = random.Random(seed)
    allowed = {
        q.id: sorted(f.id for f in codebook.figures if q.id in f.coded_from) for q in codebook.questions
    }
    texts = dict(zip(answers["answer_id"], answers["text"], strict=True))
    question_of = dict(zip(answers["answer_id"], answers["question"], strict=True))
    candidates = [a for a in first["answer_id"] if allowed[question_of[a]]]
    chosen = rng.sample(candidates, DISAGREEMENTS[year])
    settled = []
    for index, answer_id in enumerate(sorted(chosen)):
        row = first.index[first["answer_id"] == answer_id][0]
        question = question_of[answer_id]
        codes = [c for c in first.at[row, "codes"].split("; ") if c != NO_CODE]
        extra = [
            c for c in suggestions(texts[answer_id], question, codebook) + allowed[question] if c not in codes
        ]
        kind = ("missed", "added", "swapped")[index % 3] if codes else "added"
        if kind != "missed" and not extra:
            kind = "missed"
        if kind == "missed":
            given = codes[1:]
            kind = "missed"
        elif kind == "added":
            given = sorted([*codes, extra[0]])
        else:
            given = sorted([*codes[1:], extra[0]])
        second.at[row, "codes"] = "; ".join(given) or NO_CODE
        settled.append(
            {
                "answer_id": answer_id,
                "codes": first.at[row, "codes"],
                "citeerbaar": "",
                "opmerking": REASONS[kind],
            }
        )
    settled += reviewed(first, second, texts, question_of, codebook, {row["answer_id"] for row in settled})
    reconciliation = pd.DataFrame(settled, columns=["answer_id", "codes", "citeerbaar", "opmerking"])
    return first, second, reconciliation


def reviewed(
    first: pd.DataFrame,
    second: pd.DataFrame,
    texts: dict[str, str],
    question_of: dict[str, str],
    codebook: object,
    settled: set[str],
) -> list[dict[str, str]]:
    """The researchers' decisions on the build's review list (te_controleren): answers that
    contain a keyword of a code neither coder gave. In the demo each such code was rightly left
    out (the final codes reproduce the report), so the decision keeps the codes, with the reason."""
    rows = []
    for index, answer_id in enumerate(first["answer_id"]):
        if answer_id in settled:
            continue
        given = {
            code
            for sheet in (first, second)
            for code in sheet.at[index, "codes"].split("; ")
            if code != NO_CODE
        }
        missing = [
            c for c in suggestions(texts[answer_id], question_of[answer_id], codebook) if c not in given
        ]
        if missing:
            rows.append(
                {
                    "answer_id": answer_id,
                    "codes": first.at[index, "codes"],
                    "citeerbaar": first.at[index, "citeerbaar"],
                    "opmerking": f"Nagekeken: het trefwoord van {', '.join(missing)} staat in het antwoord, "
                    "maar het antwoord zegt iets anders; de codes blijven.",
                }
            )
    return rows


def main() -> None:
    for year, seed in (("2017", 2017), ("2019", 2019)):
        source = Path(f"raw/{year}/codering.csv")
        if not source.exists():
            sys.exit(f"{source} is missing: run the demo generators first.")
        first, second, reconciliation = coder_sheets(year, seed)
        for name, frame in (("codeur1", first), ("codeur2", second), ("afstemming", reconciliation)):
            target = Path(f"raw/{year}/codering-{name}.csv")
            target.write_text(frame.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
            print(f"wrote {target}")
        source.unlink()


if __name__ == "__main__":
    main()
