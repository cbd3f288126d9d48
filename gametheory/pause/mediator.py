r"""A mediator for the pause: what a verification agency that recommends can sustain.

A verification agency draws a profile of recommendations (pause or race for each lab) from a
distribution it announces, and tells each lab only its own recommendation. When no lab gains
by disobeying, the distribution is a **correlated equilibrium** of the pause game
(:mod:`gametheory.core.correlated`, Aumann 1974); every Nash equilibrium is one, so the best
the agency can sustain is at least as good as the best equilibrium without it. Two selections
(pause = action 0, race = 1; notation of :mod:`gametheory.pause.model`):

* **welfare-optimal**: the correlated equilibrium that maximises the labs' total expected
  payoff :math:`\sum_i u_i`;
* **risk-optimal**: the one that minimises the expected catastrophe probability
  :math:`\mathbb{E}_\pi[P(R)]`.

Each is compared with the best pure Nash equilibrium by the same criterion (the pure
equilibria are enumerated completely, :func:`gametheory.pure_equilibria`), so the report says
how much mediation adds. The pause game is built over all :math:`2^N` profiles, so the agency's
LP has :math:`2^N` variables: :data:`MAX_MEDIATOR_LABS` labs at most.

References
----------
.. [1] Aumann, R. J. (1974). Subjectivity and correlation in randomized strategies. *Journal of
   Mathematical Economics* 1(1):67-96.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gametheory.core.correlated import CorrelatedEquilibrium, correlated_equilibrium
from gametheory.core.errors import InputError
from gametheory.core.game import expected_payoffs
from gametheory.core.pure import pure_equilibria
from gametheory.core.tolerance import TOL
from gametheory.pause.model import PauseModel, catastrophe_probability, to_game

__all__ = ["MAX_MEDIATOR_LABS", "MediatedPause", "format_mediator", "mediated_pause"]

#: The largest number of labs the mediator LP accepts (2**N variables).
MAX_MEDIATOR_LABS = 10


@dataclass(frozen=True, eq=False)
class MediatedPause:
    """What a recommending verification agency can sustain in a pause scenario.

    Attributes
    ----------
    labs : tuple of str
    welfare_optimal, risk_optimal : CorrelatedEquilibrium
        The two selections (module docstring), each certified.
    welfare_optimal_risk, risk_optimal_risk : float
        Expected catastrophe probability under each.
    all_pause_probability : tuple of float
        The probability the agency recommends that every lab pause, under each selection
        (welfare-optimal, risk-optimal).
    best_nash_welfare, least_nash_risk : float or None
        The best total welfare and the least catastrophe probability over the pure Nash
        equilibria (``None`` when the game has no pure equilibrium).
    """

    labs: tuple[str, ...]
    welfare_optimal: CorrelatedEquilibrium
    risk_optimal: CorrelatedEquilibrium
    welfare_optimal_risk: float
    risk_optimal_risk: float
    all_pause_probability: tuple[float, float]
    best_nash_welfare: float | None
    least_nash_risk: float | None

    def to_dict(self) -> dict[str, object]:
        """The JSON form: each selection's recommendations, welfare and risk."""

        def selection(ce: CorrelatedEquilibrium, risk: float, pause: float) -> dict[str, object]:
            return {
                "recommendations": [
                    {
                        "racing": [lab for lab, a in zip(self.labs, p, strict=True) if a == 1],
                        "probability": q,
                    }
                    for p, q in ce.support()
                ],
                "payoffs": dict(zip(self.labs, ce.payoffs.tolist(), strict=True)),
                "welfare": float(ce.payoffs.sum()),
                "catastrophe_risk": risk,
                "all_pause_probability": pause,
                "gain": ce.gain,
            }

        return {
            "welfare_optimal": selection(
                self.welfare_optimal, self.welfare_optimal_risk, self.all_pause_probability[0]
            ),
            "risk_optimal": selection(
                self.risk_optimal, self.risk_optimal_risk, self.all_pause_probability[1]
            ),
            "best_nash_welfare": self.best_nash_welfare,
            "least_nash_risk": self.least_nash_risk,
        }


def _profile_risk(model: PauseModel) -> NDArray[np.float64]:
    """Catastrophe probability of each pure profile, shaped like the game (axis i = lab i)."""
    n = model.num_labs
    racing = np.indices((2,) * n).reshape(n, -1).T.astype(bool)
    return catastrophe_probability(model, racing).reshape((2,) * n)


