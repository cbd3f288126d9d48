r"""Equilibrium selection: Pareto dominance and risk dominance.

Payoff convention: :mod:`gametheory.core.game`. Selection by evolutionary dynamics (the
replicator's rest points and basins, stochastic stability in finite populations) lives in
:mod:`gametheory.core.evolution`.

References
----------
.. [1] Harsanyi, J. C. & Selten, R. (1988). *A General Theory of Equilibrium Selection in
   Games*. MIT Press (risk dominance, §3.9 and ch. 5).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from gametheory.core.game import Equilibrium, NormalFormGame, certify, expected_payoffs
from gametheory.core.tolerance import TOL, check_tol

__all__ = [
    "RiskDominance",
    "pareto_dominant",
    "risk_dominant",
]


def pareto_dominant(
    game: NormalFormGame, equilibria: Iterable[Equilibrium | Any], *, tol: float = TOL
) -> tuple[Equilibrium, ...]:
    """The equilibria that no other equilibrium in ``equilibria`` Pareto-dominates.

    Equilibrium :math:`e'` dominates :math:`e` when every player gets at least as much
    (within ``tol``) and some player gets more than ``tol`` more. Entries may be
    :class:`~gametheory.Equilibrium` objects or profiles; profiles are certified first.

    Raises
    ------
    ValueError
        If a profile is not an equilibrium (regret above ``tol``).

    Examples
    --------
    Stag hunt: (stag, stag) pays (4, 4) and dominates (hare, hare) at (3, 3) and the mixed
    equilibrium at (3, 3).

    >>> from gametheory import pure_equilibria
    >>> g = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    >>> eqs = [*pure_equilibria(g), [[0.75, 0.25], [0.75, 0.25]]]
    >>> [e.to_lists() for e in pareto_dominant(g, eqs)]
    [[[1.0, 0.0], [1.0, 0.0]]]
    """
    tol = check_tol(tol)
    certified: list[Equilibrium] = []
    for k, entry in enumerate(equilibria):
        if isinstance(entry, Equilibrium):
            certified.append(entry)
            continue
        eq = certify(game, entry, "given", tol=tol)
        if eq is None:
            raise ValueError(f"equilibria[{k}]: {entry!r} is not an equilibrium within tol={tol}")
        certified.append(eq)
    if not certified:
        return ()
    values = np.array([expected_payoffs(game, list(e.strategies)) for e in certified])
    # dominated[j, k]: equilibrium k dominates equilibrium j.
    at_least = np.all(values[None, :, :] >= values[:, None, :] - tol, axis=2)
    better = np.any(values[None, :, :] > values[:, None, :] + tol, axis=2)
    dominated: list[bool] = np.any(at_least & better, axis=1).tolist()
    return tuple(e for e, d in zip(certified, dominated, strict=True) if not d)


@dataclass(frozen=True)
class RiskDominance:
    """The risk-dominance comparison of the two strict equilibria of a 2×2 game.

    Attributes
    ----------
    equilibria : tuple of two (row, column) pure profiles
        The two strict equilibria, in lexicographic order.
    products : tuple of two float
        For each, the product of the two players' deviation losses.
    dominant : (row, column) or None
        The risk-dominant equilibrium, or ``None`` on a tie within ``tol``.
    tol : float
    """

    equilibria: tuple[tuple[int, int], tuple[int, int]]
    products: tuple[float, float]
    dominant: tuple[int, int] | None
    tol: float

    @property
    def tie(self) -> bool:
        """Whether the products agree within ``tol`` (neither risk-dominates)."""
        return self.dominant is None


def risk_dominant(game: NormalFormGame, *, tol: float = TOL) -> RiskDominance:
    r"""Which strict equilibrium of a 2×2 game with two strict equilibria risk-dominates.

    At a strict equilibrium :math:`(r, c)` the row player's deviation loss is
    :math:`A_{rc} - A_{\bar r c}` and the column player's is :math:`B_{rc} - B_{r \bar c}`;
    the equilibrium with the larger product of losses risk-dominates (Harsanyi & Selten 1988).
    In a symmetric game it is the one whose basin of attraction under the replicator dynamics
    is larger than one half.

    Raises
    ------
    ValueError
        If the game is not 2×2 or does not have exactly two strict pure equilibria.

    References
    ----------
    .. [1] Harsanyi, J. C. & Selten, R. (1988). *A General Theory of Equilibrium Selection in
       Games*. MIT Press, §3.9.

    Examples
    --------
    Stag hunt: hare's losses multiply to (3 - 0)(3 - 0) = 9 > (4 - 3)(4 - 3) = 1 for stag.

    >>> g = NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    >>> r = risk_dominant(g)
    >>> r.dominant, r.products
    ((1, 1), (1.0, 9.0))
    """
    tol = check_tol(tol)
    if game.shape != (2, 2):
        raise ValueError(f"game: action counts {game.shape}; expected a 2x2 game")
    a, b = game.payoffs
    strict = []
    losses = []
    for r in (0, 1):
        for c in (0, 1):
            row_loss = float(a[r, c] - a[1 - r, c])
            col_loss = float(b[r, c] - b[r, 1 - c])
            if row_loss > tol and col_loss > tol:
                strict.append((r, c))
                losses.append(row_loss * col_loss)
    if len(strict) != 2:
        raise ValueError(
            f"game: strict pure equilibria {strict}; expected exactly two for a "
            "risk-dominance comparison"
        )
    first, second = losses
    if abs(first - second) <= tol:
        dominant = None
    else:
        dominant = strict[0] if first > second else strict[1]
    return RiskDominance((strict[0], strict[1]), (first, second), dominant, tol)
