"""The project's tests.

Hypothesis runs without deadlines: a property test checks behaviour, never speed (speed is
measured by `make benchmark`), and a loaded two-core machine makes any deadline flaky.
CI runs the derandomised profile (HYPOTHESIS_PROFILE=ci), so a landing never depends on the
examples a random seed happens to draw; locally every run draws new ones.
"""

import os

from hypothesis import settings

settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
