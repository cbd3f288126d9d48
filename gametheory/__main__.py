"""``python -m gametheory`` runs the ``pausegame`` command line."""

import sys

from gametheory.interfaces.cli import main

sys.exit(main())
