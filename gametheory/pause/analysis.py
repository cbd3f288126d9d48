r"""One call that answers a negotiator's question about a pause scenario: :func:`analyze`.

"With these labs and this verification regime, does a pause hold; if not, who breaks it and by
how much?" :func:`analyze` gathers, for a :class:`~gametheory.pause.model.PauseModel` (notation of
:mod:`gametheory.pause.model`; pause = action 0, race = 1):

* the **pure equilibria** — who races, the catastrophe probability :math:`P(R)`, the total
  welfare :math:`\sum_i u_i(R)` and each lab's payoff. With :math:`N \le 20` labs all
  :math:`2^N` profiles are enumerated (:func:`~gametheory.pause.structure.pause_equilibria`) and the
  list is complete. With more labs the **structural path** is taken: all-pause stability in
  O(N) (:func:`~gametheory.pause.thresholds.critical_verification`), best-response dynamics from
  all-pause and from all-race, and the smallest and largest equilibria when the game has
  strategic complements (:func:`~gametheory.pause.structure.extremal_equilibria`); the result then
  says what is and is not known;
* whether all-pause is an equilibrium and whether it is the only one (``None``: not known);
* every lab's thresholds (critical verification, shortfall, critical sanction) and the
  weakest link;
* for two labs, the game's class (:func:`classify_two_labs`) and every extreme mixed
  equilibrium (:func:`gametheory.two_player_equilibria`).

Every listed equilibrium is certified by its regret, the largest gain a lab has from switching
alone: with :math:`N \le 8` through :func:`gametheory.core.game.certify` on
:func:`~gametheory.pause.model.to_game`, beyond that from the :math:`N` deviation gains
(:func:`~gametheory.pause.structure.deviation_gains`), which is the same quantity computed in O(N).
In exact mode (``exact=True``) candidates found in floats are confirmed in
:class:`fractions.Fraction` arithmetic, where a regret must be exactly zero.

Two-lab classes
---------------
For lab :math:`i` against the other lab :math:`j` write :math:`T = u_i(\text{race},
\text{pause})`, :math:`R = u_i(\text{pause}, \text{pause})`, :math:`P = u_i(\text{race},
\text{race})`, :math:`S = u_i(\text{pause}, \text{race})` (own action first). With
:math:`a > b` meaning :math:`a - b > tol` (exactly :math:`a > b` in exact mode) and
:math:`a = b` a tie within ``tol``, lab :math:`i`'s game is

* **harmony** (pausing dominant) when :math:`R > T` and :math:`S > P`;
* **stag hunt** when :math:`R > T`, :math:`P > S` and :math:`R > P` (pause if the other does);
* **chicken** when :math:`T > R` and :math:`S > P` (do the opposite of the other);
* **prisoner's dilemma** when :math:`T > R`, :math:`P > S` and :math:`R > P`;
* **deadlock** when :math:`T > R`, :math:`P > S` and :math:`P > R` (racing dominant and
  mutual racing preferred);
* **other** for every remaining order, including every tie among the compared pairs.

Labs may be asymmetric, so each lab is classified on its own; when both agree the game has
that class, otherwise it is reported as ``"mixed: lab a is X, lab b is Y"``.

References
----------
.. [1] Rapoport, A. & Guyer, M. (1966). A taxonomy of 2x2 games. *General Systems* 11:203-214.
.. [2] Robinson, D. & Goforth, D. (2005). *The Topology of the 2x2 Games: A New Periodic
   Table*. Routledge.
.. [3] Skyrms, B. (2004). *The Stag Hunt and the Evolution of Social Structure*. Cambridge
   University Press.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gametheory.core.batch import class_from_signs
from gametheory.core.game import certify
from gametheory.core.tolerance import TOL
from gametheory.pause.model import (
    PauseModel,
    catastrophe_probability,
    contest_strengths_are_exact,
    pause_payoffs,
    payoff_tol,
    to_game,
)
from gametheory.pause.structure import (
    MAX_ENUMERATION_LABS,
    best_response_dynamics,
    deviation_gains,
    extremal_equilibria,
    order_structure,
    pause_equilibria,
)
from gametheory.pause.thresholds import LabThreshold, ThresholdReport, critical_verification
from gametheory.pause.treaty import analysis_model

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "EquilibriumOutcome",
    "GameClass",
    "analyze",
    "classify_two_labs",
    "format_csv",
    "format_markdown",
    "format_table",
    "verdict",
]

#: Version of :meth:`Analysis.to_dict`'s document (``docs/analyze-json-schema.md``).
SCHEMA_VERSION = 1

#: Up to this N every equilibrium is certified through :func:`gametheory.core.game.certify` on the
#: full game (each check costs O(N 2^N)); beyond it through the O(N) deviation gains.
CERTIFY_GAME_LABS = 8

#: At most this many pure equilibria are listed (degenerate models can have 2^N).
MAX_LISTED_EQUILIBRIA = 1024

#: :func:`~gametheory.pause.structure.order_structure` costs O(N²) memory; above this N it
#: is skipped.
MAX_ORDER_STRUCTURE_LABS = 2000

Real = float | Fraction

_LAB_PARAMETERS = ("capability", "prize", "pause_cost", "harm", "risk", "sanction")


# -- results ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class EquilibriumOutcome:
    """One equilibrium of the pause game and what it means.

    Attributes
    ----------
    labs : tuple of str
        Every lab's name, in the model's order.
    racing : tuple of str
        The labs that race (with positive probability, for a mixed equilibrium).
    race_probability : tuple of float or Fraction
        Each lab's probability of racing, in the model's lab order (0 or 1 when pure).
    payoffs : tuple of float or Fraction
        Each lab's (expected) payoff :math:`u_i`.
    catastrophe_risk : float or Fraction
        The (expected) catastrophe probability :math:`P(R)`.
    welfare : float or Fraction
        Total welfare :math:`\\sum_i u_i`.
    regret : float or Fraction
        The largest gain a lab has from switching alone; at most ``tol`` (exactly 0 when
        exact).
    """

    labs: tuple[str, ...]
    racing: tuple[str, ...]
    race_probability: tuple[Real, ...]
    payoffs: tuple[Real, ...]
    catastrophe_risk: Real
    welfare: Real
    regret: Real

    @property
    def is_pure(self) -> bool:
        """Whether every lab races or pauses for sure."""
        return all(p in (0, 1) for p in self.race_probability)

    @property
    def label(self) -> str:
        """Who races, in words: ``"all pause"``, ``"all race"``, ``"a and b race"``."""
        n, k = len(self.race_probability), len(self.racing)
        if not self.is_pure:
            parts = [
                f"{name} races w.p. {_short(p)}"
                for name, p in zip(self.labs, self.race_probability, strict=True)
                if p > 0
            ]
            return "mixed: " + ", ".join(parts)
        if k == 0:
            return "all pause"
        if k == n and n > 1:
            return "all race"
        if k > 6:
            return f"{k} of {n} race: {', '.join(self.racing[:4])}, ..."
        verb = "races" if k == 1 else "race"
        return f"{_join(self.racing)} {verb}"


@dataclass(frozen=True)
class GameClass:
    """The class of a two-lab pause game by its payoff order (module docstring).

    Attributes
    ----------
    name : str
        ``"prisoner's dilemma"``, ``"stag hunt"``, ``"chicken"``, ``"harmony"``,
        ``"deadlock"``, ``"other"``, or ``"mixed: lab a is X, lab b is Y"``.
    labs : tuple of str
        The two labs.
    lab_classes : tuple of str
        Each lab's own class.
    orderings : tuple of str
        Each lab's payoff order, e.g. ``"T > R > P > S"`` (``=`` marks a tie within ``tol``).
    values : tuple of dict
        Each lab's ``{"T": ..., "R": ..., "P": ..., "S": ...}``.
    """

    name: str
    labs: tuple[str, str]
    lab_classes: tuple[str, str]
    orderings: tuple[str, str]
    values: tuple[dict[str, Real], dict[str, Real]]


@dataclass(frozen=True)
class Analysis:
    """Everything :func:`analyze` found; render with :meth:`to_dict` or ``format_*``.

    Attributes
    ----------
    model : PauseModel
    equilibria : tuple of EquilibriumOutcome
        Pure equilibria found, all-pause first, then by number of racing labs.
    num_pure_equilibria : int or None
        How many pure equilibria there are (``None`` when not known: the structural path).
    equilibria_complete : bool
        Whether ``equilibria`` lists every pure equilibrium.
    all_pause_is_equilibrium : bool
    all_pause_is_unique : bool or None
        Whether all-pause is the only pure equilibrium; ``None`` when not established.
    thresholds : ThresholdReport
        Per-lab critical verification and sanction, the weakest link.
    method : str
        ``"full enumeration"`` or ``"structural"``.
    order_structure : str or None
        ``"complements"``, ``"substitutes"``, ``"unknown"``, or ``None`` when not checked.
    game_class : GameClass or None
        For two labs.
    mixed_equilibria : tuple of EquilibriumOutcome or None
        Two labs: the extreme equilibria that are not pure; ``None`` when not computed.
    notes : tuple of str
        What was done and what is and is not known, in words.
    exact, tol
        The arithmetic and tolerance used.
    name, file, variant : str or None
        Where the model came from (a scenario file, when analysed from one).
    parameters : dict
        Every parameter used (the scenario's, or read off the model).
    """

    model: PauseModel
    equilibria: tuple[EquilibriumOutcome, ...]
    num_pure_equilibria: int | None
    equilibria_complete: bool
    all_pause_is_equilibrium: bool
    all_pause_is_unique: bool | None
    thresholds: ThresholdReport
    method: str
    order_structure: str | None
    game_class: GameClass | None
    mixed_equilibria: tuple[EquilibriumOutcome, ...] | None
    notes: tuple[str, ...]
    exact: bool
    tol: float
    name: str = ""
    file: str | None = None
    variant: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def weakest_link(self) -> LabThreshold:
        """The lab with the largest shortfall of verification."""
        return self.thresholds.weakest_link

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary; schema in ``docs/analyze-json-schema.md``.

        Only ``dict``, ``list``, ``str``, ``float``, ``int``, ``bool`` and ``None`` appear, so
        ``json.loads(json.dumps(d)) == d``.

        Examples
        --------
        >>> import json
        >>> from gametheory import Lab, PauseModel
        >>> m = PauseModel(labs=(Lab("a", prize=4), Lab("b", prize=4)), name="toy")
        >>> d = analyze(m).to_dict()
        >>> d["all_pause_is_equilibrium"], d["equilibria"][0]["racing"]
        (False, ['a', 'b'])
        >>> json.loads(json.dumps(d)) == d
        True
        """
        from gametheory._version import __version__

        lab_names = self.model.lab_names
        return {
            "schema_version": SCHEMA_VERSION,
            "pausegame_version": __version__,
            "model": {
                "name": self.name,
                "file": self.file,
                "variant": self.variant,
                "description": self.model.description,
                "labs": list(lab_names),
                "parameters": _jsonable(self.parameters),
            },
            "verdict": verdict(self),
            "method": self.method,
            "equilibria_complete": self.equilibria_complete,
            "num_pure_equilibria": self.num_pure_equilibria,
            "order_structure": self.order_structure,
            "notes": list(self.notes),
            "equilibria": [_outcome_dict(e, lab_names) for e in self.equilibria],
            "mixed_equilibria": None
            if self.mixed_equilibria is None
            else [_outcome_dict(e, lab_names) for e in self.mixed_equilibria],
            "all_pause_is_equilibrium": self.all_pause_is_equilibrium,
            "all_pause_is_unique": self.all_pause_is_unique,
            "critical_verification": [_threshold_dict(t) for t in self.thresholds.labs],
            "weakest_link": _threshold_dict(self.thresholds.weakest_link),
            "game_class": None if self.game_class is None else _class_dict(self.game_class),
            "tol": self.tol,
            "exact": self.exact,
        }


# -- exact arithmetic -------------------------------------------------------------------------
# Exact mode evaluates the model's own formulas (pause_payoffs, catastrophe_probability,
# deviation_gains) with exact=True: one implementation of the payoffs for floats and Fractions.
def _exact_payoffs(model: PauseModel, racing: Sequence[bool]) -> tuple[list[Fraction], Fraction]:
    """Every lab's exact payoff and the exact catastrophe probability at one profile."""
    values = pause_payoffs(model, [racing], exact=True)[0]
    return [Fraction(v) for v in values], Fraction(
        catastrophe_probability(model, [racing], exact=True)[0]
    )


def _exact_regret(model: PauseModel, racing: Sequence[bool]) -> Fraction:
    """The most any lab gains by switching at one profile, in exact arithmetic."""
    gains = deviation_gains(model, [racing], exact=True)[0]
    worst = max((-g if x else g for g, x in zip(gains, racing, strict=True)), default=0)
    return max(Fraction(0), Fraction(worst))


# -- two-lab class ----------------------------------------------------------------------------
def _compare(a: Real, b: Real, tol: float, exact: bool) -> int:
    difference = a - b
    if exact:
        return (difference > 0) - (difference < 0)
    value = float(difference)
    if abs(value) <= tol:
        return 0
    return 1 if value > 0 else -1


def _lab_class(v: dict[str, Real], tol: float, exact: bool) -> str:
    # The signs are compared here (exactly, or through tol); the table is the package's one
    # two-by-two classification.
    signs = (
        _compare(v["R"], v["T"], tol, exact),
        _compare(v["S"], v["P"], tol, exact),
        _compare(v["R"], v["P"], tol, exact),
    )
    return str(class_from_signs(*signs))


def _ordering(v: dict[str, Real], tol: float, exact: bool) -> str:
    keys = sorted("TRPS", key=lambda k: v[k], reverse=True)
    text = keys[0]
    for a, b in itertools.pairwise(keys):
        text += (" = " if _compare(v[a], v[b], tol, exact) == 0 else " > ") + b
    return text


def classify_two_labs(model: PauseModel, *, exact: bool = False, tol: float = TOL) -> GameClass:
    """The class of a two-lab pause game: prisoner's dilemma, stag hunt, chicken, harmony, ...

    Definitions (and ties) in the module docstring.

    Parameters
    ----------
    model : PauseModel
        Exactly two labs.
    exact : bool
        Compare payoffs in Fraction arithmetic.
    tol : float
        Float mode: payoffs within ``tol`` tie.

    Returns
    -------
    GameClass

    References
    ----------
    Rapoport & Guyer (1966); Robinson & Goforth (2005): the 2x2 game taxonomy.

    Examples
    --------
    Two symmetric labs with prize 4, pause cost 4, risk 0.5, harm 12 and sanction 10. With
    detection q: T = 4 - 10q - 6, R = -4, P = 2 - 10q - 9, S = -4 - 6 (own action first).
    Without verification racing dominates and mutual pausing beats mutual racing; at
    q = 0.25 pausing pays only if the other pauses; at q = 0.4 pausing dominates.

    >>> from gametheory import Channel, Lab, PauseModel
    >>> lab = dict(prize=4, pause_cost=4, risk=0.5, harm=12, sanction=10)
    >>> def two_labs(q):
    ...     return PauseModel(labs=(Lab("a", **lab), Lab("b", **lab)),
    ...                       channels=(Channel("audits", (q, q)),))
    >>> [classify_two_labs(two_labs(q)).name for q in (0, 0.25, 0.4)]
    ["prisoner's dilemma", 'stag hunt', 'harmony']
    >>> classify_two_labs(two_labs(0.25)).orderings[0]
    'R > T > P > S'
    """
    tol = payoff_tol(model, tol)
    if model.num_labs != 2:
        raise ValueError(
            f"model: has {model.num_labs} labs; expected exactly 2 for a two-lab game class"
        )
    # Profiles (lab 0 races?, lab 1 races?); own action first for each lab.
    profiles = [(False, False), (True, False), (False, True), (True, True)]
    table: dict[tuple[bool, bool], list[Real]]
    if exact:
        table = {p: list(_exact_payoffs(model, p)[0]) for p in profiles}
    else:
        values = pause_payoffs(model, np.array(profiles))
        table = {p: [float(x) for x in row] for p, row in zip(profiles, values, strict=True)}
    per_lab: list[dict[str, Real]] = []
    for i in (0, 1):

        def at(own: bool, other: bool, i: int = i) -> Real:
            return table[(own, other) if i == 0 else (other, own)][i]

        per_lab.append(
            {"T": at(True, False), "R": at(False, False), "P": at(True, True), "S": at(False, True)}
        )
    classes = tuple(_lab_class(v, tol, exact) for v in per_lab)
    names = model.lab_names
    if classes[0] == classes[1]:
        name = classes[0]
    else:
        name = f"mixed: {names[0]} is {classes[0]}, {names[1]} is {classes[1]}"
    return GameClass(
        name,
        (names[0], names[1]),
        (classes[0], classes[1]),
        (_ordering(per_lab[0], tol, exact), _ordering(per_lab[1], tol, exact)),
        (per_lab[0], per_lab[1]),
    )


# -- the analysis -----------------------------------------------------------------------------
def _unpack(model: Any) -> tuple[PauseModel, str, str | None, str | None, dict[str, Any] | None]:
    if isinstance(model, PauseModel):
        return model, model.name, None, None, None
    inner = getattr(model, "model", None)
    if isinstance(inner, PauseModel):
        path = getattr(model, "path", None)
        parameters = getattr(model, "parameters", None)
        return (
            inner,
            str(getattr(model, "name", "") or inner.name),
            None if path is None else str(path),
            getattr(model, "variant", None),
            dict(parameters) if parameters is not None else None,
        )
    raise TypeError(
        f"model: got {type(model).__name__}; expected a PauseModel or a Scenario "
        "(from gametheory.load_scenario)"
    )


def _model_parameters(model: PauseModel) -> dict[str, Any]:
    """Every parameter of a model, read off it (when no scenario file supplied them)."""
    return {
        "background_risk": model.background_risk,
        "decisiveness": model.decisiveness,
        "labs": {lab.name: {p: getattr(lab, p) for p in _LAB_PARAMETERS} for lab in model.labs},
        "channels": {
            c.name: {"detection": list(c.detection), "cost": c.cost} for c in model.channels
        },
    }


def _order_key(profiles: NDArray[np.bool_]) -> NDArray[np.intp]:
    """All-pause first, then fewer racers first, then bitmask order."""
    counts = profiles.sum(axis=1)
    n = profiles.shape[1]
    if n < 63:
        masks = profiles.astype(np.int64) @ (np.int64(1) << np.arange(n, dtype=np.int64))
        return np.lexsort((masks, counts)).astype(np.intp)
    # Reversed bits compare lexicographically as the bitmask does.
    order = sorted(
        range(len(profiles)), key=lambda k: (int(counts[k]), profiles[k][::-1].tobytes())
    )
    return np.asarray(order, dtype=np.intp)


def _outcomes(
    model: PauseModel,
    profiles: NDArray[np.bool_],
    *,
    exact: bool,
    tol: float,
) -> list[EquilibriumOutcome]:
    names = model.lab_names
    out: list[EquilibriumOutcome] = []
    if not len(profiles):
        return out
    game = to_game(model) if not exact and model.num_labs <= CERTIFY_GAME_LABS else None
    if exact:
        for p in profiles:
            racing = [bool(x) for x in p]
            exact_values, exact_catastrophe = _exact_payoffs(model, racing)
            exact_regret = _exact_regret(model, racing)
            if exact_regret != 0:  # pragma: no cover - callers pass exactly confirmed profiles
                raise AssertionError(f"not an exact equilibrium: {racing}")
            out.append(_outcome(names, racing, exact_values, exact_catastrophe, exact_regret))
        return out
    payoffs = pause_payoffs(model, profiles)
    catastrophe = catastrophe_probability(model, profiles)
    gains = deviation_gains(model, profiles)
    for k, p in enumerate(profiles):
        racing = [bool(x) for x in p]
        if game is not None:
            certified = certify(game, [int(x) for x in racing], "analyze", tol=tol)
            if certified is None:  # pragma: no cover - enumeration guarantees this
                raise AssertionError(f"analyze produced a non-equilibrium {racing}")
            regret = certified.regret
        else:
            regret = float(max(0.0, np.where(p, -gains[k], gains[k]).max()))
            if regret > tol:  # pragma: no cover - enumeration guarantees this
                raise AssertionError(f"analyze produced a non-equilibrium {racing}")
        values = [float(x) for x in payoffs[k]]
        out.append(_outcome(names, racing, values, float(catastrophe[k]), regret))
    return out


def _outcome(
    names: tuple[str, ...],
    racing: Sequence[bool],
    values: Sequence[Real],
    catastrophe: Real,
    regret: Real,
) -> EquilibriumOutcome:
    zero: Real = Fraction(0) if isinstance(catastrophe, Fraction) else 0.0
    return EquilibriumOutcome(
        labs=names,
        racing=tuple(n for n, x in zip(names, racing, strict=True) if x),
        race_probability=tuple(int(x) for x in racing),
        payoffs=tuple(values),
        catastrophe_risk=catastrophe,
        welfare=sum(values, zero),
        regret=regret,
    )


def _mixed(model: PauseModel, tol: float) -> tuple[tuple[EquilibriumOutcome, ...] | None, str]:
    try:
        from gametheory.core.twoplayer import two_player_equilibria
    except ImportError:  # pragma: no cover - the solver ships with the package
        return None, "mixed equilibria not computed: the two-player solver is not available"
    game = to_game(model)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = [e for e in two_player_equilibria(game, tol=tol) if not e.is_pure]
    out = []
    for e in found:
        p0, p1 = float(e.strategies[0][1]), float(e.strategies[1][1])
        weights = np.array([(1 - p0) * (1 - p1), p0 * (1 - p1), (1 - p0) * p1, p0 * p1])
        profiles = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=bool)
        expected = weights @ pause_payoffs(model, profiles)
        risk = float(weights @ catastrophe_probability(model, profiles))
        out.append(
            EquilibriumOutcome(
                labs=model.lab_names,
                racing=tuple(n for n, p in zip(model.lab_names, (p0, p1), strict=True) if p > 0),
                race_probability=(p0, p1),
                payoffs=tuple(float(x) for x in expected),
                catastrophe_risk=risk,
                welfare=float(expected.sum()),
                regret=e.regret,
            )
        )
    note = (
        f"mixed equilibria: {len(out)} extreme mixed "
        f"{'equilibrium' if len(out) == 1 else 'equilibria'} by vertex enumeration"
    )
    if caught:
        note += "; the game is degenerate (ties within tol), so equilibria may form continua"
    return tuple(out), note


