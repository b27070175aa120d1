"""``python -m fazhi.planparse parse FILE [--json]``."""

import sys

from .cli import main

sys.exit(main(sys.argv[1:]))
