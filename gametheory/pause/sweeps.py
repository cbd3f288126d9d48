r"""Parameter sweeps of the pause game, vectorised across the whole grid.

A sweep varies one or two parameters of a :class:`~gametheory.pause.model.PauseModel` over a grid
and, at every grid point, classifies the game (notation of :mod:`gametheory.pause.model` and
:mod:`gametheory.pause.structure`):

* every pure equilibrium, from the deviation gains :math:`\Delta_i(R)` of all :math:`2^N`
  profiles at once (``N <=`` :data:`MAX_SWEEP_ENUMERATION_LABS`);
* whether all-pause is an equilibrium and whether it is the only one, giving the **region**:
  ``"pause unique"``, ``"pause one of several"`` or ``"pause not an equilibrium"``;
* the **largest pausing equilibrium** — the equilibrium with the most pausing labs (ties:
  the lower catastrophe risk, then the lower bitmask) — with its catastrophe risk
  :math:`P(R)` and welfare :math:`\sum_i u_i(R)`;
* the closed-form thresholds of :mod:`gametheory.pause.thresholds`: each point's weakest link and
  its shortfall :math:`q_i^* - q_i`;
* for two labs, the game's class (:func:`gametheory.core.batch.classify_2x2_symmetric`, applied
  to each lab's own payoffs).

Field paths
-----------
The scenario's own paths, resolved on the model: ``labs.<lab>.<parameter>`` (one lab),
``defaults.<parameter>`` (every lab), ``channels.<channel>.detection`` (the channel's
detection of every lab), ``channels.<channel>.per_lab.<lab>`` (of one lab),
``background_risk``, ``decisiveness``; and two shortcuts negotiators ask for directly:
``verification`` sets every lab's detection probability :math:`q_i` to the same value (the
channels are then ignored; a **common view**, which :func:`describe_axis` says) and
``verification.<lab>`` one lab's. The **per-lab** paths ``scale.verification`` and
``scale.<parameter>`` multiply each lab's own value by the swept factor (1 = the scenario;
detection capped at 1), so every lab keeps its own parameters. ``num_labs`` changes the
number of labs: the first ``k`` labs of the model, and for ``k > N`` copies of the last lab named
``<last>-2``, ``<last>-3``, ...; it cannot be combined with a second axis.

How it is fast
--------------
Verification and sanctions enter the deviation gains only through the constant
:math:`\kappa_i - q_i F_i`; the rest, :math:`A_i(R) = s_i V_i / (s_i + X_{-i}) - S_{-i} r_i H_i`,
is computed once per distinct structural parameter set (once in total for a verification
× sanction grid). When only the constant varies and :math:`2^N \le 64`, each lab's stable
profiles at a grid point are a prefix of the profiles sorted by their threshold, found by one
binary search, and the equilibria of the point are a 64-bit mask: a 1000 × 1000 grid of a
five-lab model takes well under a second. Otherwise the grid's points are compared against
every profile in chunks of boolean array operations.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.batch import classify_2x2_symmetric
from gametheory.core.columns import CodedText
from gametheory.core.errors import InputError
from gametheory.core.limits import check_memory
from gametheory.core.tolerance import TOL
from gametheory.pause.model import Channel, Lab, PauseModel, payoff_tol, racing_profiles
from gametheory.pause.scenario import LAB_PARAMETERS

__all__ = [
    "MAX_SWEEP_ENUMERATION_LABS",
    "REGIONS",
    "SweepResult",
    "describe_axis",
    "resolve_labs",
    "sweep",
]

#: The parameters ``scale.<parameter>`` multiplies lab by lab.
SCALABLE = (*LAB_PARAMETERS, "verification")
STRUCTURAL = ("capability", "prize", "harm", "risk", "background_risk", "decisiveness")
#: Region codes of :attr:`SweepResult.region`.
REGIONS = ("pause unique", "pause one of several", "pause not an equilibrium")
#: Above this many labs a sweep reports only the closed-form columns.
MAX_SWEEP_ENUMERATION_LABS = 12

_BOUNDS: dict[str, tuple[float, float, bool]] = {
    # name: (low, high, high is inclusive)
    "capability": (0.0, math.inf, False),
    "prize": (0.0, math.inf, False),
    "pause_cost": (0.0, math.inf, False),
    "harm": (0.0, math.inf, False),
    "risk": (0.0, 1.0, False),
    "sanction": (0.0, math.inf, False),
    "background_risk": (0.0, 1.0, False),
    "decisiveness": (0.0, math.inf, False),
    "detection": (0.0, 1.0, True),
}


def _check_values(path: str, kind: str, values: NDArray[np.float64]) -> None:
    low, high, inclusive = _BOUNDS[kind]
    bad = (
        ~np.isfinite(values) | (values < low) | ((values > high) if inclusive else (values >= high))
    )
    if kind == "capability":
        bad |= values <= 0
    if bad.any():
        expected = {
            "capability": "numbers > 0",
            "risk": "numbers in [0, 1)",
            "background_risk": "numbers in [0, 1)",
            "detection": "probabilities in [0, 1]",
        }.get(kind, "numbers >= 0")
        raise InputError(
            f"sweep values: expected {expected}", field=path, value=float(values[bad][0])
        )


class _Grid:
    """The model's parameters as arrays with a leading grid axis (length 1 if not swept)."""

    def __init__(self, model: PauseModel) -> None:
        self.model = model
        self.lab: dict[str, NDArray[np.float64]] = {
            name: model.array(name)[None, :].copy() for name in LAB_PARAMETERS
        }
        detection = np.array(
            [[float(x) for x in c.detection] for c in model.channels], dtype=float
        ).reshape(len(model.channels), model.num_labs)
        self.detection = detection[None]  # (1, M, N)
        self.verification: NDArray[np.float64] | None = None  # (G, N) override of q
        self.scalar = {
            "background_risk": np.array([float(model.background_risk)]),
            "decisiveness": np.array([float(model.decisiveness)]),
        }
        self.swept: set[str] = set()

    def _grow(self, array: NDArray, size: int) -> NDArray:
        if array.shape[0] == size:
            return array
        return np.repeat(array, size, axis=0)

    def set(self, path: str, values: NDArray[np.float64]) -> None:
        """Apply ``values`` (one per grid point) at ``path``."""
        model = self.model
        size = values.shape[0]
        parts = path.split(".")
        if parts[0] in self.scalar and len(parts) == 1:
            _check_values(path, parts[0], values)
            self.scalar[parts[0]] = values
            self.swept.add(parts[0])
        elif parts[0] == "defaults" and len(parts) == 2 and parts[1] in LAB_PARAMETERS:
            _check_values(path, parts[1], values)
            self.lab[parts[1]] = np.repeat(values[:, None], model.num_labs, axis=1)
            self.swept.add(parts[1])
        elif parts[0] == "labs" and len(parts) == 3 and parts[2] in LAB_PARAMETERS:
            i = model.lab_index(parts[1])
            _check_values(path, parts[2], values)
            array = self._grow(self.lab[parts[2]], size)
            array[:, i] = values
            self.lab[parts[2]] = array
            self.swept.add(parts[2])
        elif parts[0] == "channels" and len(parts) >= 3:
            names = [c.name for c in model.channels]
            if parts[1] not in names:
                raise InputError(f"no such channel; expected one of {names}", field=path)
            m = names.index(parts[1])
            _check_values(path, "detection", values)
            array = self._grow(self.detection, size).copy()
            if len(parts) == 3 and parts[2] == "detection":
                array[:, m, :] = values[:, None]
            elif len(parts) == 4 and parts[2] == "per_lab":
                array[:, m, model.lab_index(parts[3])] = values
            else:
                raise InputError(
                    "expected channels.<channel>.detection or channels.<channel>.per_lab.<lab>",
                    field=path,
                )
            self.detection = array
        elif (
            parts[0] == "scale"
            and len(parts) == 2
            and parts[1] in (*LAB_PARAMETERS, "verification")
        ):
            if (~np.isfinite(values) | (values < 0)).any():
                raise InputError(
                    "sweep values: expected factors >= 0", field=path, value=float(values.min())
                )
            if parts[1] == "verification":
                own = self.detection_probability()[:1]
                self.verification = np.minimum(1.0, own * values[:, None])
            else:
                scaled = self.model.array(parts[1])[None, :] * values[:, None]
                _check_values(path, parts[1], scaled.ravel())
                self.lab[parts[1]] = scaled
                self.swept.add(parts[1])
        elif parts[0] == "verification" and len(parts) <= 2:
            _check_values(path, "detection", values)
            if self.verification is None:
                self.verification = self._grow(self.detection_probability(), size).copy()
            array = self._grow(self.verification, size)
            if len(parts) == 1:
                array[:] = values[:, None]
            else:
                array[:, model.lab_index(parts[1])] = values
            self.verification = array
        else:
            raise InputError(
                "unknown sweep parameter; expected labs.<lab>.<parameter>, "
                "defaults.<parameter>, scale.<parameter>, scale.verification, "
                "channels.<channel>.detection, channels.<channel>.per_lab.<lab>, "
                "background_risk, decisiveness, verification, verification.<lab> or num_labs, "
                f"with <parameter> one of {list(LAB_PARAMETERS)}",
                field=path,
            )

    def detection_probability(self) -> NDArray[np.float64]:
        if self.verification is not None:
            return self.verification
        if self.detection.shape[1] == 0:
            return np.zeros((1, self.model.num_labs))
        return np.asarray(1.0 - np.prod(1.0 - self.detection, axis=1))

    def take(self, index: slice) -> dict[str, NDArray[np.float64]]:
        """The parameters of the grid points in ``index`` (arrays of length 1 broadcast)."""

        def cut(array: NDArray) -> NDArray:
            return array if array.shape[0] == 1 else array[index]

        out = {name: cut(a) for name, a in self.lab.items()}
        out.update({name: cut(a) for name, a in self.scalar.items()})
        out["detection"] = cut(self.detection_probability())
        return out