def analyze(model: Any, *, exact: bool = False, tol: float = TOL) -> Analysis:
    """Analyse a pause scenario: equilibria, all-pause stability, thresholds, game class.

    Parameters
    ----------
    model : PauseModel or Scenario
        A model, or a scenario from :func:`gametheory.load_scenario` (whose file, variant and
        parameters are then recorded).
    exact : bool
        Decide every tie in :class:`fractions.Fraction` arithmetic (the model should hold
        Fractions, e.g. a scenario loaded with ``exact=True``; a float converts to its exact
        binary value). Contest shares are exact when the decisiveness is an integer.
    tol : float
        Float mode: gains within ``tol`` are ties (a lab within ``tol`` of its threshold is
        ``"on the boundary"``, and pausing counts as a best response).

    Returns
    -------
    Analysis

    References
    ----------
    ``docs/model/one-shot.md`` (what an analysis must report); Topkis (1979) and Milgrom & Roberts
    (1990) for the extremal equilibria of games with strategic complements.

    Examples
    --------
    Two symmetric labs, prize 4, pause cost 1, risk 0.1, harm 10: racing alone gains
    G = 4 + 1 - 0.1 * 10 = 4; a sanction of 8 needs detection q* = 4 / 8 = 0.5.

    >>> from gametheory import Channel, Lab, PauseModel
    >>> lab = dict(prize=4, pause_cost=1, risk=0.1, harm=10, sanction=8)
    >>> m = PauseModel(labs=(Lab("a", **lab), Lab("b", **lab)),
    ...                channels=(Channel("audits", (0.6, 0.6)),))
    >>> result = analyze(m)
    >>> result.all_pause_is_equilibrium, result.all_pause_is_unique
    (True, True)
    >>> [e.label for e in result.equilibria], result.game_class.name
    (['all pause'], 'harmony')
    >>> round(result.thresholds["a"].critical_verification, 12)
    0.5
    """
    # A scenario whose [treaty.sanctions] says costly = true is solved with the sanctions that
    # would be carried out (gametheory.pause.sanctions); the note says so.
    scenario = model
    model, name, file, variant, parameters = _unpack(scenario)
    model, treaty_note = analysis_model(scenario)
    tol = payoff_tol(model, tol)
    n = model.num_labs
    thresholds = critical_verification(model, exact=exact, tol=tol)
    notes: list[str] = [] if treaty_note is None else [treaty_note]
    if exact and not contest_strengths_are_exact(model):
        notes.append(
            f"exact mode: decisiveness {model.decisiveness} is not an integer, so contest "
            "shares c**decisiveness are rounded to the nearest double"
        )
    # Exact mode finds candidates in floats with a screen far wider than float round-off,
    # then keeps those whose exact regret is zero.
    # Exact mode screens in floats at the default relative tolerance, then confirms exactly.
    screen = payoff_tol(model, TOL) if exact else tol

    def confirm(profiles: NDArray[np.bool_]) -> NDArray[np.bool_]:
        if not exact:
            return profiles
        keep = [_exact_regret(model, [bool(x) for x in p]) == 0 for p in profiles]
        return profiles[np.asarray(keep, dtype=bool)] if len(profiles) else profiles

    structure: str | None
    if n <= MAX_ENUMERATION_LABS:
        method = "full enumeration"
        profiles = confirm(pause_equilibria(model, tol=screen))
        count: int | None = len(profiles)
        complete = True
        notes.append(f"all 2**{n} = {1 << n} profiles enumerated: the list of pure equilibria")
        if len(profiles) > MAX_LISTED_EQUILIBRIA:
            notes[-1] += f" is complete but only the first {MAX_LISTED_EQUILIBRIA} are listed"
            complete = False
        else:
            notes[-1] += " is complete"
        profiles = profiles[_order_key(profiles)][:MAX_LISTED_EQUILIBRIA]
        all_pause = bool(len(profiles)) and not profiles[0].any()
        unique: bool | None = all_pause and count == 1
        structure = order_structure(model) if n <= MAX_ORDER_STRUCTURE_LABS else None
    else:
        method = "structural"
        count = None
        complete = False
        all_pause = thresholds.all_pause_is_equilibrium
        notes.append(
            f"N = {n} > {MAX_ENUMERATION_LABS}: the 2**{n} profiles were not enumerated; "
            "all-pause was checked in O(N) by critical verification"
        )
        found: list[NDArray[np.bool_]] = []
        if all_pause:
            found.append(np.zeros(n, dtype=bool))
        for start_name, start in (("all-pause", False), ("all-race", True)):
            run = best_response_dynamics(model, np.full(n, start), tol=screen)
            if run.converged:
                found.append(run.final)
                notes.append(
                    f"best-response dynamics from {start_name} converged after "
                    f"{len(run.switches)} switches to a profile where "
                    f"{int(run.final.sum())} of {n} labs race"
                )
            else:
                why = "cycled" if run.cycle else "did not converge"
                notes.append(f"best-response dynamics from {start_name} {why}")
        if n <= MAX_ORDER_STRUCTURE_LABS:
            structure = order_structure(model)
            extremes = (
                extremal_equilibria(model, tol=screen) if structure == "complements" else None
            )
        else:
            structure, extremes = None, None
            notes.append(
                f"order structure not checked: its test costs O(N²) and N = {n} > "
                f"{MAX_ORDER_STRUCTURE_LABS}"
            )
        if extremes is not None:
            found.extend(extremes)
        stacked = np.unique(np.array(found, dtype=bool).reshape(-1, n), axis=0)
        profiles = confirm(stacked)
        profiles = profiles[_order_key(profiles)]
        if len(profiles) < len(stacked):
            notes.append(
                "exact mode: profiles found in floats that are not exact equilibria were dropped"
            )
        if not all_pause:
            unique = False
        elif len(profiles) > 1:
            unique = False
        elif extremes is not None and not extremes[1].any():
            unique = True
        else:
            unique = None
        if extremes is not None:
            notes.append(
                "strategic complements: every pure equilibrium lies between the smallest and "
                "the largest listed (Topkis 1979)"
            )
        elif unique is None:
            what = "unknown order structure" if structure in ("unknown", None) else (f"{structure}")
            notes.append(
                f"uniqueness of all-pause not established for N = {n} with {what}: other "
                "equilibria may exist"
            )
        elif structure == "substitutes" or structure == "unknown":
            notes.append(
                f"order structure {structure}: the listed equilibria need not be all of them"
            )
    outcomes = _outcomes(model, profiles, exact=exact, tol=tol)
    if exact and all_pause != thresholds.all_pause_is_equilibrium:  # pragma: no cover
        raise AssertionError("exact enumeration and thresholds disagree on all-pause")

    game_class = None
    mixed = None
    if n == 2:
        game_class = classify_two_labs(model, exact=exact, tol=tol)
        mixed, note = _mixed(model, tol)
        notes.append(note + (" (in floats)" if exact else ""))
    return Analysis(
        model=model,
        equilibria=tuple(outcomes),
        num_pure_equilibria=count,
        equilibria_complete=complete,
        all_pause_is_equilibrium=bool(all_pause),
        all_pause_is_unique=unique,
        thresholds=thresholds,
        method=method,
        order_structure=structure,
        game_class=game_class,
        mixed_equilibria=mixed,
        notes=tuple(notes),
        exact=exact,
        tol=tol,
        name=name,
        file=file,
        variant=variant,
        parameters=parameters if parameters is not None else _model_parameters(model),
    )


