r"""The pause lifecycle: a Markov model of racing, evaluations, pauses and resumption.

``docs/model/lifecycle.md`` (Alaga & Schuett 2023): frontier models are evaluated for dangerous
capabilities; a developer whose model fails pauses; the others are notified and pause too;
work resumes once safety thresholds are met. One period is one evaluation cycle (e.g. a month).

**States.** ``racing`` (no dangerous capability present), ``racing (undetected danger)`` (a
dangerous capability exists and evaluations missed it), ``paused`` (every lab pauses) and
``paused alone`` (only the flagged lab pauses: the others were not notified or ignored it).
With a fixed review period of :math:`M` periods the two paused states become chains
``paused 1/M`` ... ``paused M/M`` (the period of the pause it is).

**Transitions** in one period, with hazard :math:`h` (a dangerous capability emerges),
evaluation sensitivity :math:`\sigma`, false-positive rate :math:`\phi` and notification
probability :math:`\nu` (the others pause when notified):

* from ``racing``: flag with :math:`h\sigma + (1-h)\phi`, then pause (all with :math:`\nu`,
  alone with :math:`1-\nu`); missed danger :math:`h(1-\sigma)` to the undetected state;
  otherwise stay;
* from ``racing (undetected danger)``: flag with :math:`\sigma` (to a pause as above), else stay;
* from a pause: resume to ``racing`` (precautions in place, or the false alarm cleared) with
  probability :math:`\rho` per period, or after exactly :math:`M` periods of review.

Each state :math:`s` carries a per-period catastrophe probability :math:`c_s`. The chain's
stationary distribution :math:`\pi` gives the long-run fraction of time paused; the risk over a
horizon :math:`H` from ``racing`` is :math:`1 - e_0^\top (D P)^H \mathbf{1}` with
:math:`D = \mathrm{diag}(1 - c)`; the expected pause length and the expected (discounted)
remaining pause :math:`\tau_s` from each paused state solve
:math:`(I - \delta P_{BB})\tau = \mathbf{1}` on the block :math:`B` of full-pause states.

**Compliance during a pause** comes from the package's one model of the pause over time, the
dynamic pause game (:mod:`gametheory.pause.markov`), under its one convention
(:mod:`gametheory.pause.timing`): one period of that game is one round of the one-shot game (the
scenario's payoff period, e.g. a year), a lab racing during a pause is detected with
:math:`q_i` per period of racing and pays :math:`F_i`. A lab is tempted when its best covert
plan beats complying (:func:`gametheory.pause.markov.temptation`); the scenario's
``[dynamics]`` section (pause length, capability leads, resumption rule) sets that game, and
without one the game has the lifecycle's expected pause length, in rounds, and no lead
dynamics, where the answer is the one-shot one. The lifecycle's own periods (e.g. months, with
``period_fraction``) describe the evaluation chain and its risk only.
:math:`q_i` and :math:`F_i` come from the model (its channels and sanctions) unless the
lifecycle overrides them with ``detection`` and ``sanction`` (for every lab).
``remaining_pause`` and ``defection_gain`` are reported for reference: the covert gain per
lifecycle period and the expected discounted remaining pause of each pause state.

The four versions of Alaga & Schuett (voluntary pausing, a pausing agreement, a mutual
auditor, legal requirements) are variants of a scenario differing in who evaluates (the
sensitivity and false-positive rate), notification, detection and sanctions;
:func:`compare_versions` analyses them side by side.

References
----------
.. [1] Alaga, J. & Schuett, J. (2023). Coordinated pausing: an evaluation-based coordination
   scheme for frontier AI developers. arXiv:2310.00374.
.. [2] Kemeny, J. G. & Snell, J. L. (1960). *Finite Markov Chains*. Van Nostrand. (Stationary
   distributions and the fundamental matrix of absorbing blocks.)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gametheory.core.errors import InputError
from gametheory.core.limits import check_memory
from gametheory.core.tolerance import TOL
from gametheory.pause.model import PauseModel, detection_probabilities, payoff_tol

__all__ = [
    "LifecycleReport",
    "LifecycleSimulation",
    "LifecycleTimeSeries",
    "PauseLifecycle",
    "analyse_lifecycle",
    "compare_versions",
    "lifecycle_time_series",
    "lifecycle_transitions",
    "simulate_lifecycle",
    "validate_lifecycle_section",
]

_PROBABILITIES = (
    "hazard",
    "sensitivity",
    "false_positive_rate",
    "notification",
    "risk_racing",
    "risk_hazard",
    "risk_partial",
    "risk_paused",
)


@dataclass(frozen=True)
class PauseLifecycle:
    """Parameters of the pause lifecycle (module docstring), per period.

    Parameters
    ----------
    hazard : float
        :math:`h`, chance a dangerous capability emerges in a period of racing.
    sensitivity : float
        :math:`\\sigma`, chance an evaluation flags a dangerous capability.
    false_positive_rate : float
        :math:`\\phi`, chance an evaluation flags when there is none.
    notification : float
        :math:`\\nu`, chance the other labs pause too after a flag.
    resumption_probability : float
        :math:`\\rho \\in (0, 1]`, chance per period that the safety threshold is met.
    review_periods : int
        :math:`M \\ge 1`, the length of a fixed review period.
    resumption : str
        The resumption rule: ``"probability"`` (:math:`\\rho` per period) or ``"review"``
        (after exactly :math:`M` periods).
    risk_racing, risk_hazard, risk_partial, risk_paused : float
        Catastrophe probability per period while racing, racing with an undetected dangerous
        capability, paused alone (the others race) and paused.
    discount : float
        :math:`\\delta \\in (0, 1]` applied to the covert gain over the remaining pause.
    detection, sanction : float, optional
        :math:`q` and :math:`F` for every lab; default: the model's.
    period_fraction : float
        The length of one period in the model's payoff time unit (e.g. 1/12 when periods are
        months and the model's payoffs are per year); the covert gain per period is
        :math:`G_i` times this.
    evaluator : str
        Who runs the evaluations (for reports).
    hazard_growth : float
        Factor (>= 1) by which the hazard rises each period in :func:`lifecycle_time_series`.
    horizon : int
        Periods over which the catastrophe risk is reported.

    Examples
    --------
    >>> PauseLifecycle(hazard=0.05, sensitivity=0.8, false_positive_rate=0.02,
    ...                notification=1, resumption_probability=0.25).expected_pause_hint
    4.0
    >>> PauseLifecycle(0.05, 0.8, 0.02, resumption="review", review_periods=6).expected_pause_hint
    6.0
    >>> PauseLifecycle(0.05, 0.8, 0.02, resumption="vote")
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: lifecycle.resumption = 'vote': expected "probability" or
    "review"
    """

    hazard: float
    sensitivity: float
    false_positive_rate: float
    notification: float = 1.0
    resumption_probability: float = 0.2
    review_periods: int = 6
    resumption: str = "probability"
    risk_racing: float = 0.001
    risk_hazard: float = 0.02
    risk_partial: float = 0.01
    risk_paused: float = 0.0005
    discount: float = 1.0
    detection: float | None = None
    sanction: float | None = None
    period_fraction: float = 1.0
    evaluator: str = ""
    hazard_growth: float = 1.0
    horizon: int = 120

    def __post_init__(self) -> None:
        def bad(name: str, expected: str) -> InputError:
            return InputError(
                f"expected {expected}", field=f"lifecycle.{name}", value=getattr(self, name)
            )

        def number(name: str) -> float:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
                raise bad(name, "a number")
            x = float(value)
            if not math.isfinite(x):
                raise bad(name, "a finite number")
            object.__setattr__(self, name, x)
            return x

        for name in _PROBABILITIES:
            if not 0 <= number(name) <= 1:
                raise bad(name, "a probability in [0, 1]")
        if self.resumption not in ("probability", "review"):
            raise bad("resumption", '"probability" or "review"')
        if not 0 < number("resumption_probability") <= 1:
            raise bad("resumption_probability", "a probability in (0, 1]")
        m = self.review_periods
        if isinstance(m, bool) or not isinstance(m, int) or m < 1:
            raise bad("review_periods", "an integer >= 1")
        # The chain has 2m + 2 states and is solved densely (a few copies of the matrix).
        check_memory(
            4 * 8 * (2 * m + 2) ** 2,
            field="lifecycle.review_periods",
            value=m,
            what="the lifecycle's transition matrices",
        )
        if not number("period_fraction") > 0:
            raise bad("period_fraction", "a number > 0")
        if not 0 < number("discount") <= 1:
            raise bad("discount", "a number in (0, 1]")
        if self.detection is not None and not 0 <= number("detection") <= 1:
            raise bad("detection", "a probability in [0, 1]")
        if self.sanction is not None and not number("sanction") >= 0:
            raise bad("sanction", "a number >= 0")
        if number("hazard_growth") < 1:
            raise bad("hazard_growth", "a number >= 1")
        if isinstance(self.horizon, bool) or not isinstance(self.horizon, int) or self.horizon < 1:
            raise bad("horizon", "an integer >= 1")
        if not isinstance(self.evaluator, str):
            raise bad("evaluator", "text")

    @property
    def expected_pause_hint(self) -> float:
        """The expected pause length implied by the resumption rule alone: 1/ρ or M."""
        if self.resumption == "review":
            return float(self.review_periods)
        return 1.0 / float(self.resumption_probability)


def validate_lifecycle_section(table: Any, locate: Any) -> dict[str, Any]:
    """Validate a scenario's ``[lifecycle]`` section (registered in ``SECTION_VALIDATORS``).

    Returns the keyword arguments of :class:`PauseLifecycle`.

    Examples
    --------
    >>> class Loc:
    ...     def error(self, message, *keys, value=None):
    ...         return InputError(message, field=".".join(("lifecycle", *keys)), value=value)
    >>> validate_lifecycle_section({"hazard": 0.1, "sensitivity": 0.9,
    ...     "false_positive_rate": 0.05, "review_periods": 3}, Loc())["review_periods"]
    3
    >>> validate_lifecycle_section({"hazard": 2}, Loc())
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: lifecycle.hazard = 2: expected a probability in [0, 1]
    """
    if not isinstance(table, Mapping):
        raise locate.error("expected a table", value=table)
    known = {f.name for f in fields(PauseLifecycle)}
    for key in table:
        if key not in known:
            raise locate.error(
                f"unknown key; expected one of {sorted(known)}", key, value=table[key]
            )
    for name in _PROBABILITIES:
        if name in table:
            value = table[name]
            ok = not isinstance(value, bool) and isinstance(value, int | float | Fraction)
            if not (ok and 0 <= value <= 1):
                raise locate.error("expected a probability in [0, 1]", name, value=value)
    for required in ("hazard", "sensitivity", "false_positive_rate"):
        if required not in table:
            raise locate.error("missing key; expected a probability in [0, 1]", required)
    try:
        params = PauseLifecycle(**dict(table))
    except InputError as exc:
        key = (exc.field or "").removeprefix("lifecycle.")
        raise locate.error(exc.message, key, value=exc.value) from None
    return {k: v for k, v in asdict(params).items() if k in table}


# -- the chain ----------------------------------------------------------------------------------
def _blocks(params: PauseLifecycle) -> tuple[int, tuple[str, ...]]:
    m = params.review_periods if params.resumption == "review" else 1
    names: tuple[str, ...]
    if params.resumption == "probability":
        names = ("racing", "racing (undetected danger)", "paused", "paused alone")
    else:
        names = (
            "racing",
            "racing (undetected danger)",
            *(f"paused {k}/{m}" for k in range(1, m + 1)),
            *(f"paused alone {k}/{m}" for k in range(1, m + 1)),
        )
    return m, names


def _matrix(params: PauseLifecycle, hazard: float) -> NDArray[np.float64]:
    m, names = _blocks(params)
    size = len(names)
    full, alone = 2, 2 + m  # first state of each pause block
    h, sigma, phi, nu = hazard, params.sensitivity, params.false_positive_rate, params.notification
    p = np.zeros((size, size))
    flag = h * sigma + (1 - h) * phi
    p[0, full] += flag * nu
    p[0, alone] += flag * (1 - nu)
    p[0, 1] += h * (1 - sigma)
    p[0, 0] += (1 - h) * (1 - phi)
    p[1, full] += sigma * nu
    p[1, alone] += sigma * (1 - nu)
    p[1, 1] += 1 - sigma
    for start in (full, alone):
        if params.resumption == "probability":
            rho = float(params.resumption_probability)
            p[start, 0] = rho
            p[start, start] = 1 - rho
        else:
            for k in range(m - 1):
                p[start + k, start + k + 1] = 1.0
            p[start + m - 1, 0] = 1.0
    return p


def _risks(params: PauseLifecycle) -> NDArray[np.float64]:
    m, _names = _blocks(params)
    return np.array(
        [params.risk_racing, params.risk_hazard]
        + [params.risk_paused] * m
        + [params.risk_partial] * m
    )


def lifecycle_transitions(params: PauseLifecycle) -> tuple[tuple[str, ...], NDArray[np.float64]]:
    """The state names and the row-stochastic transition matrix (module docstring).

    Examples
    --------
    >>> names, p = lifecycle_transitions(PauseLifecycle(0.1, 0.9, 0.05, 1.0, 0.5))
    >>> names
    ('racing', 'racing (undetected danger)', 'paused', 'paused alone')
    >>> p.sum(axis=1).round(12).tolist(), round(float(p[0, 2]), 6)   # 0.1*0.9 + 0.9*0.05
    ([1.0, 1.0, 1.0, 1.0], 0.135)
    """
    _, names = _blocks(params)
    return names, _matrix(params, params.hazard)


def _stationary(p: NDArray[np.float64]) -> NDArray[np.float64]:
    size = p.shape[0]
    system = np.vstack([p.T - np.eye(size), np.ones(size)])
    rhs = np.zeros(size + 1)
    rhs[-1] = 1.0
    pi, *_ = np.linalg.lstsq(system, rhs, rcond=None)
    pi = np.clip(pi, 0.0, None)
    return np.asarray(pi / pi.sum())


@dataclass(frozen=True)
class LifecycleReport:
    r"""The lifecycle's long-run quantities and every lab's compliance during a pause.

    Attributes
    ----------
    name : str
        The version (the scenario variant) or the model's name.
    params : PauseLifecycle
    states : tuple of str
    transitions : ndarray
        Row-stochastic, ``(S, S)``.
    stationary : ndarray
        :math:`\pi`, ``(S,)``.
    fraction_paused, fraction_paused_alone : float
        Long-run fraction of periods in a full pause, and with only the flagged lab paused.
    risk_per_period : float
        Long-run catastrophe probability per period, :math:`\pi \cdot c`.
    horizon : int
    risk_over_horizon : float
        Catastrophe probability within ``horizon`` periods, starting from ``racing``.
    expected_pause_length : float
        Expected length of a full pause, in periods.
    pause_states : tuple of str
        The full-pause states, the columns of the arrays below.
    remaining_pause : ndarray
        :math:`\tau_s`, expected discounted remaining pause (current period included).
    lab_names : tuple of str
    defection_gain, expected_sanction : ndarray
        The covert gain per period (:math:`G_i` times ``period_fraction``) and
        :math:`q_i F_i`, ``(N,)``.
    complies : ndarray of bool
        ``(N, len(pause_states))``: whether the lab keeps the pause there; from the dynamic
        pause game (module docstring), the same in every pause state.
    temptation : ndarray
        ``(N,)``: each lab's :func:`gametheory.pause.markov.temptation` (0: not tempted).
    dynamics : PauseDynamics
        The dynamic game's parameters used for compliance.
    """

    name: str
    params: PauseLifecycle
    states: tuple[str, ...]
    transitions: NDArray[np.float64]
    stationary: NDArray[np.float64]
    fraction_paused: float
    fraction_paused_alone: float
    risk_per_period: float
    horizon: int
    risk_over_horizon: float
    expected_pause_length: float
    pause_states: tuple[str, ...]
    remaining_pause: NDArray[np.float64]
    lab_names: tuple[str, ...]
    defection_gain: NDArray[np.float64]
    expected_sanction: NDArray[np.float64]
    complies: NDArray[np.bool_]
    temptation: NDArray[np.float64]
    dynamics: Any

    @property
    def pause_holds(self) -> bool:
        """Whether every lab complies in every state of a pause."""
        return bool(self.complies.all())


def _pause_block(params: PauseLifecycle) -> NDArray[np.intp]:
    m, _ = _blocks(params)
    return np.arange(2, 2 + m)


def _remaining(p: NDArray[np.float64], block: NDArray[np.intp], discount: float) -> NDArray:
    sub = p[np.ix_(block, block)]
    return np.asarray(np.linalg.solve(np.eye(len(block)) - discount * sub, np.ones(len(block))))


def analyse_lifecycle(
    model: PauseModel,
    params: PauseLifecycle,
    *,
    name: str | None = None,
    tol: float = TOL,
    dynamics: Any = None,
) -> LifecycleReport:
    """Analyse the pause lifecycle of ``model`` (module docstring).

    ``dynamics`` (a :class:`~gametheory.pause.markov.PauseDynamics` or the scenario's
    ``[dynamics]`` mapping) sets the dynamic pause game that decides compliance.

    Examples
    --------
    Two labs gaining 1 per period of racing, caught with 0.5 per period and sanctioned 10:
    the expected sanction 5 deters them (the one-shot answer, with no lead dynamics); with a
    sanction of 1 it does not.

    >>> from gametheory import Channel, Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=1, sanction=10), Lab("b", prize=1, sanction=10)),
    ...                channels=(Channel("audit", (0.5, 0.5)),))
    >>> short = analyse_lifecycle(m, PauseLifecycle(0.05, 0.9, 0.02, 1.0, 0.25))
    >>> short.expected_pause_length, short.pause_holds
    (4.0, True)
    >>> analyse_lifecycle(m, PauseLifecycle(0.05, 0.9, 0.02, 1.0, 0.1, sanction=1)).pause_holds
    False
    """
    from gametheory.pause.markov import PauseDynamics, dynamic_game, temptation
    from gametheory.pause.thresholds import defection_gains

    tol = payoff_tol(model, tol)
    states, p = lifecycle_transitions(params)
    pi = _stationary(p)
    m, _ = _blocks(params)
    block = _pause_block(params)
    risks = _risks(params)
    survive = (1.0 - risks)[:, None] * p
    risk_horizon = 1.0 - float(np.linalg.matrix_power(survive, params.horizon)[0].sum())
    remaining = _remaining(p, block, params.discount)
    length = float(_remaining(p, block, 1.0)[0])
    n = model.num_labs
    q = (
        np.full(n, params.detection)
        if params.detection is not None
        else detection_probabilities(model)
    )
    f = np.full(n, params.sanction) if params.sanction is not None else model.array("sanction")
    gains = np.asarray(defection_gains(model), dtype=float) * params.period_fraction
    sanction = q * f
    if dynamics is None:
        rounds = max(1, round(length * params.period_fraction))
        dynamics = PauseDynamics(pause_periods=rounds)
    elif not isinstance(dynamics, PauseDynamics):
        dynamics = PauseDynamics(**dict(dynamics))
    tempting = temptation(dynamic_game(model, dynamics, detection=q, sanction=f), tol=tol)
    complies = np.repeat((tempting <= tol)[:, None], len(block), axis=1)
    for array in (p, pi, remaining, gains, sanction, complies, tempting):
        array.setflags(write=False)
    return LifecycleReport(
        name=model.name if name is None else name,
        params=params,
        states=states,
        transitions=p,
        stationary=pi,
        fraction_paused=float(pi[block].sum()),
        fraction_paused_alone=float(pi[2 + m :].sum()),
        risk_per_period=float(pi @ risks),
        horizon=params.horizon,
        risk_over_horizon=risk_horizon,
        expected_pause_length=length,
        pause_states=tuple(states[k] for k in block),
        remaining_pause=remaining,
        lab_names=model.lab_names,
        defection_gain=gains,
        expected_sanction=sanction,
        complies=complies,
        temptation=tempting,
        dynamics=dynamics,
    )


@dataclass(frozen=True)
class LifecycleTimeSeries:
    """The lifecycle period by period from ``racing``, with the hazard rising.

    Attributes
    ----------
    hazard : ndarray
        :math:`h_t = \\min(1, h g^t)`, ``(T,)``.
    fraction_paused, fraction_paused_alone : ndarray
        Probability of a full / lone pause in period ``t``, given no catastrophe yet.
    cumulative_risk : ndarray
        Probability of a catastrophe by the end of period ``t``.
    """

    hazard: NDArray[np.float64]
    fraction_paused: NDArray[np.float64]
    fraction_paused_alone: NDArray[np.float64]
    cumulative_risk: NDArray[np.float64]


def lifecycle_time_series(
    params: PauseLifecycle, periods: int | None = None
) -> LifecycleTimeSeries:
    """Forward the state distribution ``periods`` periods (default the horizon) from ``racing``.

    Examples
    --------
    >>> ts = lifecycle_time_series(PauseLifecycle(0.02, 0.9, 0.01, 1.0, 0.2, hazard_growth=1.05,
    ...                                           horizon=24))
    >>> len(ts.hazard), bool(np.all(np.diff(ts.cumulative_risk) >= 0))
    (24, True)
    """
    count = params.horizon if periods is None else periods
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise InputError("expected an integer >= 1", field="periods", value=periods)
    m, names = _blocks(params)
    risks = _risks(params)
    mass = np.zeros(len(names))
    mass[0] = 1.0
    hazard = np.minimum(1.0, params.hazard * params.hazard_growth ** np.arange(count))
    paused = np.empty(count)
    alone = np.empty(count)
    risk = np.empty(count)
    for t in range(count):
        alive = mass.sum()
        paused[t] = mass[2 : 2 + m].sum() / alive
        alone[t] = mass[2 + m :].sum() / alive
        mass = (mass * (1.0 - risks)) @ _matrix(params, float(hazard[t]))
        risk[t] = 1.0 - mass.sum()
    return LifecycleTimeSeries(hazard, paused, alone, risk)


@dataclass(frozen=True)
class LifecycleSimulation:
    """Monte Carlo estimates of the lifecycle's quantities with standard errors."""

    fraction_paused: float
    fraction_paused_se: float
    pause_length: float
    pause_length_se: float
    risk_over_horizon: float
    risk_over_horizon_se: float
    chains: int
    periods: int


