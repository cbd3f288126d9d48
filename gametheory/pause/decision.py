r"""Who decides: the probability of pausing when a pause is warranted, and when it is not.

A pause is **warranted** when the state exceeds :math:`\bar\theta` (``[trigger]
should_pause_above``; by default :math:`\sum_i \kappa_i / \sum_i H_i`, where pausing every lab
avoids more expected harm than it costs). Each rule maps the state to a probability of a pause
:math:`P(\theta)`; with the scenario's normal distribution of the state, its **hit rate** is
:math:`P(\text{pause} \mid \theta > \bar\theta)` and its **false-alarm rate**
:math:`P(\text{pause} \mid \theta \le \bar\theta)`. Resumption is the same decision taken again
at review: a pause continues with the same probabilities, so a rule's chance of lifting a pause
that is no longer warranted is one minus its false-alarm rate. The rules:

* **labs alone** -- no one decides; each lab pauses when its own evaluation exceeds its
  equilibrium cutoff in the trigger global game (:mod:`gametheory.pause.trigger`), and the
  pause holds when at least :math:`K` labs pause;
* **k-of-N vote** -- every lab is paused when at least ``vote_quota`` labs vote for it. A
  sincere vote is "pause" when the lab's own evaluation says the state exceeds its private
  threshold :math:`\kappa_i/H_i` (a binding pause costs it :math:`\kappa_i` and spares it
  :math:`\theta H_i`, our specification). A vote only matters when it is pivotal, so the
  equilibrium votes solve the global game with gain :math:`1[|S| = k-1](\theta H_i - \kappa_i)`
  (Austen-Smith & Banks 1996; Feddersen & Pesendorfer 1998); sincere votes are equilibrium
  votes exactly when no signal gains from switching (regret 0);
* **single regulator** -- pauses every lab when the mean of the labs' (honest) reported
  evaluations exceeds :math:`\bar\theta`: noise :math:`\sigma/\sqrt N`
  (:mod:`gametheory.pause.evaluations` checks whether reports are honest);
* **external auditor** -- pauses every lab when its own evaluation, with noise
  ``auditor_noise``, exceeds :math:`\bar\theta`.

References
----------
.. [1] Austen-Smith, D. & Banks, J. S. (1996). Information aggregation, rationality, and the
   Condorcet jury theorem. *American Political Science Review* 90:34-45.
.. [2] Feddersen, T. & Pesendorfer, W. (1998). Convicting the innocent: the inferiority of
   unanimous jury verdicts under strategic voting. *American Political Science Review*
   92:23-35.
.. [3] Alaga, J. & Schuett, J. (2023). Coordinated pausing: an evaluation-based coordination
   scheme for frontier AI developers. arXiv:2310.00374.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.globalgames import (
    GlobalGameEquilibrium,
    action_probabilities,
    at_least_probability,
    cutoff_regret,
    global_game_equilibrium,
)
from gametheory.core.tolerance import TOL
from gametheory.pause.model import PauseModel
from gametheory.pause.trigger import TriggerParameters, pause_trigger

__all__ = [
    "DecisionRule",
    "compare_rules",
    "error_rates",
    "pause_probabilities",
    "vote_gain",
]


@dataclass(frozen=True)
class DecisionRule:
    """One rule's performance.

    Attributes
    ----------
    name : str
    hit_rate : float
        :math:`P(\\text{pause} \\mid \\theta > \\bar\\theta)`.
    false_alarm_rate : float
        :math:`P(\\text{pause} \\mid \\theta \\le \\bar\\theta)`.
    note : str
        What the rule assumes (cutoffs, whether votes are equilibrium votes).
    vote_regret : float or None
        For votes: the largest gain a lab's signal has from switching its vote (0: the votes
        are equilibrium votes).
    """

    name: str
    hit_rate: float
    false_alarm_rate: float
    note: str
    vote_regret: float | None = None


def error_rates(
    pause_probability: Callable[[float], float], params: TriggerParameters
) -> tuple[float, float]:
    """(hit rate, false-alarm rate) of a rule under the scenario's state distribution.

    Examples
    --------
    >>> from gametheory.pause.scenario import load_scenario
    >>> from gametheory.pause.trigger import trigger_parameters
    >>> s = load_scenario("frontier-five")
    >>> p = trigger_parameters(s.model, s.sections["trigger"])
    >>> [round(r, 6) for r in error_rates(lambda th: float(th > p.should_pause_above), p)]
    [1.0, 0.0]
    """
    from scipy import integrate, stats

    prior = stats.norm(params.state_mean, params.state_sd)
    bar = params.should_pause_above
    lo, hi = prior.ppf(1e-12), prior.ppf(1 - 1e-12)

    def weighted(theta: float) -> float:
        return pause_probability(theta) * float(prior.pdf(theta))

    above = max(1.0 - float(prior.cdf(bar)), 1e-300)
    below = max(float(prior.cdf(bar)), 1e-300)
    hit = integrate.quad(weighted, max(bar, lo), max(hi, bar), points=[bar], limit=200)[0]
    false = integrate.quad(weighted, min(lo, bar), bar, limit=200)[0]
    return float(np.clip(hit / above, 0, 1)), float(np.clip(false / below, 0, 1))


def vote_gain(model: PauseModel, quota: int) -> Callable[..., NDArray[np.float64]]:
    """The pivotal gain :math:`1[|S| = k-1](\\theta H_i - \\kappa_i)` of voting "pause".

    Examples
    --------
    >>> from gametheory.pause.scenario import load_model
    >>> g = vote_gain(load_model("two-labs"), 1)
    >>> g(0, np.array([0.5]), np.array([[False], [True]])).ravel().tolist()
    [34.0, 0.0]
    """
    harm, kappa = model.array("harm"), model.array("pause_cost")

    def gain(i: int, theta: NDArray[np.float64], others: NDArray[np.bool_]) -> NDArray:
        pivotal = others.sum(axis=1) == quota - 1
        return np.asarray(pivotal[:, None] * (theta[None, :] * harm[i] - kappa[i]))

    return gain


def _vote_rule(eq: GlobalGameEquilibrium, quota: int) -> Callable[[float], float]:
    def p(theta: float) -> float:
        return float(at_least_probability(action_probabilities(eq, [theta]), quota)[0])

    return p


def _rules(
    model: PauseModel, params: TriggerParameters, tol: float
) -> list[tuple[str, Callable[[float], float], str, float | None]]:
    from scipy import special

    n, sigma, bar = model.num_labs, params.noise, params.should_pause_above
    out: list[tuple[str, Callable[[float], float], str, float | None]] = []
    trig = pause_trigger(model, params, tol=tol)
    out.append(
        (
            "labs alone",
            _vote_rule(trig.equilibrium, params.required),
            f"each lab pauses above its equilibrium cutoff; the pause holds when "
            f"{params.required} of {n} pause (trigger point {trig.trigger_point:.4g})",
            None,
        )
    )
    harm, kappa = model.array("harm"), model.array("pause_cost")
    sincere = np.where(harm > 0, kappa / np.where(harm > 0, harm, 1), np.inf)
    quota = params.vote_quota
    gain = vote_gain(model, quota)
    scale = float(max(harm.max(), kappa.max(), 1.0))
    tol_ = max(tol, 1e-12 * scale)
    sincere_eq = GlobalGameEquilibrium(sincere, sigma, 0.0, "sincere votes", tol_)
    regret = cutoff_regret(gain, sincere, sigma)
    verdict = "are" if regret <= tol_ else "are not"
    out.append(
        (
            "vote (sincere)",
            _vote_rule(sincere_eq, quota),
            f"each lab votes pause when its evaluation exceeds pause_cost/harm; {quota} of "
            f"{n} votes pause every lab; sincere votes {verdict} equilibrium votes "
            f"(a vote gains up to {regret:.2g} by switching)",
            regret,
        )
    )
    try:
        try:
            eq = global_game_equilibrium(gain, n, sigma, tol=tol_)
        except RuntimeError:
            # Unequal labs: start from the sincere cutoffs instead of a common one.
            eq = global_game_equilibrium(gain, n, sigma, tol=tol_, start=sincere)
    except RuntimeError as exc:
        out.append(("vote (equilibrium)", lambda th: float("nan"), f"not found: {exc}", None))
    else:
        out.append(
            (
                "vote (equilibrium)",
                _vote_rule(eq, quota),
                "votes that condition on being pivotal (the responsive equilibrium; "
                "cutoffs " + ", ".join(f"{c:.4g}" for c in eq.cutoffs) + ")",
                eq.regret,
            )
        )
    spread = sigma / np.sqrt(n)
    out.append(
        (
            "single regulator",
            lambda th: float(special.ndtr((th - bar) / spread)),
            f"pauses when the mean of the {n} labs' honest reports exceeds {bar:.4g}",
            None,
        )
    )
    a_sigma = params.auditor_noise
    out.append(
        (
            "external auditor",
            lambda th: float(special.ndtr((th - bar) / a_sigma)),
            f"pauses when its own evaluation (noise {a_sigma:g}) exceeds {bar:.4g}",
            None,
        )
    )
    return out


def pause_probabilities(
    model: PauseModel, params: TriggerParameters, states: ArrayLike, *, tol: float = TOL
) -> dict[str, NDArray[np.float64]]:
    """Each rule's probability of a pause at each state (rule name -> array).

    Examples
    --------
    >>> from gametheory.pause.scenario import load_scenario
    >>> from gametheory.pause.trigger import trigger_parameters
    >>> s = load_scenario("frontier-five")
    >>> p = trigger_parameters(s.model, s.sections["trigger"])
    >>> curves = pause_probabilities(s.model, p, [0.0, 0.3])
    >>> curves["external auditor"].round(3).tolist()
    [0.0, 1.0]
    """
    return {
        name: np.array([f(float(th)) for th in np.atleast_1d(np.asarray(states, float))])
        for name, f, _, _ in _rules(model, params, tol)
    }


def compare_rules(
    model: PauseModel, params: TriggerParameters, *, tol: float = TOL
) -> list[DecisionRule]:
    """Hit and false-alarm rates of every rule (module docstring), in a fixed order.

    Examples
    --------
    >>> from gametheory.pause.scenario import load_scenario
    >>> from gametheory.pause.trigger import trigger_parameters
    >>> s = load_scenario("frontier-five")
    >>> rules = compare_rules(s.model, trigger_parameters(s.model, s.sections["trigger"]))
    >>> [r.name for r in rules]
    ['labs alone', 'vote (sincere)', 'vote (equilibrium)', 'single regulator', 'external auditor']
    """
    rules = []
    for name, f, note, regret in _rules(model, params, tol):
        hit, false = error_rates(f, params)
        rules.append(DecisionRule(name, hit, false, note, regret))
    return rules