# -- words and numbers ------------------------------------------------------------------------
def _short(x: Real | None) -> str:
    """A number for people: 4 significant digits; exact Fractions also as p/q."""
    if x is None:
        return "-"
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        return f"{float(x):.4g} (= {x})"
    if isinstance(x, int | np.integer):
        return str(int(x))
    value = float(x)
    if value == 0:
        return "0"
    return f"{value:.4g}"


def _join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _severity(t: LabThreshold) -> tuple[int, float]:
    if t.shortfall is None:
        return (1, float(t.defection_gain))
    return (0, float(t.shortfall))


def verdict(analysis: Analysis) -> str:
    """The answer in one sentence for a negotiator: does all-pause hold, and if not, why.

    Examples
    --------
    >>> from gametheory import Channel, Lab, PauseModel
    >>> lab = dict(prize=4, pause_cost=1, risk=0.1, harm=10, sanction=8)
    >>> m = PauseModel(labs=(Lab("a", **lab), Lab("b", **lab)),
    ...                channels=(Channel("audits", (0.6, 0.4)),))
    >>> print(verdict(analyze(m)))
    All-pause is NOT an equilibrium: b would race; it needs verification 0.5
    (has 0.4, short by 0.1) or a sanction of 10.
    """
    report = analysis.thresholds
    tempted = sorted((t for t in report.labs if not t.pauses), key=_severity, reverse=True)
    boundary = [t.lab for t in report.labs if t.status == "on the boundary"]
    if tempted:
        weakest = tempted[0]
        reason = weakest.explanation.removeprefix("races: ")
        names = [t.lab for t in tempted]
        if len(names) == 1:
            return f"All-pause is NOT an equilibrium: {names[0]} would race; it {reason}."
        shown = (
            _join(names) if len(names) <= 5 else f"{len(names)} labs ({', '.join(names[:3])}, ...)"
        )
        return (
            f"All-pause is NOT an equilibrium: {shown} would race; the weakest link, "
            f"{weakest.lab}, {reason}."
        )
    if analysis.all_pause_is_unique is True:
        text = "All-pause IS an equilibrium, and the only one"
    elif analysis.all_pause_is_unique is False:
        others = [e for e in analysis.equilibria if e.racing]
        count = analysis.num_pure_equilibria
        extra = "others" if count is None else f"{count - 1} other" + ("s" if count > 2 else "")
        example = f"; e.g. {others[0].label}" if others else ""
        text = f"All-pause IS an equilibrium, but not the only one ({extra}{example})"
    else:
        text = "All-pause IS an equilibrium; whether it is the only one is not established"
    margins = [t for t in report.labs if t.status == "deterred"]
    if boundary:
        text += (
            f" — but only just: {_join(boundary)} "
            f"{'is' if len(boundary) == 1 else 'are'} on the boundary ("
            + ("exactly at " if report.exact else "within tol of ")
            + ("its threshold)" if len(boundary) == 1 else "their thresholds)")
        )
    elif margins:
        closest = min(margins, key=lambda t: float(t.margin))
        text += (
            f". Closest to racing: {closest.lab}, deterred by a margin of {_short(closest.margin)}"
        )
    return text + "."


