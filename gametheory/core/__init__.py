"""The general game core: any finite game, any number of players; no pause vocabulary.

Games (:mod:`~gametheory.core.game`, the payoff convention and the regret oracle), solvers
(:mod:`~gametheory.core.pure`, :mod:`~gametheory.core.twoplayer` with
:mod:`~gametheory.core.lexsearch` and :mod:`~gametheory.core.lrsnash`,
:mod:`~gametheory.core.nplayer`, :mod:`~gametheory.core.symmetric`,
:mod:`~gametheory.core.batch`), stochastic (Markov) games
(:mod:`~gametheory.core.stochastic`), refinements and selection
(:mod:`~gametheory.core.qre`, :mod:`~gametheory.core.tracing`, :mod:`~gametheory.core.selection`,
:mod:`~gametheory.core.evolution`), Gambit files (:mod:`~gametheory.core.nfg`), and the shared
tolerance and error types. Modules here import nothing from :mod:`gametheory.pause` or
:mod:`gametheory.interfaces` (``tests/test_layers.py`` enforces it).
"""

from __future__ import annotations

from gametheory.core import batch as _batch
from gametheory.core import bayesian as _bayesian
from gametheory.core import commitment as _commitment
from gametheory.core import correlated as _correlated
from gametheory.core import errors as _errors
from gametheory.core import evolution as _evolution
from gametheory.core import extensive as _extensive
from gametheory.core import game as _game
from gametheory.core import globalgames as _globalgames
from gametheory.core import lexsearch as _lexsearch
from gametheory.core import lrsnash as _lrsnash
from gametheory.core import nfg as _nfg
from gametheory.core import nplayer as _nplayer
from gametheory.core import pure as _pure
from gametheory.core import qre as _qre
from gametheory.core import selection as _selection
from gametheory.core import stochastic as _stochastic
from gametheory.core import symmetric as _symmetric
from gametheory.core import tolerance as _tolerance
from gametheory.core import tracing as _tracing
from gametheory.core import twoplayer as _twoplayer
from gametheory.core.batch import *  # noqa: F403
from gametheory.core.bayesian import *  # noqa: F403
from gametheory.core.commitment import *  # noqa: F403
from gametheory.core.correlated import *  # noqa: F403
from gametheory.core.errors import *  # noqa: F403
from gametheory.core.evolution import *  # noqa: F403
from gametheory.core.extensive import *  # noqa: F403
from gametheory.core.game import *  # noqa: F403
from gametheory.core.globalgames import *  # noqa: F403
from gametheory.core.lexsearch import *  # noqa: F403
from gametheory.core.lrsnash import *  # noqa: F403
from gametheory.core.nfg import *  # noqa: F403
from gametheory.core.nplayer import *  # noqa: F403
from gametheory.core.pure import *  # noqa: F403
from gametheory.core.qre import *  # noqa: F403
from gametheory.core.selection import *  # noqa: F403
from gametheory.core.stochastic import *  # noqa: F403
from gametheory.core.symmetric import *  # noqa: F403
from gametheory.core.tolerance import *  # noqa: F403
from gametheory.core.tracing import *  # noqa: F403
from gametheory.core.twoplayer import *  # noqa: F403

__all__: list[str] = [
    *_errors.__all__,
    *_tolerance.__all__,
    *_game.__all__,
    *_pure.__all__,
    *_twoplayer.__all__,
    *_lexsearch.__all__,
    *_lrsnash.__all__,
    *_nplayer.__all__,
    *_symmetric.__all__,
    *_batch.__all__,
    *_qre.__all__,
    *_tracing.__all__,
    *_selection.__all__,
    *_evolution.__all__,
    *_commitment.__all__,
    *_correlated.__all__,
    *_stochastic.__all__,
    *_nfg.__all__,
    *_bayesian.__all__,
    *_globalgames.__all__,
    *_extensive.__all__,
]
