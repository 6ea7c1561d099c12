"""``python -m ani_parser``."""

import sys

from ani_parser.cli import main

sys.exit(main())
