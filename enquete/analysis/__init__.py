"""Analysis: the ledger of figures, the coding of open answers, the back test and the comparison of waves."""
