r"""The pause game: labs, verification channels, the Tullock contest and catastrophe risk.

This module is the domain model of ``docs/model/one-shot.md`` (the project's reference
notation). There are :math:`N` labs; each chooses **pause** (action 0) or **race** (action 1). With
:math:`R` the set of racing labs:

* contest share :math:`w_i(R) = c_i^\gamma / \sum_{j \in R} c_j^\gamma` for :math:`i \in R`;
* catastrophe probability :math:`P(R) = 1 - (1 - r_0)\prod_{j \in R}(1 - r_j)`;
* detection :math:`q_i = 1 - \prod_m (1 - d_{m,i})` over the verification channels :math:`m`;
* payoff

.. math::

    u_i(R) = 1[i \in R]\,\bigl(w_i(R)\,V_i - q_i F_i\bigr) - 1[i \notin R]\,\kappa_i
             - P(R)\,H_i .

A profile is a boolean vector ``racing`` of length :math:`N` (``True`` = race), or an integer
bitmask whose bit :math:`i` is set when lab :math:`i` races. :func:`to_game` builds the
:class:`~gametheory.core.game.NormalFormGame` (payoff convention in :mod:`gametheory.core.game`) for
small :math:`N`; the structural questions for large :math:`N` are answered by
:mod:`gametheory.pause.thresholds` and :mod:`gametheory.pause.structure` without the :math:`2^N`
array.

Numbers may be floats or :class:`fractions.Fraction`; the float paths convert to ``float64``
and the exact paths (``exact=True`` where offered) keep Fractions, so that ties are decided
exactly (a scenario read in exact mode holds the Fractions of its decimal text).

References
----------
.. [1] Tullock, G. (1980). Efficient rent seeking. In *Toward a Theory of the Rent-Seeking
   Society*, 97-112. (The contest success function.)
.. [2] Armstrong, S., Bostrom, N. & Shulman, C. (2016). Racing to the precipice: a model of
   artificial intelligence development. *AI & Society* 31:201-206.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gametheory.core.errors import InputError
from gametheory.core.game import NormalFormGame
from gametheory.core.tolerance import PayoffTol, scale_tol
from gametheory.pause.schema import LAB_KEYS, SCENARIO

__all__ = [
    "PAUSE",
    "RACE",
    "Channel",
    "Lab",
    "PauseModel",
    "catastrophe_probability",
    "contest_strengths",
    "contest_strengths_are_exact",
    "detection_probabilities",
    "lab_parameter",
    "pause_payoffs",
    "payoff_tol",
    "racing_profiles",
    "to_game",
]

#: Action indices of the stage game.
PAUSE, RACE = 0, 1

Real = float | int | Fraction

#: The largest N for which :func:`to_game` builds the full payoff array (2^N profiles).
MAX_GAME_LABS = 22


@dataclass(frozen=True)
class Lab:
    """One lab (or bloc of labs, or state) of the pause game; see ``docs/model/one-shot.md``.

    Parameters
    ----------
    name : str
        A unique, non-empty label.
    capability : float
        :math:`c_i > 0`, relative frontier capability; decides who wins a race.
    prize : float
        :math:`V_i \\ge 0`, value to the lab of leading the frontier.
    pause_cost : float
        :math:`\\kappa_i \\ge 0`, what pausing costs the lab.
    harm : float
        :math:`H_i \\ge 0`, the lab's loss if a catastrophe happens, whoever caused it.
    risk : float
        :math:`r_i \\in [0, 1)`, catastrophe probability the lab's racing adds.
    sanction : float
        :math:`F_i \\ge 0`, what the lab loses when caught racing.

    Examples
    --------
    >>> Lab("lab-a", capability=2, prize=10).capability
    2
    >>> Lab("lab-a", risk=1.5)
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: labs.lab-a.risk = 1.5: expected a number in [0, 1)
    """

    name: str
    capability: Real = 1
    prize: Real = 0
    pause_cost: Real = 0
    harm: Real = 0
    risk: Real = 0
    sanction: Real = 0

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InputError("expected a non-empty string", field="labs[].name", value=self.name)
        for key in LAB_KEYS:  # bounds from the one declaration of the scenario format
            key.check(getattr(self, key.name), f"labs.{self.name}.{key.name}")


@dataclass(frozen=True)
class Channel:
    """A verification channel: detects each lab's racing with its own probability.

    Parameters
    ----------
    name : str
        A unique label, e.g. ``"compute-accounting"``.
    detection : tuple of float
        :math:`d_{m,i} \\in [0, 1]`, one per lab, in the model's lab order.
    cost : float
        What operating the channel at these strengths costs (used by budget analyses).
    description : str
        What the channel is, for reports.

    Examples
    --------
    >>> Channel("inspections", (0.5, 0.2)).detection
    (0.5, 0.2)
    """

    name: str
    detection: tuple[Real, ...]
    cost: Real = 0
    description: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InputError(
                "expected a non-empty string", field="channels[].name", value=self.name
            )
        object.__setattr__(self, "detection", tuple(self.detection))
        channel = SCENARIO.key("channels").entries
        for k, d in enumerate(self.detection):
            channel.key("detection").check(d, f"channels.{self.name}.detection[{k}]")
        channel.key("cost").check(self.cost, f"channels.{self.name}.cost")


@dataclass(frozen=True)
class PauseModel:
    """A pause scenario: labs, verification channels and shared parameters.

    Parameters
    ----------
    labs : tuple of Lab
        At least one lab; names unique.
    channels : tuple of Channel
        Each with one detection probability per lab.
    background_risk : float
        :math:`r_0 \\in [0, 1)`, catastrophe probability when everyone pauses.
    decisiveness : float
        :math:`\\gamma \\ge 0`, how strongly capability decides the race.
    name, description : str
        For reports.

    Examples
    --------
    >>> m = PauseModel(
    ...     labs=(Lab("a", prize=4, sanction=10), Lab("b", prize=4, sanction=10)),
    ...     channels=(Channel("audits", (0.5, 0.3)),),
    ... )
    >>> m.num_labs, m.lab_names
    (2, ('a', 'b'))
    >>> detection_probabilities(m).tolist()
    [0.5, 0.3]
    """

    labs: tuple[Lab, ...]
    channels: tuple[Channel, ...] = ()
    background_risk: Real = 0
    decisiveness: Real = 1
    name: str = ""
    description: str = ""
    _arrays: dict[str, NDArray[np.float64]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "labs", tuple(self.labs))
        object.__setattr__(self, "channels", tuple(self.channels))
        if not self.labs:
            raise InputError("expected at least one lab", field="labs", value=[])
        names = [lab.name for lab in self.labs]
        seen: set[str] = set()
        for name in names:
            if name in seen:
                raise InputError("lab names must be unique", field="labs", value=name)
            seen.add(name)
        channel_names: set[str] = set()
        for channel in self.channels:
            if channel.name in channel_names:
                raise InputError(
                    "channel names must be unique", field="channels", value=channel.name
                )
            channel_names.add(channel.name)
            if len(channel.detection) != len(self.labs):
                raise InputError(
                    f"expected {len(self.labs)} detection probabilities, one per lab",
                    field=f"channels.{channel.name}.detection",
                    value=list(channel.detection),
                )
        SCENARIO.key("background_risk").check(self.background_risk, "background_risk")
        SCENARIO.key("decisiveness").check(self.decisiveness, "decisiveness")
        # Contest strengths c_i**gamma are computed in float64 throughout the package: refuse a
        # model whose strengths overflow to inf or underflow to 0 (the shares would be NaN).
        with np.errstate(over="ignore", under="ignore"):
            strength = self.array("capability") ** float(self.decisiveness)
            total = strength.sum()
        if not (np.isfinite(total) and (strength > 0).all()):
            raise InputError(
                "capability**decisiveness leaves the float64 range (overflows or underflows to "
                "0); expected a smaller decisiveness, or capabilities rescaled towards 1 or "
                "closer together (only their ratios matter)",
                field="decisiveness",
                value=self.decisiveness,
            )

    # -- conveniences -------------------------------------------------------------------------
    @property
    def num_labs(self) -> int:
        """The number of labs N."""
        return len(self.labs)

    @property
    def lab_names(self) -> tuple[str, ...]:
        """The labs' names in order."""
        return tuple(lab.name for lab in self.labs)

    def lab_index(self, name: str) -> int:
        """The position of the lab called ``name``."""
        try:
            return self.lab_names.index(name)
        except ValueError:
            raise InputError(
                f"no such lab; expected one of {list(self.lab_names)}", field="labs", value=name
            ) from None

    def array(self, parameter: str) -> NDArray[np.float64]:
        """A lab parameter (e.g. ``"prize"``) as a read-only float array of length N."""
        cached = self._arrays.get(parameter)
        if cached is None:
            cached = np.array([float(getattr(lab, parameter)) for lab in self.labs])
            cached.setflags(write=False)
            self._arrays[parameter] = cached
        return cached

    def with_lab(self, name: str, **changes: Real) -> PauseModel:
        """A copy with one lab's parameters changed.

        Examples
        --------
        >>> m = PauseModel(labs=(Lab("a", prize=1),))
        >>> m.with_lab("a", prize=3).labs[0].prize
        3
        """
        index = self.lab_index(name)
        labs = list(self.labs)
        labs[index] = replace(labs[index], **changes)  # type: ignore[arg-type]
        return replace(self, labs=tuple(labs))


