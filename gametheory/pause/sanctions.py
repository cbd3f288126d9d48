r"""Sanction credibility: sanctions cost whoever imposes them, so will they be carried out?

The two-stage game
------------------
Stage 1 is the pause game (:mod:`gametheory.pause.model`): a lab caught racing loses
:math:`F_i`. Stage 2, after lab :math:`i` is caught, the **imposers** decide whether to impose
their part of :math:`F_i`. Imposing a sanction of size :math:`s` costs imposer :math:`j`
:math:`c_j s` (lost trade, lost cooperation) and returns :math:`b_j s` (fines collected, a
domestic industry protected, reputation); stage 1 is over, so nothing else in :math:`j`'s
payoff depends on the decision. By backward induction imposing is subgame-perfect for
:math:`j` exactly when :math:`b_j - c_j \ge -tol` (a tie imposes: the threat is carried out at
no net cost). This is **second-order free riding**: with a positive cost and no return no
sanction is carried out, whatever it would deter (Heckathorn 1989; Barrett 2003, ch. 13).

Who imposes (``imposer``):

``"each other lab"``
    Every other lab carries :math:`F_i/(N-1)` and decides alone (its decision changes only
    its own payoff: a dominant choice in the stage-2 game).
``"bloc"``
    The listed labs (``bloc``), less the target, decide together and share the sanction
    equally: they impose when their joint net return :math:`\sum_j (b_j - c_j) \ge -tol`
    (transfers inside the bloc can then make every member willing).
``"third party"``
    An outside enforcer with its own ``third_party_cost`` and ``third_party_benefit`` per
    unit.

The **effective sanction** :math:`F_i^{\text{eff}}` is the part of :math:`F_i` that would be
carried out; :func:`effective_sanction_model` is the model with :math:`F^{\text{eff}}`, which
:func:`gametheory.pause.analysis.analyze` uses when the scenario's ``[treaty.sanctions]`` says
``costly = true``. The subgame-perfect equilibria of the two-stage game are the pure equilibria of
that model combined with the stage-2 decisions reported here.

References
----------
.. [1] Heckathorn, D. D. (1989). Collective action and the second-order free-rider problem.
   *Rationality and Society* 1:78-100.
.. [2] Barrett, S. (2003). *Environment and Statecraft*. Oxford University Press, ch. 13
   (trade restrictions and the credibility of enforcement).
.. [3] Selten, R. (1975). Reexamination of the perfectness concept for equilibrium points in
   extensive games. *International Journal of Game Theory* 4:25-55.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from numbers import Real
from typing import Any

from gametheory.core.errors import InputError
from gametheory.core.tolerance import TOL
from gametheory.pause.model import PauseModel, payoff_tol
from gametheory.pause.thresholds import critical_verification

__all__ = [
    "IMPOSERS",
    "SanctionCredibility",
    "SanctionImposition",
    "SanctionSpec",
    "effective_sanction_model",
    "sanction_credibility",
    "sanction_spec",
    "validate_sanctions_table",
]

#: Who imposes a sanction (module docstring).
IMPOSERS = ("each other lab", "bloc", "third party")
_KEYS = ("costly", "imposer", "cost", "benefit", "bloc", "third_party_cost", "third_party_benefit")


def _is_number(value: Any) -> bool:
    """A finite real number (a Fraction in exact mode), not a bool."""
    return not isinstance(value, bool) and isinstance(value, Real) and math.isfinite(value)


def _per_lab(value: Any, locate: Any, key: str) -> Any:
    if _is_number(value):
        if float(value) < 0:
            raise locate.error("expected a number >= 0", key, value=value)
        return float(value)
    if isinstance(value, Mapping):
        out = {}
        for lab, v in value.items():
            if not _is_number(v) or float(v) < 0:
                raise locate.error("expected a number >= 0", key, str(lab), value=v)
            out[str(lab)] = float(v)
        return out
    raise locate.error("expected a number >= 0 or a table lab = number", key, value=value)


def validate_sanctions_table(table: Any, locate: Any) -> dict[str, Any]:
    """Validate a scenario's ``[treaty.sanctions]`` table (lab names are checked later).

    Keys: ``costly`` (bool: whether ``analyze`` uses effective sanctions), ``imposer`` (one of
    :data:`IMPOSERS`), ``cost`` and ``benefit`` (per unit of sanction imposed: a number for
    every imposer or a table lab = number), ``bloc`` (lab names), ``third_party_cost`` and
    ``third_party_benefit``.

    Examples
    --------
    >>> from gametheory.pause.scenario import Locator
    >>> text = '[treaty.sanctions]\\nimposer = "everyone"\\n'
    >>> validate_sanctions_table({"imposer": "everyone"},
    ...     Locator("demo.toml", text).child("treaty", "sanctions"))
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: demo.toml:2: treaty.sanctions.imposer = 'everyone': expected
    one of: each other lab, bloc, third party
    """
    if not isinstance(table, Mapping):
        raise locate.error("expected a table", value=table)
    for key in table:
        if key not in _KEYS:
            raise locate.error(f"unknown key; expected one of: {', '.join(_KEYS)}", key)
    costly = table.get("costly", False)
    if not isinstance(costly, bool):
        raise locate.error("expected true or false", "costly", value=costly)
    imposer = table.get("imposer", "each other lab")
    if imposer not in IMPOSERS:
        raise locate.error(f"expected one of: {', '.join(IMPOSERS)}", "imposer", value=imposer)
    bloc = table.get("bloc", [])
    if not isinstance(bloc, list) or not all(isinstance(x, str) for x in bloc):
        raise locate.error("expected an array of lab names", "bloc", value=bloc)
    if imposer == "bloc" and not bloc:
        raise locate.error(
            "imposer 'bloc' needs a non-empty 'bloc' array", "imposer", value=imposer
        )
    out: dict[str, Any] = {"costly": costly, "imposer": imposer, "bloc": list(bloc)}
    for key in ("cost", "benefit"):
        out[key] = _per_lab(table.get(key, 0.0), locate, key)
    for key in ("third_party_cost", "third_party_benefit"):
        value = table.get(key, 0.0)
        if not _is_number(value) or float(value) < 0:
            raise locate.error("expected a number >= 0", key, value=value)
        out[key] = float(value)
    return out


@dataclass(frozen=True)
class SanctionSpec:
    """Who imposes sanctions and what imposing costs and returns them (module docstring).

    Parameters
    ----------
    imposer : str
        One of :data:`IMPOSERS`.
    cost, benefit : dict of str to float
        Per lab: :math:`c_j` and :math:`b_j` per unit of sanction imposed.
    bloc : tuple of str
        The bloc's members (``imposer="bloc"``).
    third_party_cost, third_party_benefit : float
        The outside enforcer's :math:`c` and :math:`b` (``imposer="third party"``).
    costly : bool
        Whether ``analyze`` should use the effective sanctions.
    """

    imposer: str = "each other lab"
    cost: Mapping[str, float] | None = None
    benefit: Mapping[str, float] | None = None
    bloc: tuple[str, ...] = ()
    third_party_cost: float = 0.0
    third_party_benefit: float = 0.0
    costly: bool = True

    def __post_init__(self) -> None:
        if self.imposer not in IMPOSERS:
            raise InputError(
                f"expected one of: {', '.join(IMPOSERS)}", field="imposer", value=self.imposer
            )


def sanction_spec(model: PauseModel, section: Mapping[str, Any]) -> SanctionSpec:
    """A :class:`SanctionSpec` for ``model`` from a validated ``[treaty.sanctions]`` table.

    A single number for ``cost`` or ``benefit`` applies to every lab; unknown lab names are
    an :class:`~gametheory.core.errors.InputError` naming the field.

    Examples
    --------
    >>> from gametheory.pause.model import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a"), Lab("b")))
    >>> sanction_spec(m, {"imposer": "each other lab", "cost": 0.5}).cost
    {'a': 0.5, 'b': 0.5}
    """
    names = model.lab_names

    def expand(value: Any, key: str) -> dict[str, float]:
        if isinstance(value, Mapping):
            for lab in value:
                if lab not in names:
                    raise InputError(
                        f"no such lab; expected one of {list(names)}",
                        field=f"treaty.sanctions.{key}",
                        value=lab,
                    )
            return {lab: float(value.get(lab, 0.0)) for lab in names}
        return dict.fromkeys(names, float(value or 0.0))

    bloc = tuple(section.get("bloc", ()))
    for lab in bloc:
        if lab not in names:
            raise InputError(
                f"no such lab; expected one of {list(names)}",
                field="treaty.sanctions.bloc",
                value=lab,
            )
    return SanctionSpec(
        imposer=str(section.get("imposer", "each other lab")),
        cost=expand(section.get("cost", 0.0), "cost"),
        benefit=expand(section.get("benefit", 0.0), "benefit"),
        bloc=bloc,
        third_party_cost=float(section.get("third_party_cost", 0.0)),
        third_party_benefit=float(section.get("third_party_benefit", 0.0)),
        costly=bool(section.get("costly", True)),
    )


@dataclass(frozen=True)
class SanctionImposition:
    """One imposer's part of the sanction on one target, and whether it is carried out.

    Attributes
    ----------
    target, imposer : str
        ``imposer`` is a lab's name, ``"bloc"`` or ``"third party"``.
    amount : float
        The part of the target's sanction this imposer carries.
    cost, benefit : float
        What imposing it costs and returns the imposer (for a bloc: summed over members).
    imposes : bool
        Imposing is subgame-perfect: ``benefit - cost >= -tol``.
    """

    target: str
    imposer: str
    amount: float
    cost: float
    benefit: float
    imposes: bool

    @property
    def net(self) -> float:
        """``benefit - cost``: the imposer's net return from imposing."""
        return self.benefit - self.cost


