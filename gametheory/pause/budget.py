r"""Verification budgets: which channels, how strong, on which labs.

The formulation
---------------
Each channel :math:`m` runs on each lab :math:`i` at an **intensity** :math:`x_{m,i} \ge 0`,
in multiples of the scenario's strength: intensity 1 is the scenario as written, 0 switches
the channel off for that lab, 2 runs it twice over (two independent looks). Non-detection
then multiplies,

.. math::

    1 - q_i = \prod_m (1 - d_{m,i})^{x_{m,i}}
    \quad\Longleftrightarrow\quad
    -\log(1 - q_i) = \sum_m \lambda_{m,i} x_{m,i}, \qquad \lambda_{m,i} = -\log(1 - d_{m,i}),

so **in log non-detection units detection is linear in the intensities**. A channel's
``cost`` is what it costs at intensity 1 on every lab, shared equally: running channel
:math:`m` on lab :math:`i` at intensity :math:`x` costs :math:`x\,c_m / N`. Intensities are
capped at ``max_intensity`` (default 3) and a channel with :math:`d_{m,i} = 0` cannot reach lab
:math:`i` at any intensity (the scenario says it does not cover it).

Lab :math:`i` is deterred iff :math:`q_i \ge q_i^*` (:mod:`gametheory.pause.thresholds`), i.e. iff
:math:`\sum_m \lambda_{m,i} x_{m,i} \ge L_i = -\log(1 - q_i^*)`. Hence:

* :func:`least_cost_verification` — make all-pause an equilibrium at least cost — is the
  linear program :math:`\min \sum c_m x_{m,i}/N` subject to those constraints and the caps;
* :func:`best_verification_for_budget` — maximise the pause's margin for a budget ``B`` — is
  the linear program :math:`\max t` subject to :math:`\sum_m \lambda_{m,i} x_{m,i} - L_i \ge t`
  for every lab and :math:`\sum c_m x_{m,i}/N \le B`: the smallest log-margin
  :math:`\log((1 - q_i^*)/(1 - q_i))` is maximised.

We use this formulation rather than optimising detection probabilities directly because
detection :math:`1 - \prod(1-d)^x` is concave in the intensities, so the natural problem is
non-linear; in log non-detection it is exactly linear, HiGHS solves it to optimality, and its
dual values are the **marginal values**: the cost of one more unit of log-detection on lab
:math:`i` (per lab) and the value of raising a channel's cap (per channel).

Labs whose critical verification is 1 or more, or undefined (no sanction), cannot be deterred
by verification at all; they are reported, not optimised over.

References
----------
.. [1] Huangfu, Q. & Hall, J. A. J. (2018). Parallelizing the dual revised simplex method.
   *Mathematical Programming Computation* 10:119-142 (HiGHS, the solver behind
   :func:`scipy.optimize.linprog`).
.. [2] Bertsimas, D. & Tsitsiklis, J. N. (1997). *Introduction to Linear Optimization*,
   ch. 4 (dual values as marginal values). The log non-detection formulation is this
   project's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gametheory.core.errors import InputError
from gametheory.pause.model import PauseModel
from gametheory.pause.thresholds import critical_verification

__all__ = [
    "VerificationPlan",
    "best_verification_for_budget",
    "current_cost",
    "least_cost_verification",
    "sanction_needed",
]


@dataclass(frozen=True, eq=False)
class VerificationPlan:
    """An optimal allocation of verification channels to labs.

    Attributes
    ----------
    objective : str
        ``"least cost"`` or ``"largest margin"``.
    feasible : bool
        Whether the program has a solution (all-pause reachable, or budget non-negative).
    message : str
        In words: what was achieved, or why it cannot be.
    intensity : ndarray, shape (M, N)
        :math:`x_{m,i}`, channels by labs.
    detection : ndarray, shape (N,)
        The resulting :math:`q_i`.
    cost : float
        The plan's cost.
    margin : float
        The smallest log-margin :math:`\\log((1 - q_i^*)/(1 - q_i))` over the deterrable labs
        (>= 0: all of them are deterred).
    lab_marginal_value : ndarray, shape (N,)
        Per lab: the change in the objective per unit of required log-detection (least
        cost) or the change in margin per unit of budget attributed to the lab (largest
        margin); zero for labs that do not bind.
    channel_marginal_value : ndarray, shape (M,)
        Per channel: the objective's improvement from raising its intensity cap by one,
        summed over labs.
    undeterrable : tuple of str
        Labs no verification strength can deter.
    channel_names, lab_names : tuple of str
    current_cost : float
        What the scenario's channels cost as written (every channel at intensity 1 on every
        lab), to compare with :attr:`cost`.
    sanction_needed : dict
        For each lab verification cannot deter within the caps: the least sanction that
        would deter it at the highest verification the channels reach on it (every channel at
        ``max_intensity``), ``inf`` when no channel reaches it. Empty when none is needed.
    """

    objective: str
    feasible: bool
    message: str
    intensity: NDArray[np.float64]
    detection: NDArray[np.float64]
    cost: float
    margin: float
    lab_marginal_value: NDArray[np.float64]
    channel_marginal_value: NDArray[np.float64]
    undeterrable: tuple[str, ...]
    channel_names: tuple[str, ...]
    lab_names: tuple[str, ...]
    current_cost: float = float("nan")
    sanction_needed: dict[str, float] = field(default_factory=dict)

    def to_frame(self) -> Any:
        """The plan as a tidy :class:`pandas.DataFrame`: one row per (channel, lab)."""
        import pandas as pd

        rows = []
        for m, channel in enumerate(self.channel_names):
            for i, lab in enumerate(self.lab_names):
                rows.append(
                    {
                        "channel": channel,
                        "lab": lab,
                        "intensity": self.intensity[m, i],
                        "lab_detection": self.detection[i],
                        "lab_marginal_value": self.lab_marginal_value[i],
                        "channel_marginal_value": self.channel_marginal_value[m],
                    }
                )
        return pd.DataFrame(rows)


def _setup(
    model: PauseModel, max_intensity: float
) -> tuple[NDArray, NDArray, NDArray, NDArray, tuple[str, ...]]:
    if not model.channels:
        raise InputError("a verification budget needs at least one channel", field="channels")
    if not (max_intensity > 0 and math.isfinite(max_intensity)):
        raise InputError("expected a finite number > 0", field="max_intensity", value=max_intensity)
    d = np.array([[float(x) for x in c.detection] for c in model.channels])
    with np.errstate(divide="ignore"):
        strength = -np.log1p(-np.minimum(d, 1 - 1e-15))  # (M, N); d = 1 caps at ~34.5
    cost = np.array([float(c.cost) for c in model.channels]) / model.num_labs
    report = critical_verification(model)
    required = np.zeros(model.num_labs)
    undeterrable = []
    for i, entry in enumerate(report.labs):
        q_star = entry.critical_verification
        if q_star is not None and float(q_star) == 0.0:
            continue  # deterred without any verification
        if q_star is None or float(q_star) >= 1.0 or not strength[:, i].any():
            undeterrable.append(entry.lab)
            required[i] = np.nan
            continue
        required[i] = -math.log1p(-float(q_star))
    return strength, cost, required, d, tuple(undeterrable)


def current_cost(model: PauseModel) -> float:
    """What the scenario's verification costs as written: every channel at intensity 1.

    Examples
    --------
    >>> from gametheory import load_model
    >>> round(current_cost(load_model("two-labs")), 9)   # 0.2 + 0.05
    0.25
    """
    return float(sum(float(c.cost) for c in model.channels))


def sanction_needed(
    model: PauseModel, labs: tuple[str, ...], *, max_intensity: float = 3.0
) -> dict[str, float]:
    r"""The least sanction deterring each of ``labs`` at the verification the channels can reach.

    A lab is deterred iff :math:`q_i F_i \ge G_i` (:mod:`gametheory.pause.thresholds`). With every
    channel at ``max_intensity`` on lab :math:`i` its detection is at most
    :math:`\bar q_i = 1 - \prod_m (1 - d_{m,i})^{x_{\max}}`, so the least sanction is
    :math:`G_i / \bar q_i` (0 when :math:`G_i \le 0`; ``inf`` when :math:`\bar q_i = 0`).

    Examples
    --------
    One channel detecting with 0.5 at up to intensity 2 reaches 0.75; a gain of 3 needs a
    sanction of 3 / 0.75 = 4.

    >>> from gametheory import Channel, Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=3, sanction=0),),
    ...                channels=(Channel("audits", (0.5,), cost=10),))
    >>> sanction_needed(m, ("a",), max_intensity=2)
    {'a': 4.0}
    """
    report = critical_verification(model)
    d = np.array([[float(x) for x in c.detection] for c in model.channels]).reshape(
        len(model.channels), model.num_labs
    )
    reach = 1.0 - np.prod((1.0 - d) ** max_intensity, axis=0)
    out: dict[str, float] = {}
    for i, entry in enumerate(report.labs):
        if entry.lab not in labs:
            continue
        gain = float(entry.defection_gain)
        if gain <= 0:
            out[entry.lab] = 0.0
        elif reach[i] <= 0:
            out[entry.lab] = math.inf
        else:
            out[entry.lab] = gain / float(reach[i])
    return out


def _needs_in_words(model: PauseModel, needs: dict[str, float], max_intensity: float) -> str:
    parts = []
    for lab, value in needs.items():
        has = float(model.labs[model.lab_index(lab)].sanction)
        if math.isinf(value):
            parts.append(f"no channel reaches {lab}: add a channel that covers it")
        else:
            parts.append(
                f"{lab} needs a sanction of at least {value:.4g} (it has {has:.4g}) to be "
                f"deterred with every channel at intensity {max_intensity:g} on it"
            )
    return "; ".join(parts)


def least_cost_verification(model: PauseModel, *, max_intensity: float = 3.0) -> VerificationPlan:
    """The cheapest channel intensities that make all-pause an equilibrium.

    See the module docstring for the linear program. Infeasible (with the reason in
    ``message``) when a lab cannot be deterred by verification or the caps are too low.

    Examples
    --------
    One lab needs q* = 0.75; a channel detecting with 0.5 must run at intensity 2
    (1 - 0.5**2 = 0.75), costing 2 x 10.

    >>> from gametheory import Channel, Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=3, sanction=4),),
    ...                channels=(Channel("audits", (0.5,), cost=10),))
    >>> plan = least_cost_verification(m)
    >>> round(plan.cost, 9), plan.intensity.round(9).tolist()
    (20.0, [[2.0]])
    """
    from scipy.optimize import linprog

    strength, cost, required, _, undeterrable = _setup(model, max_intensity)
    m, n = strength.shape
    names = tuple(c.name for c in model.channels)
    if undeterrable:
        needs = sanction_needed(model, undeterrable, max_intensity=max_intensity)
        return _infeasible(
            "least cost",
            model,
            names,
            f"no verification strength deters {', '.join(undeterrable)} "
            "(its critical verification is 1 or more, undefined, or no channel reaches it); "
            + _needs_in_words(model, needs, max_intensity),
            undeterrable,
            needs,
        )
    active = required > 0
    # Variables x[m, i] flattened channel-major; constraints -sum_m lambda x <= -L for active i.
    c = np.repeat(cost, n)
    rows = []
    for i in np.flatnonzero(active):
        row = np.zeros(m * n)
        row[i::n] = -strength[:, i]
        rows.append(row)
    a_ub = np.array(rows) if rows else None
    b_ub = -required[active] if rows else None
    bounds = [(0.0, max_intensity if strength[k // n, k % n] > 0 else 0.0) for k in range(m * n)]
    solution = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    if solution.status != 0:
        reach = (strength * max_intensity).sum(axis=0)
        short = tuple(model.lab_names[i] for i in np.flatnonzero(active) if reach[i] < required[i])
        needs = sanction_needed(model, short, max_intensity=max_intensity)
        return _infeasible(
            "least cost",
            model,
            names,
            f"all-pause cannot be reached with intensities capped at {max_intensity:g}: "
            + _needs_in_words(model, needs, max_intensity),
            (),
            needs,
        )
    x = solution.x.reshape(m, n)
    lab_value = np.zeros(n)
    if rows:
        lab_value[active] = -solution.ineqlin.marginals
    channel_value = -solution.upper.marginals.reshape(m, n).sum(axis=1)
    return _plan(
        "least cost",
        model,
        names,
        x,
        strength,
        required,
        lab_value,
        channel_value,
        (),
        max_intensity,
    )


def best_verification_for_budget(
    model: PauseModel, budget: float, *, max_intensity: float = 3.0
) -> VerificationPlan:
    """The channel intensities, within ``budget``, that maximise the pause's smallest margin.

    See the module docstring for the linear program; the margin is in log non-detection
    units, and a non-negative margin means every deterrable lab is deterred.

    Examples
    --------
    >>> from gametheory import Channel, Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=3, sanction=4), Lab("b", prize=1, sanction=4)),
    ...                channels=(Channel("audits", (0.5, 0.5), cost=10),))
    >>> plan = best_verification_for_budget(m, 20)
    >>> plan.margin >= 0, plan.cost <= 20 + 1e-9
    (True, True)
    """
    from scipy.optimize import linprog

    if not (budget >= 0 and math.isfinite(budget)):
        raise InputError("expected a finite number >= 0", field="budget", value=budget)
    strength, cost, required, _, undeterrable = _setup(model, max_intensity)
    m, n = strength.shape
    names = tuple(c.name for c in model.channels)
    labs = np.flatnonzero(~np.isnan(required))
    if labs.size == 0:
        return _infeasible(
            "largest margin",
            model,
            names,
            "no lab can be deterred by verification; "
            + _needs_in_words(
                model,
                sanction_needed(model, undeterrable, max_intensity=max_intensity),
                max_intensity,
            ),
            undeterrable,
            sanction_needed(model, undeterrable, max_intensity=max_intensity),
        )
    # Variables: x (m * n) then t. Maximise t: minimise -t.
    c = np.zeros(m * n + 1)
    c[-1] = -1.0
    rows = []
    rhs = []
    for i in labs:
        row = np.zeros(m * n + 1)
        row[i : m * n : n] = -strength[:, i]
        row[-1] = 1.0
        rows.append(row)
        rhs.append(-required[i])
    budget_row = np.append(np.repeat(cost, n), 0.0)
    rows.append(budget_row)
    rhs.append(budget)
    bounds: list[tuple[float | None, float | None]] = [
        (0.0, max_intensity if strength[k // n, k % n] > 0 else 0.0) for k in range(m * n)
    ]
    bounds.append((None, None))  # the margin t is free
    solution = linprog(c, A_ub=np.array(rows), b_ub=np.array(rhs), bounds=bounds, method="highs")
    if solution.status != 0:  # pragma: no cover - bounded and feasible by construction
        return _infeasible("largest margin", model, names, solution.message, undeterrable)
    x = solution.x[:-1].reshape(m, n)
    duals = -solution.ineqlin.marginals
    lab_value = np.zeros(n)
    lab_value[labs] = duals[:-1]
    channel_value = -solution.upper.marginals[:-1].reshape(m, n).sum(axis=1)
    plan = _plan(
        "largest margin",
        model,
        names,
        x,
        strength,
        required,
        lab_value,
        channel_value,
        undeterrable,
        max_intensity,
    )
    return plan


def _plan(
    objective: str,
    model: PauseModel,
    names: tuple[str, ...],
    x: NDArray,
    strength: NDArray,
    required: NDArray,
    lab_value: NDArray,
    channel_value: NDArray,
    undeterrable: tuple[str, ...],
    max_intensity: float,
) -> VerificationPlan:
    x = np.where(np.abs(x) < 1e-12, 0.0, x)
    log_detection = (strength * x).sum(axis=0)
    detection = -np.expm1(-log_detection)
    cost = float((np.array([float(c.cost) for c in model.channels])[:, None] * x).sum())
    cost /= model.num_labs
    finite = ~np.isnan(required)
    margin = float((log_detection - required)[finite].min()) if finite.any() else float("nan")
    if abs(margin) < 1e-12:  # the LP solver's round-off: exactly on the boundary
        margin = 0.0
    now = current_cost(model)
    needs = sanction_needed(model, undeterrable, max_intensity=max_intensity)
    if objective == "least cost":
        message = f"all-pause becomes an equilibrium at a cost of {cost:.4g}"
    elif undeterrable:
        message = f"no budget deters {', '.join(undeterrable)}: " + _needs_in_words(
            model, needs, max_intensity
        )
    elif margin >= -1e-9:
        message = f"within the budget all-pause holds, with log-margin {margin:.4g} to spare"
    else:
        message = f"the budget leaves the weakest lab short by log-margin {-margin:.4g}"
    return VerificationPlan(
        objective,
        True,
        message,
        x,
        detection,
        cost,
        margin,
        lab_value,
        channel_value,
        undeterrable,
        names,
        model.lab_names,
        now,
        needs,
    )


def _infeasible(
    objective: str,
    model: PauseModel,
    names: tuple[str, ...],
    message: str,
    undeterrable: tuple[str, ...],
    needs: dict[str, float] | None = None,
) -> VerificationPlan:
    m, n = len(names), model.num_labs
    return VerificationPlan(
        objective,
        False,
        message,
        np.full((m, n), np.nan),
        np.full(n, np.nan),
        float("nan"),
        float("nan"),
        np.full(n, np.nan),
        np.full(m, np.nan),
        undeterrable,
        names,
        model.lab_names,
        current_cost(model),
        dict(needs or {}),
    )
