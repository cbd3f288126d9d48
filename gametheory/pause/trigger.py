r"""What triggers a pause: the trigger as a global game of the labs' noisy evaluations.

The state :math:`\theta` is the catastrophe probability that continuing frontier training
adds this period for each lab that continues -- how close development is to the point where
it "improves itself faster than society can manage". Nobody observes it: lab :math:`i`'s
evaluations give it a signal :math:`x_i = \theta + \sigma\varepsilon_i` (independent standard
normal errors, a flat prior). A pause holds when at least :math:`K` labs pause (the scenario's
``[trigger] required``, the coordinated-pausing threshold).

The gain of pausing over continuing for lab :math:`i`, when :math:`m` of the other labs pause,
is (our specification, built from the pause model's parameters)

.. math::

    g_i(\theta, m) = \theta H_i - \kappa_i + 1[m + 1 \ge K]\, q_i F_i - 1[m + 1 < K]\, V_i :

pausing avoids the lab's own share of the risk (:math:`\theta H_i`) and costs :math:`\kappa_i`;
if the pause holds, continuing would risk being caught (:math:`q_i F_i`, the verification
channels); if it fails, the lone pauser falls behind and forgoes the prize :math:`V_i`. The
gain rises with :math:`\theta` and with the number of others pausing, so this is a global game
(:mod:`gametheory.core.globalgames`): each lab pauses when its signal exceeds a cutoff
:math:`k_i`, and the **trigger point** :math:`\theta^*` is the state at which the pause holds
with probability one half. As :math:`\sigma \to 0` the cutoffs of labs whose coordination
binds tend to one threshold (a lab with a dominant action near it keeps its own); for
identical labs it is (ours, from the Laplacian condition of Morris & Shin 2003)

.. math::

    \theta^*_0 = \frac{\kappa + \frac{K-1}{N} V - \frac{N-K+1}{N} q F}{H}.

More labs required raise it, stronger verification lowers it, and noise moves the cutoffs of
unequal labs apart.

The ``[trigger]`` section
-------------------------
``noise`` (:math:`\sigma > 0`), ``required`` (:math:`K`, 1..N), ``state_mean`` and
``state_sd`` (a normal distribution of the state, used to weigh error rates), optional
``should_pause_above`` (default :math:`\sum_i\kappa_i / \sum_i H_i`, the state above which a
pause of every lab is worth its cost), ``vote_quota`` (default a majority), ``auditor_noise``
(default ``noise``), ``audit`` (``"channels"``: the probability that a shaded evaluation is
caught is the lab's detection probability :math:`q_i`; or a probability) and ``description``.

References
----------
.. [1] Carlsson, H. & van Damme, E. (1993). Global games and equilibrium selection.
   *Econometrica* 61:989-1018.
.. [2] Morris, S. & Shin, H. S. (2003). Global games: theory and applications. In *Advances
   in Economics and Econometrics*, vol. 1, 56-114.
.. [3] Alaga, J. & Schuett, J. (2023). Coordinated pausing: an evaluation-based coordination
   scheme for frontier AI developers. arXiv:2310.00374.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gametheory.core.errors import InputError
from gametheory.core.globalgames import (
    GlobalGameEquilibrium,
    global_game_equilibrium,
    trigger_state,
)
from gametheory.core.tolerance import TOL
from gametheory.pause.model import PauseModel, detection_probabilities

__all__ = [
    "TriggerAnalysis",
    "TriggerParameters",
    "pause_gain",
    "pause_trigger",
    "trigger_parameters",
    "trigger_sweep",
    "validate_trigger_section",
]

_NUMBERS = {
    "noise": ("a number > 0", lambda v: v > 0),
    "state_mean": ("a number", lambda v: True),
    "state_sd": ("a number > 0", lambda v: v > 0),
    "should_pause_above": ("a number", lambda v: True),
    "auditor_noise": ("a number > 0", lambda v: v > 0),
}
_INTEGERS = ("required", "vote_quota")
_KEYS = (*_NUMBERS, *_INTEGERS, "audit", "description")


def _is_number(value: Any) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float | Fraction)
        and math.isfinite(value)
    )


def validate_trigger_section(table: Any, locate: Any) -> dict[str, Any]:
    """What triggers a pause (``pausegame trigger``): ``noise`` (> 0, the standard error of
    each lab's evaluation of the state), ``required`` (labs that must pause for the pause to
    hold), ``state_mean`` and ``state_sd`` (the state's distribution, for error rates),
    ``should_pause_above``, ``vote_quota``, ``auditor_noise``, ``audit`` ("channels" or a
    probability) and ``description``.

    Registered in ``SECTION_VALIDATORS``; whether ``required`` and ``vote_quota`` fit the
    number of labs is checked when the section is used with a model
    (:func:`trigger_parameters`).

    Examples
    --------
    >>> class Loc:
    ...     def error(self, message, *keys, value=None):
    ...         return InputError(message, field=".".join(("trigger", *keys)), value=value)
    >>> validate_trigger_section({"noise": 0.02, "required": 3}, Loc())["required"]
    3
    >>> validate_trigger_section({"noise": -1, "required": 3}, Loc())
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: trigger.noise = -1: expected a number > 0
    """
    if not isinstance(table, Mapping):
        raise locate.error("expected a table", value=table)
    for key, value in table.items():
        if key not in _KEYS:
            raise locate.error(f"unknown key; expected one of {sorted(_KEYS)}", key, value=value)
        if key in _NUMBERS:
            expected, ok = _NUMBERS[key]
            if not (_is_number(value) and ok(value)):
                raise locate.error(f"expected {expected}", key, value=value)
        elif key in _INTEGERS:
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise locate.error("expected a whole number >= 1", key, value=value)
        elif key == "audit":
            if value != "channels" and not (_is_number(value) and 0 <= value <= 1):
                raise locate.error(
                    'expected "channels" or a probability in [0, 1]', key, value=value
                )
        elif not isinstance(value, str):
            raise locate.error("expected a string", key, value=value)
    for required in ("noise", "required"):
        if required not in table:
            raise locate.error(f"missing key {required!r}; expected {_describe(required)}")
    return dict(table)


def _describe(key: str) -> str:
    return _NUMBERS[key][0] if key in _NUMBERS else "a whole number >= 1"


@dataclass(frozen=True)
class TriggerParameters:
    """The resolved ``[trigger]`` section for one model (module docstring).

    Examples
    --------
    >>> from gametheory.pause.scenario import load_scenario
    >>> s = load_scenario("frontier-five")
    >>> p = trigger_parameters(s.model, s.sections["trigger"])
    >>> p.required, p.vote_quota, round(p.should_pause_above, 4)
    (4, 3, 0.04)
    """

    noise: float
    required: int
    state_mean: float
    state_sd: float
    should_pause_above: float
    vote_quota: int
    auditor_noise: float
    audit: NDArray[np.float64]
    audit_source: str
    description: str = ""


def trigger_parameters(
    model: PauseModel, section: Mapping[str, Any] | None, *, file: str | None = None
) -> TriggerParameters:
    """Resolve a validated ``[trigger]`` section against ``model`` (defaults filled in).

    Raises
    ------
    InputError
        When the model has no ``[trigger]`` section, or ``required``/``vote_quota`` exceed
        the number of labs.

    Examples
    --------
    >>> from gametheory.pause.scenario import load_scenario
    >>> s = load_scenario("two-labs")
    >>> trigger_parameters(s.model, s.sections["trigger"]).required
    2
    >>> trigger_parameters(s.model, {"noise": 0.02, "required": 3})
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: trigger.required = 3: expected a whole number from 1 to
    the number of labs (2)
    """
    if section is None:
        raise InputError(
            "the scenario has no [trigger] section; add one (noise, required, ...) or pick a "
            "shipped model that has one",
            file=file,
            field="trigger",
        )
    n = model.num_labs
    for key in _INTEGERS:
        if key in section and section[key] > n:
            raise InputError(
                f"expected a whole number from 1 to the number of labs ({n})",
                file=file,
                field=f"trigger.{key}",
                value=section[key],
            )
    kappa, harm = model.array("pause_cost"), model.array("harm")
    if "should_pause_above" in section:
        threshold = float(section["should_pause_above"])
    elif harm.sum() > 0:
        threshold = float(kappa.sum() / harm.sum())
    else:
        raise InputError(
            "no lab has harm > 0, so no state makes a pause worth its cost; set should_pause_above",
            file=file,
            field="trigger.should_pause_above",
        )
    noise = float(section["noise"])
    audit = section.get("audit", "channels")
    if audit == "channels":
        audit_array = detection_probabilities(model)
        source = "the verification channels (each lab's detection probability q)"
    else:
        audit_array = np.full(n, float(audit))
        source = f"an audit that catches a shaded evaluation with probability {float(audit):g}"
    return TriggerParameters(
        noise=noise,
        required=int(section["required"]),
        state_mean=float(section.get("state_mean", threshold)),
        state_sd=float(section.get("state_sd", 5 * noise)),
        should_pause_above=threshold,
        vote_quota=int(section.get("vote_quota", n // 2 + 1)),
        auditor_noise=float(section.get("auditor_noise", noise)),
        audit=audit_array,
        audit_source=source,
        description=str(section.get("description", "")),
    )


def pause_gain(
    model: PauseModel, required: int, *, detection: NDArray[np.float64] | None = None
) -> Any:
    """The gain function :math:`g_i(\\theta, S)` of pausing (module docstring), in the form
    :func:`gametheory.core.globalgames.global_game_equilibrium` takes.

    Examples
    --------
    >>> from gametheory.pause.scenario import load_model
    >>> gain = pause_gain(load_model("two-labs"), 2)
    >>> gain(0, np.array([0.0]), np.array([[False], [True]])).shape
    (2, 1)
    """
    q = detection_probabilities(model) if detection is None else np.asarray(detection, float)
    harm, kappa = model.array("harm"), model.array("pause_cost")
    prize, deterrence = model.array("prize"), q * model.array("sanction")

    def gain(i: int, theta: NDArray[np.float64], others: NDArray[np.bool_]) -> NDArray:
        holds = others.sum(axis=1) + 1 >= required
        bonus = np.where(holds, deterrence[i], -prize[i])
        return np.asarray(theta[None, :] * harm[i] - kappa[i] + bonus[:, None])

    return gain


@dataclass(frozen=True, eq=False)
class TriggerAnalysis:
    """The trigger of one scenario at one noise level.

    Attributes
    ----------
    labs : tuple of str
    noise : float
        :math:`\\sigma`.
    required : int
        :math:`K`.
    equilibrium : GlobalGameEquilibrium
        The labs' certified cutoff equilibrium: lab ``i`` pauses when its signal exceeds
        ``equilibrium.cutoffs[i]``.
    trigger_point : float
        :math:`\\theta^*`: the state at which the pause holds with probability 1/2.
    limit : GlobalGameEquilibrium
        The noiseless limit (``limit.sigma == 0``), whose cutoffs all equal
        :math:`\\theta^*_0`; or, when some lab's cutoff separates from the others' as the
        noise vanishes, the equilibrium at a thousandth of the noise.
    """

    labs: tuple[str, ...]
    noise: float
    required: int
    equilibrium: GlobalGameEquilibrium
    trigger_point: float
    limit: GlobalGameEquilibrium

    @property
    def limit_point(self) -> float:
        """:math:`\\theta^*_0`, the trigger point as the noise vanishes."""
        if self.limit.sigma == 0:
            return float(self.limit.cutoffs[0])
        return trigger_state(self.limit, self.required)


def pause_trigger(
    model: PauseModel,
    params: TriggerParameters,
    *,
    noise: float | None = None,
    required: int | None = None,
    detection: NDArray[np.float64] | None = None,
    tol: float = TOL,
) -> TriggerAnalysis:
    """The trigger global game of ``model``: cutoffs, trigger point and the noiseless limit.

    ``noise``, ``required`` and ``detection`` override the scenario's values (for sweeps).

    Examples
    --------
    >>> from gametheory.pause.scenario import load_scenario
    >>> s = load_scenario("frontier-five")
    >>> t = pause_trigger(s.model, trigger_parameters(s.model, s.sections["trigger"]))
    >>> t.required, round(t.limit_point, 4), t.equilibrium.regret <= 1e-9
    (4, 0.0943, True)
    """
    sigma = params.noise if noise is None else float(noise)
    k = params.required if required is None else int(required)
    gain = pause_gain(model, k, detection=detection)
    n = model.num_labs
    scale = float(max(np.abs(gain(0, np.array([1.0]), np.ones((1, n - 1), bool))).max(), 1.0))

    def tol_at(s: float) -> float:
        # A cutoff is a float64 number: its round-off (about 1e-16 of the state's scale)
        # times the gain's slope (payoffs per noise width) bounds what can be certified.
        return max(tol, 1e-12 * scale, 1e-13 * scale / s if s > 0 else 0.0)

    eq = _continued(gain, n, sigma, tol_at(sigma))
    try:
        limit = global_game_equilibrium(gain, n, 0.0, tol=tol_at(0.0))
    except RuntimeError:
        # Some lab's cutoff separates from the others' as the noise vanishes (e.g. a lab for
        # which pausing is dominant near the threshold): approach the limit numerically.
        limit = eq
        for _ in range(3):
            s_ = limit.sigma / 10
            limit = global_game_equilibrium(gain, n, s_, tol=tol_at(s_), start=limit.cutoffs)
    return TriggerAnalysis(model.lab_names, sigma, k, eq, trigger_state(eq, k), limit)


def _continued(gain: Any, n: int, sigma: float, tol: float) -> GlobalGameEquilibrium:
    """Solve at ``sigma``; if the direct solve fails, continue from a smaller noise."""
    try:
        return global_game_equilibrium(gain, n, sigma, tol=tol)
    except RuntimeError:
        pass
    # Start where the cutoffs are far apart relative to the noise: large noise first.
    eq = global_game_equilibrium(gain, n, sigma * 64, tol=tol)
    for factor in (16, 4, 1):
        eq = global_game_equilibrium(gain, n, sigma * factor, tol=tol, start=eq.cutoffs)
    return eq


def trigger_sweep(
    model: PauseModel,
    params: TriggerParameters,
    *,
    noises: Sequence[float] = (),
    required: Sequence[int] = (),
    detection_scales: Sequence[float] = (),
) -> dict[str, list[dict[str, float]]]:
    """How the trigger point moves with the noise, the labs required and verification.

    Returns rows ``{"value", "trigger_point", "limit_point"}`` under the keys ``"noise"``,
    ``"required"`` and ``"detection_scale"`` (every lab's detection probability multiplied by
    the value, capped at 1).

    Examples
    --------
    >>> from gametheory.pause.scenario import load_scenario
    >>> s = load_scenario("frontier-five")
    >>> p = trigger_parameters(s.model, s.sections["trigger"])
    >>> rows = trigger_sweep(s.model, p, required=[2, 5])["required"]
    >>> rows[0]["limit_point"] < rows[1]["limit_point"]
    True
    """
    out: dict[str, list[dict[str, float]]] = {"noise": [], "required": [], "detection_scale": []}
    q = detection_probabilities(model)
    for sigma in noises:
        t = pause_trigger(model, params, noise=sigma)
        out["noise"].append(_row(sigma, t))
    for k in required:
        t = pause_trigger(model, params, required=k)
        out["required"].append(_row(k, t))
    for s in detection_scales:
        t = pause_trigger(model, params, detection=np.minimum(q * s, 1.0))
        out["detection_scale"].append(_row(s, t))
    return out


def _row(value: float, t: TriggerAnalysis) -> dict[str, float]:
    return {"value": float(value), "trigger_point": t.trigger_point, "limit_point": t.limit_point}
