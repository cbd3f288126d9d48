"""``python -m gametheory`` runs the ``pausegame`` command line."""

import sys

from gametheory.cli import main

sys.exit(main())