# -- the model's quantities, vectorised ---------------------------------------------------------
def detection_probabilities(model: PauseModel, *, exact: bool = False) -> NDArray[Any]:
    r"""Each lab's detection probability :math:`q_i = 1 - \prod_m (1 - d_{m,i})`.

    With no channels every :math:`q_i = 0`. With ``exact=True`` an object array of Fractions.

    Examples
    --------
    Two channels catching a lab with 0.5 and 0.5 catch it with 0.75.

    >>> m = PauseModel(labs=(Lab("a"),), channels=(Channel("x", (0.5,)), Channel("y", (0.5,))))
    >>> detection_probabilities(m).tolist()
    [0.75]
    >>> detection_probabilities(m, exact=True).tolist()
    [Fraction(3, 4)]
    """
    if exact:
        out = np.empty(model.num_labs, dtype=object)
        for i in range(model.num_labs):
            miss = Fraction(1)
            for channel in model.channels:
                miss *= 1 - Fraction(channel.detection[i])
            out[i] = 1 - miss
        return out
    if not model.channels:
        return np.zeros(model.num_labs)
    d = np.array([[float(x) for x in c.detection] for c in model.channels])
    return np.asarray(1.0 - np.prod(1.0 - d, axis=0))


def racing_profiles(num_labs: int) -> NDArray[np.bool_]:
    """Every profile as a boolean array of shape ``(2**N, N)``; row ``m`` is bitmask ``m``.

    Examples
    --------
    >>> racing_profiles(2).astype(int).tolist()
    [[0, 0], [1, 0], [0, 1], [1, 1]]
    """
    masks = np.arange(1 << num_labs, dtype=np.int64)
    return ((masks[:, None] >> np.arange(num_labs)) & 1).astype(bool)


