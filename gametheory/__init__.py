"""pausegame: game-theoretic analysis of whether a coordinated pause of frontier AI holds.

The import package is :mod:`gametheory`; everything public is re-exported here, flat.
"""

from gametheory.errors import *  # noqa: F403
from gametheory.game import *  # noqa: F403
from gametheory.pure import *  # noqa: F403
from gametheory.tolerance import *  # noqa: F403

__version__ = "0.1.0"
