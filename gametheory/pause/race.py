r"""Recursive self-improvement: how a covert lead compounds during a pause.

The model document: ``docs/model/races.md``.

**Growth law.** Lab :math:`i`'s capability grows while it trains frontier systems as

.. math::

    \frac{dC_i}{dt} = a_i\, C_i^\beta ,

:math:`a_i \ge 0` its research rate and :math:`\beta \ge 0` how strongly AI speeds up AI
research. With :math:`C_i(0) = C_0` the solution is

.. math::

    C(t) = \bigl(C_0^{1-\beta} - (\beta - 1)\, a t\bigr)^{1/(1-\beta)} \quad (\beta \ne 1),
    \qquad C(t) = C_0 e^{a t} \quad (\beta = 1).

For :math:`\beta > 1` it blows up at the finite time
:math:`t^* = C_0^{1-\beta} / ((\beta - 1) a)` (:func:`blowup_time`); reported as ``inf`` from
then on. :func:`capability_trajectory` evaluates the closed form, :func:`solve_capability_ode`
integrates the equation with :func:`scipy.integrate.solve_ivp` (the tests check one against the
other), :func:`time_to_capability` inverts it.

**A pause.** During a pause of length :math:`\tau` (time unit: one period) pausing labs are
frozen at their capability and covert defectors keep growing; after it every lab grows again
(:func:`race_trajectories`). A defector's **lead** is what it gains over the pause,
:math:`\ell(\tau) = C(\tau) - C_0`. With detection each period with probability :math:`q`
(checks at the ends of periods :math:`1, 2, \dots, \lfloor\tau\rfloor`) a detected defector is
stopped at the check: the detection time is geometric and :func:`expected_lead` gives its
distribution and the expected lead :math:`E[\ell(\min(T, \tau))]`.

**The prize derived from the lead.** The pause game (:mod:`gametheory.pause.model`) takes the prize
:math:`V_i` as given. Here it is derived instead: lab :math:`i` values a unit of lead at
:math:`v_i`, so racing through a pause of length :math:`\tau` is worth
:math:`V_i(\tau) = v_i\, \ell_i(\tau)`, :math:`\ell_i` the lead it opens if undetected
(a detected lab keeps its lead and pays the sanction :math:`F_i`, exactly as in the one-shot game of
``docs/model/one-shot.md``, where detection enters only through :math:`q_i F_i`). By default
:math:`v_i` is calibrated
so that the scenario's own prize is the value of the lead after a reference pause:
:math:`v_i = V_i / \ell_i(\tau_{\mathrm{ref}})`. The critical verification of
``docs/model/one-shot.md``
becomes a function of the pause length,

.. math::

    q_i^*(\tau) = \frac{v_i\, \ell_i(\tau) + \kappa_i - (1 - r_0)\, r_i H_i}{F_i},

(:func:`critical_verification_vs_pause_length`). For :math:`\beta > 0` the lead is convex in
:math:`\tau`, so :math:`q_i^*` grows faster than linearly; for :math:`\beta > 1` it reaches
infinity at the finite pause length :math:`t^*`, so every verification regime fails beyond
some pause length, which :func:`longest_deterred_pause` gives in closed form.

References
----------
.. [1] Good, I. J. (1965). Speculations concerning the first ultraintelligent machine.
   *Advances in Computers* 6:31-88 (the intelligence explosion).
.. [2] Bostrom, N. (2014). *Superintelligence*, ch. 4 (the kinetics of an intelligence
   explosion: rate of change = optimization power / recalcitrance).
.. [3] The project's model document: ``docs/model/one-shot.md`` and ``docs/model/races.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.pause.model import PauseModel, detection_probabilities
from gametheory.pause.thresholds import defection_gains

__all__ = [
    "DetectedLead",
    "PauseLengthThresholds",
    "RaceTrajectories",
    "blowup_time",
    "capability_gain",
    "capability_trajectory",
    "critical_verification_vs_pause_length",
    "expected_lead",
    "longest_deterred_pause",
    "race_trajectories",
    "solve_capability_ode",
    "time_to_capability",
]


# -- input checks -----------------------------------------------------------------------------
def _array(value: ArrayLike, name: str, expected: str, ok: str) -> NDArray[np.float64]:
    try:
        out = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: got {value!r}; expected {expected}") from None
    bad = ~np.isfinite(out)
    if ok == "positive":
        bad |= ~(out > 0)
    elif ok == "nonnegative":
        bad |= ~(out >= 0)
    elif ok == "probability":
        bad |= ~((out >= 0) & (out <= 1))
    if bad.any():
        raise ValueError(f"{name}: got {value!r}; expected {expected}")
    return out


def _beta(beta: float) -> float:
    value = float(_array(beta, "beta", "a finite number >= 0", "nonnegative"))
    return value


def _growth(
    initial: ArrayLike, rate: ArrayLike, beta: float
) -> tuple[NDArray[np.float64], NDArray[np.float64], float]:
    c0 = _array(initial, "initial", "capabilities > 0", "positive")
    a = _array(rate, "rate", "research rates >= 0", "nonnegative")
    return c0, a, _beta(beta)


# -- the growth law -----------------------------------------------------------------------------
def blowup_time(initial: ArrayLike, rate: ArrayLike, beta: float) -> NDArray[np.float64]:
    r"""The finite blow-up time :math:`t^* = C_0^{1-\beta}/((\beta-1)a)`; ``inf`` if none.

    Only :math:`\beta > 1` with :math:`a > 0` blows up; broadcasts ``initial`` with ``rate``.

    Examples
    --------
    :math:`C_0 = 1, a = 0.5, \beta = 2`: :math:`C(t) = 1/(1 - t/2)` explodes at :math:`t = 2`.

    >>> float(blowup_time(1.0, 0.5, 2.0)), float(blowup_time(1.0, 0.5, 1.0))
    (2.0, inf)
    """
    c0, a, b = _growth(initial, rate, beta)
    if b <= 1:
        return np.asarray(np.full(np.broadcast(c0, a).shape, np.inf))
    with np.errstate(divide="ignore"):
        return np.asarray(
            np.where(a > 0, c0 ** (1 - b) / ((b - 1) * np.where(a > 0, a, 1)), np.inf)
        )


def capability_trajectory(
    initial: ArrayLike, rate: ArrayLike, beta: float, times: ArrayLike
) -> NDArray[np.float64]:
    r"""The closed-form capability :math:`C(t)` at ``times`` (module docstring).

    Parameters
    ----------
    initial : array_like, shape (N,) or scalar
        :math:`C_0 > 0`.
    rate : array_like, shape (N,) or scalar
        :math:`a \ge 0`.
    beta : float
        :math:`\beta \ge 0`.
    times : array_like, shape (T,) or scalar
        Times :math:`t \ge 0`.

    Returns
    -------
    ndarray, shape ``times.shape + broadcast(initial, rate).shape``
        ``inf`` at and after the blow-up time.

    Examples
    --------
    >>> capability_trajectory(1.0, 0.5, 2.0, [0.0, 1.0, 1.5, 2.0]).tolist()
    [1.0, 2.0, 4.0, inf]
    >>> round(float(capability_trajectory(2.0, 0.1, 1.0, 10.0)), 9) == round(2 * math.e, 9)
    True
    """
    c0, a, b = _growth(initial, rate, beta)
    t = _array(times, "times", "times >= 0", "nonnegative")
    t = t.reshape(t.shape + (1,) * np.broadcast(c0, a).ndim)
    if b == 1:
        with np.errstate(over="ignore"):
            return np.asarray(c0 * np.exp(a * t))
    # C = (C0^e + e a t)^(1/e) with e = 1 - beta, written as C0 exp(log1p(e u) / e) with
    # u = a t C0^(-e): stable as beta -> 1 (the power form cancels catastrophically there).
    e = 1 - b
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        inner = e * a * t * c0 ** (-e)
        grown = np.where(inner > -1, c0 * np.exp(np.log1p(np.maximum(inner, -1.0)) / e), np.inf)
    return np.asarray(np.where(a * t == 0, c0 + 0 * t, grown))


def capability_gain(
    initial: ArrayLike, rate: ArrayLike, beta: float, times: ArrayLike
) -> NDArray[np.float64]:
    """The lead :math:`\\ell(t) = C(t) - C_0` a lab opens over rivals frozen for ``times``.

    Examples
    --------
    >>> capability_gain(1.0, 0.5, 2.0, [1.0, 1.5]).tolist()
    [1.0, 3.0]
    """
    c0 = _array(initial, "initial", "capabilities > 0", "positive")
    return np.asarray(capability_trajectory(initial, rate, beta, times) - c0)


def solve_capability_ode(
    initial: ArrayLike,
    rate: ArrayLike,
    beta: float,
    times: ArrayLike,
    *,
    rtol: float = 1e-10,
    atol: float = 1e-12,
) -> NDArray[np.float64]:
    """Integrate :math:`dC/dt = a C^\\beta` numerically (``solve_ivp``, method ``LSODA``).

    The numerical counterpart of :func:`capability_trajectory`, for checks and for growth laws
    without a closed form. Times at or after the blow-up (:func:`blowup_time`) are ``inf``;
    integration stops just short of it.

    Examples
    --------
    >>> t = [0.0, 1.0, 1.5, 1.9]
    >>> num = solve_capability_ode(1.0, 0.5, 2.0, t)
    >>> bool(np.allclose(num, capability_trajectory(1.0, 0.5, 2.0, t), rtol=1e-6))
    True
    """
    from scipy.integrate import solve_ivp

    c0, a, b = _growth(initial, rate, beta)
    c0, a = np.broadcast_arrays(np.atleast_1d(c0), np.atleast_1d(a))
    t = np.atleast_1d(_array(times, "times", "times >= 0", "nonnegative"))
    order = np.argsort(t)
    stop = blowup_time(c0, a, b)
    out = np.full((t.size, c0.size), np.inf)
    for i in range(c0.size):
        inside = t[order] < stop[i]
        if not inside.any():
            continue
        t_eval = t[order][inside]
        horizon = float(t_eval[-1])
        if horizon == 0:
            out[order[inside], i] = c0[i]
            continue

        def field(_t: float, y: NDArray[np.float64], ai: float = float(a[i])) -> NDArray:
            return ai * np.abs(y) ** b

        sol = solve_ivp(
            field,
            (0.0, horizon),
            [float(c0[i])],
            method="LSODA",
            t_eval=t_eval,
            rtol=rtol,
            atol=atol,
        )
        if not sol.success:  # pragma: no cover - LSODA handles the stiff approach to t*
            raise RuntimeError(f"solve_ivp failed: {sol.message}")
        out[order[inside], i] = sol.y[0]
    shape = np.broadcast(np.asarray(initial, float), np.asarray(rate, float)).shape
    return np.asarray(out.reshape(np.shape(np.asarray(times, float)) + shape))


def time_to_capability(
    initial: ArrayLike, rate: ArrayLike, beta: float, threshold: ArrayLike
) -> NDArray[np.float64]:
    r"""The time at which :math:`C(t)` reaches ``threshold`` (0 if already there; inf if never).

    :math:`t = (C_0^{1-\beta} - K^{1-\beta}) / ((\beta - 1) a)` for :math:`\beta \ne 1`,
    :math:`\ln(K/C_0)/a` for :math:`\beta = 1`; for :math:`\beta > 1` it is below :math:`t^*`
    for every finite :math:`K`.

    Examples
    --------
    >>> time_to_capability(1.0, 0.5, 2.0, [1.0, 2.0, 4.0, np.inf]).tolist()
    [0.0, 1.0, 1.5, 2.0]
    """
    c0, a, b = _growth(initial, rate, beta)
    k = np.asarray(threshold, dtype=float)
    if np.isnan(k).any() or (k <= 0).any():
        raise ValueError(f"threshold: got {threshold!r}; expected capabilities > 0")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if b == 1:
            t = np.log(k / c0) / a
        else:
            # (K^e - C0^e) / (e a), e = 1 - beta, as C0^e expm1(e log(K/C0)) / (e a): stable
            # as beta -> 1, where the difference of powers cancels.
            e = 1 - b
            t = c0**e * np.expm1(e * np.log(k / c0)) / (e * a)
        t = np.where(k <= c0, 0.0, np.where(a > 0, t, np.inf))
    return np.asarray(np.where(np.isnan(t), np.inf, t))


# -- a pause ------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class RaceTrajectories:
    """Capability trajectories of N labs through a pause (:func:`race_trajectories`).

    Attributes
    ----------
    times : ndarray, shape (T,)
    capability : ndarray, shape (T, N)
        ``inf`` after a lab's blow-up.
    racing : ndarray of bool, shape (N,)
        Which labs race (covertly) during the pause.
    pause_length, beta : float
    rate : ndarray, shape (N,)
    blowup_times : ndarray, shape (N,)
        When each lab's capability explodes on this schedule (``inf``: never).
    """

    times: NDArray[np.float64]
    capability: NDArray[np.float64]
    racing: NDArray[np.bool_]
    pause_length: float
    beta: float
    rate: NDArray[np.float64]
    blowup_times: NDArray[np.float64]

    def lead(self) -> NDArray[np.float64]:
        """Each lab's capability minus the best other lab's, shape (T, N)."""
        cap = self.capability
        n = cap.shape[1]
        if n == 1:
            return np.zeros_like(cap)
        others = np.stack([np.delete(cap, i, axis=1).max(axis=1) for i in range(n)], axis=1)
        with np.errstate(invalid="ignore"):
            return np.asarray(cap - others)


def race_trajectories(
    initial: ArrayLike,
    rate: ArrayLike,
    beta: float,
    times: ArrayLike,
    *,
    racing: ArrayLike,
    pause_length: float,
) -> RaceTrajectories:
    """Trajectories of N labs: pausing labs frozen during ``[0, pause_length]``, racers growing.

    After the pause every lab grows again from where it stands (a pausing lab from its frozen
    capability, restarting its clock at ``pause_length``).

    Examples
    --------
    Two equal labs, one defects covertly through a pause of 1.5 periods (β = 2, a = 0.5):

    >>> tr = race_trajectories([1, 1], 0.5, 2.0, [0, 1, 1.5], racing=[True, False],
    ...                        pause_length=1.5)
    >>> tr.capability.tolist()
    [[1.0, 1.0], [2.0, 1.0], [4.0, 1.0]]
    >>> tr.lead()[-1].tolist()
    [3.0, -3.0]
    """
    c0, a, b = _growth(initial, rate, beta)
    c0, a = np.broadcast_arrays(np.atleast_1d(c0), np.atleast_1d(a))
    flags = np.asarray(racing)
    if flags.shape != c0.shape or flags.dtype != bool:
        raise ValueError(
            f"racing: got {racing!r}; expected {c0.size} booleans (True = races), one per lab"
        )
    tau = float(_array(pause_length, "pause_length", "a number >= 0", "nonnegative"))
    t = np.atleast_1d(_array(times, "times", "times >= 0", "nonnegative"))
    elapsed = np.where(flags[None, :], t[:, None], np.maximum(t[:, None] - tau, 0.0))
    capability = np.empty((t.size, c0.size))
    for i in range(c0.size):
        capability[:, i] = capability_trajectory(c0[i], a[i], b, elapsed[:, i])
    blowup = blowup_time(c0, a, b) + np.where(flags, 0.0, tau)
    flags = flags.copy()
    for array in (t, capability, flags, a, blowup):
        array.setflags(write=False)
    return RaceTrajectories(t, capability, flags, tau, b, a, blowup)


@dataclass(frozen=True, eq=False)
class DetectedLead:
    """The lead a covert defector gains before detection (:func:`expected_lead`).

    Attributes
    ----------
    pause_length, detection : float
        :math:`\\tau` and the per-period detection probability :math:`q`.
    check_times : ndarray, shape (K,)
        The checks, at the ends of periods ``1..floor(tau)``.
    detection_pmf : ndarray, shape (K,)
        :math:`P(T = t) = q (1 - q)^{t-1}` at each check.
    undetected_probability : float
        :math:`(1 - q)^K`: the defector races through the whole pause.
    lead_at_check : ndarray, shape (K,)
        :math:`\\ell(t)`, the lead when stopped at check :math:`t`.
    lead_if_undetected : float
        :math:`\\ell(\\tau)`.
    expected_lead : float
        :math:`E[\\ell(\\min(T, \\tau))]` (``inf`` when an explosion has positive probability).
    expected_racing_time : float
        :math:`E[\\min(T, \\tau)]`.
    """

    pause_length: float
    detection: float
    check_times: NDArray[np.float64]
    detection_pmf: NDArray[np.float64]
    undetected_probability: float
    lead_at_check: NDArray[np.float64]
    lead_if_undetected: float
    expected_lead: float
    expected_racing_time: float


def expected_lead(
    initial: float, rate: float, beta: float, pause_length: float, detection: float
) -> DetectedLead:
    """The distribution of the detection time and the expected lead of a covert defector.

    The defector grows by :math:`dC/dt = aC^\\beta` from ``initial`` while the others are
    frozen; each period ends with a check that detects it with probability ``detection``
    and stops it there (module docstring).

    Examples
    --------
    β = 0 (no acceleration, linear growth a t), a = 1, τ = 2, q = 1/2: stopped at t = 1 with
    1/2, at t = 2 with 1/4, never with 1/4, so the expected lead is 1/2 + 2 · 1/2 = 1.5.

    >>> d = expected_lead(1.0, 1.0, 0.0, 2.0, 0.5)
    >>> d.detection_pmf.tolist(), d.undetected_probability, d.expected_lead
    ([0.5, 0.25], 0.25, 1.5)
    """
    q = float(_array(detection, "detection", "a probability in [0, 1]", "probability"))
    tau = float(_array(pause_length, "pause_length", "a number >= 0", "nonnegative"))
    if np.ndim(initial) or np.ndim(rate):
        raise ValueError("initial, rate: expected scalars (one defector)")
    checks = np.arange(1, math.floor(tau) + 1, dtype=float)
    pmf = q * (1 - q) ** (checks - 1)
    undetected = float((1 - q) ** checks.size)
    lead_checks = np.atleast_1d(capability_gain(initial, rate, beta, checks)).reshape(-1)
    lead_end = float(capability_gain(initial, rate, beta, tau))
    # A lead that blew up (inf) at a check that is never reached (pmf 0) contributes nothing.
    weighted = np.zeros_like(pmf)
    np.multiply(pmf, lead_checks, out=weighted, where=pmf > 0)
    total = float(weighted.sum()) + (undetected * lead_end if undetected > 0 else 0.0)
    racing_time = float((pmf * checks).sum() + undetected * tau)
    for array in (checks, pmf, lead_checks):
        array.setflags(write=False)
    return DetectedLead(tau, q, checks, pmf, undetected, lead_checks, lead_end, total, racing_time)


# -- the pause game with the prize derived from the lead ------------------------------------------
@dataclass(frozen=True, eq=False)
class PauseLengthThresholds:
    """Critical verification as a function of pause length (module docstring).

    Attributes
    ----------
    labs : tuple of str
    pause_lengths : ndarray, shape (T,)
    lead : ndarray, shape (T, N)
        :math:`\\ell_i(\\tau)` (``inf`` past lab i's blow-up).
    prize : ndarray, shape (T, N)
        :math:`V_i(\\tau) = v_i \\ell_i(\\tau)`.
    critical_verification : ndarray, shape (T, N)
        :math:`\\max(0, q_i^*(\\tau))`; ``inf`` where no verification strength suffices
        (explosion, or :math:`F_i = 0` with a positive gain). Above 1: even certain detection
        fails.
    value_per_lead : ndarray, shape (N,)
        :math:`v_i`.
    beta : float
    rate : ndarray, shape (N,)
    """

    labs: tuple[str, ...]
    pause_lengths: NDArray[np.float64]
    lead: NDArray[np.float64]
    prize: NDArray[np.float64]
    critical_verification: NDArray[np.float64]
    value_per_lead: NDArray[np.float64]
    beta: float
    rate: NDArray[np.float64]


def _lead_model(
    model: PauseModel,
    beta: float,
    rate: ArrayLike,
    value_per_lead: ArrayLike | None,
    reference_length: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float]:
    b = _beta(beta)
    n = model.num_labs
    a = np.broadcast_to(_array(rate, "rate", "research rates >= 0", "nonnegative"), (n,))
    c0 = model.array("capability")
    if value_per_lead is None:
        ref = float(_array(reference_length, "reference_length", "a number > 0", "positive"))
        lead_ref = capability_gain(c0, a, b, ref)
        bad = ~(np.isfinite(lead_ref) & (lead_ref > 0))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            t_star = float(blowup_time(c0[i], a[i], b))
            raise ValueError(
                f"reference_length: got {reference_length!r}; expected a pause length over "
                f"which every lab gains a finite, positive lead (lab {model.lab_names[i]!r}: "
                f"rate {a[i]:g}, blow-up at t* = {t_star:.4g}); use a shorter reference "
                "length, a smaller rate or beta, or give value_per_lead"
            )
        v = model.array("prize") / lead_ref
    else:
        v = np.broadcast_to(
            _array(value_per_lead, "value_per_lead", "values >= 0", "nonnegative"), (n,)
        )
    return np.array(a, dtype=float), c0, np.array(v, dtype=float), b


def critical_verification_vs_pause_length(
    model: PauseModel,
    pause_lengths: ArrayLike,
    *,
    beta: float,
    rate: ArrayLike = 0.1,
    value_per_lead: ArrayLike | None = None,
    reference_length: float = 1.0,
) -> PauseLengthThresholds:
    r"""Each lab's critical verification :math:`q_i^*(\tau)` with the prize derived from the lead.

    Lab :math:`i` starts at its capability :math:`c_i` and, racing covertly, opens the lead
    :math:`\ell_i(\tau)`; its prize is :math:`V_i(\tau) = v_i \ell_i(\tau)`, all other
    parameters as in ``model`` (module docstring). Vectorised over ``pause_lengths``.

    Parameters
    ----------
    model : PauseModel
    pause_lengths : array_like, shape (T,)
        Pause lengths :math:`\tau \ge 0`, in periods.
    beta : float
        :math:`\beta \ge 0`.
    rate : float or array_like, shape (N,)
        :math:`a_i \ge 0`.
    value_per_lead : float or array_like, shape (N,), optional
        :math:`v_i`; default :math:`V_i / \ell_i(\tau_{\mathrm{ref}})`, so that at
        ``reference_length`` the scenario's own prize (and critical verification) is recovered.
    reference_length : float
        :math:`\tau_{\mathrm{ref}} > 0`.

    Returns
    -------
    PauseLengthThresholds

    References
    ----------
    ``docs/model/one-shot.md`` (critical verification) and ``docs/model/races.md`` (recursive
    self-improvement).

    Examples
    --------
    One lab, prize 4 at a one-period pause, sanction 8: q* = 0.5 at τ = 1. With β = 2 and
    a = 0.5 (:math:`\ell(\tau) = \tau/(2 - \tau)` for :math:`C_0 = 1`) q* triples by τ = 1.5,
    and a pause of 2 periods cannot be deterred at all.

    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=8),))
    >>> r = critical_verification_vs_pause_length(m, [0.5, 1.0, 1.5, 2.0], beta=2.0, rate=0.5)
    >>> r.critical_verification[:, 0].round(6).tolist()
    [0.166667, 0.5, 1.5, inf]
    """
    a, c0, v, b = _lead_model(model, beta, rate, value_per_lead, reference_length)
    tau = np.atleast_1d(_array(pause_lengths, "pause_lengths", "lengths >= 0", "nonnegative"))
    lead = capability_gain(c0, a, b, tau).reshape(tau.size, model.num_labs)
    with np.errstate(invalid="ignore"):
        prize = np.where(v > 0, v * lead, 0.0)
    base = defection_gains(model) - model.array("prize")  # G_i without the prize
    gain = prize + base
    f = model.array("sanction")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        q = np.where(f > 0, gain / np.where(f > 0, f, 1.0), np.where(gain > 0, np.inf, 0.0))
    q = np.maximum(q, 0.0)
    for array in (tau, lead, prize, q, v, a):
        array.setflags(write=False)
    return PauseLengthThresholds(model.lab_names, tau, lead, prize, q, v, b, a)


def longest_deterred_pause(
    model: PauseModel,
    *,
    beta: float,
    rate: ArrayLike = 0.1,
    value_per_lead: ArrayLike | None = None,
    reference_length: float = 1.0,
    detection: ArrayLike | None = None,
) -> NDArray[np.float64]:
    r"""The longest pause each lab is deterred from racing through, in closed form.

    Lab :math:`i` pauses while :math:`v_i \ell_i(\tau) + \kappa_i - (1-r_0) r_i H_i \le q_i F_i`,
    i.e. while its lead stays below :math:`L_i = (q_i F_i - \kappa_i + (1-r_0) r_i H_i)/v_i`;
    the answer is :func:`time_to_capability` of :math:`c_i + L_i`. ``detection`` defaults to the
    model's verification channels (pass 1 for certain detection). 0 when the lab races even
    through an instant pause; ``inf`` when no lead tempts it. For :math:`\beta > 1` it is below
    the blow-up time whatever the sanction: **no verification deters every pause length**.

    Examples
    --------
    Prize 4 at a one-period pause, sanction 8 (β = 2, a = 0.5): certain detection deters
    leads up to 8/4 = 2 (v = 4), i.e. :math:`\tau/(2-\tau) \le 2`: pauses up to 4/3.

    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=8),))
    >>> longest_deterred_pause(m, beta=2.0, rate=0.5, detection=1.0).round(9).tolist()
    [1.333333333]
    """
    a, c0, v, b = _lead_model(model, beta, rate, value_per_lead, reference_length)
    if detection is None:
        q = detection_probabilities(model)
    else:
        q = np.broadcast_to(
            _array(detection, "detection", "probabilities in [0, 1]", "probability"),
            (model.num_labs,),
        )
    base = defection_gains(model) - model.array("prize")
    allowance = q * model.array("sanction") - base  # the lead's value that is still deterred
    out = np.empty(model.num_labs)
    for i in range(model.num_labs):
        if allowance[i] < 0:
            out[i] = 0.0
        elif v[i] == 0 or a[i] == 0:
            out[i] = np.inf
        else:
            out[i] = float(time_to_capability(c0[i], a[i], b, c0[i] + allowance[i] / v[i]))
    return out