def _structural_gain(
    p: Mapping[str, NDArray], profiles: NDArray[np.bool_]
) -> tuple[NDArray, NDArray, NDArray]:
    """A_i(R), the racers' shares and P(R) for every profile: shapes (G', P, N), (G', P)."""
    strength = p["capability"] ** p["decisiveness"][:, None]  # (G', N)
    racing = profiles[None]  # (1, P, N)
    s = strength[:, None, :]
    raced = np.where(racing, s, 0.0)
    total = raced.sum(axis=-1, keepdims=True)
    others = total - raced
    with np.errstate(divide="ignore", invalid="ignore"):
        share_if_racing = np.where(s + others > 0, s / (s + others), 1.0)
    log_survive = np.log1p(-p["risk"])[:, None, :]
    log_raced = np.where(racing, log_survive, 0.0)
    log_total = log_raced.sum(axis=-1, keepdims=True)
    survive0 = (1.0 - p["background_risk"])[:, None, None]
    survive_others = survive0 * np.exp(log_total - log_raced)
    risk_harm = (p["risk"] * p["harm"])[:, None, :]
    gain = share_if_racing * p["prize"][:, None, :] - survive_others * risk_harm
    catastrophe = 1.0 - survive0[..., 0] * np.exp(log_total[..., 0])
    share = np.where(racing, share_if_racing, 0.0)
    return gain, share, catastrophe