# -- renderers --------------------------------------------------------------------------------
_LAB_HEADERS = (
    "lab",
    "detection q",
    "sanction F",
    "gain G",
    "critical q*",
    "shortfall",
    "critical F*",
    "status",
)

#: The terminal table shows at most this many labs (those closest to racing first).
MAX_TABLE_LABS = 30


def _lab_rows(analysis: Analysis, limit: int | None) -> tuple[list[list[str]], int]:
    entries = list(analysis.thresholds.labs)
    hidden = 0
    if limit is not None and len(entries) > limit:
        entries = sorted(entries, key=_severity, reverse=True)[:limit]
        hidden = len(analysis.thresholds.labs) - limit
    rows = []
    for t in entries:
        rows.append(
            [
                t.lab,
                _short(t.detection),
                _short(t.sanction),
                _short(t.defection_gain),
                "none suffices"
                if t.critical_verification is None
                else _short(t.critical_verification),
                "infinite" if t.shortfall is None else _short(t.shortfall),
                "none suffices" if t.critical_sanction is None else _short(t.critical_sanction),
                t.status,
            ]
        )
    return rows, hidden


def _equilibrium_rows(analysis: Analysis, limit: int | None) -> list[list[str]]:
    show_payoffs = analysis.model.num_labs <= 6
    rows = []
    outcomes = list(analysis.equilibria) + list(analysis.mixed_equilibria or ())
    for k, e in enumerate(outcomes[:limit] if limit else outcomes, start=1):
        row = [str(k), e.label, _short(e.catastrophe_risk), _short(e.welfare)]
        if show_payoffs:
            row.append(
                ", ".join(
                    f"{n} {_short(u)}"
                    for n, u in zip(analysis.model.lab_names, e.payoffs, strict=True)
                )
            )
        rows.append(row)
    return rows


