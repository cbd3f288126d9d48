r"""The threshold values a one-parameter sweep crosses, each the root of the real condition.

A sweep (:func:`gametheory.pause.sweeps.sweep`) classifies a grid; a negotiator wants the value
where the answer changes ("the pause holds from a verification of 0.551"). Between two grid
points whose region differs (``"pause unique"``, ``"pause one of several"``, ``"pause not an
equilibrium"``), :func:`sweep_thresholds` bisects on the parameter, re-solving the game at
each midpoint, until the interval is as small as floating point allows; the threshold is the
interval's midpoint, and it is **checked** by re-solving just below and just above it, where
the regions must be the two it separates. It is the root of the condition the sweep decides
(every lab's deviation gain against :data:`gametheory.TOL`), not an interpolation of the grid.

Two changes between the same two grid points are found as one (the first); a finer grid
separates them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from gametheory.core.tolerance import TOL
from gametheory.pause.model import PauseModel
from gametheory.pause.sweeps import REGIONS, sweep

__all__ = ["SweepThreshold", "sweep_thresholds"]


@dataclass(frozen=True)
class SweepThreshold:
    """Where the answer changes along one parameter.

    Attributes
    ----------
    parameter : str
        The swept field path.
    value : float
        The threshold: the root of the region change, to floating-point precision.
    below, above : str
        The region just below and just above ``value`` (names of
        :data:`gametheory.pause.sweeps.REGIONS`).
    checked : tuple of float
        The two points, either side of ``value``, where the game was re-solved to check it.
    on_boundary : str or None
        The region in the band of width about the tolerance around ``value`` where a lab is
        exactly indifferent (*on the boundary*), when it differs from both sides; two changes
        that close together are reported as one threshold.
    """

    parameter: str
    value: float
    below: str
    above: str
    checked: tuple[float, float]
    on_boundary: str | None = None

    def sentence(self) -> str:
        """The threshold in words.

        Examples
        --------
        >>> SweepThreshold("verification", 0.5, "pause not an equilibrium", "pause unique",
        ...                (0.4999999, 0.5000001)).sentence()
        'verification = 0.5: below, pause not an equilibrium; above, pause unique'
        """
        text = f"{self.parameter} = {self.value:.6g}: below, {self.below}; above, {self.above}"
        if self.on_boundary is not None:
            text += f" (on the boundary itself, {self.on_boundary})"
        return text


def _region(model: PauseModel, path: str, x: float, tol: float) -> int:
    result = sweep(model, {path: [x]}, tol=tol, progress=False)
    return int(result.region[0]) if result.region[0] >= 0 else (0 if result.all_pause[0] else 2)


def _name(code: int) -> str:
    return REGIONS[code] if code >= 0 else "pause an equilibrium"


def sweep_thresholds(
    model: PauseModel, path: str, values: ArrayLike, *, tol: float = TOL
) -> tuple[SweepThreshold, ...]:
    """Every region change along ``path`` over the grid ``values``, as checked roots.

    Parameters
    ----------
    model : PauseModel
    path : str
        A field path :func:`~gametheory.pause.sweeps.sweep` accepts.
    values : array_like
        The grid, increasing.
    tol : float
        The tolerance of the equilibrium conditions.

    Returns
    -------
    tuple of SweepThreshold
        In grid order.

    Examples
    --------
    One lab gaining 3 from racing, sanction 6: deterred exactly from verification 3/6 = 0.5.

    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=3, sanction=6),))
    >>> (t,) = sweep_thresholds(m, "verification", [0.0, 0.25, 0.75, 1.0])
    >>> round(t.value, 9), t.below, t.above
    (0.5, 'pause not an equilibrium', 'pause unique')
    """
    grid = np.asarray(values, dtype=float)
    if grid.size < 2:
        return ()
    result = sweep(model, {path: grid}, tol=tol, progress=False)
    codes = [
        int(r) if r >= 0 else (0 if a else 2)
        for r, a in zip(result.region.ravel(), result.all_pause.ravel(), strict=True)
    ]
    found: list[SweepThreshold] = []
    for k in range(grid.size - 1):
        if codes[k] == codes[k + 1]:
            continue
        start, code_start = float(grid[k]), codes[k]
        # Several changes between two grid points (e.g. through "pause one of several"):
        # find the first, then search on from it to the next grid point.
        for _ in range(len(REGIONS)):
            lo, hi, code_lo, code_hi = start, float(grid[k + 1]), code_start, codes[k + 1]
            for _ in range(200):
                mid = 0.5 * (lo + hi)
                if mid <= lo or mid >= hi:
                    break
                code = _region(model, path, mid, tol)
                if code == code_lo:
                    lo = mid
                else:
                    hi, code_hi = mid, code
            found.append(_checked(model, path, lo, hi, code_lo, code_hi, tol))
            if code_hi == codes[k + 1]:
                break
            start, code_start = hi, code_hi
    return tuple(_merged(found))


def _merged(found: list[SweepThreshold]) -> list[SweepThreshold]:
    """Join changes closer than the tolerance band into one threshold with its boundary."""
    out: list[SweepThreshold] = []
    for t in found:
        last = out[-1] if out else None
        if last is not None and abs(t.value - last.value) <= 1e-8 * max(1.0, abs(t.value)):
            out[-1] = SweepThreshold(
                t.parameter,
                0.5 * (last.value + t.value),
                last.below,
                t.above,
                (last.checked[0], t.checked[1]),
                t.below,
            )
        else:
            out.append(t)
    return out


def _checked(
    model: PauseModel, path: str, lo: float, hi: float, code_lo: int, code_hi: int, tol: float
) -> SweepThreshold:
    """The threshold between ``lo`` and ``hi``, re-solved either side at a visible distance."""
    value = 0.5 * (lo + hi)
    below, above = lo, hi
    for step in _steps(value):
        b, a = value - step, value + step
        if _region(model, path, b, tol) == code_lo and _region(model, path, a, tol) == code_hi:
            below, above = b, a
            break
    return SweepThreshold(path, value, _name(code_lo), _name(code_hi), (below, above))


def _steps(value: float) -> Sequence[float]:
    scale = max(abs(value), 1e-3)
    return [scale * 10.0**-e for e in (6, 8, 10, 12)]
