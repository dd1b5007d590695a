"""The researcher's own text: tekst/<year>/*.md with references to the ledger, checked and rendered."""