def _equilibrium_headers(analysis: Analysis) -> list[str]:
    headers = ["#", "who races", "catastrophe risk", "total welfare"]
    if analysis.model.num_labs <= 6:
        headers.append("payoffs")
    return headers


def _aligned(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max([len(h)] + [len(r[k]) for r in rows]) for k, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows]


def _title(analysis: Analysis) -> str:
    title = analysis.name or "pause model"
    extras = []
    if analysis.file:
        extras.append(analysis.file)
    if analysis.variant:
        extras.append(f"variant {analysis.variant}")
    return title + (f" ({', '.join(extras)})" if extras else "")


def _equilibria_heading(analysis: Analysis) -> str:
    if analysis.method == "full enumeration":
        count = analysis.num_pure_equilibria
        return f"Pure equilibria: {count}, by full enumeration (complete)"
    found = len(analysis.equilibria)
    return f"Pure equilibria found: {found}, by the structural path (may be incomplete)"


def _mixed_heading(analysis: Analysis) -> str:
    if analysis.mixed_equilibria is None:
        return ""
    k = len(analysis.mixed_equilibria)
    return f"; extreme mixed equilibria: {k}, by vertex enumeration"


def format_table(analysis: Analysis) -> str:
    """A readable terminal report: the verdict first, then labs, equilibria and notes.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4), Lab("b", prize=4)), name="toy")
    >>> print(format_table(analyze(m)).splitlines()[0])
    toy: 2 labs
    """
    a = analysis
    lines = [f"{_title(a)}: {a.model.num_labs} labs", "", verdict(a), ""]
    weakest = a.weakest_link
    lines.append(
        f"Weakest link: {weakest.lab} ({weakest.status}; "
        + (
            "no verification suffices)"
            if weakest.shortfall is None
            else f"shortfall of verification {_short(weakest.shortfall)})"
        )
    )
    lines.append("")
    rows, hidden = _lab_rows(a, MAX_TABLE_LABS)
    lines.append("Labs when all others pause (critical verification q* = G / F):")
    lines.extend(_aligned(_LAB_HEADERS, rows))
    if hidden:
        lines.append(f"... {hidden} more labs, all closer to pausing (see --format csv)")
    lines.append("")
    lines.append(_equilibria_heading(a) + _mixed_heading(a) + ":")
    eq_rows = _equilibrium_rows(a, 20)
    if eq_rows:
        lines.extend(_aligned(_equilibrium_headers(a), eq_rows))
    else:
        lines.append("(none found)")
    total = len(a.equilibria) + len(a.mixed_equilibria or ())
    if total > 20:
        lines.append(f"... {total - 20} more (see --format json)")
    if a.game_class is not None:
        lines.append("")
        c = a.game_class
        lines.append(f"Game class: {c.name}")
        for lab, cls, order in zip(c.labs, c.lab_classes, c.orderings, strict=True):
            lines.append(f"  {lab}: {cls} ({order})")
    lines.append("")
    unique = {True: "yes", False: "no", None: "not established"}[a.all_pause_is_unique]
    lines.append(
        f"All-pause is an equilibrium: {'yes' if a.all_pause_is_equilibrium else 'no'}; "
        f"the only one: {unique}"
    )
    lines.append(
        f"Method: {a.method}; order structure: {a.order_structure or 'not checked'}; "
        f"tol {a.tol:g}; arithmetic: {'exact (fractions)' if a.exact else 'floating point'}"
    )
    lines.extend(f"  - {note}" for note in a.notes)
    return "\n".join(lines) + "\n"


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    out = ["| " + " | ".join(cell(h) for h in headers) + " |"]
    out.append("|" + "|".join("---" for _ in headers) + "|")
    out.extend("| " + " | ".join(cell(c) for c in r) + " |" for r in rows)
    return out