def lab_parameter(model: PauseModel, parameter: str, *, exact: bool = False) -> NDArray[Any]:
    """A lab parameter of every lab: floats, or with ``exact=True`` an object array of Fractions.

    This and :func:`contest_strengths` are where the float and the exact paths part: every
    formula of the model below is written once, in numpy operations that work on both.

    Examples
    --------
    Exact numbers are the model's own: a scenario read in exact mode holds the Fractions of its
    decimal text, while a float such as 0.1 is its binary value.

    >>> m = PauseModel(labs=(Lab("a", prize=Fraction(1, 10)), Lab("b", prize=2)))
    >>> lab_parameter(m, "prize").tolist(), lab_parameter(m, "prize", exact=True).tolist()
    ([0.1, 2.0], [Fraction(1, 10), Fraction(2, 1)])
    """
    if not exact:
        return model.array(parameter)
    return np.array([Fraction(getattr(lab, parameter)) for lab in model.labs], dtype=object)


def _scalar(value: Real, exact: bool) -> Any:
    # Any: numpy's stubs do not admit Fraction scalars in np.where, though numpy does.
    return Fraction(value) if exact else float(value)


def contest_strengths_are_exact(model: PauseModel) -> bool:
    r"""Whether the contest strengths :math:`s_i = c_i^\gamma` are exact in rationals.

    They are when :math:`\gamma` is an integer; otherwise exact mode uses the nearest double
    of each strength, and :func:`~gametheory.pause.analysis.analyze` says so in its notes.

    Examples
    --------
    >>> m = PauseModel(labs=(Lab("a"), Lab("b")), decisiveness=2)
    >>> contest_strengths_are_exact(m), contest_strengths_are_exact(replace(m, decisiveness=0.5))
    (True, False)
    """
    return Fraction(model.decisiveness).denominator == 1


