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

from typing import TYPE_CHECKING

from gametheory.core._lazy import lazy_exports

#: Submodule -> its public names, in ``__all__`` order; each is imported on first use.
_EXPORTS = {
    "errors": "EXIT_BAD_INPUT EXIT_FAILURE EXIT_OK InputError",
    "tolerance": "RESOLUTION SCALE_FLOOR TOL PayoffTol check_tol scale_tol",
    "game": (
        "DegenerateGameWarning Equilibrium NormalFormGame action_values as_profile certify "
        "check_game_tol check_scaled_tol exact_regret expected_payoffs is_equilibrium regret"
    ),
    "pure": "pure_equilibria pure_equilibrium_profiles",
    "twoplayer": (
        "EquilibriumComponents ExactEquilibrium LemkeHowsonError NashSubset equilibrium_components "
        "exact_equilibrium lemke_howson lemke_howson_all_labels support_enumeration "
        "two_player_equilibria vertex_enumeration"
    ),
    "lexsearch": (
        "ExactVertices LexProgress completely_labelled_pairs exact_vertices extreme_equilibria "
        "vertex_upper_bound"
    ),
    "lrsnash": "lrsnash_equilibria lrsnash_input lrsnash_path parse_lrsnash",
    "nplayer": "EquilibriumSet all_equilibria derangements",
    "symmetric": (
        "CERTIFY_FULL_GAME_MAX_PLAYERS MAX_NORMAL_FORM_PLAYERS SymmetricEquilibria "
        "SymmetricEquilibrium SymmetricGame as_symmetric_game symmetric_equilibria symmetric_game "
        "threshold_stag_hunt"
    ),
    "batch": (
        "GAME_CLASSES_2X2 Batch2x2Equilibria batch_2x2_equilibria batch_pure_equilibria "
        "batch_pure_profiles class_from_signs classify_2x2_symmetric"
    ),
    "qre": "LogitQRE logit_qre qre_at",
    "tracing": "TracingResult tracing_procedure",
    "selection": (
        "LargePopulationSelection RiskDominance UniformBeliefDominance large_population_selection "
        "pareto_dominant risk_dominant uniform_belief_dominance"
    ),
    "evolution": (
        "ReplicatorRestPoints ReplicatorTrajectory RestPoint fermi_fixation_probabilities "
        "fermi_transitions finite_population_payoffs gradient_of_selection "
        "moran_fixation_probabilities replicator_gradient replicator_rest_points "
        "replicator_trajectory small_mutation_chain small_mutation_stationary_distribution "
        "stationary_distribution"
    ),
    "commitment": "Commitment exact_commitment_check strong_stackelberg weak_stackelberg",
    "correlated": (
        "CorrelatedEquilibrium coarse_correlated_equilibrium correlated_equilibrium "
        "correlation_gain exact_correlation_gain"
    ),
    "stochastic": (
        "MarkovEquilibrium MarkovEquilibriumSearch StochasticGame best_response "
        "exact_stochastic_regret markov_equilibria mixed_markov_equilibrium "
        "one_shot_deviation_gains policy_evaluation pure_profile stochastic_regret "
        "transition_matrix value_iteration"
    ),
    "nfg": "from_nashpy read_nfg to_nashpy write_nfg",
    "bayesian": (
        "BayesNashEquilibrium BayesianGame CutoffEquilibrium agent_form bayes_nash_equilibria "
        "certify_bayes_nash cutoff_equilibria exact_interim_regret interim_action_values "
        "interim_regret pure_bayes_nash_equilibria"
    ),
    "globalgames": (
        "GlobalGameEquilibrium RegimeChangeEquilibrium action_probabilities at_least_probability "
        "cutoff_regret global_game_equilibrium regime_change_equilibrium regime_change_limit "
        "trigger_state"
    ),
    "extensive": (
        "CHANCE ExtensiveEquilibrium ExtensiveGame InformationSet Node Outcome ReducedNormalForm "
        "SequenceForm behaviour_payoffs behaviour_regret chance leaf move read_efg "
        "reduced_normal_form same_tree sequence_form sequence_form_equilibrium "
        "subgame_perfect_equilibria write_efg zero_sum_sequence_form_equilibrium"
    ),
}

if TYPE_CHECKING:  # type checkers read the names here; Python reads the table
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
else:
    __all__, _TABLE, __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