@dataclass(frozen=True, eq=False)
class SweepResult:
    """The classified grid of a sweep; arrays have the grid's shape (one axis per parameter).

    Attributes
    ----------
    model : PauseModel
        The base model.
    parameters : tuple of str
        The swept field paths, in axis order.
    values : tuple of ndarray
        The values of each axis.
    num_equilibria : ndarray of int
        Pure equilibria at each point (-1 where not enumerated, N > 12).
    all_pause : ndarray of bool
        Whether all-pause is an equilibrium (closed form; always available).
    all_pause_unique : ndarray of bool
        Whether it is the only pure equilibrium (False where not enumerated).
    region : ndarray of int
        Index into :data:`REGIONS` (-1 where uniqueness is unknown).
    largest_pausing : ndarray of int
        The largest pausing equilibrium as a racing bitmask (-1: none / not enumerated).
    catastrophe_risk, welfare : ndarray of float
        At the largest pausing equilibrium (NaN where there is none).
    weakest_link : ndarray of int
        Index of the lab with the largest shortfall.
    shortfall : ndarray of float
        Its shortfall :math:`q_i^* - q_i` (inf where no verification suffices).
    game_class : ndarray of str or None
        For two labs: lab 0's and lab 1's class joined by " / " when they differ.
    tol : float
    """

    model: PauseModel
    parameters: tuple[str, ...]
    values: tuple[NDArray[np.float64], ...]
    num_equilibria: NDArray[np.int64]
    all_pause: NDArray[np.bool_]
    all_pause_unique: NDArray[np.bool_]
    region: NDArray[np.int64]
    largest_pausing: NDArray[np.int64]
    catastrophe_risk: NDArray[np.float64]
    welfare: NDArray[np.float64]
    weakest_link: NDArray[np.int64]
    shortfall: NDArray[np.float64]
    game_class: NDArray[np.str_] | None
    tol: float
    lab_names: tuple[str, ...] = ()

    @property
    def shape(self) -> tuple[int, ...]:
        """The grid's shape."""
        return tuple(len(v) for v in self.values)

    def region_names(self) -> NDArray[np.str_]:
        """:attr:`region` as words."""
        return np.asarray(self._region_text())

    def _region_text(self) -> CodedText:
        labels = (*REGIONS, "pause holds, uniqueness not checked")
        return CodedText(np.where(self.region >= 0, self.region, len(REGIONS)), labels)

    def racers(self, mask: int) -> str:
        """A bitmask of racing labs in words."""
        if mask < 0:
            return ""
        names = [n for i, n in enumerate(self.lab_names) if mask >> i & 1]
        return ", ".join(names) if names else "none"

    def to_columns(self, *, coded: bool = False) -> dict[str, Any]:
        """One flat array per column of :meth:`to_frame` (no pandas; for fast writing).

        Parameters
        ----------
        coded : bool
            Give the text columns (regions, racing labs, weakest link, game class) as
            :class:`~gametheory.core.columns.CodedText`, codes into their few distinct
            values, for :func:`~gametheory.interfaces.outputs.write_table`.

        Examples
        --------
        >>> from gametheory import Lab, PauseModel
        >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=8), Lab("b", prize=4, sanction=8)))
        >>> columns = sweep(m, {"verification": [0.25, 0.75]}).to_columns()
        >>> columns["region"].tolist(), columns["racing_at_largest_pausing"].tolist()
        (['pause not an equilibrium', 'pause unique'], ['a', 'none'])
        """
        grids = np.meshgrid(*self.values, indexing="ij", copy=False)
        columns: dict[str, Any] = {
            p: g.ravel() for p, g in zip(self.parameters, grids, strict=True)
        }
        region = self._region_text()
        columns["region"] = CodedText(region.codes.ravel(), region.labels)
        columns["all_pause_is_equilibrium"] = self.all_pause.ravel()
        columns["all_pause_is_unique"] = self.all_pause_unique.ravel()
        columns["num_equilibria"] = self.num_equilibria.ravel()
        # Few distinct racing sets: name each once, then index (no per-point Python call).
        masks, inverse = np.unique(self.largest_pausing.ravel(), return_inverse=True)
        racers = tuple(self.racers(int(m)) for m in masks)
        columns["racing_at_largest_pausing"] = CodedText(inverse.ravel(), racers)
        columns["catastrophe_risk"] = self.catastrophe_risk.ravel()
        columns["welfare"] = self.welfare.ravel()
        columns["weakest_link"] = CodedText(self.weakest_link.ravel(), self.lab_names)
        columns["shortfall"] = self.shortfall.ravel()
        if self.game_class is not None:
            classes, inverse = np.unique(np.asarray(self.game_class).ravel(), return_inverse=True)
            columns["game_class"] = CodedText(inverse.ravel(), tuple(classes.tolist()))
        if not coded:
            columns = {
                name: np.asarray(column) if isinstance(column, CodedText) else column
                for name, column in columns.items()
            }
        return columns

    def to_frame(self) -> Any:
        """A tidy :class:`pandas.DataFrame`: one row per grid point.

        Examples
        --------
        >>> from gametheory import Lab, PauseModel
        >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=8), Lab("b", prize=4, sanction=8)))
        >>> frame = sweep(m, {"verification": [0.25, 0.75]}).to_frame()
        >>> frame[["verification", "region", "racing_at_largest_pausing"]].values.tolist()
        [[0.25, 'pause not an equilibrium', 'a'], [0.75, 'pause unique', 'none']]
        """
        import pandas as pd

        grids = np.meshgrid(*self.values, indexing="ij")
        columns: dict[str, Any] = {
            p: g.ravel() for p, g in zip(self.parameters, grids, strict=True)
        }
        columns["region"] = self.region_names().ravel()
        columns["all_pause_is_equilibrium"] = self.all_pause.ravel()
        columns["all_pause_is_unique"] = self.all_pause_unique.ravel()
        columns["num_equilibria"] = self.num_equilibria.ravel()
        columns["racing_at_largest_pausing"] = [
            self.racers(int(m)) for m in self.largest_pausing.ravel()
        ]
        columns["catastrophe_risk"] = self.catastrophe_risk.ravel()
        columns["welfare"] = self.welfare.ravel()
        names = np.array(self.lab_names, dtype=object)
        columns["weakest_link"] = names[self.weakest_link.ravel()]
        columns["shortfall"] = self.shortfall.ravel()
        if self.game_class is not None:
            columns["game_class"] = self.game_class.ravel()
        return pd.DataFrame(columns)