def contest_strengths(model: PauseModel, *, exact: bool = False) -> NDArray[Any]:
    r"""Contest strengths :math:`s_i = c_i^\gamma` of every lab.

    With ``exact=True`` they are Fractions, exact when :math:`\gamma` is an integer and the
    nearest double otherwise (:func:`contest_strengths_are_exact` says which).

    Examples
    --------
    >>> m = PauseModel(labs=(Lab("a", capability=2), Lab("b", capability=3)), decisiveness=2)
    >>> contest_strengths(m).tolist(), contest_strengths(m, exact=True).tolist()
    ([4.0, 9.0], [Fraction(4, 1), Fraction(9, 1)])
    """
    if not exact:
        return np.asarray(model.array("capability") ** float(model.decisiveness))
    gamma = Fraction(model.decisiveness)
    if gamma.denominator == 1:
        power = int(gamma)
        values = [Fraction(lab.capability) ** power for lab in model.labs]
    else:
        values = [Fraction(float(lab.capability) ** float(gamma)) for lab in model.labs]
    return np.array(values, dtype=object)


def catastrophe_probability(
    model: PauseModel, racing: ArrayLike, *, exact: bool = False
) -> NDArray[Any]:
    r"""Catastrophe probability :math:`P(R)` of each profile in ``racing`` (shape ``(..., N)``).

    With ``exact=True``, Fractions (an object array).

    Examples
    --------
    >>> m = PauseModel(labs=(Lab("a", risk=0.1), Lab("b", risk=0.2)), background_risk=0.0)
    >>> catastrophe_probability(m, [[False, False], [True, True]]).round(6).tolist()
    [0.0, 0.28]
    >>> m = m.with_lab("a", risk=Fraction(1, 10)).with_lab("b", risk=Fraction(1, 5))
    >>> catastrophe_probability(m, [[True, True]], exact=True).tolist()
    [Fraction(7, 25)]
    """
    racing = _as_racing(model, racing)
    one = _scalar(1, exact)
    survive = np.where(racing, one - lab_parameter(model, "risk", exact=exact), one).prod(axis=-1)
    return np.asarray(one - (one - _scalar(model.background_risk, exact)) * survive)


def _as_racing(model: PauseModel, racing: ArrayLike) -> NDArray[np.bool_]:
    array = np.asarray(racing)
    if array.dtype != bool:
        if not np.isin(array, (0, 1)).all():
            raise ValueError("racing: expected booleans (True = race) or 0/1 entries")
        array = array.astype(bool)
    if array.shape[-1:] != (model.num_labs,):
        raise ValueError(
            f"racing: got shape {array.shape}; expected (..., {model.num_labs}), one entry per lab"
        )
    return array