def format_markdown(analysis: Analysis) -> str:
    """The report as Markdown: a heading, the verdict, and tables of labs and equilibria.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4), Lab("b", prize=4)), name="toy")
    >>> format_markdown(analyze(m)).splitlines()[0]
    '# toy: 2 labs'
    """
    a = analysis
    lines = [f"# {_title(a)}: {a.model.num_labs} labs", "", f"**{verdict(a)}**", ""]
    lines.append("## Labs")
    lines.append("")
    rows, _ = _lab_rows(a, None)
    lines.extend(_md_table(_LAB_HEADERS, rows))
    lines.append("")
    lines.append(f"Weakest link: **{a.weakest_link.lab}** ({a.weakest_link.explanation}).")
    lines.append("")
    lines.append("## Equilibria")
    lines.append("")
    lines.append(_equilibria_heading(a) + _mixed_heading(a) + ".")
    lines.append("")
    eq_rows = _equilibrium_rows(a, None)
    if eq_rows:
        lines.extend(_md_table(_equilibrium_headers(a), eq_rows))
        lines.append("")
    if a.game_class is not None:
        c = a.game_class
        lines.append(f"## Game class: {c.name}")
        lines.append("")
        for lab, cls, order in zip(c.labs, c.lab_classes, c.orderings, strict=True):
            lines.append(f"- {lab}: {cls} ({order})")
        lines.append("")
    lines.append("## Method")
    lines.append("")
    lines.append(
        f"{a.method}; order structure {a.order_structure or 'not checked'}; tol {a.tol:g}; "
        f"{'exact arithmetic (fractions)' if a.exact else 'floating point'}."
    )
    lines.append("")
    lines.extend(f"- {note}" for note in a.notes)
    return "\n".join(lines) + "\n"


