r"""Bayesian pause games: labs with private types.

Each lab knows one of its own parameters -- its pause cost, prize, harm, sanction, capability
or risk -- and the others know only the distribution it is drawn from (independently across
labs: a common prior). Everything else, verification included, is the pause model of
:mod:`gametheory.pause.model`. Two cases:

* **finite types** -- each lab's parameter takes one of a few values with given probabilities.
  :func:`bayesian_pause_game` builds the :class:`~gametheory.core.bayesian.BayesianGame`, whose
  Bayes–Nash equilibria come through the agent form and carry an interim-regret certificate
  (:mod:`gametheory.core.bayesian`);
* **continuous types** -- the parameter is uniform on an interval (``prize`` or
  ``pause_cost``, whose higher values make racing more attractive). A lab races exactly when
  its type exceeds a cutoff; :func:`pause_cutoff_equilibria` finds and certifies the cutoffs
  on a fine grid of types and at the cutoffs.

The ``[beliefs]`` section
-------------------------
``parameter`` (the private parameter), then either ``values`` and ``probabilities`` (finite
types; probabilities sum to 1) or ``distribution = "uniform"`` with ``low`` < ``high``
(continuous types). ``[beliefs.labs.NAME]`` gives one lab other values or bounds (same keys);
a lab's other parameters keep their scenario values.

References
----------
.. [1] Harsanyi, J. C. (1967-68). Games with incomplete information played by "Bayesian"
   players, Parts I-III. *Management Science* 14:159-182, 320-334, 486-502.
.. [2] Armstrong, S., Bostrom, N. & Shulman, C. (2016). Racing to the precipice: a model of
   artificial intelligence development. *AI & Society* 31:201-206 (labs' information about
   each other's capabilities).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gametheory.core.bayesian import BayesianGame, CutoffEquilibrium, cutoff_equilibria
from gametheory.core.errors import InputError
from gametheory.core.tolerance import TOL
from gametheory.pause.model import PauseModel, pause_payoffs, to_game

__all__ = [
    "Beliefs",
    "bayesian_pause_game",
    "beliefs_from_section",
    "pause_cutoff_equilibria",
    "validate_beliefs_section",
]

_PARAMETERS = ("capability", "prize", "pause_cost", "harm", "risk", "sanction")
_CONTINUOUS = ("prize", "pause_cost")
_TYPE_KEYS = ("values", "probabilities", "distribution", "low", "high")


def _number(value: Any) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float | Fraction)
        and math.isfinite(value)
    )


def _check_types(table: Mapping[str, Any], locate: Any, *keys: str) -> dict[str, Any]:
    has_values = "values" in table or "probabilities" in table
    if has_values == ("distribution" in table):
        raise locate.error(
            "expected either values and probabilities (finite types) or distribution "
            '= "uniform" with low and high (continuous types)',
            *keys,
        )
    if has_values:
        values, probs = table.get("values"), table.get("probabilities")
        for name, arr in (("values", values), ("probabilities", probs)):
            if not isinstance(arr, list) or not arr or not all(_number(v) for v in arr):
                raise locate.error("expected a non-empty list of numbers", *keys, name, value=arr)
        assert isinstance(values, list) and isinstance(probs, list)
        if len(values) != len(probs):
            raise locate.error(
                f"expected {len(values)} probabilities, one per value",
                *keys,
                "probabilities",
                value=probs,
            )
        if any(p <= 0 for p in probs) or abs(float(sum(probs)) - 1) > 1e-9:
            raise locate.error(
                "expected positive probabilities summing to 1", *keys, "probabilities", value=probs
            )
        if len(set(values)) != len(values):
            raise locate.error("expected distinct values", *keys, "values", value=values)
        return {"values": [float(v) for v in values], "probabilities": [float(p) for p in probs]}
    if table["distribution"] != "uniform":
        raise locate.error(
            'expected "uniform" (continuous types)',
            *keys,
            "distribution",
            value=table["distribution"],
        )
    low, high = table.get("low"), table.get("high")
    if not _number(low):
        raise locate.error("expected a number", *keys, "low", value=low)
    low_value = float(low)  # type: ignore[arg-type]
    if not (_number(high) and float(high) > low_value):  # type: ignore[arg-type]
        raise locate.error(f"expected a number > low ({low})", *keys, "high", value=high)
    return {"distribution": "uniform", "low": low_value, "high": float(high)}  # type: ignore[arg-type]


def validate_beliefs_section(table: Any, locate: Any) -> dict[str, Any]:
    """Private information (``pausegame bayes``): the ``parameter`` each lab knows privately,
    then ``values`` and ``probabilities`` (finite types) or ``distribution = "uniform"`` with
    ``low`` and ``high`` (continuous types, for prize or pause_cost); ``[beliefs.labs.NAME]``
    gives one lab other types.

    Registered in ``SECTION_VALIDATORS``; whether the labs named exist is checked when the
    section is used with a model.

    Examples
    --------
    >>> class Loc:
    ...     def error(self, message, *keys, value=None):
    ...         return InputError(message, field=".".join(("beliefs", *keys)), value=value)
    >>> validate_beliefs_section({"parameter": "prize", "values": [1, 2],
    ...                           "probabilities": [0.5, 0.5]}, Loc())["types"]["values"]
    [1.0, 2.0]
    >>> validate_beliefs_section({"parameter": "prize", "values": [1, 2],
    ...                           "probabilities": [0.5, 0.6]}, Loc())
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: beliefs.probabilities = [0.5, 0.6]: expected positive probabilities summing to 1
    """  # noqa: E501
    if not isinstance(table, Mapping):
        raise locate.error("expected a table", value=table)
    allowed = ("parameter", "labs", "description", *_TYPE_KEYS)
    for key, value in table.items():
        if key not in allowed:
            raise locate.error(f"unknown key; expected one of {sorted(allowed)}", key, value=value)
    parameter = table.get("parameter")
    if parameter not in _PARAMETERS:
        raise locate.error(f"expected one of {list(_PARAMETERS)}", "parameter", value=parameter)
    if "description" in table and not isinstance(table["description"], str):
        raise locate.error("expected a string", "description", value=table["description"])
    types = _check_types({k: v for k, v in table.items() if k in _TYPE_KEYS}, locate)
    labs: dict[str, dict[str, Any]] = {}
    for name, sub in dict(table.get("labs", {})).items():
        if not isinstance(sub, Mapping):
            raise locate.error("expected a table", "labs", name, value=sub)
        for key in sub:
            if key not in _TYPE_KEYS:
                raise locate.error(
                    f"unknown key; expected one of {list(_TYPE_KEYS)}",
                    "labs",
                    name,
                    key,
                    value=sub[key],
                )
        labs[name] = _check_types(sub, locate, "labs", name)
    kinds = {"distribution" in t for t in (types, *labs.values())}
    if len(kinds) > 1:
        raise locate.error("expected every lab's types to be finite, or every lab's continuous")
    if "distribution" in types and parameter not in _CONTINUOUS:
        raise locate.error(
            f"continuous types need a parameter whose higher values favour racing; expected "
            f"one of {list(_CONTINUOUS)}",
            "parameter",
            value=parameter,
        )
    return {
        "parameter": parameter,
        "types": types,
        "labs": labs,
        "description": table.get("description", ""),
    }


@dataclass(frozen=True)
class Beliefs:
    """The resolved ``[beliefs]`` section for one model.

    Attributes
    ----------
    parameter : str
        The private parameter.
    types : tuple of dict
        Per lab: ``{"values", "probabilities"}`` or ``{"distribution", "low", "high"}``.
    continuous : bool
    """

    parameter: str
    types: tuple[dict[str, Any], ...]
    continuous: bool
    description: str = ""


def beliefs_from_section(
    model: PauseModel, section: Mapping[str, Any] | None, *, file: str | None = None
) -> Beliefs:
    """Resolve a validated ``[beliefs]`` section against ``model``.

    Examples
    --------
    >>> from gametheory.pause.scenario import load_scenario
    >>> s = load_scenario("frontier-five")
    >>> b = beliefs_from_section(s.model, s.sections["beliefs"])
    >>> b.parameter, len(b.types), b.continuous
    ('pause_cost', 5, False)
    """
    if section is None:
        raise InputError(
            "the scenario has no [beliefs] section; add one (parameter, values, "
            "probabilities) or pick a shipped model that has one",
            file=file,
            field="beliefs",
        )
    for name in section["labs"]:
        if name not in model.lab_names:
            raise InputError(
                f"no such lab; expected one of {list(model.lab_names)}",
                file=file,
                field=f"beliefs.labs.{name}",
                value=name,
            )
    types = tuple(section["labs"].get(name, section["types"]) for name in model.lab_names)
    return Beliefs(section["parameter"], types, "distribution" in types[0], section["description"])


def bayesian_pause_game(model: PauseModel, beliefs: Beliefs) -> BayesianGame:
    """The finite Bayesian pause game (pause = 0, race = 1; types as listed).

    Examples
    --------
    >>> from gametheory.pause.scenario import load_scenario
    >>> s = load_scenario("frontier-five")
    >>> g = bayesian_pause_game(s.model, beliefs_from_section(s.model, s.sections["beliefs"]))
    >>> g.type_counts, g.payoffs.shape[-5:]
    ((3, 3, 3, 3, 3), (2, 2, 2, 2, 2))
    """
    if beliefs.continuous:
        raise ValueError("bayesian_pause_game needs finite types; use pause_cutoff_equilibria")
    n = model.num_labs
    counts = tuple(len(t["values"]) for t in beliefs.types)
    prior = np.ones(())
    for t in beliefs.types:
        prior = np.multiply.outer(prior, np.asarray(t["probabilities"], dtype=float))
    payoffs = np.zeros((n, *counts) + (2,) * n)
    for profile in itertools.product(*(range(c) for c in counts)):
        changed = model
        for name, t, k in zip(model.lab_names, beliefs.types, profile, strict=True):
            changed = changed.with_lab(name, **{beliefs.parameter: t["values"][k]})
        game = to_game(changed)
        index: tuple[Any, ...] = (slice(None), *(int(k) for k in profile))
        payoffs[index] = game.payoffs
    type_labels = tuple(
        tuple(f"{beliefs.parameter}={v:g}" for v in t["values"]) for t in beliefs.types
    )
    return BayesianGame(
        payoffs,
        prior / prior.sum(),
        players=model.lab_names,
        types=type_labels,
        actions=(("pause", "race"),) * n,
    )


def _affine_gains(
    model: PauseModel, parameter: str
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    """Race-minus-pause gains at type 0 and their slope per unit type, for every lab and
    every set of other labs racing (shape ``(N, 2**(N-1))``); exact because the payoff is
    affine in the prize and in the pause cost."""
    from gametheory.core.bayesian import _others_masks

    n = model.num_labs
    masks = _others_masks(n)
    base = np.zeros((n, len(masks)))
    slope = np.zeros((n, len(masks)))
    for i, name in enumerate(model.lab_names):
        racing = np.insert(masks, i, True, axis=1)
        pausing = np.insert(masks, i, False, axis=1)
        values = []
        for x in (0.0, 1.0):
            m = model.with_lab(name, **{parameter: x})
            values.append(pause_payoffs(m, racing)[:, i] - pause_payoffs(m, pausing)[:, i])
        base[i], slope[i] = values[0], values[1] - values[0]
    return base, slope, masks


def pause_cutoff_equilibria(
    model: PauseModel, beliefs: Beliefs, *, tol: float = TOL, grid_points: int = 2001
) -> list[CutoffEquilibrium]:
    """Cutoff equilibria of the pause game with continuous types: a lab races exactly when
    its type exceeds its cutoff (:func:`gametheory.core.bayesian.cutoff_equilibria`).

    Examples
    --------
    >>> from gametheory.pause.scenario import load_scenario
    >>> s = load_scenario("two-labs")
    >>> b = beliefs_from_section(s.model, s.sections["beliefs"])
    >>> eqs = pause_cutoff_equilibria(s.model, b)
    >>> len(eqs) >= 1 and all(e.regret <= 1e-9 for e in eqs)
    True
    """
    if not beliefs.continuous:
        raise ValueError("pause_cutoff_equilibria needs continuous types")
    base, slope, _ = _affine_gains(model, beliefs.parameter)

    def gain(i: int, x: NDArray[np.float64], others: NDArray[np.bool_]) -> NDArray:
        rows = others.astype(int) @ (1 << np.arange(others.shape[1] - 1, -1, -1))
        return np.asarray(base[i][rows, None] + slope[i][rows, None] * x[None, :])

    from scipy import stats

    dists = [stats.uniform(t["low"], t["high"] - t["low"]) for t in beliefs.types]
    scale = float(max(np.abs(base).max(), np.abs(slope).max(), 1.0))
    return cutoff_equilibria(gain, dists, tol=max(tol, 1e-12 * scale), grid_points=grid_points)
