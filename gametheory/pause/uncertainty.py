r"""Uncertain parameters: Monte Carlo of the pause and global (Sobol') sensitivity.

Any scenario parameter may be given as a probability distribution instead of a number,
keyed by the same field paths a sweep uses (:mod:`gametheory.pause.sweeps`):
``labs.<lab>.<parameter>``,
``defaults.<parameter>``, ``channels.<channel>.detection``, ``channels.<channel>.per_lab.<lab>``,
``background_risk``, ``decisiveness``, ``verification`` and ``verification.<lab>``. More specific
paths are applied after less specific ones (``defaults.prize`` before ``labs.a.prize``).

Distributions (:class:`Distribution`)
-------------------------------------
==============  ============================  ==================================================
name            keys                          support
==============  ============================  ==================================================
``uniform``     ``low``, ``high``             :math:`[\mathrm{low}, \mathrm{high}]`
``normal``      ``mean``, ``sd``              truncated to the parameter's bounds (see below)
``lognormal``   ``median``, ``sigma``         :math:`(0, \infty)`; :math:`\log X \sim N(\log
                                              \mathrm{median}, \sigma^2)`
``beta``        ``a``, ``b``, [``low``,       :math:`[\mathrm{low}, \mathrm{high}]`, default
                ``high``]                     :math:`[0, 1]`
``triangular``  ``low``, ``mode``, ``high``   :math:`[\mathrm{low}, \mathrm{high}]`
==============  ============================  ==================================================

A distribution's support must lie within the parameter's bounds
(``docs/model/one-shot.md``): a uniform
risk up to 1.2, or a lognormal detection probability, is an
:class:`~gametheory.core.errors.InputError`.
A **normal** distribution is the exception: it is truncated to the parameter's bounds (a normal
prize to :math:`[0, \infty)`, a normal risk to :math:`[0, 1)`), i.e. conditioned on lying within
them; its mean must lie within them. Where a bound is open (a risk is below 1, a capability
above 0) a support may touch it, since a continuous distribution puts no mass on the point;
draws that land exactly on it by rounding are moved to the nearest admissible float.

In a scenario file, a section ``[uncertainty]`` holds one table per field path::

    [uncertainty."labs.lab-a.prize"]
    distribution = "lognormal"
    median = 30
    sigma = 0.5

What is computed
----------------
Per draw, the closed forms of :mod:`gametheory.pause.thresholds`: each lab's margin
:math:`m_i = q_i F_i - G_i` with :math:`G_i = V_i + \kappa_i - (1 - r_0) r_i H_i`, whether
all-pause is an equilibrium (every :math:`m_i \ge -\mathrm{tol}`), each lab's critical
verification :math:`q_i^* = \max(0, G_i) / F_i` (:math:`\infty` when :math:`F_i = 0 < G_i`),
the weakest link (the largest shortfall :math:`q_i^* - q_i`, the first lab on a tie) and the
smallest margin :math:`\min_i m_i`. :func:`monte_carlo` reports the probability that all-pause
holds with a Wilson interval (:func:`wilson_interval`), the quantiles of each lab's
:math:`q_i^*` and the probability that each lab is the weakest link. :func:`pause_sensitivity`
ranks the unknowns by their Sobol' indices for the smallest margin (:func:`sobol_indices`).

Reproducibility
---------------
:func:`monte_carlo` draws in fixed chunks of ``chunk_size`` draws; chunk :math:`k` uses the
:math:`k`-th child of ``np.random.SeedSequence(seed).spawn(...)``. The result depends only on
``seed``, ``draws`` and ``chunk_size`` — not on ``jobs`` or on the dask ``scheduler``, which only
decide where the chunks run — so serial, joblib and dask runs are bit-identical.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.columns import CodedText
from gametheory.core.errors import InputError
from gametheory.core.limits import check_memory
from gametheory.core.tolerance import TOL
from gametheory.pause.model import PauseModel, payoff_tol
from gametheory.pause.sweeps import _BOUNDS, LAB_PARAMETERS, _Grid, _weakest, grid_thresholds

__all__ = [
    "DISTRIBUTIONS",
    "Distribution",
    "MonteCarloResult",
    "SobolIndices",
    "distribution_from_dict",
    "monte_carlo",
    "parameter_bounds",
    "pause_sensitivity",
    "sobol_indices",
    "validate_uncertainty_section",
    "wilson_interval",
]

#: Each distribution's required and optional keys.
DISTRIBUTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "uniform": (("low", "high"), ()),
    "normal": (("mean", "sd"), ()),
    "lognormal": (("median", "sigma"), ()),
    "beta": (("a", "b"), ("low", "high")),
    "triangular": (("low", "mode", "high"), ()),
}

#: Draws per chunk (each chunk has its own child seed).
DEFAULT_CHUNK_SIZE = 1 << 14

# Keep draws of the unbounded inverse CDFs finite.
_U_EDGE = 1e-16


@dataclass(frozen=True)
class Distribution:
    """A univariate distribution, sampled through its inverse CDF (see the module docstring).

    Build one with the class methods :meth:`uniform`, :meth:`normal`, :meth:`lognormal`,
    :meth:`beta` and :meth:`triangular`, or from a plain dict with
    :func:`distribution_from_dict`.

    Attributes
    ----------
    kind : str
        One of :data:`DISTRIBUTIONS`.
    parameters : tuple of (str, float)
        The defining parameters, by name.
    truncation : tuple of float
        For ``normal``: the interval it is conditioned on (default the whole line).

    Examples
    --------
    >>> d = Distribution.triangular(0, 1, 4)
    >>> d.support, d.ppf([0.0, 0.25, 1.0]).tolist()
    ((0.0, 4.0), [0.0, 1.0, 4.0])
    """

    kind: str
    parameters: tuple[tuple[str, float], ...]
    truncation: tuple[float, float] = (-math.inf, math.inf)

    # -- constructors ---------------------------------------------------------------------------
    @classmethod
    def uniform(cls, low: float, high: float) -> Distribution:
        """Uniform on ``[low, high]``, ``low < high``."""
        return distribution_from_dict({"distribution": "uniform", "low": low, "high": high})

    @classmethod
    def normal(cls, mean: float, sd: float) -> Distribution:
        """Normal with ``sd > 0`` (truncated to a parameter's bounds when used for one)."""
        return distribution_from_dict({"distribution": "normal", "mean": mean, "sd": sd})

    @classmethod
    def lognormal(cls, median: float, sigma: float) -> Distribution:
        """Lognormal: :math:`\\log X \\sim N(\\log \\mathrm{median}, \\sigma^2)`."""
        return distribution_from_dict(
            {"distribution": "lognormal", "median": median, "sigma": sigma}
        )

    @classmethod
    def beta(cls, a: float, b: float, low: float = 0.0, high: float = 1.0) -> Distribution:
        """Beta(a, b) rescaled to ``[low, high]``."""
        return distribution_from_dict(
            {"distribution": "beta", "a": a, "b": b, "low": low, "high": high}
        )

    @classmethod
    def triangular(cls, low: float, mode: float, high: float) -> Distribution:
        """Triangular on ``[low, high]`` with its peak at ``mode``."""
        return distribution_from_dict(
            {"distribution": "triangular", "low": low, "mode": mode, "high": high}
        )

    # -- properties -----------------------------------------------------------------------------
    def __getitem__(self, key: str) -> float:
        return dict(self.parameters)[key]

    @property
    def support(self) -> tuple[float, float]:
        """The closed hull of the values it can take."""
        p = dict(self.parameters)
        if self.kind == "normal":
            return self.truncation
        if self.kind == "lognormal":
            return (0.0, math.inf)
        if self.kind == "beta":
            return (p.get("low", 0.0), p.get("high", 1.0))
        return (p["low"], p["high"])

    def to_dict(self) -> dict[str, Any]:
        """The plain-dict form read by :func:`distribution_from_dict` (and written to JSON).

        Examples
        --------
        >>> Distribution.lognormal(10, 0.5).to_dict()
        {'distribution': 'lognormal', 'median': 10.0, 'sigma': 0.5}
        """
        return {"distribution": self.kind, **dict(self.parameters)}

    def ppf(self, u: ArrayLike) -> NDArray[np.float64]:
        """The inverse CDF (quantile function) at ``u`` in [0, 1].

        Examples
        --------
        The median of a lognormal is its ``median``; a normal truncated to [0, inf) has
        median :math:`\\mu + \\sigma \\Phi^{-1}(0.5 + 0.5\\,\\Phi(\\mu/\\sigma))`.

        >>> float(Distribution.lognormal(10, 0.5).ppf(0.5))
        10.0
        >>> d = Distribution.normal(0, 1).truncated(0, math.inf)
        >>> from scipy import stats
        >>> round(float(d.ppf(0.5)), 6) == round(float(stats.halfnorm.ppf(0.5)), 6)
        True
        """
        from scipy import special

        u = np.asarray(u, dtype=float)
        p = dict(self.parameters)
        if self.kind == "uniform":
            out = p["low"] + u * (p["high"] - p["low"])
        elif self.kind == "normal":
            from scipy import stats

            low, high = self.truncation
            alpha, beta = (low - p["mean"]) / p["sd"], (high - p["mean"]) / p["sd"]
            out = stats.truncnorm.ppf(
                np.clip(u, _U_EDGE, 1 - _U_EDGE), alpha, beta, loc=p["mean"], scale=p["sd"]
            )
        elif self.kind == "lognormal":
            z = special.ndtri(np.clip(u, _U_EDGE, 1 - _U_EDGE))
            out = p["median"] * np.exp(p["sigma"] * z)
        elif self.kind == "beta":
            low, high = p.get("low", 0.0), p.get("high", 1.0)
            out = low + (high - low) * special.betaincinv(p["a"], p["b"], u)
        else:  # triangular
            low, mode, high = p["low"], p["mode"], p["high"]
            width = high - low
            split = (mode - low) / width
            left = low + np.sqrt(u * width * (mode - low))
            right = high - np.sqrt((1 - u) * width * (high - mode))
            out = np.where(u < split, left, right)
        return np.asarray(out, dtype=float)

    def sample(self, size: int, rng: Any = None) -> NDArray[np.float64]:
        """``size`` independent draws, through ``rng`` (anything ``np.random.default_rng`` takes).

        Examples
        --------
        >>> x = Distribution.uniform(2, 3).sample(1000, rng=0)
        >>> bool(((x >= 2) & (x <= 3)).all()), abs(float(x.mean()) - 2.5) < 0.05
        (True, True)
        """
        return self.ppf(np.random.default_rng(rng).random(size))

    def truncated(self, low: float, high: float) -> Distribution:
        """A normal distribution conditioned on ``[low, high]`` (other kinds: unchanged)."""
        if self.kind != "normal":
            return self
        return replace(self, truncation=(float(low), float(high)))


def _real(value: Any) -> bool:
    return isinstance(value, int | float | Fraction) and not isinstance(value, bool)


def parameter_bounds(path: str) -> tuple[float, float, bool, bool]:
    """The bounds ``(low, high, low_inclusive, high_inclusive)`` of the parameter at ``path``.

    Examples
    --------
    >>> parameter_bounds("labs.lab-a.risk")
    (0.0, 1.0, True, False)
    >>> parameter_bounds("channels.audits.per_lab.lab-a")
    (0.0, 1.0, True, True)
    """
    if not isinstance(path, str):
        raise InputError("expected a field path (text)", field="uncertainty", value=path)
    parts = path.split(".")
    kind: str | None = None
    if len(parts) == 1 and parts[0] in ("background_risk", "decisiveness"):
        kind = parts[0]
    elif parts[0] == "defaults" and len(parts) == 2 and parts[1] in LAB_PARAMETERS:
        kind = parts[1]
    elif parts[0] == "labs" and len(parts) == 3 and parts[2] in LAB_PARAMETERS and parts[1]:
        kind = parts[2]
    elif parts[0] == "channels" and (
        (len(parts) == 3 and parts[2] == "detection") or (len(parts) == 4 and parts[2] == "per_lab")
    ):
        kind = "detection"
    elif parts[0] == "verification" and len(parts) <= 2:
        kind = "detection"
    if kind is None:
        raise InputError(
            "unknown uncertain parameter; expected labs.<lab>.<parameter>, "
            "defaults.<parameter>, channels.<channel>.detection, "
            "channels.<channel>.per_lab.<lab>, background_risk, decisiveness, verification or "
            f"verification.<lab>, with <parameter> one of {list(LAB_PARAMETERS)}",
            field=path,
        )
    low, high, high_inclusive = _BOUNDS[kind]
    return (low, high, kind != "capability", high_inclusive)


def _describe_bounds(low: float, high: float, low_in: bool, high_in: bool) -> str:
    return f"{'[' if low_in else '('}{low:g}, {high:g}{']' if high_in else ')'}"


class _SpecError(Exception):
    def __init__(self, message: str, key: str | None = None, value: Any = None) -> None:
        super().__init__(message)
        self.message, self.key, self.value = message, key, value


def _build(spec: Any, parameter: str | None) -> Distribution:
    if not isinstance(spec, Mapping):
        raise _SpecError(
            "expected a table with distribution = one of "
            f"{', '.join(DISTRIBUTIONS)} and its parameters",
            value=spec,
        )
    kind = spec.get("distribution")
    if kind is None:
        raise _SpecError(f"missing key 'distribution'; expected one of {list(DISTRIBUTIONS)}")
    if kind not in DISTRIBUTIONS:
        raise _SpecError(
            f"unknown distribution; expected one of {list(DISTRIBUTIONS)}", "distribution", kind
        )
    required, optional = DISTRIBUTIONS[kind]
    allowed = (*required, *optional)
    for key in spec:
        if key != "distribution" and key not in allowed:
            raise _SpecError(
                f"unknown key {key!r} for a {kind} distribution; expected {list(allowed)}",
                str(key),
                spec[key],
            )
    missing = [key for key in required if key not in spec]
    if missing:
        raise _SpecError(
            f"missing {', '.join(map(repr, missing))} for a {kind} distribution; "
            f"expected {list(required)}" + (f" (optional {list(optional)})" if optional else "")
        )
    p: dict[str, float] = {}
    for key in allowed:
        if key not in spec:
            continue
        value = spec[key]
        if not _real(value) or not math.isfinite(float(value)):
            raise _SpecError("expected a finite number", key, value)
        p[key] = float(value)

    def need(ok: bool, message: str, key: str) -> None:
        if not ok:
            raise _SpecError(message, key, spec[key])

    if kind == "uniform":
        need(p["low"] < p["high"], "expected high > low", "high")
    elif kind == "normal":
        need(p["sd"] > 0, "expected sd > 0", "sd")
    elif kind == "lognormal":
        need(p["median"] > 0, "expected median > 0", "median")
        need(p["sigma"] > 0, "expected sigma > 0", "sigma")
    elif kind == "beta":
        need(p["a"] > 0, "expected a > 0", "a")
        need(p["b"] > 0, "expected b > 0", "b")
        p.setdefault("low", 0.0)
        p.setdefault("high", 1.0)
        if p["low"] >= p["high"]:
            raise _SpecError("expected high > low", "high", p["high"])
    else:
        need(p["low"] < p["high"], "expected high > low", "high")
        need(p["low"] <= p["mode"] <= p["high"], "expected low <= mode <= high", "mode")
    ordered = tuple((key, p[key]) for key in allowed if key in p)
    distribution = Distribution(kind, ordered)
    if parameter is not None:
        distribution = _fit_to_bounds(distribution, parameter)
    return distribution


def _fit_to_bounds(distribution: Distribution, parameter: str) -> Distribution:
    low, high, low_in, high_in = parameter_bounds(parameter)
    bounds = _describe_bounds(low, high, low_in, high_in)
    if distribution.kind == "normal":
        mean = distribution["mean"]
        if not low <= mean <= high:
            raise _SpecError(
                f"expected a mean within the parameter's bounds {bounds}", "mean", mean
            )
        return distribution.truncated(low, high)
    s_low, s_high = distribution.support
    if s_low < low or s_high > high:
        key = {"lognormal": "sigma"}.get(distribution.kind, "low" if s_low < low else "high")
        what = "(0, inf)" if distribution.kind == "lognormal" else f"[{s_low:g}, {s_high:g}]"
        raise _SpecError(
            f"the {distribution.kind} distribution's support {what} leaves the parameter's "
            f"bounds {bounds}; expected a support within them"
            + ("; use beta or triangular" if distribution.kind == "lognormal" else ""),
            key,
            distribution[key] if key in dict(distribution.parameters) else None,
        )
    return distribution


def distribution_from_dict(
    spec: Mapping[str, Any], *, parameter: str | None = None
) -> Distribution:
    """A :class:`Distribution` from a plain dict, validated.

    Parameters
    ----------
    spec : mapping
        ``{"distribution": name, **parameters}``, e.g.
        ``{"distribution": "lognormal", "median": 10, "sigma": 0.5}``; the keys of each
        distribution are in :data:`DISTRIBUTIONS` and the module docstring.
    parameter : str, optional
        The field path it is for; then its support must lie within the parameter's bounds
        (:func:`parameter_bounds`) and a normal is truncated to them.

    Raises
    ------
    InputError
        Naming the field, the bad value and what was expected: an unknown distribution, a
        missing or extra key, a non-number, a support outside the parameter's bounds.

    Examples
    --------
    >>> distribution_from_dict({"distribution": "lognormal", "median": 10, "sigma": 0.5})
    Distribution(kind='lognormal', parameters=(('median', 10.0), ('sigma', 0.5)), truncation=(-inf, inf))
    >>> distribution_from_dict({"distribution": "normal", "mean": 20, "sd": 5},
    ...                        parameter="labs.a.prize").truncation
    (0.0, inf)
    >>> distribution_from_dict({"distribution": "uniform", "low": 0.5, "high": 1.2},
    ...                        parameter="labs.lab-a.risk")
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: labs.lab-a.risk.high = 1.2: the uniform distribution's support [0.5, 1.2] leaves the parameter's bounds [0, 1); expected a support within them
    """  # noqa: E501
    try:
        return _build(spec, parameter)
    except _SpecError as exc:
        field = ".".join(x for x in (parameter, exc.key) if x) or None
        raise InputError(exc.message, field=field, value=exc.value) from None


def validate_uncertainty_section(table: Any, locate: Any) -> dict[str, Distribution]:
    """Validate a scenario's ``[uncertainty]`` section: field path -> :class:`Distribution`.

    Registered in :data:`gametheory.pause.scenario.SECTION_VALIDATORS`; ``locate`` is the section's
    :class:`~gametheory.pause.scenario.Locator`. Whether the labs and channels named exist is checked
    against the model when the distributions are used.

    Examples
    --------
    >>> from gametheory.pause.scenario import parse_scenario
    >>> text = '''
    ... [defaults]
    ... capability = 1
    ... prize = 4
    ... pause_cost = 0
    ... harm = 0
    ... risk = 0
    ... sanction = 8
    ... [labs.a]
    ... [uncertainty."labs.a.prize"]
    ... distribution = "uniform"
    ... low = 2
    ... high = 6
    ... '''
    >>> parse_scenario(text).sections["uncertainty"]["labs.a.prize"].support
    (2.0, 6.0)
    >>> parse_scenario(text.replace("uniform", "gamma"), source="demo.toml")
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: demo.toml:11: uncertainty."labs.a.prize".distribution = 'gamma': unknown distribution; expected one of ['uniform', 'normal', 'lognormal', 'beta', 'triangular']
    """  # noqa: E501
    if not isinstance(table, Mapping):
        raise locate.error(
            'expected a table of field path -> distribution, e.g. [uncertainty."labs.lab-a.prize"]',
            value=table,
        )
    out: dict[str, Distribution] = {}
    for path, spec in table.items():
        try:
            parameter_bounds(path)
            out[path] = _build(spec, path)
        except _SpecError as exc:
            keys = (path, exc.key) if exc.key else (path,)
            raise locate.error(exc.message, *keys, value=exc.value) from None
        except InputError as exc:
            raise locate.error(exc.message, path, value=spec) from None
    return out


def _as_distributions(
    distributions: Mapping[str, Distribution | Mapping[str, Any]],
) -> tuple[tuple[str, ...], tuple[Distribution, ...]]:
    if not isinstance(distributions, Mapping) or not distributions:
        raise InputError(
            "expected a non-empty mapping of field path -> distribution",
            field="distributions",
            value=distributions if not isinstance(distributions, Mapping) else None,
        )
    paths: list[str] = []
    fitted: list[Distribution] = []
    for path, spec in distributions.items():
        raw = spec.to_dict() if isinstance(spec, Distribution) else spec
        paths.append(path)
        fitted.append(distribution_from_dict(raw, parameter=path))
    return tuple(paths), tuple(fitted)


# -- evaluating the closed forms on many parameter sets at once -------------------------------
def _evaluate(
    model: PauseModel, paths: Sequence[str], values: NDArray[np.float64], tol: float
) -> dict[str, NDArray[Any]]:
    """The closed-form outcomes of every row of ``values`` (one column per path)."""
    count = values.shape[0]
    n = model.num_labs
    grid = _Grid(model)
    for j in sorted(range(len(paths)), key=lambda j: paths[j].count(".")):
        low, high, low_in, high_in = parameter_bounds(paths[j])
        column = values[:, j]
        # Open bounds: a draw rounded onto the bound moves to the nearest admissible float.
        column = np.clip(
            column,
            low if low_in else np.nextafter(low, math.inf),
            high if high_in else np.nextafter(high, -math.inf),
        )
        grid.set(paths[j], column)
    closed = grid_thresholds(grid.take(slice(None)), count, n)
    detection, margin, q_star = closed.detection, closed.margin, closed.q_star
    with np.errstate(invalid="ignore"):
        weakest = _weakest(q_star - detection, closed.gain)  # ranked as critical_verification
    return {
        "all_pause": (margin >= -tol).all(axis=1),
        "critical_verification": q_star,
        "detection": np.ascontiguousarray(detection),
        "weakest_link": weakest,
        "smallest_margin": margin.min(axis=1),
    }


def _draw(
    distributions: Sequence[Distribution], seed: np.random.SeedSequence, count: int
) -> NDArray[np.float64]:
    """``count`` draws of every distribution (one column each) from one child seed."""
    u = np.random.default_rng(seed).random((count, len(distributions)))
    values = np.empty_like(u)
    for j, distribution in enumerate(distributions):
        values[:, j] = distribution.ppf(u[:, j])
    return values


def _monte_carlo_chunk(
    model: PauseModel,
    paths: tuple[str, ...],
    distributions: tuple[Distribution, ...],
    seed: np.random.SeedSequence,
    count: int,
    tol: float,
) -> dict[str, NDArray[Any]]:
    """One chunk of draws: a pure function of its child seed (so it may run anywhere)."""
    values = _draw(distributions, seed, count)
    out = _evaluate(model, paths, values, tol)
    out["samples"] = values
    return out


# -- Monte Carlo ----------------------------------------------------------------------------------
def wilson_interval(
    successes: int, trials: int, *, confidence: float = 0.95
) -> tuple[float, float]:
    r"""The Wilson score interval for a binomial proportion.

    With :math:`\hat p = k/n` and :math:`z` the :math:`(1 + c)/2` normal quantile:
    :math:`\bigl(\hat p + \tfrac{z^2}{2n} \pm z\sqrt{\hat p(1-\hat p)/n + z^2/(4n^2)}\bigr)
    / (1 + z^2/n)`. Unlike the normal approximation it stays within [0, 1] and does not
    collapse to a point when :math:`k = 0` or :math:`k = n`.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *Journal of the American Statistical Association* 22:209-212.

    Examples
    --------
    >>> low, high = wilson_interval(0, 10)
    >>> low, round(high, 4)
    (0.0, 0.2775)
    """
    from scipy import special

    if isinstance(trials, bool) or int(trials) != trials or trials < 1:
        raise InputError("expected a whole number >= 1", field="trials", value=trials)
    if isinstance(successes, bool) or int(successes) != successes or not 0 <= successes <= trials:
        raise InputError(
            f"expected a whole number in [0, {trials}]", field="successes", value=successes
        )
    if not 0 < confidence < 1:
        raise InputError("expected a number in (0, 1)", field="confidence", value=confidence)
    n = float(trials)
    p = successes / n
    z = float(special.ndtri(0.5 + confidence / 2))
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return (low, high)


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """Draws of the uncertain parameters and what the pause game does at each.

    Attributes
    ----------
    model : PauseModel
        The base model (its values are replaced at the uncertain paths).
    parameters : tuple of str
        The uncertain field paths, in the order given.
    distributions : tuple of Distribution
        Their distributions (normals truncated to the parameters' bounds).
    samples : ndarray, shape (draws, len(parameters))
        The drawn values.
    all_pause : ndarray of bool, shape (draws,)
        Whether all-pause is an equilibrium at each draw.
    critical_verification : ndarray, shape (draws, N)
        :math:`q_i^*` (inf where no verification suffices).
    detection : ndarray, shape (draws, N)
        :math:`q_i`.
    weakest_link : ndarray of int, shape (draws,)
        Index of the lab with the largest shortfall.
    smallest_margin : ndarray, shape (draws,)
        :math:`\\min_i (q_i F_i - G_i)`.
    seed : int
        The root seed (the entropy drawn when none was given), so any run can be repeated.
    chunk_size : int
    tol : float
    """

    model: PauseModel
    parameters: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    samples: NDArray[np.float64]
    all_pause: NDArray[np.bool_]
    critical_verification: NDArray[np.float64]
    detection: NDArray[np.float64]
    weakest_link: NDArray[np.int64]
    smallest_margin: NDArray[np.float64]
    seed: int
    chunk_size: int
    tol: float

    @property
    def draws(self) -> int:
        """The number of draws."""
        return int(self.all_pause.shape[0])

    @property
    def lab_names(self) -> tuple[str, ...]:
        """The labs' names."""
        return self.model.lab_names

    @property
    def probability(self) -> float:
        """The fraction of draws in which all-pause is an equilibrium."""
        return float(self.all_pause.mean())

    def probability_interval(self, confidence: float = 0.95) -> tuple[float, float]:
        """The Wilson interval (:func:`wilson_interval`) for :attr:`probability`."""
        return wilson_interval(int(self.all_pause.sum()), self.draws, confidence=confidence)

    def weakest_link_probability(self) -> NDArray[np.float64]:
        """Per lab: the fraction of draws in which it is the weakest link."""
        counts = np.bincount(self.weakest_link, minlength=self.model.num_labs)
        return np.asarray(counts / self.draws)

    def critical_verification_quantiles(
        self, quantiles: ArrayLike = (0.05, 0.25, 0.5, 0.75, 0.95)
    ) -> NDArray[np.float64]:
        """Quantiles of each lab's :math:`q_i^*`, shape ``(len(quantiles), N)``.

        The empirical (inverted-CDF) quantiles, so an infinite :math:`q_i^*` is reported as
        such rather than interpolated.
        """
        q = np.asarray(quantiles, dtype=float)
        if q.size == 0 or not np.all((q >= 0) & (q <= 1)):
            raise InputError("expected quantiles in [0, 1]", field="quantiles", value=q.tolist())
        return np.asarray(np.quantile(self.critical_verification, q, axis=0, method="inverted_cdf"))

    def summary_frame(self) -> Any:
        """Per lab: P(weakest link), P(deterred), current :math:`q_i` (median) and
        :math:`q_i^*` quantiles, as a :class:`pandas.DataFrame`.

        Examples
        --------
        >>> from gametheory import Lab, PauseModel
        >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=8),))
        >>> r = monte_carlo(m, {"verification": Distribution.uniform(0, 1)}, draws=2000, seed=1)
        >>> frame = r.summary_frame()
        >>> frame.loc[0, "lab"], bool(abs(frame.loc[0, "p_deterred"] - 0.5) < 0.05)
        ('a', True)
        """
        import pandas as pd

        levels = (0.05, 0.5, 0.95)
        quantiles = self.critical_verification_quantiles(levels)
        deterred = self.critical_verification <= self.detection
        columns: dict[str, Any] = {
            "lab": list(self.lab_names),
            "p_weakest_link": self.weakest_link_probability(),
            "p_deterred": deterred.mean(axis=0),
            "verification_median": np.median(self.detection, axis=0),
        }
        for level, row in zip(levels, quantiles, strict=True):
            columns[f"critical_verification_q{round(level * 100):02d}"] = row
        return pd.DataFrame(columns)

    def to_frame(self) -> Any:
        """One row per draw: the sampled values and the outcomes, as a DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.to_columns())

    def to_columns(self, *, coded: bool = False) -> dict[str, Any]:
        """The columns of :meth:`to_frame` as flat arrays (no pandas; for fast writing).

        ``coded=True`` gives the weakest link as a
        :class:`~gametheory.core.columns.CodedText` (codes into the lab names).

        Examples
        --------
        >>> from gametheory import Lab, PauseModel
        >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=8), Lab("b", prize=1)))
        >>> r = monte_carlo(m, {"verification": Distribution.uniform(0, 1)}, draws=3, seed=1)
        >>> columns = r.to_columns(coded=True)
        >>> list(columns)[:2], list(columns)[-1], columns["weakest_link"].labels
        (['verification', 'all_pause_is_equilibrium'], 'critical_verification[b]', ('a', 'b'))
        """
        columns: dict[str, Any] = {
            path: self.samples[:, j] for j, path in enumerate(self.parameters)
        }
        columns["all_pause_is_equilibrium"] = self.all_pause
        columns["smallest_margin"] = self.smallest_margin
        weakest = CodedText(self.weakest_link, self.lab_names)
        columns["weakest_link"] = weakest if coded else np.asarray(weakest).astype(object)
        for i, name in enumerate(self.lab_names):
            columns[f"critical_verification[{name}]"] = self.critical_verification[:, i]
        return columns


def _chunks(draws: int, chunk_size: int, seed: int) -> list[tuple[np.random.SeedSequence, int]]:
    counts = [min(chunk_size, draws - start) for start in range(0, draws, chunk_size)]
    children = np.random.SeedSequence(seed).spawn(len(counts))
    return list(zip(children, counts, strict=True))


def _dask_client(scheduler: Any) -> tuple[Any, bool]:
    try:
        from dask.distributed import Client
    except ImportError:
        raise InputError(
            "running on a dask cluster needs the optional dask extra: "
            "pip install 'pausegame[dask]'",
            field="scheduler",
            value=str(scheduler),
        ) from None
    if isinstance(scheduler, Client):
        return scheduler, False
    if not isinstance(scheduler, str) or not scheduler:
        raise InputError(
            "expected a dask scheduler address (e.g. tcp://10.0.0.1:8786) or a Client",
            field="scheduler",
            value=repr(scheduler),
        )
    try:
        return Client(scheduler, timeout="10s"), True
    except (OSError, TimeoutError) as exc:
        raise InputError(
            f"cannot reach the dask scheduler ({exc}); expected a running scheduler's address",
            field="scheduler",
            value=scheduler,
        ) from None


def _run_chunks(
    function: Callable[..., dict[str, NDArray[Any]]],
    arguments: Sequence[tuple[Any, ...]],
    jobs: int,
    scheduler: Any,
) -> Iterator[dict[str, NDArray[Any]]]:
    """Yield ``function(*a)`` for each ``a`` in order: serially, with joblib or on dask."""
    if scheduler is not None:
        client, owned = _dask_client(scheduler)
        try:
            futures = [client.submit(function, *a, pure=False) for a in arguments]
            for future in futures:
                yield future.result()
        finally:
            if owned:
                client.close()
    elif jobs != 1:
        from joblib import Parallel, delayed

        yield from Parallel(n_jobs=jobs, return_as="generator", prefer="threads")(
            delayed(function)(*a) for a in arguments
        )
    else:
        for a in arguments:
            yield function(*a)


def _whole(value: Any, field: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
        raise InputError(f"expected a whole number >= {low}", field=field, value=value)
    return int(value)


def _root_seed(seed: int | None) -> int:
    if seed is None:
        entropy = np.random.SeedSequence().entropy
        assert isinstance(entropy, int)
        return entropy
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError("expected a whole number >= 0 or None", field="seed", value=seed)
    return int(seed)


def monte_carlo(
    model: PauseModel,
    distributions: Mapping[str, Distribution | Mapping[str, Any]],
    *,
    draws: int,
    seed: int | None = None,
    jobs: int = 1,
    scheduler: Any = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    tol: float = TOL,
    progress: bool | None = False,
) -> MonteCarloResult:
    """Draw the uncertain parameters and decide, per draw, whether all-pause holds.

    Parameters
    ----------
    model : PauseModel
        The base model.
    distributions : mapping
        Field path (module docstring) -> :class:`Distribution` or its dict form.
    draws : int
        The number of draws.
    seed : int, optional
        The root seed; ``None`` draws fresh entropy (recorded in the result's ``seed``).
    jobs : int
        Run the chunks with joblib on this many workers (``-1``: every core). Threads by
        default (the chunks are numpy array code, which releases the GIL, and threads start
        instantly); ``with joblib.parallel_config(backend="loky"):`` runs them in processes.
    scheduler : str or dask.distributed.Client, optional
        Run the chunks on a dask cluster: its scheduler's address or a client. Needs the
        optional ``dask`` extra.
    chunk_size : int
        Draws per chunk. The result depends on it (each chunk has its own child seed), but
        not on ``jobs`` or ``scheduler``.
    tol : float
        A margin of at least ``-tol`` counts as deterred, as everywhere in the package.
    progress : bool or None
        Show a progress bar over the chunks (tqdm); ``None``: only on a terminal.

    Returns
    -------
    MonteCarloResult

    Examples
    --------
    One lab gains 4 from racing; it is caught with probability 0.5 and loses a sanction
    uniform on [4, 12], so it is deterred iff the sanction is at least 8: probability 1/2.

    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=8),))
    >>> r = monte_carlo(m, {"verification": {"distribution": "uniform", "low": 0.4,
    ...                                      "high": 0.6}}, draws=20000, seed=7)
    >>> low, high = r.probability_interval()
    >>> low < 0.5 < high
    True
    """
    tol = payoff_tol(model, tol)
    draws = _whole(draws, "draws", 1)
    chunk_size = _whole(chunk_size, "chunk_size", 1)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or (jobs < 1 and jobs != -1):
        raise InputError(
            "expected a whole number >= 1, or -1 for every core", field="jobs", value=jobs
        )
    paths, fitted = _as_distributions(distributions)
    check_memory(
        draws * 8 * (len(paths) + 3 * model.num_labs + 8),
        field="draws",
        value=draws,
        what="the Monte Carlo results",
    )
    # Check the paths against the model before any work is shipped anywhere.
    _evaluate(model, paths, np.array([[d.ppf(0.5) for d in fitted]]), tol)
    root = _root_seed(seed)
    chunks = _chunks(draws, chunk_size, root)
    arguments = [(model, paths, fitted, child, count, tol) for child, count in chunks]
    from gametheory.core.progress import progress_bar

    parts: list[dict[str, NDArray[Any]]] = []
    with progress_bar(draws, "monte carlo", enabled=progress, unit="draw") as bar:
        for part in _run_chunks(_monte_carlo_chunk, arguments, jobs, scheduler):
            parts.append(part)
            bar.update(len(part["all_pause"]))

    def joined(key: str) -> NDArray[Any]:
        return np.concatenate([part[key] for part in parts])

    return MonteCarloResult(
        model=model,
        parameters=paths,
        distributions=fitted,
        samples=joined("samples"),
        all_pause=joined("all_pause"),
        critical_verification=joined("critical_verification"),
        detection=joined("detection"),
        weakest_link=joined("weakest_link").astype(np.int64),
        smallest_margin=joined("smallest_margin"),
        seed=root,
        chunk_size=chunk_size,
        tol=tol,
    )


# -- Sobol' indices -------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SobolIndices:
    """First-order and total Sobol' indices with bootstrap confidence intervals.

    Attributes
    ----------
    names : tuple of str
        The inputs, in order.
    first_order, total : ndarray, shape (k,)
        :math:`S_i` and :math:`S_{T_i}`.
    first_order_interval, total_interval : ndarray, shape (k, 2)
        Bootstrap percentile intervals.
    samples : int
        Base samples :math:`n` (the function was evaluated :math:`n(k + 2)` times).
    bootstrap : int
    confidence : float
    seed : int
    output : str
        What was analysed.
    """

    names: tuple[str, ...]
    first_order: NDArray[np.float64]
    total: NDArray[np.float64]
    first_order_interval: NDArray[np.float64]
    total_interval: NDArray[np.float64]
    samples: int
    bootstrap: int
    confidence: float
    seed: int
    output: str = ""

    def ranking(self) -> tuple[str, ...]:
        """The inputs from the most to the least important, by total index."""
        order = np.argsort(-self.total, kind="stable")
        return tuple(self.names[k] for k in order)

    def to_frame(self) -> Any:
        """One row per input, most important first, as a :class:`pandas.DataFrame`."""
        import pandas as pd

        order = np.argsort(-self.total, kind="stable")
        return pd.DataFrame(
            {
                "parameter": [self.names[k] for k in order],
                "first_order": self.first_order[order],
                "first_order_low": self.first_order_interval[order, 0],
                "first_order_high": self.first_order_interval[order, 1],
                "total": self.total[order],
                "total_low": self.total_interval[order, 0],
                "total_high": self.total_interval[order, 1],
            }
        )


def _sobol_estimates(
    f_a: NDArray[np.float64], f_b: NDArray[np.float64], f_ab: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Saltelli (2010) first-order and Jansen (1999) total estimators.

    ``f_a``, ``f_b``: shape ``(..., n)``; ``f_ab``: shape ``(k, ..., n)``, row ``i`` the
    outputs at A with column ``i`` taken from B. Returns arrays of shape ``(k, ...)``.
    """
    # Centre first: the first-order estimator is not shift-invariant in finite samples, and
    # centring reduces its variance (as SALib does).
    centre = (f_a.sum(axis=-1) + f_b.sum(axis=-1) + f_ab.sum(axis=(0, -1))) / (
        f_a.shape[-1] * (f_ab.shape[0] + 2)
    )
    f_a = f_a - centre[..., None]
    f_b = f_b - centre[..., None]
    f_ab = f_ab - centre[..., None]
    variance = np.var(np.concatenate([f_a, f_b], axis=-1), axis=-1)
    first = np.mean(f_b * (f_ab - f_a), axis=-1)
    total = 0.5 * np.mean((f_a - f_ab) ** 2, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        first = np.where(variance > 0, first / variance, 0.0)
        total = np.where(variance > 0, total / variance, 0.0)
    return first, total


def sobol_indices(
    function: Callable[[NDArray[np.float64]], ArrayLike],
    distributions: Mapping[str, Distribution],
    *,
    samples: int = 1024,
    seed: int | None = None,
    bootstrap: int = 200,
    confidence: float = 0.95,
    output: str = "",
) -> SobolIndices:
    r"""First-order and total Sobol' indices of ``function`` of independent inputs.

    Two matrices :math:`A, B` of ``samples`` rows are drawn from a scrambled Sobol' sequence
    in :math:`2k` dimensions (:class:`scipy.stats.qmc.Sobol`) and mapped through each input's
    inverse CDF; :math:`A_B^{(i)}` is :math:`A` with column :math:`i` from :math:`B`. With
    :math:`V` the variance of the outputs at :math:`A` and :math:`B`,

    .. math::

        S_i = \frac{1}{nV}\sum_j f(B)_j\,\bigl(f(A_B^{(i)})_j - f(A)_j\bigr), \qquad
        S_{T_i} = \frac{1}{2nV}\sum_j \bigl(f(A)_j - f(A_B^{(i)})_j\bigr)^2

    (Saltelli et al. 2010, Table 2 (b) and (f); the second is Jansen's), computed on outputs
    centred by their mean. Confidence intervals are bootstrap percentiles over the :math:`n`
    rows.

    Parameters
    ----------
    function : callable
        Takes an array of shape ``(m, k)`` (columns in the order of ``distributions``) and
        returns ``m`` outputs.
    distributions : mapping of str -> Distribution
        The inputs, independent.
    samples : int
        Base samples :math:`n`, a power of two (the Sobol' sequence is balanced only then).
    seed : int, optional
        Seeds the scrambling and the bootstrap.
    bootstrap : int
        Bootstrap resamples (0: intervals are NaN).
    confidence : float
        Of the intervals.
    output : str
        A description of the output, kept in the result.

    References
    ----------
    .. [1] Sobol', I. M. (2001). Global sensitivity indices for nonlinear mathematical models
       and their Monte Carlo estimates. *Mathematics and Computers in Simulation* 55:271-280.
    .. [2] Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. & Tarantola, S.
       (2010). Variance based sensitivity analysis of model output. Design and estimator for
       the total sensitivity index. *Computer Physics Communications* 181:259-270.
    .. [3] Jansen, M. J. W. (1999). Analysis of variance designs for model output.
       *Computer Physics Communications* 117:35-43.

    Examples
    --------
    :math:`f = x_1 + 2 x_2` with independent standard uniforms: :math:`S_1 = 1/5`,
    :math:`S_2 = 4/5`, and there are no interactions.

    >>> d = {"x1": Distribution.uniform(0, 1), "x2": Distribution.uniform(0, 1)}
    >>> s = sobol_indices(lambda x: x[:, 0] + 2 * x[:, 1], d, samples=4096, seed=0)
    >>> s.first_order.round(2).tolist(), s.ranking()
    ([0.2, 0.8], ('x2', 'x1'))
    """
    names = tuple(distributions)
    k = len(names)
    if k == 0:
        raise InputError("expected at least one input", field="distributions")
    n = _whole(samples, "samples", 2)
    if n & (n - 1):
        raise InputError(
            "expected a power of two (a Sobol' sequence is balanced only then)",
            field="samples",
            value=n,
        )
    check_memory(n * 8 * (k + 2) * (3 * k + 8), field="samples", value=n, what="the Sobol' design")
    bootstrap = _whole(bootstrap, "bootstrap", 0)
    if not 0 < confidence < 1:
        raise InputError("expected a number in (0, 1)", field="confidence", value=confidence)
    root = _root_seed(seed)
    scramble_seed, bootstrap_seed = np.random.SeedSequence(root).spawn(2)
    from scipy.stats import qmc

    base = qmc.Sobol(d=2 * k, scramble=True, rng=np.random.default_rng(scramble_seed)).random(n)
    columns = [distributions[name] for name in names]
    a = np.column_stack([d.ppf(base[:, j]) for j, d in enumerate(columns)])
    b = np.column_stack([d.ppf(base[:, k + j]) for j, d in enumerate(columns)])
    stacked = [a, b]
    for i in range(k):
        ab = a.copy()
        ab[:, i] = b[:, i]
        stacked.append(ab)
    outputs = np.asarray(function(np.concatenate(stacked)), dtype=float).ravel()
    if outputs.shape != (n * (k + 2),):
        raise InputError(
            f"the function returned {outputs.size} outputs; expected one per row, {n * (k + 2)}",
            field="function",
        )
    f_a, f_b = outputs[:n], outputs[n : 2 * n]
    f_ab = outputs[2 * n :].reshape(k, n)
    first, total = _sobol_estimates(f_a, f_b, f_ab)
    if bootstrap:
        rng = np.random.default_rng(bootstrap_seed)
        rows = rng.integers(0, n, size=(bootstrap, n))
        boot_first, boot_total = _sobol_estimates(f_a[rows], f_b[rows], f_ab[:, rows])
        tail = (1 - confidence) / 2 * 100
        first_interval = np.percentile(boot_first, [tail, 100 - tail], axis=1).T
        total_interval = np.percentile(boot_total, [tail, 100 - tail], axis=1).T
    else:
        first_interval = np.full((k, 2), np.nan)
        total_interval = np.full((k, 2), np.nan)
    return SobolIndices(
        names=names,
        first_order=first,
        total=total,
        first_order_interval=first_interval,
        total_interval=total_interval,
        samples=n,
        bootstrap=bootstrap,
        confidence=confidence,
        seed=root,
        output=output,
    )


def pause_sensitivity(
    model: PauseModel,
    distributions: Mapping[str, Distribution | Mapping[str, Any]],
    *,
    samples: int = 1024,
    seed: int | None = None,
    bootstrap: int = 200,
    confidence: float = 0.95,
) -> SobolIndices:
    r"""Which unknown matters most: Sobol' indices of the pause's smallest margin.

    The output is :math:`\min_i (q_i F_i - G_i)` (payoff units; all-pause holds iff it is
    :math:`\ge 0`); the inputs are the uncertain parameters (see :func:`sobol_indices` for the
    estimators and :func:`monte_carlo` for the distributions).

    References
    ----------
    Saltelli, A. et al. (2010), see :func:`sobol_indices`.

    Examples
    --------
    The smallest margin :math:`qF - V` depends on the prize much more than on a detection
    probability known to within ±0.05.

    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=8),))
    >>> s = pause_sensitivity(m, {
    ...     "verification": Distribution.uniform(0.45, 0.55),
    ...     "labs.a.prize": Distribution.uniform(2, 6)}, samples=1024, seed=0)
    >>> s.ranking()
    ('labs.a.prize', 'verification')
    """
    paths, fitted = _as_distributions(distributions)
    _evaluate(model, paths, np.array([[d.ppf(0.5) for d in fitted]]), TOL)

    def smallest_margin(values: NDArray[np.float64]) -> NDArray[np.float64]:
        return _evaluate(model, paths, values, TOL)["smallest_margin"]

    return sobol_indices(
        smallest_margin,
        dict(zip(paths, fitted, strict=True)),
        samples=samples,
        seed=seed,
        bootstrap=bootstrap,
        confidence=confidence,
        output="smallest margin min_i(q_i F_i - G_i)",
    )