def _step(cumulative: NDArray, state: NDArray[np.intp], u: NDArray) -> NDArray[np.intp]:
    nxt = (u[:, None] > cumulative[state]).sum(axis=1)
    return np.minimum(nxt, cumulative.shape[0] - 1)


def simulate_lifecycle(
    params: PauseLifecycle,
    *,
    chains: int = 200,
    periods: int = 2000,
    rng: np.random.Generator | int | None = None,
) -> LifecycleSimulation:
    """Simulate the chain to check :func:`analyse_lifecycle`'s stationary quantities.

    ``chains`` independent chains start from the stationary distribution and run ``periods``
    periods; the fraction paused is the mean of the chains' time averages (standard error
    across chains), the pause length the mean over completed pause spells, and the risk over
    the horizon the share of ``chains * 10`` paths from ``racing`` that meet a catastrophe.

    Examples
    --------
    >>> params = PauseLifecycle(0.05, 0.8, 0.02, 0.9, 0.2)
    >>> sim = simulate_lifecycle(params, chains=100, periods=1000, rng=3)
    >>> from gametheory import Lab, PauseModel
    >>> exact = analyse_lifecycle(PauseModel(labs=(Lab("a"),)), params)
    >>> abs(sim.fraction_paused - exact.fraction_paused) < 5 * sim.fraction_paused_se
    True
    """
    for name, value in (("chains", chains), ("periods", periods)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 2:
            raise InputError("expected an integer >= 2", field=name, value=value)
    generator = np.random.default_rng(rng)
    _, p = lifecycle_transitions(params)
    cumulative = np.cumsum(p, axis=1)
    block = _pause_block(params)
    in_block = np.zeros(p.shape[0], dtype=bool)
    in_block[block] = True
    pi = _stationary(p)
    state = generator.choice(p.shape[0], size=chains, p=pi)
    time_paused = np.zeros(chains)
    run = np.where(in_block[state], -1, 0)  # -1: a spell already running at the start
    spells: list[NDArray[np.int64]] = []
    for _ in range(periods):
        paused = in_block[state]
        time_paused += paused
        run = np.where(paused & (run >= 0), run + 1, run)
        state = _step(cumulative, state, generator.random(chains))
        ended = paused & ~in_block[state]
        spells.append(run[ended & (run > 0)])
        run = np.where(ended, 0, run)
    fractions = time_paused / periods
    lengths = np.concatenate(spells).astype(float)
    # Catastrophe within the horizon, from racing.
    paths = chains * 10
    risks = _risks(params)
    state = np.zeros(paths, dtype=np.intp)
    alive = np.ones(paths, dtype=bool)
    for _ in range(params.horizon):
        alive &= generator.random(paths) >= risks[state]
        state = _step(cumulative, state, generator.random(paths))
    risk = 1.0 - alive.mean()
    return LifecycleSimulation(
        fraction_paused=float(fractions.mean()),
        fraction_paused_se=float(fractions.std(ddof=1) / math.sqrt(chains)),
        pause_length=float(lengths.mean()) if lengths.size else math.nan,
        pause_length_se=float(lengths.std(ddof=1) / math.sqrt(lengths.size))
        if lengths.size > 1
        else math.nan,
        risk_over_horizon=float(risk),
        risk_over_horizon_se=float(math.sqrt(max(risk * (1 - risk), 1e-300) / paths)),
        chains=chains,
        periods=periods,
    )


def compare_versions(
    path: str | Path,
    variants: Sequence[str] | None = None,
    *,
    overrides: Sequence[tuple[str, Any] | str] = (),
) -> tuple[LifecycleReport, ...]:
    """Analyse the lifecycle of several variants of a scenario side by side.

    Every variant (default: all the file defines, in file order) must have a ``[lifecycle]``
    section, from the base document or its overlay.

    Examples
    --------
    >>> reports = compare_versions("coordinated-pausing")
    >>> [r.name for r in reports]
    ['voluntary', 'agreement', 'mutual-auditor', 'legal']
    >>> all(0 <= r.fraction_paused <= 1 for r in reports)
    True
    """
    from gametheory.pause.scenario import load_scenario

    base = load_scenario(path, overrides=overrides)
    names = list(base.variants) if variants is None else list(variants)
    if not names:
        names = [base.variant or base.name]
    from gametheory.core.progress import progress_bar

    reports = []
    with progress_bar(len(names), "lifecycle", unit="version") as bar:
        for variant in names:
            reports.append(_version_report(path, base, variant, overrides))
            bar.update(1)
    return tuple(reports)


def _version_report(
    path: str | Path, base: Any, variant: str, overrides: Sequence[tuple[str, Any] | str]
) -> LifecycleReport:
    """The lifecycle of one variant of :func:`compare_versions`."""
    from gametheory.pause.scenario import load_scenario

    scenario = (
        base
        if variant == (base.variant or base.name) and not base.variants
        else load_scenario(path, variant=variant, overrides=overrides)
    )
    section = scenario.sections.get("lifecycle")
    if section is None:
        raise InputError(
            "expected a [lifecycle] section for this variant",
            file=str(scenario.path),
            field="lifecycle",
            value=variant,
        )
    return analyse_lifecycle(
        scenario.model,
        PauseLifecycle(**section),
        name=variant,
        dynamics=scenario.sections.get("dynamics"),
    )