_CSV_COLUMNS = (
    "lab",
    *_LAB_PARAMETERS[:-1],
    "sanction",
    "detection",
    "defection_gain",
    "critical_verification",
    "shortfall",
    "critical_sanction",
    "margin",
    "status",
    "weakest_link",
    "races_in_equilibria",
)
_EXACT_COLUMNS = ("critical_verification", "shortfall", "critical_sanction", "margin")


def _csv_number(x: Any) -> str:
    if x is None:
        return ""
    return repr(float(x))


def format_csv(analysis: Analysis) -> str:
    """One row per lab: its parameters, thresholds, status and equilibria it races in.

    Numbers are decimals (empty for "none suffices" or infinite); in exact mode the columns
    ``*_exact`` add the thresholds as exact ``p/q``.

    Examples
    --------
    >>> from gametheory import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4), Lab("b", prize=4)))
    >>> print(format_csv(analyze(m)).splitlines()[1])
    a,1.0,4.0,0.0,0.0,0.0,0.0,0.0,4.0,,,,-4.0,tempted,True,1
    """
    a = analysis
    columns = list(_CSV_COLUMNS)
    if a.exact:
        columns += [f"{c}_exact" for c in _EXACT_COLUMNS]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for i, (lab, t) in enumerate(zip(a.model.labs, a.thresholds.labs, strict=True)):
        races = sum(1 for e in a.equilibria if e.race_probability[i] == 1)
        row = [lab.name]
        row += [_csv_number(getattr(lab, p)) for p in _LAB_PARAMETERS]
        row += [
            _csv_number(t.detection),
            _csv_number(t.defection_gain),
            _csv_number(t.critical_verification),
            _csv_number(t.shortfall),
            _csv_number(t.critical_sanction),
            _csv_number(t.margin),
            t.status,
            str(t.lab == a.weakest_link.lab),
            str(races),
        ]
        if a.exact:
            row += [
                "" if getattr(t, c) is None else str(Fraction(getattr(t, c)))
                for c in _EXACT_COLUMNS
            ]
        writer.writerow(row)
    return buffer.getvalue()


