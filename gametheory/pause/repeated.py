r"""The repeated pause with credible punishments (model document: ``docs/model/repeated.md``).

**Time and detection** (the package's one convention). One period is one round of the one-shot
pause game of :mod:`gametheory.pause.model`. While the pause is in force that is exactly the
stage game: a lab racing during the pause is detected with probability :math:`d_i` per period
(its channels' detection) and then pays its sanction :math:`F_i`, so racing alone pays
:math:`T_i(d) = T_i^0 - d F_i` with :math:`T_i^0` the payoff before sanctions. Once the pause
has collapsed into open racing there is no agreement to violate: the punishment phase is played
in the **no-agreement game** (:func:`no_agreement_model`: no detection, no sanction). Write
:math:`R_i = u_i(\emptyset)` for everyone pausing and :math:`G_i = T_i^0 - R_i` for the gain
from racing alone before sanctions (the one-shot game's defection gain).

**Monitoring.** Each period of the pause a public signal flags a violation or not: with
probability :math:`f` (the false-alarm rate) when everyone complies and
:math:`q = 1 - (1 - d)(1 - f)` when a lab races, so :math:`q - f = d(1 - f)`. The flag does not
name a lab, so the punishment path is common to every lab (Green & Porter 1984). During the
punishment, open racing conceals nothing: actions are public.

**Strategies** (simple strategy profiles, Abreu 1988). Every lab pauses while no flag has been
raised; after a flag every lab follows a punishment path :math:`(a^1, \dots, a^L)` of
no-agreement profiles, then the pause resumes (:math:`L = \infty`: never). Only subgame-perfect
paths are offered as answers (:data:`CREDIBLE_PUNISHMENTS`):

* ``"nash-reversion"`` (the default): a pure equilibrium of the no-agreement game, for ever or
  for ``punishment_length`` periods; every period is a stage equilibrium, so following it is
  subgame perfect whatever comes next (Friedman 1971). :func:`punishment_path` names the
  equilibrium it chooses.
* ``"stick-and-carrot"``: a stick profile for :math:`k` periods, then the pause (the carrot); a
  lab deviating during the stick restarts it. Credible when no lab gains from a one-shot
  deviation during the stick (Abreu 1986, 1988); the best code of this family at the discount
  factor is chosen by search.
* ``"grim-all-race"``: every lab racing for ever. A **benchmark only**: unless all-race is an
  equilibrium of the no-agreement game it is not credible, and no verdict rests on it.

**Conditions.** With normalised values (:math:`(1-\delta)\sum_t \delta^t u_t`),
:math:`A_i = (1-\delta)\sum_{t<L} \delta^t u^0_i(a^{t+1})` the punishment's flow,
the value of the pause :math:`V_i` and of the start of a punishment :math:`W_i` solve
:math:`V = (1-\delta) R + \delta[(1-f) V + f W]`, :math:`W = A + \delta^L V`:

.. math::

    V_i = \frac{(1-\delta) R_i + \delta f A_i}{1 - \delta + \delta f (1 - \delta^L)}, \qquad
    W_i = A_i + \delta^L V_i

(for :math:`L = \infty`: :math:`W_i = u^0_i(a)`). By the one-shot deviation principle lab
:math:`i` keeps the pause iff

.. math::

    \delta\, d\, (1 - f)\,(V_i - W_i) \ \ge\ (1 - \delta)\,(G_i - d F_i),

and, for a stick that restarts, no period :math:`t` of the punishment tempts it:
:math:`(1-\delta)(b_i(a^t) - u^0_i(a^t)) \le \delta (C_i^{t+1} - W_i)`, with :math:`b_i` its
payoff from the other action against :math:`a^t` and :math:`C_i^{t+1}` the value of the rest of the
path. The pause condition is linear in :math:`d` (:math:`V_i, W_i` do not depend on it), so
the **least detection** is its root

.. math::

    d_i^* = \frac{(1 - \delta)\, G_i}{\delta (1 - f)(V_i - W_i) + (1 - \delta) F_i}

(0 when :math:`G_i \le 0`; above 1: no detection suffices; infinite when the denominator is
not positive or the punishment is not an equilibrium). As :math:`\delta \to 0` it tends to
the one-shot critical verification :math:`G_i / F_i` of :mod:`gametheory.pause.thresholds`.
The **least discount factor** :math:`\delta_i^*` is the root in :math:`\delta` of the least of
lab :math:`i`'s conditions at its own :math:`d_i`, found by a scan and Brent's method. For Nash
reversion for ever it has the closed form (ours)

.. math::

    \delta_i^* = \frac{G_i - d_i F_i}{(1 - f)\bigl(G_i - d_i F_i + d_i (R_i - u^0_i(a))\bigr)},

which at :math:`d = 1, f = 0` and no sanction is the textbook :math:`(T - R)/(T - P)`.
Every threshold :func:`repeated_pause` reports is re-solved from the model at the threshold
:math:`\pm` :data:`THRESHOLD_STEP` by :func:`path_holds` (values of the strategy automaton as a
linear system, stage payoffs rebuilt from the model).

**The abstract repeated game.** :func:`critical_discount`, :func:`least_detection`,
:func:`repeated_values` and :func:`simulate_repeated_values` treat a game given by numbers
:math:`T, R, P` with a flag probability :math:`q` that does not change :math:`T` (as in a
textbook prisoner's dilemma), with a punishment of :math:`L` periods of :math:`P`:
:math:`V - W = (1 - \delta^L)(R - P) / (1 - \delta + \delta f (1 - \delta^L))`, the condition
:math:`\delta (q - f)(V - W) \ge (1 - \delta)(T - R)`, and with
:math:`S_L(\delta) = \delta + \dots + \delta^L` it reads

.. math::

    S_L(\delta) \ \ge\ K = \frac{T - R}{(q - f)(R - P) - f (T - R)} ,

so :math:`\delta^* = K/(1+K)` for :math:`L = \infty`, :math:`K` for :math:`L = 1`,
:math:`(\sqrt{1 + 4K} - 1)/2` for :math:`L = 2`, and Brent's method otherwise; solved for
:math:`q` it gives

.. math::

    q^* = f + \frac{(T - R)\,(1 - \delta + \delta f (1 - \delta^L))}
                   {\delta (1 - \delta^L)(R - P)} .

References
----------
.. [1] Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of
   Economic Studies* 38(1):1-12. (Nash reversion.)
.. [2] Green, E. J. & Porter, R. H. (1984). Noncooperative collusion under imperfect price
   information. *Econometrica* 52(1):87-100.
.. [3] Abreu, D. (1986). Extremal equilibria of oligopolistic supergames. *Journal of Economic
   Theory* 39(1):191-225. (Stick and carrot.)
.. [4] Abreu, D. (1988). On the theory of infinitely repeated games with discounting.
   *Econometrica* 56(2):383-396. (Simple strategy profiles, optimal penal codes.)
.. [5] Abreu, D., Pearce, D. & Stacchetti, E. (1990). Toward a theory of discounted repeated
   games with imperfect monitoring. *Econometrica* 58(5):1041-1063.
.. [6] Fudenberg, D. & Tirole, J. (1991). *Game Theory*. MIT Press, §5.1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from gametheory.core.errors import InputError
from gametheory.core.limits import check_memory
from gametheory.core.tolerance import SCALE_FLOOR, TOL, scale_tol
from gametheory.pause.model import (
    PauseModel,
    detection_probabilities,
    pause_payoffs,
    payoff_tol,
    racing_profiles,
)
from gametheory.pause.sweeps import _weakest

__all__ = [
    "CREDIBLE_PUNISHMENTS",
    "MAX_STICK_LENGTH",
    "PUNISHMENTS",
    "THRESHOLD_STEP",
    "PunishmentPath",
    "RepeatedPauseReport",
    "RepeatedValues",
    "SimulatedValues",
    "StagePayoffs",
    "credible_punishments",
    "critical_discount",
    "least_detection",
    "least_detection_curve",
    "no_agreement_model",
    "path_holds",
    "punishment_path",
    "repeated_pause",
    "repeated_values",
    "simulate_repeated_values",
    "stage_payoffs",
    "validate_repeated_section",
]

#: The punishments :func:`repeated_pause` offers; the last is a non-credible benchmark.
PUNISHMENTS = ("nash-reversion", "stick-and-carrot", "grim-all-race")
#: The subgame-perfect ones, whose verdicts are answers.
CREDIBLE_PUNISHMENTS = ("nash-reversion", "stick-and-carrot")
#: The longest stick the stick-and-carrot search tries.
MAX_STICK_LENGTH = 4
#: Above this many labs the stick-and-carrot search tries only the all-race stick.
MAX_STICK_SEARCH_LABS = 8
#: The step either side of a threshold at which :func:`repeated_pause` re-solves the condition.
THRESHOLD_STEP = 1e-6

Punishment = Literal["nash-reversion", "stick-and-carrot", "grim-all-race"]


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
    # A finite punishment is played out period by period (one row per period and lab).
    check_memory(
        int(value) * PUNISHMENT_BYTES_PER_PERIOD,
        field="punishment_length",
        value=int(value),
        what="the punishment's periods",
    )
    return int(value)


#: Bytes per period of a finite punishment path: its rows, payoffs and backward flows (a few
#: arrays of 8-byte numbers per lab, up to 64 labs).
PUNISHMENT_BYTES_PER_PERIOD = 8 * 8 * 64


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
    At :math:`f = 0` and :math:`L = \infty`: :math:`q^* = (1 - \delta)(T - R)/(\delta (R - P))`;
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
#: Discount factors scanned for :math:`\delta^*` before the root is refined by Brent's method:
#: uniform on (0, 0.999] and geometric towards 1, so roots close to 1 are bracketed too.
_DISCOUNT_GRID = np.unique(
    np.concatenate([np.linspace(1e-4, 0.999, 2000), 1.0 - np.geomspace(1e-3, 1e-7, 120)])
)


#: Punishment paths longer than this are valued one discount factor at a time, in O(L) memory.
_SHORT_PATH = 64


def _long_values(
    path: PunishmentPath,
    on_path: NDArray[np.float64],
    best: NDArray[np.float64],
    reward: NDArray[np.float64],
    f: float,
    delta: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """:func:`_values` of a long finite path: for each discount factor the punishment's flows
    backwards by a linear filter (``c_t = (1 - d) pi_t + d c_{t+1}``), memory O(L N)."""
    from gametheory.core.progress import progress_bar

    length = int(path.length or 1)
    out = np.empty((3, len(delta), len(reward)))
    tail_exponents = np.arange(length, 0, -1, dtype=float)[:, None]  # L - t, t = 0..L-1
    # The scan over the discount grid is the long part (a bar on a terminal); a single
    # discount factor (a root's refinement) is quick.
    bar = progress_bar(len(delta), "punishment path", enabled=None if len(delta) > 1 else False)
    with bar:
        for k, d in enumerate(np.asarray(delta, dtype=float)):
            out[:, k] = _long_values_at(path, on_path, best, reward, f, float(d), tail_exponents)
            bar.update(1)
    return out[0], out[1], out[2]


def _long_values_at(
    path: PunishmentPath,
    on_path: NDArray[np.float64],
    best: NDArray[np.float64],
    reward: NDArray[np.float64],
    f: float,
    d: float,
    tail_exponents: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """V, W and the least slack of a long path at one discount factor ``d``."""
    from scipy.signal import lfilter

    length = len(tail_exponents)
    on_path, best = on_path[:length], best[:length]
    flow = lfilter([1 - d], [1, -d], on_path[::-1], axis=0)[::-1]  # (L, N)
    tail = d**length
    v = ((1 - d) * reward + d * f * flow[0]) / (1 - d + d * f * (1 - tail))
    w = flow[0] + tail * v
    later = flow + d**tail_exponents * v  # C_t, t = 0..L-1; C_L = V
    following = np.vstack([later[1:], v[None, :]])
    follow = following - w if path.restarts else 0.0
    slack = ((1 - d) * (on_path - best) + d * follow).min(axis=0)
    return v, w, slack


@dataclass(frozen=True, eq=False)
class PunishmentPath:
    r"""A punishment path of the repeated pause: what every lab plays after a flag.

    Attributes
    ----------
    rule : str
        One of :data:`PUNISHMENTS`.
    profiles : ndarray of bool, shape (k, N)
        The racing profiles of the no-agreement game played in the punishment's periods
        (``True`` = race); with ``length=None`` one row, played for ever.
    length : int or None
        Periods of punishment before the pause resumes; ``None``: for ever.
    restarts : bool
        Whether a lab that deviates during the punishment restarts it (the stick of a
        stick-and-carrot code); stage-equilibrium paths need no such threat.
    credible : bool
        Whether following the path is subgame perfect: every period is a stage equilibrium of
        the no-agreement game, or (stick-and-carrot) no lab gains from a one-shot deviation at
        the scenario's discount factor.
    description : str
        The path in words, naming the racing labs.
    """

    rule: str
    profiles: NDArray[np.bool_]
    length: int | None
    restarts: bool
    credible: bool
    description: str


def no_agreement_model(model: PauseModel) -> PauseModel:
    """The stage game once the pause has collapsed: no agreement, so no detection or sanction.

    Examples
    --------
    >>> from gametheory import Channel, Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=9),), channels=(Channel("x", (0.5,)),))
    >>> no_agreement_model(m).channels
    ()
    """
    return replace(model, channels=())


def _racers(model: PauseModel, racing: NDArray[np.bool_]) -> str:
    names = [n for n, r in zip(model.lab_names, racing.tolist(), strict=True) if r]
    if not names:
        return "no lab races"
    if len(names) == model.num_labs:
        return "every lab races"
    return f"{', '.join(names)} race{'s' if len(names) == 1 else ''}"


def _flipped_own_payoffs(
    model: PauseModel, profiles: NDArray[np.bool_], detection: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    """``out[r, j]``: lab ``j``'s payoff when it alone switches its action in ``profiles[r]``.

    The diagonal of the (k, N, N) deviation payoffs, computed a block of labs at a time so that
    memory stays O(k N) for thousands of labs.
    """
    k, n = profiles.shape
    out = np.empty((k, n))
    block = max(1, (1 << 22) // max(1, k * n))
    for start in range(0, n, block):
        labs = np.arange(start, min(start + block, n))
        switch = np.zeros((len(labs), n), dtype=bool)
        switch[np.arange(len(labs)), labs] = True
        flipped = profiles[:, None, :] ^ switch[None]  # (k, B, N)
        payoffs = pause_payoffs(model, flipped, detection=detection)  # (k, B, N)
        out[:, labs] = payoffs[:, np.arange(len(labs)), labs]
    return out


def _path_payoffs(
    model: PauseModel, path: PunishmentPath
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Each lab's no-agreement payoff on the path, and its payoff from the other action."""
    free = no_agreement_model(model)
    on_path = pause_payoffs(free, path.profiles)  # (k, N)
    return on_path, _flipped_own_payoffs(free, path.profiles)  # (k, N) each