def pause_payoffs(
    model: PauseModel,
    racing: ArrayLike,
    *,
    detection: ArrayLike | None = None,
    sanction: ArrayLike | None = None,
    exact: bool = False,
) -> NDArray[Any]:
    r"""Every lab's payoff :math:`u_i(R)` at each profile in ``racing`` (shape ``(..., N)``).

    ``detection`` and ``sanction`` override :math:`q` and :math:`F` (arrays broadcastable to
    ``(..., N)``), which is how sweeps and networks change them without rebuilding the model.
    With ``exact=True`` every number is a Fraction (an object array) and the same formula is
    evaluated in rational arithmetic: exact mode cannot drift from the float model.

    Examples
    --------
    Two symmetric labs: racing alone wins the whole prize of 4, racing together splits it.

    >>> m = PauseModel(labs=(Lab("a", prize=4, pause_cost=1), Lab("b", prize=4, pause_cost=1)))
    >>> pause_payoffs(m, [[True, False], [True, True]]).tolist()
    [[4.0, -1.0], [2.0, 2.0]]
    >>> pause_payoffs(m, [[True, True]], exact=True).tolist()
    [[Fraction(2, 1), Fraction(2, 1)]]
    """
    racing = _as_racing(model, racing)
    if detection is None:
        q = detection_probabilities(model, exact=exact)
    else:
        q = _numbers(detection, exact)
    if sanction is None:
        sanction_ = lab_parameter(model, "sanction", exact=exact)
    else:
        sanction_ = _numbers(sanction, exact)
    zero, one = _scalar(0, exact), _scalar(1, exact)
    strength = contest_strengths(model, exact=exact)
    total = np.where(racing, strength, zero).sum(axis=-1, keepdims=True)
    share = np.where(racing, strength / np.where(total > 0, total, one), zero)
    catastrophe = catastrophe_probability(model, racing, exact=exact)[..., None]
    race_value = share * lab_parameter(model, "prize", exact=exact) - q * sanction_
    payoff = np.where(racing, race_value, -lab_parameter(model, "pause_cost", exact=exact))
    return np.asarray(payoff - catastrophe * lab_parameter(model, "harm", exact=exact))


def _numbers(values: ArrayLike, exact: bool) -> NDArray[Any]:
    if not exact:
        return np.asarray(values, dtype=float)
    array = np.asarray(values, dtype=object)
    return np.vectorize(Fraction, otypes=[object])(array) if array.size else array


def payoff_tol(model: PauseModel, tol: float) -> PayoffTol:
    """``tol`` in the scenario's payoff units: relative to :math:`\\max_i(V_i+\\kappa_i+H_i+F_i)`.

    That sum bounds every payoff of the pause game, so this is the package's one tolerance rule
    (:mod:`gametheory.core.tolerance`) applied to a scenario: rescaling every payoff parameter
    changes no verdict. A tolerance already in payoff units passes through unchanged.

    Examples
    --------
    >>> m = PauseModel(labs=(Lab("a", prize=4e6, harm=1e6), Lab("b", prize=1.0)))
    >>> float(payoff_tol(m, 1e-9))
    0.005
    """
    total = model.array("prize") + model.array("pause_cost")
    total = total + model.array("harm") + model.array("sanction")
    scale = float(np.max(total)) if total.size else 0.0
    return scale_tol(tol, scale)


def to_game(model: PauseModel) -> NormalFormGame:
    """The pause game as a :class:`~gametheory.core.game.NormalFormGame` (pause = 0, race = 1).

    Builds all :math:`2^N` profiles, so it refuses ``N > MAX_GAME_LABS`` (22); use
    :mod:`gametheory.pause.thresholds` and :mod:`gametheory.pause.structure` for large N.

    Examples
    --------
    >>> m = PauseModel(labs=(Lab("a", prize=4, pause_cost=1), Lab("b", prize=4, pause_cost=1)))
    >>> g = to_game(m)
    >>> g.actions[0], g.payoffs[:, 1, 0].tolist()   # a races, b pauses
    (('pause', 'race'), [4.0, -1.0])
    """
    n = model.num_labs
    if n > MAX_GAME_LABS:
        raise InputError(
            f"to_game: {n} labs give 2**{n} profiles; expected at most {MAX_GAME_LABS} labs "
            "(use gametheory.pause.thresholds for large models)"
        )
    profiles = racing_profiles(n)
    values = pause_payoffs(model, profiles)  # (2**n, n), row m = bitmask m
    # Bit i of the mask is lab i's action; axis 1 + i of the array is lab i's action, so the
    # flat C-order index of a profile reverses the bit order: reshape with axes reversed.
    tensor = values.T.reshape((n,) + (2,) * n)
    tensor = tensor.transpose((0, *range(n, 0, -1)))
    return NormalFormGame(
        tensor,
        players=model.lab_names,
        actions=(("pause", "race"),) * n,
        title=model.name,
    )