def mediated_pause(model: PauseModel, *, tol: float = TOL) -> MediatedPause:
    """The welfare- and risk-optimal correlated equilibria of a pause scenario.

    Parameters
    ----------
    model : PauseModel
        At most :data:`MAX_MEDIATOR_LABS` labs.
    tol : float
        Tolerance of the incentive constraints.

    Returns
    -------
    MediatedPause

    Examples
    --------
    Two labs in a chicken-like pause game: racing alone pays, racing together is ruinous.

    >>> from gametheory import Lab
    >>> labs = tuple(Lab(n, prize=4, pause_cost=1, harm=20, risk=0.3) for n in "ab")
    >>> m = PauseModel(labs=labs, background_risk=0.0)
    >>> med = mediated_pause(m)
    >>> med.risk_optimal_risk <= (med.least_nash_risk or 1.0) + 1e-9
    True
    """
    if model.num_labs > MAX_MEDIATOR_LABS:
        raise InputError(
            f"{model.num_labs} labs give 2**{model.num_labs} profiles; expected at most "
            f"{MAX_MEDIATOR_LABS} labs for the mediator's linear program",
            field="labs",
            value=model.num_labs,
        )
    game = to_game(model)
    risk = _profile_risk(model)
    welfare = correlated_equilibrium(game, tol=tol)
    safest = correlated_equilibrium(game, objective=-risk, tol=tol)
    nash = list(pure_equilibria(game, tol=tol))
    nash_welfare = [float(expected_payoffs(game, list(e.strategies)).sum()) for e in nash]
    nash_risk = [float(risk[e.pure_profile]) for e in nash if e.pure_profile is not None]
    all_pause = (0,) * model.num_labs
    return MediatedPause(
        labs=model.lab_names,
        welfare_optimal=welfare,
        risk_optimal=safest,
        welfare_optimal_risk=float((welfare.distribution * risk).sum()),
        risk_optimal_risk=float((safest.distribution * risk).sum()),
        all_pause_probability=(
            float(welfare.distribution[all_pause]),
            float(safest.distribution[all_pause]),
        ),
        best_nash_welfare=max(nash_welfare) if nash_welfare else None,
        least_nash_risk=min(nash_risk) if nash_risk else None,
    )


def _recommendations(ce: CorrelatedEquilibrium, labs: tuple[str, ...]) -> str:
    parts = []
    for profile, probability in sorted(ce.support(), key=lambda item: -item[1]):
        racing = [lab for lab, action in zip(labs, profile, strict=True) if action == 1]
        if not racing:
            who = "all labs pause"
        else:
            who = ", ".join(racing) + (" races" if len(racing) == 1 else " race")
        parts.append(f"{who} (probability {probability:.3g})")
    return "; ".join(parts)


def format_mediator(result: MediatedPause) -> str:
    """The mediator section of ``pausegame analyze --mediator``, for people.

    Examples
    --------
    >>> from gametheory import Lab
    >>> labs = tuple(Lab(n, prize=4, pause_cost=1, harm=20, risk=0.3) for n in "ab")
    >>> print(format_mediator(mediated_pause(PauseModel(labs=labs))))  # doctest: +ELLIPSIS
    Mediator (a verification agency recommends pause or race to each lab; ...):
      welfare-optimal: ...
    """

    def nash(value: float | None) -> str:
        return "no pure equilibrium" if value is None else f"{value:.4g}"

    w, r = result.welfare_optimal, result.risk_optimal
    lines = [
        "Mediator (a verification agency recommends pause or race to each lab; "
        "no lab gains by disobeying):",
        f"  welfare-optimal: total welfare {w.objective:.4g} (best pure equilibrium "
        f"{nash(result.best_nash_welfare)}), catastrophe risk {result.welfare_optimal_risk:.4g}, "
        f"all pause with probability {result.all_pause_probability[0]:.3g}",
        f"    recommends {_recommendations(w, result.labs)}",
        f"  risk-optimal: catastrophe risk {result.risk_optimal_risk:.4g} (safest pure "
        f"equilibrium {nash(result.least_nash_risk)}), total welfare "
        f"{float(r.payoffs.sum()):.4g}, all pause with probability "
        f"{result.all_pause_probability[1]:.3g}",
        f"    recommends {_recommendations(r, result.labs)}",
    ]
    return "\n".join(lines) + "\n"
