"""`python -m enquete` runs the command line."""

import sys

from enquete.cli import main

sys.exit(main())