def describe_axis(path: str) -> str:
    """What sweeping ``path`` does to the labs, in words (common or per-lab view).

    Examples
    --------
    >>> describe_axis("verification")
    'verification: every lab at the same verification q (common view; scale.verification keeps each lab its own)'
    >>> describe_axis("scale.sanction")
    "scale.sanction: each lab's own sanction times the factor (1 = the scenario's)"
    """  # noqa: E501
    parts = path.split(".")
    if path == "verification":
        return (
            f"{path}: every lab at the same verification q (common view; scale.verification "
            "keeps each lab its own)"
        )
    if parts[0] == "defaults" and len(parts) == 2:
        return (
            f"{path}: every lab at the same {parts[1]} (common view; scale.{parts[1]} keeps "
            "each lab its own)"
        )
    if parts[0] == "scale" and len(parts) == 2:
        return f"{path}: each lab's own {parts[1]} times the factor (1 = the scenario's)"
    if parts[0] == "labs" and len(parts) == 3:
        return f"{path}: {parts[1]}'s own {parts[2]}; the other labs keep theirs"
    if parts[0] == "verification" and len(parts) == 2:
        return f"{path}: {parts[1]}'s own verification q; the other labs keep theirs"
    if parts[0] == "channels":
        return f"{path}: the channel's detection; each lab keeps its other channels"
    if path == "num_labs":
        return f"{path}: the first labs of the scenario, copies of the last beyond it"
    return f"{path}: a parameter shared by every lab"