# -- JSON -------------------------------------------------------------------------------------
def _jsonable(value: Any) -> Any:
    """Fractions and numpy numbers to float, tuples to lists, keys to str."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        if not math.isfinite(number):
            return None
        return number
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | np.ndarray):
        return [_jsonable(v) for v in value]
    return str(value)


def _number(x: Real | None) -> float | None:
    return None if x is None else float(x)


def _threshold_dict(t: LabThreshold) -> dict[str, Any]:
    keys = (
        "detection",
        "sanction",
        "defection_gain",
        "critical_verification",
        "shortfall",
        "critical_sanction",
        "margin",
    )
    exact = None
    if isinstance(t.margin, Fraction):
        exact = {k: None if getattr(t, k) is None else str(getattr(t, k)) for k in keys}
    return {
        "lab": t.lab,
        **{k: _number(getattr(t, k)) for k in keys},
        "status": t.status,
        "explanation": t.explanation,
        "exact": exact,
    }


def _outcome_dict(e: EquilibriumOutcome, names: tuple[str, ...]) -> dict[str, Any]:
    return {
        "label": e.label,
        "pure": e.is_pure,
        "racing": list(e.racing),
        "race_probability": {n: float(p) for n, p in zip(names, e.race_probability, strict=True)},
        "payoffs": {n: float(u) for n, u in zip(names, e.payoffs, strict=True)},
        "catastrophe_risk": float(e.catastrophe_risk),
        "welfare": float(e.welfare),
        "regret": float(e.regret),
    }


def _class_dict(c: GameClass) -> dict[str, Any]:
    return {
        "name": c.name,
        "labs": [
            {
                "lab": lab,
                "class": cls,
                "ordering": order,
                **{k: float(v) for k, v in values.items()},
            }
            for lab, cls, order, values in zip(
                c.labs, c.lab_classes, c.orderings, c.values, strict=True
            )
        ],
    }
