r"""The repeated pause under imperfect public monitoring (``docs/model/repeated.md``).

Every period each lab re-decides whether to keep the pause. Lab :math:`i`'s stage payoffs
(:func:`gametheory.pause.model.pause_payoffs`, so a racing lab already bears its expected one-shot
sanction :math:`q_i F_i`) are

* :math:`T_i = u_i(\{i\})`, racing while every other lab pauses (the temptation);
* :math:`R_i = u_i(\emptyset)`, everyone pausing (the reward);
* :math:`P_i`, the punishment payoff, with ``punishment="all-race"`` :math:`u_i(N)` (every lab
  races) and with ``punishment="worst-equilibrium"`` the lowest payoff lab :math:`i` gets at a
  pure equilibrium of the stage game (the harshest punishment that is itself credible).

**Monitoring.** Each period a public signal flags a violation or not. It flags with
probability :math:`f` (the false-alarm rate) when everyone complies and with probability
:math:`q` when the lab races. In terms of a channel that detects racing with probability
:math:`d` and independent noise that raises false alarms with probability :math:`f`,
:math:`q = 1 - (1 - d)(1 - f)`, so that :math:`q - f = d(1 - f)`; :func:`repeated_pause`
uses this composition and reports detections in terms of :math:`d`.

**Strategies.** Every lab pauses while no flag has been raised; after a flag all labs play the
punishment profile for :math:`L` periods (``punishment_length``; ``None`` is the grim trigger,
:math:`L = \infty`) and then return to the pause (Green & Porter 1984).

**Derivation.** Write :math:`V` for the (unnormalised) value of the pause phase and :math:`W`
for the value at the start of a punishment phase:

.. math::

    V = R + \delta[(1 - f) V + f W], \qquad
    W = P\,\frac{1 - \delta^L}{1 - \delta} + \delta^L V .

Subtracting :math:`P/(1-\delta)` from both gives
:math:`V - W = (1 - \delta^L)(R - P) / (1 - \delta + \delta f (1 - \delta^L))`. By the one-shot
deviation principle the pause is self-enforcing iff racing once does not pay,
:math:`V \ge T + \delta[(1 - q) V + q W]`, i.e. :math:`\delta (q - f)(V - W) \ge T - R`:

.. math::

    \delta (q - f)(1 - \delta^L)(R - P) \ \ge\ (T - R)\,\bigl(1 - \delta + \delta f
    (1 - \delta^L)\bigr).

Dividing by :math:`1 - \delta` and writing :math:`S_L(\delta) = \delta + \delta^2 + \dots +
\delta^L` (increasing in :math:`\delta`, from 0 to :math:`L`) the condition is

.. math::

    S_L(\delta) \ \ge\ K = \frac{T - R}{(q - f)(R - P) - f (T - R)} ,

when the denominator is positive (otherwise no discount factor suffices). For the grim trigger
:math:`S_\infty = \delta / (1 - \delta)` and
:math:`\delta^* = K / (1 + K) = (T - R) / ((T - R)(1 - f) + (q - f)(R - P))` — the formula of
``docs/model/repeated.md``, which this derivation confirms. For :math:`L = 1`,
:math:`\delta^* = K`; for
:math:`L = 2`, :math:`\delta^* = (\sqrt{1 + 4K} - 1)/2`; for other finite :math:`L` the
monotone equation :math:`S_L(\delta) = K` is solved by :func:`scipy.optimize.brentq`. Solving
the same inequality for :math:`q` gives the least flag probability in closed form for every
:math:`L`,

.. math::

    q^* = f + \frac{(T - R)\,(1 - \delta + \delta f (1 - \delta^L))}
                   {\delta (1 - \delta^L)(R - P)} ,

which at :math:`f = 0`, :math:`L = \infty` is the model document's
:math:`q^* = (1 - \delta)(T - R) / (\delta (R - P))`. A value above 1 means no monitoring makes
the pause self-enforcing at that discount factor.

Values are reported normalised, :math:`(1 - \delta) \sum_t \delta^t u_t`, in stage-payoff
units; :func:`simulate_repeated_values` estimates them by Monte Carlo.

References
----------
.. [1] Green, E. J. & Porter, R. H. (1984). Noncooperative collusion under imperfect price
   information. *Econometrica* 52(1):87-100.
.. [2] Abreu, D., Pearce, D. & Stacchetti, E. (1990). Toward a theory of discounted repeated
   games with imperfect monitoring. *Econometrica* 58(5):1041-1063.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from gametheory.core.errors import InputError
from gametheory.core.tolerance import TOL, scale_tol
from gametheory.pause.model import PauseModel, detection_probabilities, pause_payoffs, payoff_tol

__all__ = [
    "PUNISHMENTS",
    "RepeatedPauseReport",
    "RepeatedValues",
    "SimulatedValues",
    "StagePayoffs",
    "critical_discount",
    "least_detection",
    "repeated_pause",
    "repeated_values",
    "simulate_repeated_values",
    "stage_payoffs",
    "validate_repeated_section",
]

#: The punishment paths :func:`stage_payoffs` offers.
PUNISHMENTS = ("all-race", "worst-equilibrium")

Punishment = Literal["all-race", "worst-equilibrium"]


# -- input checks -------------------------------------------------------------------------------
def _probability(value: float, name: str) -> float:
    x = float(value)
    if not (math.isfinite(x) and 0.0 <= x <= 1.0):
        raise InputError("expected a probability in [0, 1]", field=name, value=value)
    return x


def _discount(value: float, name: str = "discount") -> float:
    x = float(value)
    if not (math.isfinite(x) and 0.0 < x < 1.0):
        raise InputError("expected a discount factor in (0, 1)", field=name, value=value)
    return x


def _length(value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise InputError(
            "expected a positive integer number of periods, or None for the grim trigger",
            field="punishment_length",
            value=value,
        )
    return int(value)


def _finite(value: float, name: str) -> float:
    x = float(value)
    if not math.isfinite(x):
        raise InputError("expected a finite number", field=name, value=value)
    return x


# -- the closed forms ---------------------------------------------------------------------------
def critical_discount(
    temptation: float,
    reward: float,
    punishment: float,
    flag_probability: float,
    *,
    false_alarm: float = 0.0,
    punishment_length: int | None = None,
    tol: float = TOL,
) -> float:
    r"""The least discount factor :math:`\delta^*` that makes the pause self-enforcing.

    Derivation in the module docstring. ``flag_probability`` is :math:`q`, the probability that
    the public signal flags a violation when the lab races (false alarms included);
    ``false_alarm`` is :math:`f`, the flag probability when everyone complies. Returns 0 when
    pausing is a stage best response (:math:`T \le R`), and ``math.inf`` when no discount
    factor below 1 suffices (e.g. :math:`R \le P`, or :math:`q \le f`, or a punishment too
    short).

    Examples
    --------
    Prisoner's dilemma T, R, P = 5, 3, 1 with perfect monitoring: the textbook
    :math:`\delta^* = (T - R)/(T - P) = 1/2`.

    >>> critical_discount(5, 3, 1, 1.0)
    0.5

    False alarms raise it: :math:`2 / (2 \cdot 0.9 + 0.9 \cdot 2) = 5/9`.

    >>> round(critical_discount(5, 3, 1, 1.0, false_alarm=0.1), 12)
    0.555555555556

    A one-period punishment needs :math:`S_1(\delta) = \delta \ge 2/2 = 1`: impossible.

    >>> critical_discount(5, 3, 1, 1.0, punishment_length=1)
    inf
    """
    from scipy.optimize import brentq

    t = _finite(temptation, "temptation")
    r = _finite(reward, "reward")
    p = _finite(punishment, "punishment")
    q = _probability(flag_probability, "flag_probability")
    f = _probability(false_alarm, "false_alarm")
    length = _length(punishment_length)
    tol = scale_tol(tol, max(abs(t), abs(r), abs(p)))
    gain = t - r
    if gain <= tol:
        return 0.0
    denominator = (q - f) * (r - p) - f * gain
    if denominator <= 0:
        return math.inf
    k = gain / denominator
    if length is None:
        return k / (1.0 + k)
    if k >= length:
        return math.inf
    if length == 1:
        return k
    if length == 2:
        return (math.sqrt(1.0 + 4.0 * k) - 1.0) / 2.0

    def excess(delta: float) -> float:
        # S_L(delta) - K, increasing in delta, negative at 0 and L - K > 0 at 1. The geometric
        # sum in closed form: an array of L powers would be unbounded work for a large L.
        if delta >= 1.0:
            return float(length) - k
        return (
            delta * -math.expm1(length * math.log(delta)) / (1.0 - delta) - k if delta > 0 else -k
        )

    return float(brentq(excess, 0.0, 1.0, xtol=1e-15, rtol=4 * np.finfo(float).eps))


def least_detection(
    temptation: float,
    reward: float,
    punishment: float,
    discount: float,
    *,
    false_alarm: float = 0.0,
    punishment_length: int | None = None,
    tol: float = TOL,
) -> float:
    r"""The least flag probability :math:`q^*` that makes the pause self-enforcing at ``discount``.

    Closed form for every punishment length (module docstring). A value above 1 means that no
    monitoring suffices at this discount factor; ``math.inf`` when :math:`R \le P` (the
    punishment does not hurt). Returns :math:`f` when :math:`T \le R + \mathrm{tol}`, the same
    test as :func:`critical_discount`.

    Examples
    --------
    ``docs/model/repeated.md`` at :math:`f = 0`: :math:`q^* = (1 - \delta)(T - R)/(\delta (R - P))`;
    with T, R, P = 5, 3, 1 and :math:`\delta = 0.8`: :math:`0.2 \cdot 2 / (0.8 \cdot 2) = 1/4`.

    >>> round(least_detection(5, 3, 1, 0.8), 12)
    0.25
    >>> least_detection(5, 3, 1, 0.3) > 1   # too impatient: impossible
    True
    """
    t = _finite(temptation, "temptation")
    r = _finite(reward, "reward")
    p = _finite(punishment, "punishment")
    delta = _discount(discount)
    f = _probability(false_alarm, "false_alarm")
    length = _length(punishment_length)
    tol = scale_tol(tol, max(abs(t), abs(r), abs(p)))
    gain = t - r
    # No temptation (within tol, as in critical_discount): false alarms alone are the floor.
    if gain <= tol:
        return f
    if r <= p:
        return math.inf
    tail = 0.0 if length is None else delta**length
    return f + gain * (1.0 - delta + delta * f * (1.0 - tail)) / (delta * (1.0 - tail) * (r - p))


@dataclass(frozen=True)
class RepeatedValues:
    """Normalised values of the repeated pause for one lab (module docstring).

    Attributes
    ----------
    pause : float
        :math:`(1-\\delta) V`, complying for ever (starting in the pause phase).
    deviate : float
        :math:`(1-\\delta) D`, racing once now and complying afterwards.
    punishment_phase : float
        :math:`(1-\\delta) W`, at the start of a punishment phase.
    """

    pause: float
    deviate: float
    punishment_phase: float

    @property
    def self_enforcing(self) -> bool:
        """Whether complying is at least as good as racing once (exactly, no tolerance)."""
        return self.pause >= self.deviate


def repeated_values(
    temptation: float,
    reward: float,
    punishment: float,
    flag_probability: float,
    discount: float,
    *,
    false_alarm: float = 0.0,
    punishment_length: int | None = None,
) -> RepeatedValues:
    r"""The closed-form values of complying and of racing once (module docstring).

    Examples
    --------
    At :math:`\delta = \delta^* = 1/2` (T, R, P = 5, 3, 1, perfect monitoring) the lab is
    indifferent: both values are 3.

    >>> v = repeated_values(5, 3, 1, 1.0, 0.5)
    >>> round(v.pause, 12), round(v.deviate, 12)
    (3.0, 3.0)
    """
    t = _finite(temptation, "temptation")
    r = _finite(reward, "reward")
    p = _finite(punishment, "punishment")
    q = _probability(flag_probability, "flag_probability")
    f = _probability(false_alarm, "false_alarm")
    delta = _discount(discount)
    length = _length(punishment_length)
    tail = 0.0 if length is None else delta**length
    # (1 - delta)(V - P / (1 - delta)) from the module docstring.
    pause = p + (1.0 - delta) * (r - p) / (1.0 - delta + delta * f * (1.0 - tail))
    phase = p * (1.0 - tail) + tail * pause
    deviate = (1.0 - delta) * t + delta * ((1.0 - q) * pause + q * phase)
    return RepeatedValues(pause, deviate, phase)


@dataclass(frozen=True)
class SimulatedValues:
    """Monte Carlo estimates of :class:`RepeatedValues` with their standard errors."""

    pause: float
    pause_se: float
    deviate: float
    deviate_se: float
    paths: int
    horizon: int


def simulate_repeated_values(
    temptation: float,
    reward: float,
    punishment: float,
    flag_probability: float,
    discount: float,
    *,
    false_alarm: float = 0.0,
    punishment_length: int | None = None,
    paths: int = 10_000,
    rng: np.random.Generator | int | None = None,
) -> SimulatedValues:
    r"""Estimate the values of complying and of racing once by simulating the repeated play.

    Each of ``paths`` independent histories draws the public signal every period (flag with
    probability ``false_alarm`` in the pause phase, ``flag_probability`` in the period the lab
    races), runs the trigger strategy and sums the discounted normalised payoffs. The horizon is
    cut where :math:`\delta^H` times the largest payoff is below :math:`10^{-12}`, so the
    truncation bias is negligible against the standard errors.

    Examples
    --------
    >>> sim = simulate_repeated_values(5, 3, 1, 0.6, 0.8, false_alarm=0.1, rng=1)
    >>> exact = repeated_values(5, 3, 1, 0.6, 0.8, false_alarm=0.1)
    >>> abs(sim.pause - exact.pause) < 5 * sim.pause_se
    True
    """
    t = _finite(temptation, "temptation")
    r = _finite(reward, "reward")
    p = _finite(punishment, "punishment")
    q = _probability(flag_probability, "flag_probability")
    f = _probability(false_alarm, "false_alarm")
    delta = _discount(discount)
    length = _length(punishment_length)
    if isinstance(paths, bool) or not isinstance(paths, int) or paths < 2:
        raise InputError("expected an integer >= 2", field="paths", value=paths)
    generator = np.random.default_rng(rng)
    scale = max(abs(t), abs(r), abs(p), 1.0)
    horizon = math.ceil(math.log(1e-12 / scale) / math.log(delta)) + 1
    estimates = []
    for deviate in (False, True):
        # remaining[k] > 0: path k is punishing for that many more periods (-1: for ever).
        remaining = np.zeros(paths, dtype=np.int64)
        total = np.zeros(paths)
        weight = 1.0 - delta
        for period in range(horizon):
            punishing = remaining != 0
            racing_now = deviate and period == 0
            stage = np.where(punishing, p, t if racing_now else r)
            total += weight * stage
            weight *= delta
            flags = generator.random(paths) < (q if racing_now else f)
            remaining = np.where(punishing & (remaining > 0), remaining - 1, remaining)
            trigger = ~punishing & flags
            remaining = np.where(trigger, -1 if length is None else length, remaining)
        estimates.append((float(total.mean()), float(total.std(ddof=1) / math.sqrt(paths))))
    (pause, pause_se), (dev, dev_se) = estimates
    return SimulatedValues(pause, pause_se, dev, dev_se, paths, horizon)


# -- the pause model's repeated game ------------------------------------------------------------
@dataclass(frozen=True)
class StagePayoffs:
    """Every lab's stage payoffs T, R, P and the punishment profiles they come from.

    Attributes
    ----------
    temptation, reward, punishment : ndarray
        :math:`T_i, R_i, P_i`, shape ``(N,)``.
    punishment_profiles : ndarray of bool
        Row :math:`i` is the racing profile that punishes lab :math:`i`, shape ``(N, N)``.
    punishment_rule : str
        ``"all-race"`` or ``"worst-equilibrium"``.
    credible : ndarray of bool
        Whether each punishment profile is a pure equilibrium of the stage game (so that
        playing it during the punishment phase is itself a best response).
    """

    temptation: NDArray[np.float64]
    reward: NDArray[np.float64]
    punishment: NDArray[np.float64]
    punishment_profiles: NDArray[np.bool_]
    punishment_rule: str
    credible: NDArray[np.bool_]


def stage_payoffs(
    model: PauseModel, *, punishment: Punishment = "all-race", tol: float = TOL
) -> StagePayoffs:
    r"""The stage payoffs :math:`T_i, R_i, P_i` of every lab (module docstring).

    ``punishment="all-race"`` punishes with the profile where every lab races (credible only
    when it is a stage equilibrium, reported in ``credible``); ``"worst-equilibrium"`` with the
    pure stage equilibrium worst for the punished lab
    (:func:`gametheory.pause.structure.pause_equilibria`;
    an error if the stage game has no pure equilibrium).

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, pause_cost=1), Lab("b", prize=4, pause_cost=1)))
    >>> s = stage_payoffs(m)
    >>> s.temptation.tolist(), s.reward.tolist(), s.punishment.tolist(), s.credible.tolist()
    ([4.0, 4.0], [-1.0, -1.0], [2.0, 2.0], [True, True])
    """
    from gametheory.pause.structure import pause_equilibria

    if punishment not in PUNISHMENTS:
        raise InputError(
            f"expected one of {list(PUNISHMENTS)}", field="punishment", value=punishment
        )
    tol = payoff_tol(model, tol)
    n = model.num_labs
    equilibria = pause_equilibria(model, tol=tol)  # first: it refuses too many labs cheaply
    alone = np.eye(n, dtype=bool)
    temptation = np.diagonal(pause_payoffs(model, alone)).copy()
    reward = pause_payoffs(model, np.zeros(n, dtype=bool))
    if punishment == "all-race":
        profiles = np.ones((n, n), dtype=bool)
        values = pause_payoffs(model, np.ones(n, dtype=bool))
        is_equilibrium = bool((equilibria.all(axis=1)).any()) if len(equilibria) else False
        credible = np.full(n, is_equilibrium)
    else:
        if len(equilibria) == 0:
            raise InputError(
                "the stage game has no pure equilibrium; expected punishment='all-race'",
                field="punishment",
                value=punishment,
            )
        payoffs = pause_payoffs(model, equilibria)  # (k, N)
        worst = payoffs.argmin(axis=0)
        profiles = equilibria[worst]
        values = payoffs[worst, np.arange(n)]
        credible = np.ones(n, dtype=bool)
    for array in (temptation, reward, values, profiles, credible):
        array.setflags(write=False)
    return StagePayoffs(temptation, reward, values, profiles, punishment, credible)


@dataclass(frozen=True)
class RepeatedPauseReport:
    r"""The repeated pause of a model: per lab thresholds and which lab binds first.

    Attributes
    ----------
    lab_names : tuple of str
    stage : StagePayoffs
    detection : ndarray
        :math:`d_i`, each lab's detection probability from the model's channels.
    flag_probability : ndarray
        :math:`q_i = 1 - (1 - d_i)(1 - f)`.
    false_alarm, discount : float
    punishment_length : int or None
        ``None``: grim trigger.
    critical_discount : ndarray
        :math:`\delta_i^*` (``inf``: no discount factor suffices).
    least_flag_probability : ndarray
        :math:`q_i^*` at ``discount`` (above 1: impossible; ``inf``: punishment does not hurt).
    least_detection : ndarray
        The same in detection terms, :math:`d_i^* = (q_i^* - f)/(1 - f)`.
    self_enforcing : ndarray of bool
        Whether complying is a best response for each lab at ``discount``.
    binding_discount : str or None
        The lab with the largest :math:`\delta_i^*`: the first to defect as :math:`\delta` falls
        (``None`` when pausing is a stage best response for every lab).
    binding_detection : str or None
        The lab with the largest :math:`d_i^*/d_i`: the first to defect as every detection is
        scaled down together (``None`` when no lab needs any detection).
    """

    lab_names: tuple[str, ...]
    stage: StagePayoffs
    detection: NDArray[np.float64]
    flag_probability: NDArray[np.float64]
    false_alarm: float
    discount: float
    punishment_length: int | None
    critical_discount: NDArray[np.float64]
    least_flag_probability: NDArray[np.float64]
    least_detection: NDArray[np.float64]
    self_enforcing: NDArray[np.bool_]
    binding_discount: str | None
    binding_detection: str | None

    @property
    def all_self_enforcing(self) -> bool:
        """Whether the pause is self-enforcing for every lab at ``discount``."""
        return bool(self.self_enforcing.all())


def repeated_pause(
    model: PauseModel,
    *,
    discount: float = 0.9,
    false_alarm: float = 0.0,
    punishment_length: int | None = None,
    punishment: Punishment = "all-race",
    tol: float = TOL,
) -> RepeatedPauseReport:
    r"""Analyse the repeated pause of ``model`` lab by lab (module docstring).

    Examples
    --------
    Two labs, racing alone wins 4 (expected sanction 0.5 · 2 = 1 included), pausing costs 1,
    both racing gives 2 each: T, R, P = 3, -1, 1 (a prisoner's dilemma).

    >>> from gametheory import Channel, Lab, PauseModel
    >>> m = PauseModel(
    ...     labs=(Lab("a", prize=4, pause_cost=1, sanction=2),
    ...           Lab("b", prize=4, pause_cost=1, sanction=2)),
    ...     channels=(Channel("audit", (0.5, 0.5)),),
    ... )
    >>> rep = repeated_pause(m, discount=0.9)
    >>> rep.stage.temptation.tolist(), rep.stage.reward.tolist(), rep.stage.punishment.tolist()
    ([3.0, 3.0], [-1.0, -1.0], [1.0, 1.0])

    Here :math:`R < P`: the all-race punishment is better than the pause, so nothing sustains it.

    >>> rep.critical_discount.tolist(), rep.all_self_enforcing
    ([inf, inf], False)
    """
    f = _probability(false_alarm, "false_alarm")
    delta = _discount(discount)
    length = _length(punishment_length)
    tol = payoff_tol(model, tol)
    stage = stage_payoffs(model, punishment=punishment, tol=tol)
    d = detection_probabilities(model)
    q = 1.0 - (1.0 - d) * (1.0 - f)
    n = model.num_labs
    critical = np.array(
        [
            critical_discount(
                stage.temptation[i],
                stage.reward[i],
                stage.punishment[i],
                q[i],
                false_alarm=f,
                punishment_length=length,
                tol=tol,
            )
            for i in range(n)
        ]
    )
    least_q = np.array(
        [
            least_detection(
                stage.temptation[i],
                stage.reward[i],
                stage.punishment[i],
                delta,
                false_alarm=f,
                punishment_length=length,
            )
            for i in range(n)
        ]
    )
    least_d = (least_q - f) / (1.0 - f) if f < 1 else np.full(n, np.inf)
    gains = stage.temptation - stage.reward
    # Complying is a best response when the deviation gain is covered: compare the value
    # difference rather than delta with delta*, so that ties are decided with tol.
    enforcing = np.array(
        [
            gains[i] <= tol
            or (
                delta
                * (q[i] - f)
                * (1.0 - (0.0 if length is None else delta**length))
                * (stage.reward[i] - stage.punishment[i])
                - gains[i]
                * (1.0 - delta + delta * f * (1.0 - (0.0 if length is None else delta**length)))
                >= -tol
            )
            for i in range(n)
        ]
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(least_d <= 0, 0.0, np.divide(least_d, d))
    ratio = np.where(np.isnan(ratio), np.inf, ratio)
    names = model.lab_names
    for array in (d, q, critical, least_q, least_d, enforcing):
        array.setflags(write=False)
    return RepeatedPauseReport(
        lab_names=names,
        stage=stage,
        detection=d,
        flag_probability=q,
        false_alarm=f,
        discount=delta,
        punishment_length=length,
        critical_discount=critical,
        least_flag_probability=least_q,
        least_detection=least_d,
        self_enforcing=enforcing,
        binding_discount=names[int(np.argmax(critical))] if critical.max() > 0 else None,
        binding_detection=names[int(np.argmax(ratio))] if ratio.max() > 0 else None,
    )


def validate_repeated_section(table: Any, locate: Any) -> dict[str, Any]:
    """Validate a scenario's ``[repeated]`` section (registered in ``SECTION_VALIDATORS``).

    Keys: ``discount`` (in (0, 1)), ``false_alarm`` (in [0, 1]), ``punishment_length``
    (an integer >= 1; absent: grim trigger) and ``punishment`` (``"all-race"`` or
    ``"worst-equilibrium"``). Returns the keyword arguments of :func:`repeated_pause`.

    Examples
    --------
    >>> class Loc:
    ...     def error(self, message, *keys, value=None):
    ...         return InputError(message, field=".".join(("repeated", *keys)), value=value)
    >>> validate_repeated_section({"discount": 0.95, "punishment_length": 6}, Loc())
    {'discount': 0.95, 'punishment_length': 6}
    >>> validate_repeated_section({"discount": 1.5}, Loc())
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: repeated.discount = 1.5: expected a discount factor in (0, 1)
    """
    if not isinstance(table, Mapping):
        raise locate.error("expected a table", value=table)
    checks: dict[str, Any] = {
        "discount": _discount,
        "false_alarm": _probability,
        "punishment_length": lambda v, _name: _length(v),
        "punishment": lambda v, _name: v if v in PUNISHMENTS else _bad_punishment(v),
    }
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key not in checks:
            raise locate.error(f"unknown key; expected one of {sorted(checks)}", key, value=value)
        if key != "punishment" and (
            isinstance(value, bool) or not isinstance(value, int | float | Fraction)
        ):
            raise locate.error("expected a number", key, value=value)
        try:
            out[key] = checks[key](value, key)
        except InputError as exc:
            raise locate.error(exc.message, key, value=value) from None
    return out


def _bad_punishment(value: Any) -> str:
    raise InputError(f"expected one of {list(PUNISHMENTS)}", field="punishment", value=value)