def _values(
    path: PunishmentPath,
    on_path: NDArray[np.float64],
    best: NDArray[np.float64],
    reward: NDArray[np.float64],
    false_alarm: float,
    delta: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    r"""Normalised values V (pause), W (start of punishment) and the punishment's least slack.

    Shapes ``(D, N)`` for ``D`` discount factors (module docstring, "credible punishments").
    """
    d = delta[:, None]
    f = false_alarm
    if path.length is None:
        pi = on_path[0][None, :]
        w = np.broadcast_to(pi, (len(delta), len(reward)))
        v = ((1 - d) * reward + d * f * pi) / (1 - d + d * f)
        slack = np.broadcast_to((1 - d) * (on_path[0] - best[0]), w.shape)
        return v, w, slack
    length = path.length
    if length > _SHORT_PATH:
        return _long_values(path, on_path, best, reward, f, delta)
    powers = d ** np.arange(length)[None, :]  # (D, L)
    flow = (1 - d) * (powers @ on_path)  # (D, N): (1 - delta) sum_t delta^t pi_t
    tail = d**length
    v = ((1 - d) * reward + d * f * flow) / (1 - d + d * f * (1 - tail))
    w = flow + tail * v
    slack = np.full(v.shape, np.inf)
    later = v  # C_{t+1}, starting from C_L = V
    for t in range(length - 1, -1, -1):
        follow = later - w if path.restarts else np.zeros_like(v)
        slack = np.minimum(slack, (1 - d) * (on_path[t] - best[t]) + d * follow)
        later = (1 - d) * on_path[t] + d * later
    return v, w, slack


def _pause_slack(
    v: NDArray[np.float64],
    w: NDArray[np.float64],
    gain: NDArray[np.float64],
    sanction: NDArray[np.float64],
    detection: NDArray[np.float64],
    false_alarm: float,
    delta: NDArray[np.float64],
) -> NDArray[np.float64]:
    r""":math:`\delta d (1-f)(V - W) - (1 - \delta)(G - d F)`: complying minus racing once."""
    d = delta[:, None]
    return d * detection * (1 - false_alarm) * (v - w) - (1 - d) * (gain - detection * sanction)


def _lab_least_detection(
    v: NDArray[np.float64],
    w: NDArray[np.float64],
    slack: NDArray[np.float64],
    gain: NDArray[np.float64],
    sanction: NDArray[np.float64],
    false_alarm: float,
    delta: NDArray[np.float64],
    tol: float,
    check_punishment: bool,
) -> NDArray[np.float64]:
    r"""The root in :math:`d` of the pause-path condition (linear in :math:`d`), shape (D, N)."""
    d = delta[:, None]
    numerator = (1 - d) * gain
    denominator = d * (1 - false_alarm) * (v - w) + (1 - d) * sanction
    with np.errstate(divide="ignore", invalid="ignore"):
        root = np.where(denominator > 0, numerator / denominator, np.inf)
    root = np.where(gain <= tol, 0.0, root)
    if check_punishment:
        root = np.where(slack >= -tol, root, np.inf)
    return np.asarray(root)


def path_holds(
    model: PauseModel,
    path: PunishmentPath,
    lab: int,
    *,
    discount: float,
    detection: float,
    false_alarm: float = 0.0,
) -> float:
    r"""Lab ``lab``'s least gain from following the strategies, recomputed from the model.

    The independent check of :func:`repeated_pause`'s thresholds: the stage payoffs are rebuilt
    with :func:`~gametheory.pause.model.pause_payoffs` (the lab's detection set to
    ``detection``, so its expected sanction :math:`dF` moves with it; the punishment phase in
    the no-agreement game), the values of the strategy automaton are solved as a linear system
    :math:`v = (1-\delta) u + \delta P v`, and every one-shot deviation is compared. Returns the
    smallest "comply minus deviate" over the pause and every punishment period, in normalised
    payoff units: :math:`\ge 0` means the lab follows the strategies. The benchmark
    ``"grim-all-race"`` checks the pause only (its punishment is not required to be credible).

    Examples
    --------
    Two labs that gain 4 by racing alone against a pause cost of 1, caught with probability
    0.5 and sanctioned 2: patient enough, they comply.

    >>> from gametheory import Channel, Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, pause_cost=1, sanction=2),
    ...                      Lab("b", prize=4, pause_cost=1, sanction=2)),
    ...                channels=(Channel("audit", (0.5, 0.5)),))
    >>> path = punishment_path(m, "nash-reversion")
    >>> path_holds(m, path, 0, discount=0.95, detection=0.5) < 0   # R = -1 < P = 2
    True
    """
    n = model.num_labs
    q = np.zeros(n)
    q[lab] = detection
    alone = np.zeros(n, dtype=bool)
    alone[lab] = True
    temptation = float(pause_payoffs(model, alone, detection=q)[lab])
    reward = float(pause_payoffs(model, np.zeros(n, dtype=bool))[lab])
    on_path, best = _path_payoffs(model, path)
    steps = 1 if path.length is None else path.length
    # States: 0 the pause, 1..steps the punishment periods; state t moves to t + 1, the last
    # to 0 (a finite punishment) or to itself (for ever). Solved backwards in O(steps): the
    # value of period t is c_t + delta**(steps - t + 1) * V_0, c_t its discounted flow to the
    # end of the punishment.
    from scipy.signal import lfilter

    delta, f = float(discount), float(false_alarm)
    p = on_path[:steps, lab].astype(float)
    if path.length is None:
        punish = p.copy()  # one period played for ever: its value is its payoff
        v0 = ((1 - delta) * reward + delta * f * punish[0]) / (1 - delta * (1 - f))
        after_last = punish[0]
    else:
        flow = lfilter([1 - delta], [1, -delta], p[::-1])[::-1]
        tail = delta ** np.arange(steps, 0, -1, dtype=float)  # delta**(steps - t + 1)
        v0 = ((1 - delta) * reward + delta * f * flow[0]) / (
            1 - delta * (1 - f) - delta * f * tail[0]
        )
        punish = flow + tail * v0
        after_last = v0
    flag = 1 - (1 - detection) * (1 - false_alarm)
    gains = [v0 - ((1 - delta) * temptation + delta * ((1 - flag) * v0 + flag * punish[0]))]
    payoff = np.concatenate([[reward], p])
    failing: list[float] = []
    if path.rule != "grim-all-race":
        after = np.full(steps, punish[0]) if path.restarts else np.append(punish[1:], after_last)
        period_gains = punish - ((1 - delta) * best[:steps, lab] + delta * after)
        # Punishment periods that hold within rounding (a stage equilibrium has slack exactly
        # 0) leave the pause to decide.
        scale = max(float(np.abs(payoff).max()), abs(temptation), SCALE_FLOOR)
        failing = period_gains[period_gains < -1e-12 * scale].tolist()
    return float(min([gains[0], *failing]))


def _candidate_paths(
    model: PauseModel, rule: str, length: int | None, tol: float
) -> list[PunishmentPath]:
    from gametheory.pause.structure import pause_equilibria

    n = model.num_labs
    free = no_agreement_model(model)
    if rule == "grim-all-race":
        everyone = np.ones((1, n), dtype=bool)
        equilibria = pause_equilibria(free, tol=tol)
        credible = bool(equilibria.all(axis=1).any()) if len(equilibria) else False
        words = "grim trigger into every lab racing for ever" + (
            "" if credible else " (a benchmark: not an equilibrium of the no-agreement game)"
        )
        return [PunishmentPath(rule, everyone, None, False, credible, words)]
    if rule == "nash-reversion":
        equilibria = pause_equilibria(free, tol=tol)
        span = "for ever" if length is None else f"for {length} period{'s' * (length != 1)}"
        return [
            PunishmentPath(
                rule,
                np.repeat(e[None, :], 1 if length is None else length, axis=0),
                length,
                False,
                True,
                f"reversion {span} to the no-agreement equilibrium where {_racers(model, e)}",
            )
            for e in equilibria
        ]
    # stick-and-carrot
    if n <= MAX_STICK_SEARCH_LABS:
        sticks = racing_profiles(n)[1:]
    else:
        sticks = np.ones((1, n), dtype=bool)
    lengths = range(1, MAX_STICK_LENGTH + 1) if length is None else (length,)
    return [
        PunishmentPath(
            rule,
            np.repeat(s[None, :], k, axis=0),
            k,
            True,
            False,  # decided at the discount factor by repeated_pause
            f"stick and carrot: {k} period{'s' * (k != 1)} where {_racers(model, s)}, "
            "then the pause resumes (a lab deviating during the stick restarts it)",
        )
        for k in lengths
        for s in sticks
    ]


def punishment_path(
    model: PauseModel,
    rule: str = "nash-reversion",
    *,
    punishment_length: int | None = None,
    discount: float = 0.9,
    false_alarm: float = 0.0,
    tol: float = TOL,
) -> PunishmentPath:
    r"""The punishment path :func:`repeated_pause` uses for ``rule`` (module docstring).

    * ``"nash-reversion"``: of the pure equilibria of the no-agreement game, the one that
      sustains the pause with the smallest largest shortfall :math:`d_i^* - d_i` at
      ``discount`` (ties: more racers, then the lower bitmask), played for ever or for
      ``punishment_length`` periods;
    * ``"stick-and-carrot"``: of the codes "a stick profile for :math:`k` periods, then the
      pause" (:math:`k \le` :data:`MAX_STICK_LENGTH`, or exactly ``punishment_length``) that
      are subgame perfect at ``discount``, the one with the smallest largest shortfall;
    * ``"grim-all-race"``: every lab racing for ever, the non-credible benchmark unless
      all-race is an equilibrium of the no-agreement game.

    Raises :class:`~gametheory.core.errors.InputError` when no path of the rule qualifies
    (e.g. the no-agreement game has no pure equilibrium).

    Examples
    --------
    >>> from gametheory import load_model
    >>> punishment_path(load_model("two-labs")).description
    'reversion for ever to the no-agreement equilibrium where every lab races'
    """
    return _choose_path(model, rule, punishment_length, discount, false_alarm, tol)[0]


def _choose_path(
    model: PauseModel,
    rule: str,
    length: int | None,
    discount: float,
    false_alarm: float,
    tol: float,
) -> tuple[PunishmentPath, dict[str, NDArray[np.float64]]]:
    if rule not in PUNISHMENTS:
        raise InputError(f"expected one of {list(PUNISHMENTS)}", field="punishment", value=rule)
    length = _length(length)
    if rule == "grim-all-race" and length is not None:
        raise InputError(
            "the grim-trigger benchmark punishes for ever; expected no punishment length",
            field="punishment_length",
            value=length,
        )
    delta = np.array([_discount(discount)])
    f = _probability(false_alarm, "false_alarm")
    n = model.num_labs
    detection = detection_probabilities(model)
    gain = _flipped_own_payoffs(model, np.zeros((1, n), dtype=bool), np.zeros(n))[0]
    reward = pause_payoffs(model, np.zeros(n, dtype=bool))
    gain = gain - reward
    sanction = model.array("sanction")
    best: tuple[tuple[float, int, int], PunishmentPath, dict[str, Any]] | None = None
    for index, path in enumerate(_candidate_paths(model, rule, length, tol)):
        on_path, deviation = _path_payoffs(model, path)
        v, w, slack = _values(path, on_path, deviation, reward, f, delta)
        if rule == "stick-and-carrot":
            if not (slack >= -tol).all():
                continue
            path = replace(path, credible=True)
        check = rule != "grim-all-race"
        least = _lab_least_detection(v, w, slack, gain, sanction, f, delta, tol, check)[0]
        shortfall = float(np.max(least - detection))
        key = (shortfall, -int(path.profiles[0].sum()), index)
        if best is None or key < best[0]:
            best = (key, path, {"on_path": on_path, "best": deviation})
    if best is None:
        reason = {
            "nash-reversion": "the no-agreement game has no pure equilibrium to revert to",
            "stick-and-carrot": "no stick-and-carrot code is an equilibrium at this discount "
            "factor",
        }[rule]
        raise InputError(f"{reason}; expected another punishment", field="punishment", value=rule)
    return best[1], best[2]


@dataclass(frozen=True)
class StagePayoffs:
    """Every lab's stage payoffs T, R, P and the punishment profiles they come from.

    Attributes
    ----------
    temptation, reward, punishment : ndarray
        :math:`T_i` (racing alone at the scenario's detection, expected sanction included),
        :math:`R_i` (everyone pausing) and :math:`P_i` (the first punishment period, in the
        no-agreement game: no sanction), shape ``(N,)``.
    punishment_profiles : ndarray of bool
        Row :math:`i` is the racing profile of the first punishment period after lab
        :math:`i`'s detection, shape ``(N, N)`` (the path is common to every lab).
    punishment_rule : str
        One of :data:`PUNISHMENTS`.
    credible : ndarray of bool
        Whether following the punishment is subgame perfect.
    """

    temptation: NDArray[np.float64]
    reward: NDArray[np.float64]
    punishment: NDArray[np.float64]
    punishment_profiles: NDArray[np.bool_]
    punishment_rule: str
    credible: NDArray[np.bool_]


def stage_payoffs(
    model: PauseModel, *, punishment: Punishment = "nash-reversion", tol: float = TOL
) -> StagePayoffs:
    r"""The stage payoffs :math:`T_i, R_i, P_i` of every lab (module docstring).

    :math:`P_i` is the payoff in the first period of the punishment path chosen by
    :func:`punishment_path` for ``punishment`` at the default discount factor.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, pause_cost=1), Lab("b", prize=4, pause_cost=1)))
    >>> s = stage_payoffs(m)
    >>> s.temptation.tolist(), s.reward.tolist(), s.punishment.tolist(), s.credible.tolist()
    ([4.0, 4.0], [-1.0, -1.0], [2.0, 2.0], [True, True])
    """
    path = punishment_path(model, punishment, tol=tol)
    return _stage(model, path)


def _stage(model: PauseModel, path: PunishmentPath) -> StagePayoffs:
    n = model.num_labs
    temptation = _flipped_own_payoffs(model, np.zeros((1, n), dtype=bool))[0]
    reward = pause_payoffs(model, np.zeros(n, dtype=bool))
    on_path, _ = _path_payoffs(model, path)
    values = on_path[0].copy()
    profiles = np.repeat(path.profiles[:1], n, axis=0)
    credible = np.full(n, path.credible)
    for array in (temptation, reward, values, profiles, credible):
        array.setflags(write=False)
    return StagePayoffs(temptation, reward, values, profiles, path.rule, credible)


@dataclass(frozen=True)
class RepeatedPauseReport:
    r"""The repeated pause of a model under one punishment: per lab thresholds, checked.

    Attributes
    ----------
    lab_names : tuple of str
    stage : StagePayoffs
    path : PunishmentPath
        The punishment played after a flag.
    detection : ndarray
        :math:`d_i`, each lab's detection probability per period of racing during the pause.
    flag_probability : ndarray
        :math:`q_i = 1 - (1 - d_i)(1 - f)`.
    false_alarm, discount : float
    punishment_length : int or None
        ``None``: for ever.
    pause_value, punishment_value : ndarray
        Normalised :math:`V_i` and :math:`W_i` at ``discount``.
    critical_discount : ndarray
        :math:`\delta_i^*` at the lab's own detection (``inf``: no discount factor suffices).
    least_detection : ndarray
        :math:`d_i^*` at ``discount``, the root of the pause condition with the expected
        sanction :math:`d F_i` moving with :math:`d` (above 1: impossible; ``inf``: no
        detection suffices, e.g. the punishment does not hurt or is not an equilibrium).
    least_flag_probability : ndarray
        The same as a flag probability, :math:`f + (1 - f) d_i^*`.
    self_enforcing : ndarray of bool
        Whether the lab follows the strategies at ``discount`` (within ``tol``).
    discount_checked, detection_checked : ndarray of bool
        Whether :func:`path_holds`, re-solved from the model at the threshold plus and minus
        :data:`THRESHOLD_STEP`, holds above and fails below it (``True`` also where the
        threshold is 0, 1-bounded or infinite and the check applies on the one side there is).
    binding_discount : str or None
        The lab with the largest :math:`\delta_i^*` (``None``: no lab needs patience).
    binding_detection : str or None
        The weakest link: the lab with the largest shortfall :math:`d_i^* - d_i`, the first to
        defect as every lab's detection falls by the same amount (labs no detection deters
        first, by their gain :math:`G_i`, as in the one-shot ranking; ``None``: no lab needs
        any).
    """

    lab_names: tuple[str, ...]
    stage: StagePayoffs
    path: PunishmentPath
    detection: NDArray[np.float64]
    flag_probability: NDArray[np.float64]
    false_alarm: float
    discount: float
    punishment_length: int | None
    pause_value: NDArray[np.float64]
    punishment_value: NDArray[np.float64]
    critical_discount: NDArray[np.float64]
    least_flag_probability: NDArray[np.float64]
    least_detection: NDArray[np.float64]
    self_enforcing: NDArray[np.bool_]
    discount_checked: NDArray[np.bool_]
    detection_checked: NDArray[np.bool_]
    binding_discount: str | None
    binding_detection: str | None

    @property
    def all_self_enforcing(self) -> bool:
        """Whether the pause is self-enforcing for every lab at ``discount``."""
        return bool(self.self_enforcing.all())

    @property
    def credible(self) -> bool:
        """Whether the punishment is subgame perfect (only then is the verdict an answer)."""
        return self.path.credible


def _critical_discounts(
    model: PauseModel,
    path: PunishmentPath,
    payoffs: dict[str, NDArray[np.float64]],
    reward: NDArray[np.float64],
    gain: NDArray[np.float64],
    sanction: NDArray[np.float64],
    detection: NDArray[np.float64],
    f: float,
    tol: float,
) -> NDArray[np.float64]:
    """Each lab's least discount factor: grid scan, then Brent's method on the bracket."""
    from scipy.optimize import brentq

    check = path.rule != "grim-all-race"

    def margin(delta: NDArray[np.float64]) -> NDArray[np.float64]:
        v, w, slack = _values(path, payoffs["on_path"], payoffs["best"], reward, f, delta)
        pause = _pause_slack(v, w, gain, sanction, detection, f, delta)
        if not check:
            return pause
        # A punishment that holds within tol (a stage equilibrium holds with slack exactly 0)
        # leaves the pause condition to decide; one that fails decides by its own slack.
        return np.where(slack >= -tol, pause, np.minimum(pause, slack))

    grid = _DISCOUNT_GRID
    values = margin(grid)  # (D, N)
    out = np.full(model.num_labs, np.inf)
    for i in range(model.num_labs):
        holds = values[:, i] >= 0
        if not holds[-1]:
            continue
        failing = np.flatnonzero(~holds)
        if len(failing) == 0:
            out[i] = 0.0
            continue
        k = int(failing[-1])

        def one(delta: float, i: int = i) -> float:
            return float(margin(np.array([delta]))[0, i])

        out[i] = brentq(one, grid[k], grid[k + 1], xtol=1e-14, rtol=4 * np.finfo(float).eps)
        # The root of the sign change; the condition holds just above it.
        if one(out[i]) < 0:
            out[i] = float(np.nextafter(out[i], 1.0))
    return out


def repeated_pause(
    model: PauseModel,
    *,
    discount: float = 0.9,
    false_alarm: float = 0.0,
    punishment_length: int | None = None,
    punishment: Punishment = "nash-reversion",
    tol: float = TOL,
) -> RepeatedPauseReport:
    r"""Analyse the repeated pause of ``model`` lab by lab under one punishment.

    The thresholds are the roots of the real conditions (module docstring): the least
    detection :math:`d_i^*` moves the expected sanction :math:`d F_i` with :math:`d`, and the
    punishment phase is played in the no-agreement game (no detection, no sanction). Each is
    re-solved from the model at the threshold :math:`\pm` :data:`THRESHOLD_STEP`
    (:func:`path_holds`) and the outcome recorded in ``discount_checked`` and
    ``detection_checked``.

    Examples
    --------
    Two labs, racing alone wins 4 (expected sanction 0.5 · 2 = 1 included), pausing costs 1,
    both racing gives 2 each: T, R, P = 3, -1, 2 (the punishment phase has no sanction).

    >>> from gametheory import Channel, Lab, PauseModel
    >>> m = PauseModel(
    ...     labs=(Lab("a", prize=4, pause_cost=1, sanction=2),
    ...           Lab("b", prize=4, pause_cost=1, sanction=2)),
    ...     channels=(Channel("audit", (0.5, 0.5)),),
    ... )
    >>> rep = repeated_pause(m, discount=0.9)
    >>> rep.stage.temptation.tolist(), rep.stage.reward.tolist(), rep.stage.punishment.tolist()
    ([3.0, 3.0], [-1.0, -1.0], [2.0, 2.0])

    Here :math:`R < P`: reverting to the all-race equilibrium is better than the pause, so
    nothing sustains it.

    >>> rep.critical_discount.tolist(), rep.all_self_enforcing
    ([inf, inf], False)
    """
    f = _probability(false_alarm, "false_alarm")
    delta = _discount(discount)
    length = _length(punishment_length)
    tol = payoff_tol(model, tol)  # relative to the payoff scale (gametheory.core.tolerance)
    path, payoffs = _choose_path(model, punishment, length, delta, f, tol)
    stage = _stage(model, path)
    n = model.num_labs
    d = detection_probabilities(model)
    q = 1.0 - (1.0 - d) * (1.0 - f)
    sanction = model.array("sanction")
    reward = stage.reward
    gain = _flipped_own_payoffs(model, np.zeros((1, n), dtype=bool), np.zeros(n))[0]
    gain = gain - reward
    at = np.array([delta])
    v, w, slack = _values(path, payoffs["on_path"], payoffs["best"], reward, f, at)
    check = path.rule != "grim-all-race"
    least_d = _lab_least_detection(v, w, slack, gain, sanction, f, at, tol, check)[0]
    pause = _pause_slack(v, w, gain, sanction, d, f, at)[0]
    enforcing = (pause >= -tol) & ((slack[0] >= -tol) | (not check))
    critical = _critical_discounts(model, path, payoffs, reward, gain, sanction, d, f, tol)
    step = THRESHOLD_STEP

    def margin(i: int, discount_: float, detection_: float) -> float:
        return path_holds(model, path, i, discount=discount_, detection=detection_, false_alarm=f)

    def holds(i: int, discount_: float, detection_: float) -> bool:
        return margin(i, discount_, detection_) >= -tol

    # Above a threshold the condition holds (within tol, as the verdict); below it, it fails.
    # The least discount factor is the root of the margin (its sign, as the search decides):
    # just below it the margin is negative. (Values are per-period averages, so near the
    # root, or near 1, the margin may be smaller than a tol relative to the payoff scale.)

    discount_checked = np.ones(n, dtype=bool)
    detection_checked = np.ones(n, dtype=bool)
    for i in range(n):
        c = critical[i]
        if math.isfinite(c):
            above = min(c + step, 1 - step / 2)
            ok = holds(i, above, d[i])
            if c - step > 0:
                ok = ok and margin(i, c - step, d[i]) < 0
            discount_checked[i] = ok
        else:
            discount_checked[i] = margin(i, 1 - 1e-7, d[i]) < 0  # never: it fails near 1
        x = least_d[i]
        if math.isfinite(x):
            ok = True
            if x + step <= 1:
                ok = holds(i, delta, x + step)
            if x - step >= 0:
                ok = ok and not holds(i, delta, min(x - step, 1.0))
            detection_checked[i] = ok
        else:
            detection_checked[i] = not holds(i, delta, 1.0)
    least_q = f + (1.0 - f) * least_d
    names = model.lab_names
    shortfall = least_d - d
    needs = np.isfinite(least_d) & (least_d <= 0)
    for array in (d, q, critical, least_q, least_d, enforcing, discount_checked, detection_checked):
        array.setflags(write=False)
    return RepeatedPauseReport(
        lab_names=names,
        stage=stage,
        path=path,
        detection=d,
        flag_probability=q,
        false_alarm=f,
        discount=delta,
        punishment_length=path.length,
        pause_value=v[0],
        punishment_value=w[0],
        critical_discount=critical,
        least_flag_probability=least_q,
        least_detection=least_d,
        self_enforcing=enforcing,
        discount_checked=discount_checked,
        detection_checked=detection_checked,
        binding_discount=names[int(np.argmax(critical))] if critical.max() > 0 else None,
        binding_detection=None if needs.all() else names[_weakest(shortfall[None], gain[None])[0]],
    )


def least_detection_curve(
    model: PauseModel, report: RepeatedPauseReport, discounts: Any
) -> NDArray[np.float64]:
    r"""Each lab's least detection :math:`d_i^*(\delta)` along ``discounts``, shape ``(D, N)``.

    The punishment path is ``report.path`` (chosen at ``report.discount``), held fixed while
    :math:`\delta` varies; the root of the same condition as :func:`repeated_pause`.

    Examples
    --------
    >>> from gametheory import load_model
    >>> m = load_model("frontier-five")
    >>> rep = repeated_pause(m, discount=0.9)
    >>> curve = least_detection_curve(m, rep, [0.5, 0.9])
    >>> bool(abs(curve[1, 4] - rep.least_detection[4]) < 1e-12)
    True
    """
    delta = np.asarray(discounts, dtype=float).ravel()
    if delta.size == 0 or not np.all((delta > 0) & (delta < 1)):
        raise InputError(
            "expected discount factors in (0, 1)", field="discounts", value=delta.tolist()
        )
    n = model.num_labs
    reward = pause_payoffs(model, np.zeros(n, dtype=bool))
    gain = _flipped_own_payoffs(model, np.zeros((1, n), dtype=bool), np.zeros(n))[0]
    on_path, best = _path_payoffs(model, report.path)
    f = report.false_alarm
    v, w, slack = _values(report.path, on_path, best, reward, f, delta)
    check = report.path.rule != "grim-all-race"
    sanction = model.array("sanction")
    return _lab_least_detection(v, w, slack, gain - reward, sanction, f, delta, TOL, check)


def credible_punishments(
    model: PauseModel,
    *,
    discount: float = 0.9,
    false_alarm: float = 0.0,
    punishment_length: int | None = None,
    tol: float = TOL,
) -> tuple[RepeatedPauseReport | InputError, ...]:
    """:func:`repeated_pause` under each credible punishment (:data:`CREDIBLE_PUNISHMENTS`).

    A punishment that does not exist for the scenario (no pure equilibrium of the no-agreement
    game, or no stick-and-carrot code that is an equilibrium) is returned as the
    :class:`~gametheory.core.errors.InputError` saying why.

    Examples
    --------
    >>> from gametheory import load_model
    >>> [r.path.rule for r in credible_punishments(load_model("two-labs"))]
    ['nash-reversion', 'stick-and-carrot']
    """
    out: list[RepeatedPauseReport | InputError] = []
    for rule in CREDIBLE_PUNISHMENTS:
        try:
            out.append(
                repeated_pause(
                    model,
                    discount=discount,
                    false_alarm=false_alarm,
                    punishment_length=punishment_length,
                    punishment=rule,  # type: ignore[arg-type]
                    tol=tol,
                )
            )
        except InputError as exc:
            out.append(exc)
    return tuple(out)


def validate_repeated_section(table: Any, locate: Any) -> dict[str, Any]:
    """Validate a scenario's ``[repeated]`` section (registered in ``SECTION_VALIDATORS``).

    Keys: ``discount`` (in (0, 1)), ``false_alarm`` (in [0, 1]), ``punishment_length``
    (an integer >= 1; absent: for ever) and ``punishment`` (``"nash-reversion"``,
    ``"stick-and-carrot"`` or the non-credible benchmark ``"grim-all-race"``).
    Returns the keyword arguments of :func:`repeated_pause`.

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