def resolve_labs(model: PauseModel, num_labs: int) -> PauseModel:
    """The model with ``num_labs`` labs: the first ones, or copies of the last appended.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> resolve_labs(PauseModel(labs=(Lab("a"), Lab("b"))), 4).lab_names
    ('a', 'b', 'b-2', 'b-3')
    """
    if isinstance(num_labs, bool) or int(num_labs) != num_labs or num_labs < 1:
        raise InputError("expected a whole number >= 1", field="num_labs", value=num_labs)
    k = int(num_labs)
    labs: list[Lab] = list(model.labs[:k])
    last = model.labs[-1]
    while len(labs) < k:
        labs.append(replace(last, name=f"{last.name}-{len(labs) - model.num_labs + 2}"))
    channels = tuple(
        Channel(
            c.name,
            tuple(c.detection[: min(k, model.num_labs)])
            + (c.detection[-1],) * max(0, k - model.num_labs),
            c.cost,
            c.description,
        )
        for c in model.channels
    )
    return replace(model, labs=tuple(labs), channels=channels)


#: Bytes held per grid point: the result arrays, and their table form when written out.
SWEEP_BYTES_PER_POINT = 256


def sweep(
    model: PauseModel,
    axes: Mapping[str, ArrayLike] | Sequence[tuple[str, ArrayLike]],
    *,
    tol: float = TOL,
    chunk_size: int = 1 << 15,
    progress: bool | None = None,
) -> SweepResult:
    """Classify the pause game at every point of a one- or two-parameter grid.

    Parameters
    ----------
    model : PauseModel
        The base model; swept parameters override it.
    axes : mapping or sequence of (path, values)
        One or two field paths (see the module docstring) with their values.
    tol : float
        Ties within ``tol`` count as best responses, as everywhere in the package.
    chunk_size : int
        Grid points classified per block.
    progress : bool or None
        Show a progress bar (tqdm); ``None``: only when stderr is a terminal.

    Returns
    -------
    SweepResult

    Examples
    --------
    Two symmetric labs with prize 4 and sanction 8: all-pause holds once q >= 0.5. At
    q = 0.5 racing alone exactly breaks even (a tie), so a lone racer is an equilibrium too.

    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=8), Lab("b", prize=4, sanction=8)))
    >>> result = sweep(m, {"verification": [0.3, 0.5, 0.7]})
    >>> result.region_names().tolist()
    ['pause not an equilibrium', 'pause one of several', 'pause unique']
    >>> result.game_class.tolist()
    ['chicken', 'other', 'harmony']
    """
    tol = payoff_tol(model, tol)
    items = list(axes.items()) if isinstance(axes, Mapping) else list(axes)
    if not 1 <= len(items) <= 2:
        raise InputError(f"expected one or two sweep axes, got {len(items)}", field="axes")
    paths = tuple(str(p) for p, _ in items)
    values = []
    for path, raw in items:
        try:
            array = np.asarray(raw, dtype=float).ravel()
        except (TypeError, ValueError):
            raise InputError("expected a list of numbers", field=path, value=raw) from None
        if array.size == 0:
            raise InputError("expected at least one value", field=path)
        values.append(array)
    points = math.prod(len(v) for v in values)
    check_memory(
        points * SWEEP_BYTES_PER_POINT, field="axes", value=points, what="the sweep's results"
    )
    if "num_labs" in paths:
        if len(paths) != 1:
            raise InputError("num_labs cannot be combined with a second axis", field="num_labs")
        return _sweep_num_labs(model, values[0], tol, progress)

    grids = np.meshgrid(*values, indexing="ij")
    flat = [g.ravel() for g in grids]
    grid = _Grid(model)
    for path, column in zip(paths, flat, strict=True):
        grid.set(path, column)
    size = flat[0].size
    shape = tuple(len(v) for v in values)
    if {"capability", "decisiveness"} & grid.swept:
        _check_strengths(grid, paths)
    out = _classify(model, grid, size, tol, chunk_size, progress)
    return SweepResult(
        model=model,
        parameters=paths,
        values=tuple(values),
        **{k: v.reshape(shape) if isinstance(v, np.ndarray) else v for k, v in out.items()},
        tol=tol,
        lab_names=model.lab_names,
    )


