"""The package's one numerical tolerance.

Every float comparison in :mod:`gametheory` that decides a game-theoretic question (is this a
best response, is this profile an equilibrium, is this lab on its threshold) goes through
:data:`TOL`, in payoff units. Functions that compare take a keyword ``tol`` whose default is
:data:`TOL`; pass a larger value for payoffs of large magnitude, or use the exact
(:class:`fractions.Fraction`) paths, which need no tolerance at all.

Why 1e-9: payoffs in the shipped models are of order 1 to 100, so double-precision round-off
in a regret computation is of order 1e-14 to 1e-12. A tolerance of 1e-9 is far above that
noise and far below any payoff difference a modeller means.
"""

from __future__ import annotations

__all__ = ["TOL", "check_tol"]

TOL: float = 1e-9


def check_tol(tol: float) -> float:
    """Return ``tol`` as a float after checking it is finite and non-negative.

    Examples
    --------
    >>> check_tol(1e-6)
    1e-06
    >>> check_tol(-1.0)
    Traceback (most recent call last):
    ...
    ValueError: tol: got -1.0, expected a finite number >= 0
    """
    try:
        value = float(tol)
    except (TypeError, ValueError):
        raise ValueError(f"tol: got {tol!r}, expected a finite number >= 0") from None
    if not (value >= 0 and value != float("inf")):
        raise ValueError(f"tol: got {tol!r}, expected a finite number >= 0")
    return value
