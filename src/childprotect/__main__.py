"""``python -m childprotect`` runs the command line."""

import sys

from childprotect.cli import main

sys.exit(main())
