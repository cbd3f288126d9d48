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

from typing import TYPE_CHECKING

from gametheory.core._lazy import lazy_exports

#: Submodule -> its public names, in ``__all__`` order; each is imported on first use.
_EXPORTS = {
    "model": (
        "PAUSE RACE Channel Lab PauseModel catastrophe_probability contest_strengths "
        "contest_strengths_are_exact detection_probabilities lab_parameter pause_payoffs "
        "payoff_tol racing_profiles to_game"
    ),
    "scenario": (
        "DEFAULT_MODEL LAB_PARAMETERS SECTION_VALIDATORS Locator Scenario decode_scenario_text "
        "load_model load_scenario parse_scenario resolve_model shipped_models"
    ),
    "thresholds": (
        "LabThreshold ThresholdReport critical_verification defection_gains pause_margins"
    ),
    "structure": (
        "MAX_ENUMERATION_LABS Dynamics best_response_dynamics deviation_gains extremal_equilibria "
        "order_structure pause_equilibria"
    ),
    "analysis": (
        "SCHEMA_VERSION Analysis EquilibriumOutcome GameClass analyze classify_two_labs format_csv "
        "format_markdown format_table verdict"
    ),
    "sweeps": "MAX_SWEEP_ENUMERATION_LABS REGIONS SweepResult describe_axis resolve_labs sweep",
    "crossings": "SweepThreshold sweep_thresholds",
    "frontier": "COMMON_VIEW Frontier LabCurves lab_curves sanction_frontier",
    "budget": (
        "VerificationPlan best_verification_for_budget current_cost least_cost_verification "
        "sanction_needed"
    ),
    "uncertainty": (
        "DISTRIBUTIONS Distribution MonteCarloResult SobolIndices distribution_from_dict "
        "monte_carlo parameter_bounds pause_sensitivity sobol_indices validate_uncertainty_section "
        "wilson_interval"
    ),
    "repeated": (
        "CREDIBLE_PUNISHMENTS MAX_STICK_LENGTH PUNISHMENTS THRESHOLD_STEP PunishmentPath "
        "RepeatedPauseReport RepeatedValues SimulatedValues StagePayoffs credible_punishments "
        "critical_discount least_detection least_detection_curve no_agreement_model path_holds "
        "punishment_path repeated_pause repeated_values simulate_repeated_values stage_payoffs "
        "validate_repeated_section"
    ),
    "lifecycle": (
        "LifecycleReport LifecycleSimulation LifecycleTimeSeries PauseLifecycle analyse_lifecycle "
        "compare_versions lifecycle_time_series lifecycle_transitions simulate_lifecycle "
        "validate_lifecycle_section"
    ),
    "race": (
        "DetectedLead PauseLengthThresholds RaceTrajectories blowup_time capability_gain "
        "capability_trajectory critical_verification_vs_pause_length expected_lead "
        "longest_deterred_pause race_trajectories solve_capability_ode time_to_capability"
    ),
    "timing": "CONVENTION detected_within expected_sanction",
    "markov": (
        "SWEEP_LEVERS DynamicPath DynamicPauseGame DynamicSolution DynamicSweep DynamicUncertainty "
        "PauseDynamics PauseLevers ResumptionRuleCheck dynamic_equilibria dynamic_game "
        "dynamic_path dynamic_sweep dynamic_uncertainty least_confiscation least_detection_dynamic "
        "longest_pause pause_levers resumption_rules solve_dynamic temptation "
        "validate_dynamics_section"
    ),
    "coalitions": (
        "MAX_COALITION_LABS MAX_CORE_PLAYERS MAX_FARSIGHTED_LABS TIE_RULES CoalitionStability "
        "CoreResult LinearPublicGood ParticipationRow ParticipationSweep TransferScheme "
        "active_signatories coalition_stability largest_consistent_set least_core "
        "participation_sweep shapley_value stabilizing_transfers stable_coalition_sizes "
        "with_participation"
    ),
    "network": (
        "EDGE_TYPES AllianceNetwork Cascade EnforcedNetwork KeyPlayer LinkStability LinkUse "
        "all_graphs alliance_network cascade connections_utility draw_network enforced_network "
        "key_players monitoring_link_stability network_coalition_stability network_detection "
        "network_payoffs pairwise_stable read_network validate_network_section"
    ),
    "inspection": (
        "InspectionGame InspectionSolution LeadershipSolution SequentialInspection "
        "StatisticalInspection announced_inspection_policy dresher_value inspection_equilibrium "
        "inspection_game inspector_leadership non_detection sequential_inspection "
        "statistical_inspection"
    ),
    "beliefs": (
        "Beliefs bayesian_pause_game beliefs_from_section pause_cutoff_equilibria "
        "validate_beliefs_section"
    ),
    "decision": "DecisionRule compare_rules error_rates pause_probabilities vote_gain",
    "evaluations": "HonestReporting honest_reporting shading_gain",
    "trigger": (
        "TriggerAnalysis TriggerParameters pause_gain pause_trigger trigger_parameters "
        "trigger_sweep validate_trigger_section"
    ),
    "sanctions": (
        "IMPOSERS SanctionCredibility SanctionImposition SanctionSpec effective_sanction_model "
        "sanction_credibility sanction_spec validate_sanctions_table"
    ),
    "verifier": (
        "CommitmentSolution EvasionLevel InspectorGame SimultaneousSolution StrategicVerification "
        "VerifierSpec inspection_equilibrium_with_budget inspector_commitment inspector_game "
        "strategic_verification validate_verifier_table verifier_spec"
    ),
    "treaty": "TreatyTerms analysis_model treaty_terms validate_treaty_section",
    "mediator": "MAX_MEDIATOR_LABS MediatedPause format_mediator mediated_pause",
    "selection": "PauseSelection pause_selection",
    "whatif": (
        "SHORTCUTS apply_what_if is_shortcut load_what_if split_overrides with_setting without_labs"
    ),
}

if TYPE_CHECKING:  # type checkers read the names here; Python reads the table
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
else:
    __all__, _TABLE, __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
