"""``python -m interlabor.cli``."""

import sys

from . import main

sys.exit(main())