@dataclass(frozen=True)
class SanctionCredibility:
    """Which sanctions would be carried out (:func:`sanction_credibility`).

    Attributes
    ----------
    labs : tuple of str
    imposer : str
    nominal, effective : dict of str to float
        Per target: :math:`F_i` as written and the part that would be carried out.
    impositions : tuple of SanctionImposition
    all_pause_nominal, all_pause_effective : bool
        Whether everyone pausing is an equilibrium with the nominal and with the effective
        sanctions (:func:`gametheory.pause.thresholds.critical_verification`).
    tempted_effective : tuple of str
        The labs that would race (alone) once only effective sanctions count.
    effective_model : PauseModel
        The model with the effective sanctions.
    """

    labs: tuple[str, ...]
    imposer: str
    nominal: dict[str, float]
    effective: dict[str, float]
    impositions: tuple[SanctionImposition, ...]
    all_pause_nominal: bool
    all_pause_effective: bool
    tempted_effective: tuple[str, ...]
    effective_model: PauseModel

    @property
    def credible(self) -> bool:
        """Every nominal sanction would be carried out in full."""
        return all(abs(self.nominal[k] - self.effective[k]) <= 0 for k in self.labs)


def _impositions(model: PauseModel, spec: SanctionSpec, tol: float) -> list[SanctionImposition]:
    names = model.lab_names
    cost = dict(spec.cost or dict.fromkeys(names, 0.0))
    benefit = dict(spec.benefit or dict.fromkeys(names, 0.0))
    out: list[SanctionImposition] = []
    for lab in model.labs:
        f = float(lab.sanction)
        if spec.imposer == "third party":
            c, b = spec.third_party_cost * f, spec.third_party_benefit * f
            out.append(SanctionImposition(lab.name, "third party", f, c, b, b - c >= -tol))
        elif spec.imposer == "bloc":
            members = [j for j in spec.bloc if j != lab.name]
            if not members:
                out.append(SanctionImposition(lab.name, "bloc", f, 0.0, 0.0, False))
                continue
            share = f / len(members)
            c = sum(cost[j] * share for j in members)
            b = sum(benefit[j] * share for j in members)
            out.append(SanctionImposition(lab.name, "bloc", f, c, b, b - c >= -tol))
        else:
            others = [j for j in names if j != lab.name]
            if not others:
                out.append(SanctionImposition(lab.name, "(nobody)", f, 0.0, 0.0, False))
                continue
            share = f / len(others)
            for j in others:
                c, b = cost[j] * share, benefit[j] * share
                out.append(SanctionImposition(lab.name, j, share, c, b, b - c >= -tol))
    return out


