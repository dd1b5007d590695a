"""How long the personal-data matcher takes for one answer of a megabyte.

The old e-mail pattern backtracked quadratically: a 1 MB answer without spaces took about
half an hour per scan. Every pattern of `enquete.privacy.personal_data` is linear; this prints the
time of the anonymiser's and the gate's scan for answers of 1 MB built to be hard — one word
without spaces, dots and at-signs, digits and separators, BSN, IBAN, postcode and foreign
phone candidates, a gemeente's name prefix repeated —
and for ordinary text with names, numbers and addresses in it.

    .venv/bin/python benchmarks/scan_time.py
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from enquete.codebook import load_codebook
from enquete.privacy.anonymise import anonymise, quote_matcher
from enquete.privacy.gate import population_matcher

PROJECT = Path(__file__).resolve().parent.parent
SIZE = 1_000_000
ORDINARY = (
    "De Amberdijkse aanpak werkt: mevrouw Bosman (06-36731192, m.bosman@almere.example.nl) "
    "belt met Jeroen de Vries over de opvang van vrouwen zonder verblijfstitel. "
)
CASES = {
    "one word without spaces": "a" * SIZE,
    "dots and letters (old e-mail worst case)": "a." * (SIZE // 2),
    "at-signs and dots": "a@b." * (SIZE // 4),
    "digits and separators": "06 - 12 " * (SIZE // 8),
    "nine-digit numbers (BSN candidates)": "123456782 " * (SIZE // 10),
    "IBAN candidates in groups": "NL91 ABNA 0417 1643 00 " * (SIZE // 23),
    "postcodes and house numbers": "Kerkweg 12, 1234 ab " * (SIZE // 20),
    "foreign phone numbers": "+44 20 7946 0958 12 " * (SIZE // 20),
    "a name's prefix repeated": "amberdij " * (SIZE // 9),
    "ordinary text with personal data": ORDINARY * (SIZE // len(ORDINARY)),
}


def main() -> None:
    population = pd.read_csv(PROJECT / "raw/population.csv", dtype=str, keep_default_na=False)
    codebook = load_codebook(PROJECT / "codebook/codebook.yaml")
    quotes, gate = quote_matcher(population, codebook), population_matcher(population)
    print(f"{'answer of 1 MB (CPU seconds)':42} {'anonymiser':>11} {'gate':>8} {'hits':>7}")
    for name, text in CASES.items():
        start = time.process_time()
        anonymise(text, quotes)
        middle = time.process_time()
        hits = gate.find(text)
        end = time.process_time()
        print(f"{name:42} {middle - start:10.2f}s {end - middle:7.2f}s {len(hits):7}")


if __name__ == "__main__":
    main()
