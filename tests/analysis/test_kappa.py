"""Cohen's kappa computed without scikit-learn gives scikit-learn's digits."""

from __future__ import annotations

import math
import subprocess
import sys
import warnings

from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from enquete.analysis.agreement import cohen_kappa, safe_kappa


def coding(n: int) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(0, 2), min_size=n, max_size=n)


codings = st.integers(min_value=1, max_value=60).flatmap(lambda n: st.tuples(coding(n), coding(n)))


@settings(max_examples=300, deadline=None)
@given(pair=codings)
def test_kappa_equals_scikit_learn_to_the_last_digit(pair: tuple[list[int], list[int]]) -> None:
    first, second = pair
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = float(cohen_kappa_score(first, second))
    found = cohen_kappa(first, second)
    assert (math.isnan(found) and math.isnan(expected)) or found == expected


def test_kappa_is_undefined_when_neither_coder_varies() -> None:
    assert math.isnan(safe_kappa([1, 1, 1], [1, 1, 1]))
    assert safe_kappa([1, 0, 1, 0], [1, 0, 1, 0]) == 1.0


def test_the_steps_of_a_build_do_not_import_scikit_learn() -> None:
    """Its import alone took longer than the rest of the build's libraries together."""
    code = (
        "import sys, enquete.ingest.wave, enquete.analysis.coding, enquete.publish.render,"
        " enquete.publish.site, enquete.cli;"
        "print('sklearn' in sys.modules or 'scipy.stats' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