def effective_sanction_model(
    model: PauseModel, spec: SanctionSpec, *, tol: float = TOL
) -> PauseModel:
    """``model`` with each lab's sanction replaced by the part that would be carried out.

    Examples
    --------
    Imposing costs each other lab a tenth of what it imposes and returns nothing: no sanction
    is carried out.

    >>> from gametheory.pause.model import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", sanction=10), Lab("b", sanction=10)))
    >>> spec = SanctionSpec(cost={"a": 0.1, "b": 0.1})
    >>> [lab.sanction for lab in effective_sanction_model(m, spec).labs]
    [0.0, 0.0]
    """
    tol = payoff_tol(model, tol)
    effective = dict.fromkeys(model.lab_names, 0.0)
    for part in _impositions(model, spec, tol):
        if part.imposes:
            effective[part.target] += part.amount
    labs = tuple(replace(lab, sanction=effective[lab.name]) for lab in model.labs)
    return replace(model, labs=labs)


def sanction_credibility(
    model: PauseModel, spec: SanctionSpec, *, tol: float = TOL
) -> SanctionCredibility:
    """Which sanctions are subgame-perfect to impose, and what the pause looks like without
    the others (module docstring).

    Parameters
    ----------
    model : PauseModel
    spec : SanctionSpec
    tol : float

    Returns
    -------
    SanctionCredibility

    Examples
    --------
    Two labs, each sanction 8 and detection 0.6: the pause holds on paper (q* = 0.5). A bloc
    of both carries it out when imposing returns at least what it costs; at a net loss it
    would not, and then the pause fails.

    >>> from gametheory.pause.model import Channel, Lab, PauseModel
    >>> lab = dict(prize=4, pause_cost=1, risk=0.1, harm=10, sanction=8)
    >>> m = PauseModel(labs=(Lab("a", **lab), Lab("b", **lab)),
    ...                channels=(Channel("audits", (0.6, 0.6)),))
    >>> paid = SanctionSpec(imposer="bloc", bloc=("a", "b"), cost={"a": 0.2, "b": 0.2},
    ...                     benefit={"a": 0.3, "b": 0.3})
    >>> sanction_credibility(m, paid).all_pause_effective
    True
    >>> costly = SanctionSpec(imposer="bloc", bloc=("a", "b"), cost={"a": 0.2, "b": 0.2})
    >>> result = sanction_credibility(m, costly)
    >>> result.all_pause_nominal, result.all_pause_effective, result.tempted_effective
    (True, False, ('a', 'b'))

    References
    ----------
    .. [1] Heckathorn, D. D. (1989). Collective action and the second-order free-rider
       problem. *Rationality and Society* 1:78-100.
    """
    tol = payoff_tol(model, tol)
    parts = _impositions(model, spec, tol)
    effective_model = effective_sanction_model(model, spec, tol=tol)
    nominal_report = critical_verification(model, tol=tol)
    effective_report = critical_verification(effective_model, tol=tol)
    return SanctionCredibility(
        labs=model.lab_names,
        imposer=spec.imposer,
        nominal={lab.name: float(lab.sanction) for lab in model.labs},
        effective={lab.name: float(lab.sanction) for lab in effective_model.labs},
        impositions=tuple(parts),
        all_pause_nominal=nominal_report.all_pause_is_equilibrium,
        all_pause_effective=effective_report.all_pause_is_equilibrium,
        tempted_effective=tuple(t.lab for t in effective_report.labs if t.status == "tempted"),
        effective_model=effective_model,
    )