def _check_strengths(grid: _Grid, paths: tuple[str, ...]) -> None:
    """Contest strengths c**gamma must stay finite and positive at every grid point."""
    with np.errstate(over="ignore", under="ignore"):
        strength = grid.lab["capability"] ** grid.scalar["decisiveness"][:, None]
        total = strength.sum(axis=1)
    bad = ~(np.isfinite(total) & (strength > 0).all(axis=1))
    if bad.any():
        raise InputError(
            "sweep values: capability**decisiveness leaves the float64 range at some grid "
            "points (every contest share would be undefined); narrow the sweep",
            field=" x ".join(paths),
        )


@dataclass(frozen=True, eq=False)
class GridThresholds:
    """The closed forms of :mod:`gametheory.pause.thresholds` at many parameter points at once.

    Arrays of shape ``(points, N)``: the defection gains
    :math:`G_i = V_i + \\kappa_i - (1 - r_0) r_i H_i`, detection :math:`q_i`, sanctions
    :math:`F_i`, margins :math:`q_i F_i - G_i` and critical verification
    :math:`\\max(0, G_i/F_i)` (inf where no verification suffices).
    """

    gain: NDArray[np.float64]
    detection: NDArray[np.float64]
    sanction: NDArray[np.float64]
    margin: NDArray[np.float64]
    q_star: NDArray[np.float64]


def grid_thresholds(p: Mapping[str, NDArray], count: int, n: int) -> GridThresholds:
    """:class:`GridThresholds` of the parameter arrays ``p`` (from ``_Grid.take``).

    The one vectorised copy of the closed forms: sweeps, phase-diagram curves and Monte
    Carlo draws all use it.
    """
    gain = np.broadcast_to(
        p["prize"] + p["pause_cost"] - (1 - p["background_risk"])[:, None] * p["risk"] * p["harm"],
        (count, n),
    )
    sanction = np.broadcast_to(p["sanction"], (count, n))
    detection = np.broadcast_to(p["detection"], (count, n))
    margin = detection * sanction - gain
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        q_star = np.where(
            sanction > 0, np.maximum(gain / sanction, 0.0), np.where(gain > 0, np.inf, 0.0)
        )
    return GridThresholds(gain, detection, sanction, margin, q_star)


def _weakest(lack: NDArray[np.float64], gain: NDArray[np.float64]) -> NDArray[np.int64]:
    """The weakest link per row, ranked as ``critical_verification`` ranks it.

    Labs no verification deters (infinite shortfall) come first, ordered by their gain
    :math:`G_i`; otherwise the largest shortfall; ties go to the first lab.
    """
    hopeless = ~np.isfinite(lack)
    by_gain = np.argmax(np.where(hopeless, gain, -np.inf), axis=1)
    return np.where(hopeless.any(axis=1), by_gain, np.argmax(lack, axis=1)).astype(np.int64)


def _progress(total: int, enabled: bool | None, description: str) -> Any:
    from gametheory.core.progress import progress_bar

    return progress_bar(total, description, enabled=enabled, unit="point")


