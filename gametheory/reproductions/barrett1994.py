r"""Barrett (1994): self-enforcing agreements with concave benefits and Stackelberg signatories.

**Model** (Barrett 1994, §3). Each of :math:`N` countries (here: labs) abates :math:`q_i`;
with :math:`Q = \sum_j q_j` country :math:`i` gets

.. math::

    \pi_i = \frac bN\Bigl(aQ - \frac{Q^2}2\Bigr) - \frac c2 q_i^2, \qquad \gamma = c/b,

a concave global benefit and a convex private cost. The :math:`N - k` non-signatories play
Nash among themselves, each choosing :math:`q_n = (a - Q)/(\gamma N)`; the :math:`k`
signatories are **Stackelberg leaders**: they choose a common :math:`q_s` maximising their joint
payoff, anticipating the non-signatories' reaction. Solving (our derivation, checked against
the first-order conditions in the tests), with :math:`D = \gamma N + N - k`,

.. math::

    q_s(k) = \frac{a k \gamma N}{D^2 + k^2 \gamma N}, \qquad
    q_n(k) = \frac{a - k q_s(k)}{D}.

Both are positive for every :math:`k`, so the non-negativity of abatement never binds
(Barrett's analysis also leaves emissions unconstrained; Rubio & Ulph 2006 redo it with
Kuhn-Tucker conditions and keep the main result). At :math:`k = 0` this is the Nash
equilibrium :math:`q = a/(\gamma N + N)`; a single "signatory" (:math:`k = 1`) is a
Stackelberg leader alone.

**Stability** (d'Aspremont et al. 1983, the convention of
:func:`gametheory.pause.coalitions.stable_coalition_sizes`): size :math:`k` is internally stable
when :math:`\pi_s(k) \ge \pi_n(k-1)` and externally stable when :math:`\pi_n(k) > \pi_s(k+1)`.
Barrett's finding is that the stable size depends on :math:`\gamma` and :math:`N` and can be
anything from 2 to :math:`N`: **large agreements are self-enforcing only when they achieve
little** (the gain from full cooperation over Nash is then small). This contrasts with the
linear-benefit model, whose stable size is 3 whatever the parameters
(:class:`gametheory.pause.coalitions.LinearPublicGood`; Carraro & Siniscalco 1993; Hoel 1992;
Barrett 2003, ch. 7), which pausegame used to attribute to this paper.

References
----------
.. [1] Barrett, S. (1994). Self-enforcing international environmental agreements. *Oxford
   Economic Papers* 46:878-894.
.. [2] Rubio, S. J. & Ulph, A. (2006). Self-enforcing international environmental agreements
   revisited. *Oxford Economic Papers* 58:233-263.
.. [3] d'Aspremont, C., Jacquemin, A., Gabszewicz, J. J. & Weymark, J. A. (1983). On the
   stability of collusive price leadership. *Canadian Journal of Economics* 16:17-25.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory.pause.coalitions import TIE_RULES, stable_coalition_sizes

__all__ = ["BarrettAgreement"]

Number = Any  # float or Fraction: the arithmetic is generic over the number type


@dataclass(frozen=True)
class BarrettAgreement:
    """Barrett's (1994) abatement game with Stackelberg signatories (module docstring).

    Parameters
    ----------
    n : int
        Number of countries (labs), at least 2.
    a : float or Fraction
        :math:`a > 0`, the abatement at which the global marginal benefit vanishes.
    b : float or Fraction
        :math:`b > 0`, the slope of the global marginal benefit.
    c : float or Fraction
        :math:`c > 0`, the slope of each country's marginal cost.

    Pass Fractions for exact arithmetic (the tests do).

    Examples
    --------
    >>> from fractions import Fraction
    >>> g = BarrettAgreement(n=3, a=1, b=1, c=1)
    >>> g.abatement(0)      # Nash: a / (gamma N + N) = 1/6 each
    (Fraction(1, 6), Fraction(1, 6))
    >>> g.stable_sizes()
    (2,)

    References
    ----------
    .. [1] Barrett, S. (1994). Self-enforcing international environmental agreements.
       *Oxford Economic Papers* 46:878-894.
    """

    n: int
    a: Number = 1
    b: Number = 1
    c: Number = 1

    def __post_init__(self) -> None:
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 2:
            raise ValueError(f"n: got {self.n!r}; expected an integer >= 2")
        for name in ("a", "b", "c"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
                raise ValueError(f"{name}: got {value!r}; expected a number > 0")
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name}: got {value!r}; expected a finite number > 0")
            if isinstance(value, int):  # exact by default: ints become Fractions
                object.__setattr__(self, name, Fraction(value))

    @property
    def gamma(self) -> Number:
        """:math:`\\gamma = c / b`."""
        return self.c / self.b

    def _check(self, k: int) -> None:
        if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k <= self.n:
            raise ValueError(f"k: got {k!r}; expected an integer 0 <= k <= {self.n}")

    def abatement(self, k: int) -> tuple[Number, Number]:
        """Each signatory's and each non-signatory's abatement when ``k`` sign.

        At ``k = 0`` both entries are the Nash abatement; at ``k = n`` the second is the
        (unused) reaction of a hypothetical non-signatory.
        """
        self._check(k)
        gamma_n = self.gamma * self.n
        d = gamma_n + self.n - k
        q_s = self.a * k * gamma_n / (d * d + k * k * gamma_n)
        q_n = (self.a - k * q_s) / d
        if k == 0:
            q_s = q_n
        return q_s, q_n

    def total_abatement(self, k: int) -> Number:
        """:math:`Q(k) = k q_s + (N - k) q_n`."""
        q_s, q_n = self.abatement(k)
        return k * q_s + (self.n - k) * q_n

    def _payoff(self, k: int, own: Number) -> Number:
        total = self.total_abatement(k)
        return self.b / self.n * (self.a * total - total * total / 2) - self.c * own * own / 2

    def signatory(self, k: int) -> Number:
        """:math:`\\pi_s(k)`, a signatory's payoff when ``k >= 1`` sign."""
        if k < 1:
            raise ValueError(f"k: got {k!r}; expected at least one signatory")
        return self._payoff(k, self.abatement(k)[0])

    def nonsignatory(self, k: int) -> Number:
        """:math:`\\pi_n(k)`, a non-signatory's payoff when ``k < n`` sign."""
        if k >= self.n:
            raise ValueError(f"k: got {k!r}; expected fewer than {self.n} signatories")
        return self._payoff(k, self.abatement(k)[1])

    def stable_sizes(self, *, ties: str = "membership") -> tuple[int, ...]:
        """The stable numbers of signatories, under the tie rule ``ties`` (see
        :func:`gametheory.pause.coalitions.stable_coalition_sizes`).

        Exact (``tol = 0``) when the parameters are Fractions, else ``tol`` is the default.
        """
        exact = all(isinstance(getattr(self, x), Fraction) for x in ("a", "b", "c"))
        return stable_coalition_sizes(
            self.signatory, self.nonsignatory, self.n, ties=ties, tol=0.0 if exact else None
        )

    def stable_sizes_by_tie_rule(self) -> dict[str, tuple[int, ...]]:
        """:meth:`stable_sizes` under each rule of :data:`TIE_RULES`."""
        return {rule: self.stable_sizes(ties=rule) for rule in TIE_RULES}
