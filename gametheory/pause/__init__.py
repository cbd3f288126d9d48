"""The pause domain: the pause game, its scenarios and every analysis of it.

The model (:mod:`~gametheory.pause.model`) and its scenario files
(:mod:`~gametheory.pause.scenario`); the one-shot analyses (thresholds, strategic structure,
``analyze``, sweeps, frontier, budget, uncertainty); time (the convention, the dynamic game,
repeated play, lifecycle, race); groups (coalitions, networks), verification (inspection
games, the strategic verifier) and treaty design (participation clauses, sanction
credibility). Modules here import the core (:mod:`gametheory.core`) and never the interfaces
(``tests/test_layers.py``).
"""

from __future__ import annotations

from gametheory.pause import analysis as _analysis
from gametheory.pause import beliefs as _beliefs
from gametheory.pause import budget as _budget
from gametheory.pause import coalitions as _coalitions
from gametheory.pause import crossings as _crossings
from gametheory.pause import decision as _decision
from gametheory.pause import evaluations as _evaluations
from gametheory.pause import frontier as _frontier
from gametheory.pause import inspection as _inspection
from gametheory.pause import lifecycle as _lifecycle
from gametheory.pause import markov as _markov
from gametheory.pause import mediator as _mediator
from gametheory.pause import model as _model
from gametheory.pause import network as _network
from gametheory.pause import race as _race
from gametheory.pause import repeated as _repeated
from gametheory.pause import sanctions as _sanctions
from gametheory.pause import scenario as _scenario
from gametheory.pause import selection as _selection
from gametheory.pause import structure as _structure
from gametheory.pause import sweeps as _sweeps
from gametheory.pause import thresholds as _thresholds
from gametheory.pause import timing as _timing
from gametheory.pause import treaty as _treaty
from gametheory.pause import trigger as _trigger
from gametheory.pause import uncertainty as _uncertainty
from gametheory.pause import verifier as _verifier
from gametheory.pause import whatif as _whatif
from gametheory.pause.analysis import *  # noqa: F403
from gametheory.pause.beliefs import *  # noqa: F403
from gametheory.pause.budget import *  # noqa: F403
from gametheory.pause.coalitions import *  # noqa: F403
from gametheory.pause.crossings import *  # noqa: F403
from gametheory.pause.decision import *  # noqa: F403
from gametheory.pause.evaluations import *  # noqa: F403
from gametheory.pause.frontier import *  # noqa: F403
from gametheory.pause.inspection import *  # noqa: F403
from gametheory.pause.lifecycle import *  # noqa: F403
from gametheory.pause.markov import *  # noqa: F403
from gametheory.pause.mediator import *  # noqa: F403
from gametheory.pause.model import *  # noqa: F403
from gametheory.pause.network import *  # noqa: F403
from gametheory.pause.race import *  # noqa: F403
from gametheory.pause.repeated import *  # noqa: F403
from gametheory.pause.sanctions import *  # noqa: F403
from gametheory.pause.scenario import *  # noqa: F403
from gametheory.pause.selection import *  # noqa: F403
from gametheory.pause.structure import *  # noqa: F403
from gametheory.pause.sweeps import *  # noqa: F403
from gametheory.pause.thresholds import *  # noqa: F403
from gametheory.pause.timing import *  # noqa: F403
from gametheory.pause.treaty import *  # noqa: F403
from gametheory.pause.trigger import *  # noqa: F403
from gametheory.pause.uncertainty import *  # noqa: F403
from gametheory.pause.verifier import *  # noqa: F403
from gametheory.pause.whatif import *  # noqa: F403

__all__: list[str] = [
    *_model.__all__,
    *_scenario.__all__,
    *_thresholds.__all__,
    *_structure.__all__,
    *_analysis.__all__,
    *_sweeps.__all__,
    *_crossings.__all__,
    *_frontier.__all__,
    *_budget.__all__,
    *_uncertainty.__all__,
    *_repeated.__all__,
    *_lifecycle.__all__,
    *_race.__all__,
    *_timing.__all__,
    *_markov.__all__,
    *_coalitions.__all__,
    *_network.__all__,
    *_inspection.__all__,
    *_beliefs.__all__,
    *_decision.__all__,
    *_evaluations.__all__,
    *_trigger.__all__,
    *_sanctions.__all__,
    *_verifier.__all__,
    *_treaty.__all__,
    *_mediator.__all__,
    *_selection.__all__,
    *_whatif.__all__,
]