def _classify(
    model: PauseModel,
    grid: _Grid,
    size: int,
    tol: float,
    chunk_size: int,
    progress: bool | None,
) -> dict[str, Any]:
    n = model.num_labs
    enumerate_all = n <= MAX_SWEEP_ENUMERATION_LABS
    profiles = racing_profiles(n) if enumerate_all else np.zeros((1, n), dtype=bool)
    pausers = (~profiles).sum(axis=1)
    structural_swept = bool(grid.swept & set(STRUCTURAL))
    cached: tuple[NDArray, NDArray, NDArray] | None = None

    num_eq = np.full(size, -1, dtype=np.int64)
    all_pause = np.zeros(size, dtype=bool)
    unique = np.zeros(size, dtype=bool)
    largest = np.full(size, -1, dtype=np.int64)
    risk = np.full(size, np.nan)
    welfare = np.full(size, np.nan)
    weakest = np.zeros(size, dtype=np.int64)
    shortfall = np.zeros(size)
    classes = np.empty(size, dtype=object) if n == 2 else None
    bitmask = (profiles * (1 << np.arange(n))).sum(axis=1)

    with _progress(size, progress, "sweep") as bar:
        for start in range(0, size, chunk_size):
            index = slice(start, min(start + chunk_size, size))
            count = index.stop - index.start
            p = grid.take(index)
            constant = p["pause_cost"] - p["detection"] * p["sanction"]  # (G', N)
            closed = grid_thresholds(p, count, n)
            detection, margin, q_star = closed.detection, closed.margin, closed.q_star
            all_pause[index] = (margin >= -tol).all(axis=1)
            lack = q_star - detection
            weakest[index] = _weakest(lack, closed.gain)
            shortfall[index] = np.take_along_axis(lack, weakest[index][:, None], axis=1)[:, 0]
            if not enumerate_all:
                continue
            if structural_swept or cached is None:
                cached = _structural_gain(p, profiles)
            structural, share, catastrophe = cached
            if structural.shape[0] == 1 and len(profiles) <= 64:
                stable_bits = _equilibrium_bits(
                    structural[0], profiles, np.broadcast_to(constant, (count, n)), tol
                )
                num_eq[index] = np.bitwise_count(stable_bits)
                unique[index] = stable_bits == 1
                best, found = _largest_pausing(stable_bits, pausers, catastrophe[0])
            else:
                gains = structural + constant[:, None, :]
                racing = profiles[None]
                stable = np.where(racing, gains >= -tol, gains <= tol).all(axis=-1)  # (G', P)
                stable = np.broadcast_to(stable, (count, len(profiles)))
                num_eq[index] = stable.sum(axis=1)
                unique[index] = stable[:, 0] & (num_eq[index] == 1)
                score = np.where(stable, 2.0 * pausers[None, :] - catastrophe, -np.inf)
                best = np.argmax(score, axis=1)
                found = np.isfinite(score[np.arange(count), best])
            catastrophe = np.broadcast_to(catastrophe, (count, len(profiles)))
            largest[index] = np.where(found, bitmask[best], -1)
            chosen = profiles[best]  # (G', N)
            if share.shape[0] == 1:  # one row of shares for every point: gather its rows
                chosen_share = share[0][best]
            else:
                chosen_share = share[np.arange(count), best]
            chosen_risk = catastrophe[np.arange(count), best]
            race_value = chosen_share * p["prize"] - p["detection"] * p["sanction"]
            payoff = (
                np.where(chosen, race_value, -p["pause_cost"]) - chosen_risk[:, None] * p["harm"]
            )
            risk[index] = np.where(found, chosen_risk, np.nan)
            welfare[index] = np.where(found, payoff.sum(axis=1), np.nan)
            if classes is not None:
                classes[index] = _classes_two_labs(
                    structural, constant, share, catastrophe, p, count, tol
                )
            bar.update(count)
    region = np.where(all_pause, np.where(unique, 0, 1), 2)
    if not enumerate_all:
        region = np.where(all_pause, -1, 2)
    return {
        "num_equilibria": num_eq,
        "all_pause": all_pause,
        "all_pause_unique": unique,
        "region": region,
        "largest_pausing": largest,
        "catastrophe_risk": risk,
        "welfare": welfare,
        "weakest_link": weakest,
        "shortfall": shortfall,
        "game_class": None if classes is None else classes.astype(str),
    }


def _equilibrium_bits(
    structural: NDArray, profiles: NDArray[np.bool_], constant: NDArray, tol: float
) -> NDArray[np.uint64]:
    """The pure equilibria at each grid point as a bitmask (bit m: profile m), for P <= 64.

    Only the constant :math:`c_i = \\kappa_i - q_i F_i` varies over the grid. Racing is
    stable for lab i at profile R iff :math:`c_i \\ge -tol - A_i(R)` and pausing iff
    :math:`c_i \\le tol - A_i(R)`, so for each lab the stable profiles are a prefix of the
    profiles sorted by that bound: one binary search per point and lab replaces the
    comparison against every profile.
    """
    count, n = constant.shape
    bit = np.left_shift(np.uint64(1), np.arange(len(profiles), dtype=np.uint64))
    zero = np.zeros(1, dtype=np.uint64)
    out = np.full(count, np.iinfo(np.uint64).max, dtype=np.uint64)
    for i in range(n):
        racers = np.flatnonzero(profiles[:, i])
        pausers = np.flatnonzero(~profiles[:, i])
        c = constant[:, i]
        # Racers: stable iff c >= low; sorted ascending, the stable ones are a prefix.
        low = -tol - structural[racers, i]
        order = np.argsort(low, kind="stable")
        prefix = np.concatenate([zero, np.bitwise_or.accumulate(bit[racers[order]])])
        stable = prefix[np.searchsorted(low[order], c, side="right")]
        # Pausers: stable iff c <= high; sorted descending, the stable ones are a prefix.
        high = tol - structural[pausers, i]
        order = np.argsort(-high, kind="stable")
        prefix = np.concatenate([zero, np.bitwise_or.accumulate(bit[pausers[order]])])
        ascending = np.sort(high)
        stable |= prefix[len(high) - np.searchsorted(ascending, c, side="left")]
        out &= stable
    return out


def _largest_pausing(
    bits: NDArray[np.uint64], pausers: NDArray, catastrophe: NDArray
) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
    """The largest pausing equilibrium in each bitmask (most pausers, then least risk).

    The first profile, in that order, whose bit is set: the smallest rank among the set bits.
    Looked up a byte of the bitmask at a time (a table of 256 ranks per byte), not a profile
    at a time.
    """
    score = 2.0 * pausers - catastrophe
    order = np.argsort(-score, kind="stable")
    size = len(order)
    rank = np.empty(size + 8, dtype=np.intp)
    rank[order] = np.arange(size)
    rank[size:] = size  # profiles past the last: never set, never chosen
    byte = np.arange(256)[:, None] >> np.arange(8) & 1  # (value, bit): is the bit set
    first = np.full(bits.shape, size, dtype=np.intp)
    for start in range(0, size, 8):
        table = np.where(byte, rank[start : start + 8], size).min(axis=1)  # (256,)
        values = ((bits >> np.uint64(start)) & np.uint64(255)).astype(np.intp)
        np.minimum(first, table[values], out=first)
    found = first < size
    best = np.where(found, order[np.minimum(first, size - 1)], 0)
    return best, found


def _classes_two_labs(
    structural: NDArray,
    constant: NDArray,
    share: NDArray,
    catastrophe: NDArray,
    p: Mapping[str, NDArray],
    count: int,
    tol: float,
) -> NDArray:
    # Profiles by bitmask: 0 = both pause, 1 = lab 0 races, 2 = lab 1 races, 3 = both race.
    def payoff(mask: int, lab: int) -> NDArray:
        races = bool(mask >> lab & 1)
        harm = np.broadcast_to(p["harm"], (count, 2))[:, lab]
        risk = catastrophe[:, mask]
        if races:
            s = np.broadcast_to(share, (count, *share.shape[1:]))[:, mask, lab]
            prize = np.broadcast_to(p["prize"], (count, 2))[:, lab]
            detection = np.broadcast_to(p["detection"], (count, 2))[:, lab]
            sanction = np.broadcast_to(p["sanction"], (count, 2))[:, lab]
            return np.asarray(s * prize - detection * sanction - risk * harm)
        kappa = np.broadcast_to(p["pause_cost"], (count, 2))[:, lab]
        return np.asarray(-kappa - risk * harm)

    own = (1, 2)
    other = (2, 1)
    labels = []
    for lab in (0, 1):
        t = payoff(own[lab], lab)
        r = payoff(0, lab)
        pp = payoff(3, lab)
        s = payoff(other[lab], lab)
        labels.append(classify_2x2_symmetric(r, s, t, pp, tol=tol))
    a, b = labels
    return np.where(a == b, a, np.char.add(np.char.add(a.astype(str), " / "), b.astype(str)))


def _sweep_num_labs(
    model: PauseModel, values: NDArray[np.float64], tol: float, progress: bool | None
) -> SweepResult:
    columns: dict[str, list[Any]] = {}
    names: tuple[str, ...] = ()
    for k in values:
        resized = resolve_labs(model, int(k) if float(k).is_integer() else k)
        grid = _Grid(resized)
        point = _classify(resized, grid, 1, tol, 1, False)
        for key, value in point.items():
            columns.setdefault(key, []).append(None if value is None else value[0])
        if len(resized.lab_names) > len(names):
            names = resized.lab_names
    arrays: dict[str, Any] = {}
    for key, column in columns.items():
        if key == "game_class":
            arrays[key] = None if any(c is None for c in column) else np.array(column, dtype=str)
        else:
            arrays[key] = np.array(column)
    return SweepResult(
        model=model,
        parameters=("num_labs",),
        values=(values,),
        tol=tol,
        lab_names=names,
        **arrays,
    )
