r"""Extensive-form games: game trees with chance moves and information sets.

The tree
--------
An :class:`ExtensiveGame` is a rooted tree stored in *preorder* (node 0 is the root; a node's
children follow it, each child's whole subtree before the next child). A node is

* a **move** of player :math:`i \in \{0, \dots, N-1\}`, in an *information set* :math:`h`
  of that player: the player knows it is at some node of :math:`h` but not which; every node of
  :math:`h` has the same actions :math:`A(h)`, the node's children in order;
* a **chance** move, in a chance information set whose actions carry fixed probabilities;
* a **terminal** node.

Any node may carry an *outcome*, a payoff vector :math:`(u_0, \dots, u_{N-1})`; a player's
payoff at a terminal node :math:`z` is the sum of the outcomes on the path from the root to
:math:`z` (Gambit's convention; a node without an outcome adds nothing). Payoffs and chance
probabilities are exact rationals (:class:`fractions.Fraction`): a Gambit file's ``1/3`` and
``0.25`` are kept exactly, and a Python float given to the builders is read as its shortest
decimal (``0.1`` is :math:`1/10`).

A **behaviour strategy** of player :math:`i` gives each of its information sets a probability
vector over :math:`A(h)`; a *behaviour profile* gives one per information set of the game (chance
sets keep their fixed probabilities). :func:`behaviour_payoffs` is the expected payoff and
:func:`behaviour_regret` the largest gain a player has from switching to its best strategy
against the others: zero exactly at a Nash equilibrium, the single certificate of every
equilibrium this module returns.

**Perfect recall** (every player remembers its own earlier information sets and actions):
all nodes of an information set of player :math:`i` are reached by the same sequence of
:math:`i`'s own (information set, action) pairs. Then every information set :math:`h` has one
*parent sequence* :math:`\sigma(h)`, the player's last own move before it, and a player's
strategies are described by *sequences* (:math:`\varnothing` or a pair :math:`(h, a)`).

Solutions
---------
* :func:`reduced_normal_form`: a player's reduced pure strategies choose an action only at the
  information sets its own earlier choices do not exclude; the payoff of a profile is the
  expectation over chance.
* :func:`subgame_perfect_equilibria`: with perfect information (every information set one
  node), backward induction; at a tie every optimal action is followed, so *every* pure
  subgame-perfect equilibrium is listed, each certified by the one-shot deviation property at
  every node in exact arithmetic (Kuhn 1953; Selten 1965).
* The **sequence form** (Koller, Megiddo & von Stengel 1996; von Stengel 1996) for two players
  with perfect recall: realisation plans :math:`x \ge 0`, :math:`Ex = e` and :math:`y \ge 0`,
  :math:`Fy = f` (:math:`x_\varnothing = 1`, and at each information set the parent sequence's
  weight splits over its actions), payoffs :math:`x^\top A y` and :math:`x^\top B y` with
  :math:`A_{\sigma\tau} = \sum_z c(z) u_0(z)` over the leaves :math:`z` reached by sequences
  :math:`\sigma, \tau` with chance probability :math:`c(z)`.

  - Zero-sum (:func:`zero_sum_sequence_form_equilibrium`): player 0 solves the LP
    :math:`\max_{x, q} f^\top q` s.t. :math:`F^\top q \le A^\top x`, :math:`Ex = e`,
    :math:`x \ge 0`, and player 1 the dual one; the optimum is the game's value.
  - General sum (:func:`sequence_form_equilibrium`): the linear complementarity problem
    :math:`x \perp E^\top p - A y \ge 0`, :math:`y \perp F^\top q - B^\top x \ge 0`,
    :math:`Ex = e`, :math:`Fy = f`, with payoffs shifted below zero, solved by Lemke's
    algorithm in exact rational arithmetic with the lexicographic rule (so it cannot cycle).

  A realisation plan gives the behaviour strategy :math:`\beta(h, a) = x_{(h,a)} /
  x_{\sigma(h)}` (uniform where :math:`x_{\sigma(h)} = 0`), certified by
  :func:`behaviour_regret` (exactly for Lemke's rational solution).

Gambit files
------------
:func:`read_efg` and :func:`write_efg` read and write Gambit's ``.efg`` format (version 2):
a header ``EFG 2 R "title" { "player 1" ... }``, an optional comment, then one line per node in
preorder: ``p "name" player infoset "infoset name" { "action" ... } outcome ["outcome name"
{ payoffs }]`` for a move (players numbered from 1), ``c "name" infoset "infoset name"
{ "action" probability ... } outcome ...`` for chance and ``t "name" outcome ["outcome name"
{ payoffs }]`` for a terminal node; outcome 0 is no outcome, and an information set's name and
actions (an outcome's name and payoffs) may be omitted after their first appearance.

References
----------
.. [1] Kuhn, H. W. (1953). Extensive games and the problem of information. In *Contributions
   to the Theory of Games II*, Annals of Mathematics Studies 28, 193-216.
.. [2] Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells mit
   Nachfrageträgheit. *Zeitschrift für die gesamte Staatswissenschaft* 121:301-324.
.. [3] Koller, D., Megiddo, N. & von Stengel, B. (1996). Efficient computation of equilibria
   for extensive two-person games. *Games and Economic Behavior* 14(2):247-259.
.. [4] von Stengel, B. (1996). Efficient computation of behavior strategies. *Games and
   Economic Behavior* 14(2):220-246.
.. [5] Lemke, C. E. (1965). Bimatrix equilibrium points and mathematical programming.
   *Management Science* 11(7):681-689.
.. [6] McKelvey, R. D., McLennan, A. M. & Turocy, T. L. Gambit: software tools for game
   theory (the ``.efg`` format).
"""

from __future__ import annotations

import itertools
import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property, partial
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gametheory.core.errors import InputError
from gametheory.core.game import DegenerateGameWarning, NormalFormGame, check_scaled_tol
from gametheory.core.nfg import _Parser, _quote, _read_file, _read_header
from gametheory.core.tolerance import TOL, check_tol

__all__ = [
    "CHANCE",
    "ExtensiveEquilibrium",
    "ExtensiveGame",
    "InformationSet",
    "Node",
    "Outcome",
    "ReducedNormalForm",
    "SequenceForm",
    "behaviour_payoffs",
    "behaviour_regret",
    "chance",
    "leaf",
    "move",
    "read_efg",
    "reduced_normal_form",
    "same_tree",
    "sequence_form",
    "sequence_form_equilibrium",
    "subgame_perfect_equilibria",
    "write_efg",
    "zero_sum_sequence_form_equilibrium",
]

#: The player index of chance.
CHANCE = -1
#: The file name used in error messages when the tree came as text.
TEXT_SOURCE = "<efg text>"


def _rational(value: Any, where: str) -> Fraction:
    """An exact rational from an int, Fraction, decimal string or float (its shortest repr)."""
    if isinstance(value, bool):
        raise InputError("expected a number", field=where, value=value)
    try:
        if isinstance(value, float | np.floating):
            if not np.isfinite(value):
                raise ValueError
            return Fraction(repr(float(value)))
        return Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError):
        raise InputError("expected a finite number", field=where, value=value) from None


# -- the game value ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """A payoff vector attached to nodes (Gambit's outcome).

    Attributes
    ----------
    name : str
    payoffs : tuple of Fraction
        One payoff per player.
    """

    name: str
    payoffs: tuple[Fraction, ...]


@dataclass(frozen=True)
class InformationSet:
    """An information set: a player (or chance), its actions and, for chance, probabilities.

    Attributes
    ----------
    player : int
        The player's index, or :data:`CHANCE`.
    name : str
    actions : tuple of str
    probabilities : tuple of Fraction
        Chance's fixed probabilities (empty for a player's set).
    nodes : tuple of int
        The nodes in the set, in preorder.
    """

    player: int
    name: str
    actions: tuple[str, ...]
    probabilities: tuple[Fraction, ...] = ()
    nodes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Node:
    """One node of the tree (see the module docstring).

    Attributes
    ----------
    infoset : int
        Index into :attr:`ExtensiveGame.infosets`, or -1 for a terminal node.
    children : tuple of int
        Child node indices, one per action of the information set.
    outcome : int
        Index into :attr:`ExtensiveGame.outcomes`, or -1 for none.
    name : str
    """

    infoset: int
    children: tuple[int, ...]
    outcome: int = -1
    name: str = ""

    @property
    def is_terminal(self) -> bool:
        """Whether the node has no children."""
        return not self.children


@dataclass(frozen=True)
class _Leaf:
    """A terminal node with what the solvers need: chance reach, moves and payoffs."""

    node: int
    chance: Fraction
    moves: tuple[tuple[int, int], ...]  # (infoset, action) of the players' moves on the path
    payoffs: tuple[Fraction, ...]


@dataclass(frozen=True, eq=False, repr=False)
class ExtensiveGame:
    """An immutable finite game tree (module docstring).

    Build one with :meth:`from_tree` from :func:`move`, :func:`chance` and :func:`leaf`, or
    read a Gambit file with :func:`read_efg`. The constructor checks every invariant and raises
    :class:`~gametheory.core.errors.InputError` naming the node or information set at fault.

    Examples
    --------
    Selten's chain-store stage: an entrant stays out (0, 4) or enters, and the incumbent then
    fights (-1, -1) or accommodates (1, 1).

    >>> g = ExtensiveGame.from_tree(
    ...     move("entrant", {"out": leaf(0, 4),
    ...                      "in": move("incumbent", {"fight": leaf(-1, -1),
    ...                                               "accommodate": leaf(1, 1)})}),
    ...     players=("entrant", "incumbent"))
    >>> g.num_players, len(g.nodes), g.is_perfect_information
    (2, 5, True)
    """

    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    infosets: tuple[InformationSet, ...]
    outcomes: tuple[Outcome, ...] = ()
    title: str = ""
    comment: str = ""

    def __post_init__(self) -> None:
        players = tuple(str(p) for p in self.players)
        if not players:
            raise InputError("expected at least one player", field="players")
        if len(set(players)) != len(players):
            raise InputError("player labels repeat; expected distinct labels", field="players")
        object.__setattr__(self, "players", players)
        n = len(players)
        for k, outcome in enumerate(self.outcomes):
            if len(outcome.payoffs) != n:
                raise InputError(
                    f"got {len(outcome.payoffs)} payoffs; expected one for each of {n} players",
                    field=f"outcomes[{k}] ({outcome.name!r})",
                )
        if not self.nodes:
            raise InputError("expected at least one node", field="nodes")
        members: dict[int, list[int]] = {}
        for v, node in enumerate(self.nodes):
            if node.outcome >= len(self.outcomes) or node.outcome < -1:
                raise InputError("unknown outcome", field=f"nodes[{v}].outcome", value=node.outcome)
            if node.is_terminal:
                if node.infoset != -1:
                    raise InputError(
                        "a terminal node has no information set", field=f"nodes[{v}].infoset"
                    )
                continue
            if not 0 <= node.infoset < len(self.infosets):
                raise InputError(
                    "unknown information set", field=f"nodes[{v}].infoset", value=node.infoset
                )
            infoset = self.infosets[node.infoset]
            if len(node.children) != len(infoset.actions):
                raise InputError(
                    f"has {len(node.children)} children but its information set "
                    f"{infoset.name!r} has {len(infoset.actions)} actions; expected one child "
                    "per action",
                    field=f"nodes[{v}]",
                )
            members.setdefault(node.infoset, []).append(v)
        # Preorder: a node's children are its subtree's roots in order.
        size = [1] * len(self.nodes)
        for v in range(len(self.nodes) - 1, -1, -1):
            size[v] = 1 + sum(size[c] for c in self.nodes[v].children)
        for v, node in enumerate(self.nodes):
            position = v + 1
            for c in node.children:
                if c != position:
                    raise InputError(
                        "children are not in preorder; expected each child's subtree to "
                        "follow the previous one",
                        field=f"nodes[{v}].children",
                        value=node.children,
                    )
                position += size[c]
        if size[0] != len(self.nodes):
            raise InputError("nodes outside the root's tree", field="nodes")
        fixed = []
        for k, infoset in enumerate(self.infosets):
            where = f"information set {infoset.name or k!r}"
            if infoset.player != CHANCE and not 0 <= infoset.player < n:
                raise InputError("unknown player", field=where, value=infoset.player)
            if not infoset.actions:
                raise InputError("expected at least one action", field=where)
            if infoset.player == CHANCE:
                probabilities = infoset.probabilities
                if len(probabilities) != len(infoset.actions):
                    raise InputError(
                        f"got {len(probabilities)} probabilities for {len(infoset.actions)} "
                        "actions; expected one per action",
                        field=where,
                    )
                if any(p < 0 for p in probabilities) or sum(probabilities) != 1:
                    raise InputError(
                        "chance probabilities must be >= 0 and sum to exactly 1",
                        field=where,
                        value=[str(p) for p in probabilities],
                    )
            elif infoset.probabilities:
                raise InputError("only chance has fixed probabilities", field=where)
            if k not in members:
                raise InputError("no node belongs to it", field=where)
            fixed.append(
                InformationSet(
                    infoset.player,
                    infoset.name,
                    tuple(str(a) for a in infoset.actions),
                    tuple(Fraction(p) for p in infoset.probabilities),
                    tuple(members[k]),
                )
            )
        object.__setattr__(self, "infosets", tuple(fixed))
        object.__setattr__(self, "title", str(self.title))
        object.__setattr__(self, "comment", str(self.comment))

    # -- building -------------------------------------------------------------------------
    @classmethod
    def from_tree(
        cls, root: _Spec, *, players: Sequence[str], title: str = "", comment: str = ""
    ) -> ExtensiveGame:
        """Build a game from nested :func:`move`, :func:`chance` and :func:`leaf` specs.

        A move's player is a label from ``players`` (or an index); moves given the same
        ``infoset`` name by the same player share an information set and must offer the same
        actions in the same order. A move without ``infoset`` gets its own set.
        """
        names = tuple(str(p) for p in players)
        nodes: list[Node] = []
        infosets: list[InformationSet] = []
        outcomes: list[Outcome] = []
        keys: dict[tuple[int, str], int] = {}

        def player_index(spec: _Spec) -> int:
            who = spec.player
            if isinstance(who, int) and not isinstance(who, bool):
                return who
            if who not in names:
                raise InputError(
                    f"unknown player; expected one of {list(names)}", field="move", value=who
                )
            return names.index(str(who))

        def add(spec: _Spec) -> int:
            v = len(nodes)
            nodes.append(Node(-1, ()))
            outcome = -1
            if spec.payoffs is not None:
                outcome = len(outcomes)
                payoffs = tuple(
                    _rational(x, f"leaf payoff {k}") for k, x in enumerate(spec.payoffs)
                )
                outcomes.append(Outcome(spec.outcome_name, payoffs))
            if spec.kind == "leaf":
                nodes[v] = Node(-1, (), outcome, spec.name)
                return v
            player = CHANCE if spec.kind == "chance" else player_index(spec)
            key = (player, spec.infoset) if spec.infoset is not None else None
            if key is not None and key in keys:
                index = keys[key]
                if infosets[index].actions != spec.actions:
                    raise InputError(
                        f"actions {list(spec.actions)} differ from "
                        f"{list(infosets[index].actions)} at another node of the set",
                        field=f"information set {spec.infoset!r}",
                    )
                if player == CHANCE and infosets[index].probabilities != spec.probabilities:
                    raise InputError(
                        "chance probabilities differ between nodes of one set",
                        field=f"information set {spec.infoset!r}",
                    )
            else:
                index = len(infosets)
                label = spec.infoset if spec.infoset is not None else ""
                infosets.append(InformationSet(player, label, spec.actions, spec.probabilities))
                if key is not None:
                    keys[key] = index
            children = tuple(add(child) for child in spec.children)
            nodes[v] = Node(index, children, outcome, spec.name)
            return v

        add(root)
        return cls(names, tuple(nodes), tuple(infosets), tuple(outcomes), title, comment)

    # -- derived structure ----------------------------------------------------------------
    @property
    def num_players(self) -> int:
        """The number of players N (chance not counted)."""
        return len(self.players)

    def player_infosets(self, player: int) -> tuple[int, ...]:
        """The indices of ``player``'s information sets, in order of first appearance."""
        return tuple(k for k, h in enumerate(self.infosets) if h.player == player)

    @cached_property
    def is_perfect_information(self) -> bool:
        """Whether every player's information set has a single node."""
        return all(len(h.nodes) == 1 for h in self.infosets if h.player != CHANCE)

    @cached_property
    def _paths(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """For each node, the (infoset, action) pairs on the path from the root to it."""
        paths: list[tuple[tuple[int, int], ...]] = [()] * len(self.nodes)
        for v, node in enumerate(self.nodes):
            for a, c in enumerate(node.children):
                paths[c] = (*paths[v], (node.infoset, a))
        return tuple(paths)

    @cached_property
    def parent_sequences(self) -> tuple[tuple[int, int] | None, ...] | None:
        """Each information set's parent sequence (module docstring), or ``None`` overall
        when the game lacks perfect recall. Chance sets get ``None``."""
        result: list[tuple[int, int] | None] = []
        for h in self.infosets:
            if h.player == CHANCE:
                result.append(None)
                continue
            own = {
                tuple(m for m in self._paths[v] if self.infosets[m[0]].player == h.player)
                for v in h.nodes
            }
            if len(own) != 1:
                return None
            (history,) = own
            result.append(history[-1] if history else None)
        return tuple(result)

    @property
    def has_perfect_recall(self) -> bool:
        """Whether every player remembers its own past information sets and actions."""
        return self.parent_sequences is not None

    @cached_property
    def _leaves(self) -> tuple[_Leaf, ...]:
        n = self.num_players
        accumulated: list[tuple[Fraction, ...]] = [()] * len(self.nodes)
        reach: list[Fraction] = [Fraction(1)] * len(self.nodes)
        leaves = []
        for v, node in enumerate(self.nodes):
            base = accumulated[v] or (Fraction(0),) * n
            if node.outcome >= 0:
                base = tuple(
                    b + x for b, x in zip(base, self.outcomes[node.outcome].payoffs, strict=True)
                )
            accumulated[v] = base
            if node.is_terminal:
                moves = tuple(m for m in self._paths[v] if self.infosets[m[0]].player != CHANCE)
                leaves.append(_Leaf(v, reach[v], moves, base))
                continue
            infoset = self.infosets[node.infoset]
            for a, c in enumerate(node.children):
                accumulated[c] = base
                reach[c] = reach[v] * (infoset.probabilities[a] if infoset.player == CHANCE else 1)
        return tuple(leaves)

    @cached_property
    def payoff_scale(self) -> float:
        """The largest absolute terminal payoff (at least 1)."""
        return max([1.0, *(abs(float(x)) for leaf_ in self._leaves for x in leaf_.payoffs)])

    def __repr__(self) -> str:
        title = f"{self.title!r}, " if self.title else ""
        return (
            f"ExtensiveGame({title}players={list(self.players)}, nodes={len(self.nodes)}, "
            f"information sets={len(self.infosets)})"
        )


# -- builders ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Spec:
    kind: str
    player: str | int | None = None
    infoset: str | None = None
    actions: tuple[str, ...] = ()
    probabilities: tuple[Fraction, ...] = ()
    children: tuple[_Spec, ...] = ()
    payoffs: tuple[Any, ...] | None = None
    name: str = ""
    outcome_name: str = ""


def leaf(*payoffs: Any, name: str = "", outcome: str = "") -> _Spec:
    """A terminal node with one payoff per player (exact: see the module docstring).

    Examples
    --------
    >>> leaf(1, "1/2").payoffs
    (1, '1/2')
    """
    return _Spec("leaf", payoffs=payoffs, name=name, outcome_name=outcome)


def move(
    player: str | int,
    actions: Mapping[str, _Spec] | Iterable[tuple[str, _Spec]],
    *,
    infoset: str | None = None,
    name: str = "",
) -> _Spec:
    """A decision node of ``player`` with one subtree per action.

    ``actions`` maps action labels to subtrees (in order). Nodes of the same player with the
    same ``infoset`` label form one information set.

    Examples
    --------
    >>> move("row", {"up": leaf(1, 0), "down": leaf(0, 1)}).actions
    ('up', 'down')
    """
    items = list(actions.items()) if isinstance(actions, Mapping) else list(actions)
    return _Spec(
        "move",
        player=player,
        infoset=infoset,
        actions=tuple(str(a) for a, _ in items),
        children=tuple(c for _, c in items),
        name=name,
    )


def chance(
    branches: Iterable[tuple[str, Any, _Spec]], *, infoset: str | None = None, name: str = ""
) -> _Spec:
    """A chance node: ``(action label, probability, subtree)`` triples.

    Examples
    --------
    >>> chance([("heads", "1/2", leaf(1)), ("tails", 0.5, leaf(0))]).probabilities
    (Fraction(1, 2), Fraction(1, 2))
    """
    items = list(branches)
    return _Spec(
        "chance",
        infoset=infoset,
        actions=tuple(str(a) for a, _, _ in items),
        probabilities=tuple(_rational(p, f"chance probability of {a!r}") for a, p, _ in items),
        children=tuple(c for _, _, c in items),
        name=name,
    )


# -- behaviour strategies and their regret ----------------------------------------------------
def _behaviour(
    game: ExtensiveGame, behaviour: Sequence[Any] | None, exact: bool
) -> list[list[Any]]:
    """Validate a behaviour profile: one probability vector per information set."""
    if behaviour is None or len(behaviour) != len(game.infosets):
        raise ValueError(
            f"behaviour: expected one probability vector for each of {len(game.infosets)} "
            "information sets (chance sets included; their vectors are ignored)"
        )
    out: list[list[Any]] = []
    for k, (h, entry) in enumerate(zip(game.infosets, behaviour, strict=True)):
        if h.player == CHANCE:
            out.append(list(h.probabilities) if exact else [float(p) for p in h.probabilities])
            continue
        vec: list[Any] = [Fraction(x) for x in entry] if exact else [float(x) for x in entry]
        if len(vec) != len(h.actions):
            raise ValueError(
                f"behaviour[{k}] (information set {h.name!r}): got {len(vec)} probabilities; "
                f"expected {len(h.actions)}"
            )
        total = sum(vec)
        if any(x < -1e-12 for x in vec) or (total != 1 if exact else abs(total - 1) > 1e-9):
            raise ValueError(
                f"behaviour[{k}] (information set {h.name!r}): expected a probability vector"
            )
        out.append(vec)
    return out


def behaviour_payoffs(
    game: ExtensiveGame, behaviour: Sequence[Any], *, exact: bool = False
) -> list[Any]:
    """Every player's expected payoff under a behaviour profile.

    With ``exact=True`` the probabilities are read as rationals and the payoffs are
    :class:`~fractions.Fraction`.

    Examples
    --------
    >>> g = ExtensiveGame.from_tree(
    ...     chance([("H", "1/2", leaf(1, -1)), ("T", "1/2", move(0, {"a": leaf(3, 0),
    ...                                                           "b": leaf(0, 0)}))]),
    ...     players=("1", "2"))
    >>> behaviour_payoffs(g, [None, [1, 0]])
    [2.0, -0.5]
    """
    beta = _behaviour(game, behaviour, exact)
    zero: Any = Fraction(0) if exact else 0.0
    totals = [zero] * game.num_players
    for z in game._leaves:
        weight: Any = z.chance if exact else float(z.chance)
        for h, a in z.moves:
            weight = weight * beta[h][a]
        if weight:
            for i, u in enumerate(z.payoffs):
                totals[i] = totals[i] + weight * (u if exact else float(u))
    return totals


def _sequence_values(
    game: ExtensiveGame, beta: list[list[Any]], player: int, exact: bool
) -> tuple[dict[tuple[int, int] | None, Any], Any]:
    """Per own sequence, the payoff it collects against the others' behaviour; and the
    player's expected payoff."""
    zero: Any = Fraction(0) if exact else 0.0
    collected: dict[tuple[int, int] | None, Any] = {}
    current = zero
    for z in game._leaves:
        others: Any = z.chance if exact else float(z.chance)
        own: Any = Fraction(1) if exact else 1.0
        last: tuple[int, int] | None = None
        for h, a in z.moves:
            if game.infosets[h].player == player:
                own = own * beta[h][a]
                last = (h, a)
            else:
                others = others * beta[h][a]
        if not others:
            continue
        u = z.payoffs[player] if exact else float(z.payoffs[player])
        collected[last] = collected.get(last, zero) + others * u
        current = current + own * others * u
    return collected, current


def _best_response_value(
    game: ExtensiveGame, collected: dict[tuple[int, int] | None, Any], player: int, zero: Any
) -> Any:
    """Backward induction over the player's own sequences (needs perfect recall)."""
    parents = game.parent_sequences
    assert parents is not None
    own = game.player_infosets(player)
    value: dict[tuple[int, int] | None, Any] = {}
    # Later information sets first: a set's sequences are extended only by later sets.
    children: dict[tuple[int, int] | None, list[int]] = {}
    for h in own:
        children.setdefault(parents[h], []).append(h)

    def sequence_value(seq: tuple[int, int] | None) -> Any:
        if seq in value:
            return value[seq]
        total = collected.get(seq, zero)
        for h in children.get(seq, ()):
            total = total + max(
                sequence_value((h, a)) for a in range(len(game.infosets[h].actions))
            )
        value[seq] = total
        return total

    return sequence_value(None)


def behaviour_regret(game: ExtensiveGame, behaviour: Sequence[Any], *, exact: bool = False) -> Any:
    """The largest gain any player has from deviating from a behaviour profile.

    For each player, its best response against the others' behaviour strategies is found by
    backward induction over its own sequences (the game must have perfect recall); the regret
    is the best-response payoff minus the current payoff, maximised over players. Zero
    exactly at a Nash equilibrium. With ``exact=True`` the computation is in rationals.

    Examples
    --------
    Matching pennies as a tree: player 2 does not see player 1's coin.

    >>> g = ExtensiveGame.from_tree(
    ...     move(0, {"H": move(1, {"h": leaf(1, -1), "t": leaf(-1, 1)}, infoset="guess"),
    ...              "T": move(1, {"h": leaf(-1, 1), "t": leaf(1, -1)}, infoset="guess")}),
    ...     players=("1", "2"))
    >>> behaviour_regret(g, [["1/2", "1/2"], ["1/2", "1/2"]], exact=True)
    Fraction(0, 1)
    >>> behaviour_regret(g, [[1, 0], [1, 0]])
    2.0
    """
    if not game.has_perfect_recall:
        raise ValueError("game: behaviour_regret needs perfect recall; this game lacks it")
    beta = _behaviour(game, behaviour, exact)
    zero: Any = Fraction(0) if exact else 0.0
    worst = zero
    for i in range(game.num_players):
        collected, current = _sequence_values(game, beta, i, exact)
        best = _best_response_value(game, collected, i, zero)
        worst = max(worst, best - current)
    return worst if exact else float(worst)


@dataclass(frozen=True, eq=False)
class ExtensiveEquilibrium:
    """A certified equilibrium of a game tree, in behaviour strategies.

    Attributes
    ----------
    behaviour : tuple of ndarray
        One probability vector per information set of the game (chance sets hold chance's
        probabilities).
    payoffs : ndarray
        Each player's expected payoff.
    regret : float
        :func:`behaviour_regret` of the profile, at most ``tol``.
    exact_regret : Fraction or None
        The same in rationals when the equilibrium was computed exactly (then zero).
    exact_behaviour : tuple of tuple of Fraction, or None
        The rational behaviour strategies, when computed exactly.
    method : str
    tol : float
    """

    behaviour: tuple[NDArray[np.float64], ...]
    payoffs: NDArray[np.float64]
    regret: float
    exact_regret: Fraction | None
    exact_behaviour: tuple[tuple[Fraction, ...], ...] | None
    method: str
    tol: float = TOL

    def actions(self, game: ExtensiveGame, *, threshold: float | None = None) -> list[str]:
        """In words: each player information set with the actions it plays (probabilities
        shown when mixed)."""
        cut = self.tol if threshold is None else threshold
        lines = []
        for k, h in enumerate(game.infosets):
            if h.player == CHANCE:
                continue
            probs = self.behaviour[k]
            used = [(a, float(p)) for a, p in zip(h.actions, probs, strict=True) if p > cut]
            text = used[0][0] if len(used) == 1 else ", ".join(f"{a} ({p:.6g})" for a, p in used)
            label = h.name or f"node {h.nodes[0]}"
            lines.append(f"{game.players[h.player]} at {label}: {text}")
        return lines


def _check_tree_tol(game: ExtensiveGame, tol: float) -> float:
    """``tol`` checked against the tree's payoff scale, as for a normal-form game."""
    return check_scaled_tol(tol, game.payoff_scale)


def _certified(
    game: ExtensiveGame, behaviour: list[list[Any]], method: str, tol: float, exact: bool
) -> ExtensiveEquilibrium:
    floats = [list(map(float, vec)) for vec in behaviour]
    regret = float(behaviour_regret(game, floats))
    exact_regret = behaviour_regret(game, behaviour, exact=True) if exact else None
    # An exact profile is certified exactly (its float regret is only reported: at huge
    # payoffs round-off alone can exceed tol); a float profile against tol.
    failed = exact_regret != 0 if exact_regret is not None else regret > tol
    if failed:
        raise RuntimeError(
            f"{method}: the computed profile has regret {regret:.3g} > tol={tol}; "
            "please report this game"
        )
    arrays = []
    for vec in floats:
        array = np.array(vec, dtype=float)
        array.setflags(write=False)
        arrays.append(array)
    payoffs = np.array(behaviour_payoffs(game, floats), dtype=float)
    payoffs.setflags(write=False)
    return ExtensiveEquilibrium(
        behaviour=tuple(arrays),
        payoffs=payoffs,
        regret=regret,
        exact_regret=exact_regret,
        exact_behaviour=tuple(tuple(Fraction(x) for x in vec) for vec in behaviour)
        if exact
        else None,
        method=method,
        tol=tol,
    )


# -- subgame-perfect equilibria of perfect-information trees ----------------------------------
def subgame_perfect_equilibria(
    game: ExtensiveGame, *, max_count: int = 10_000
) -> tuple[ExtensiveEquilibrium, ...]:
    """Every pure subgame-perfect equilibrium of a perfect-information tree.

    Backward induction in exact arithmetic: at each move every action that is optimal given
    the equilibrium continuation below is followed, so ties give several equilibria and all
    are listed (mixing between tied actions gives further, mixed, subgame-perfect equilibria,
    which are not listed). Each is certified by the one-shot deviation property at every
    node, exactly, and its (Nash) regret is zero.

    Parameters
    ----------
    game : ExtensiveGame
        With perfect information (chance moves allowed).
    max_count : int
        Refuse (``ValueError``) rather than list more equilibria than this.

    Returns
    -------
    tuple of ExtensiveEquilibrium
        In a deterministic order.

    References
    ----------
    Kuhn, H. W. (1953); Selten, R. (1965) (module docstring).

    Examples
    --------
    The entry game: the only subgame-perfect equilibrium is (in, accommodate); the Nash
    equilibrium (out, fight) rests on a threat that is not credible.

    >>> g = ExtensiveGame.from_tree(
    ...     move("entrant", {"out": leaf(0, 4),
    ...                      "in": move("incumbent", {"fight": leaf(-1, -1),
    ...                                               "accommodate": leaf(1, 1)})}),
    ...     players=("entrant", "incumbent"))
    >>> [e.actions(g) for e in subgame_perfect_equilibria(g)]
    [['entrant at node 0: in', 'incumbent at node 2: accommodate']]
    """
    if not isinstance(game, ExtensiveGame):
        raise ValueError(f"game: got {type(game).__name__}; expected an ExtensiveGame")
    if not game.is_perfect_information:
        raise ValueError(
            "game: subgame_perfect_equilibria needs perfect information (every information "
            "set a single node); use sequence_form_equilibrium for imperfect information"
        )
    n = game.num_players
    zero = (Fraction(0),) * n

    def own(v: int) -> tuple[Fraction, ...]:
        node = game.nodes[v]
        return game.outcomes[node.outcome].payoffs if node.outcome >= 0 else zero

    # solutions[v]: list of (value vector of the subtree below v, choices {node: action}).
    solutions: list[list[tuple[tuple[Fraction, ...], dict[int, int]]]] = [[]] * len(game.nodes)
    for v in range(len(game.nodes) - 1, -1, -1):
        node = game.nodes[v]
        base = own(v)
        if node.is_terminal:
            solutions[v] = [(base, {})]
            continue
        infoset = game.infosets[node.infoset]
        combos = itertools.product(*(solutions[c] for c in node.children))
        found: list[tuple[tuple[Fraction, ...], dict[int, int]]] = []
        for combo in combos:
            merged: dict[int, int] = {}
            for _, choices in combo:
                merged.update(choices)
            if infoset.player == CHANCE:
                value = tuple(
                    b
                    + sum(
                        p * sol[0][i] for p, sol in zip(infoset.probabilities, combo, strict=True)
                    )
                    for i, b in enumerate(base)
                )
                found.append((value, merged))
            else:
                i = infoset.player
                best = max(sol[0][i] for sol in combo)
                for a, sol in enumerate(combo):
                    if sol[0][i] == best:
                        value = tuple(b + x for b, x in zip(base, sol[0], strict=True))
                        found.append((value, {**merged, v: a}))
            if len(found) > max_count:
                raise ValueError(
                    f"game: more than max_count={max_count} subgame-perfect equilibria "
                    "(ties multiply); raise max_count to list them"
                )
        solutions[v] = found
    equilibria = []
    for _, choices in solutions[0]:
        behaviour: list[list[Any]] = []
        for h in game.infosets:
            if h.player == CHANCE:
                behaviour.append(list(h.probabilities))
                continue
            (v,) = h.nodes
            behaviour.append([Fraction(int(a == choices[v])) for a in range(len(h.actions))])
        _check_one_shot(game, choices)
        equilibria.append(
            _certified(game, behaviour, "backward induction (exact)", TOL, exact=True)
        )
    return tuple(equilibria)


def _check_one_shot(game: ExtensiveGame, choices: dict[int, int]) -> None:
    """At every move, the chosen action is optimal given the continuation (exactly)."""
    n = game.num_players
    value: list[tuple[Fraction, ...]] = [()] * len(game.nodes)
    for v in range(len(game.nodes) - 1, -1, -1):
        node = game.nodes[v]
        base = game.outcomes[node.outcome].payoffs if node.outcome >= 0 else (Fraction(0),) * n
        if node.is_terminal:
            value[v] = base
            continue
        h = game.infosets[node.infoset]
        if h.player == CHANCE:
            below = [
                sum(p * value[c][i] for p, c in zip(h.probabilities, node.children, strict=True))
                for i in range(n)
            ]
        else:
            options = [value[c][h.player] for c in node.children]
            chosen = node.children[choices[v]]
            if value[chosen][h.player] != max(options):
                raise RuntimeError(
                    f"backward induction: node {v} fails the one-shot deviation test"
                )
            below = list(value[chosen])
        value[v] = tuple(b + x for b, x in zip(base, below, strict=True))


# -- the reduced normal form ------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class ReducedNormalForm:
    """The reduced normal form of a tree and what each strategy chooses.

    Attributes
    ----------
    game : NormalFormGame
        Payoffs of every profile of reduced pure strategies, exact in ``exact_payoffs``.
    strategies : tuple of tuple of dict
        For each player, each reduced strategy as ``{information set: action index}`` over the
        sets it does not exclude.
    """

    game: NormalFormGame
    strategies: tuple[tuple[dict[int, int], ...], ...]

    def behaviour(self, tree: ExtensiveGame, profile: Sequence[Sequence[Any]]) -> list[list[Any]]:
        """The behaviour profile realisation-equivalent to a mixed profile here (Kuhn 1953).

        Each player's realisation plan is the mixture of its reduced strategies' plans;
        behaviour probabilities are its ratios (uniform where the set is never reached).
        Entries stay rationals when the mixture is rational.
        """
        out: list[list[Any]] = []
        parents = tree.parent_sequences
        assert parents is not None
        plans: list[dict[tuple[int, int] | None, Any]] = []
        for i in range(tree.num_players):
            plan: dict[tuple[int, int] | None, Any] = {None: 0}
            for weight, choice in zip(profile[i], self.strategies[i], strict=True):
                plan[None] += weight
                for key in choice.items():
                    plan[key] = plan.get(key, 0) + weight
            plans.append(plan)
        for k, h in enumerate(tree.infosets):
            if h.player == CHANCE:
                out.append(list(h.probabilities))
                continue
            plan = plans[h.player]
            reach = plan.get(parents[k], 0)
            m = len(h.actions)
            if reach == 0:
                out.append([Fraction(1, m)] * m)
            else:
                out.append([plan.get((k, a), 0) / reach for a in range(m)])
        return out


def reduced_normal_form(game: ExtensiveGame) -> ReducedNormalForm:
    """The reduced normal form of a tree with perfect recall.

    A reduced strategy chooses an action at each of the player's information sets that its
    own earlier choices do not exclude; payoffs are expectations over chance, in exact
    arithmetic. Strategy labels join the chosen actions with ``/``.

    Examples
    --------
    In the entry game the incumbent's reduced strategies are its two actions; the entrant's
    ``out`` and ``in``.

    >>> g = ExtensiveGame.from_tree(
    ...     move("entrant", {"out": leaf(0, 4),
    ...                      "in": move("incumbent", {"fight": leaf(-1, -1),
    ...                                               "accommodate": leaf(1, 1)})}),
    ...     players=("entrant", "incumbent"))
    >>> rnf = reduced_normal_form(g)
    >>> rnf.game.actions, rnf.game.payoffs[0].tolist()
    ((('out', 'in'), ('fight', 'accommodate')), [[0.0, 0.0], [-1.0, 1.0]])
    """
    if not isinstance(game, ExtensiveGame):
        raise ValueError(f"game: got {type(game).__name__}; expected an ExtensiveGame")
    parents = game.parent_sequences
    if parents is None:
        raise ValueError("game: the reduced normal form needs perfect recall; this game lacks it")
    strategies: list[tuple[dict[int, int], ...]] = []
    for i in range(game.num_players):
        own = game.player_infosets(i)
        partial: list[dict[int, int]] = [{}]
        for h in own:  # parents come first (first appearance in preorder)
            grown: list[dict[int, int]] = []
            for choice in partial:
                parent = parents[h]
                if parent is None or choice.get(parent[0]) == parent[1]:
                    grown.extend({**choice, h: a} for a in range(len(game.infosets[h].actions)))
                else:
                    grown.append(choice)
            partial = grown
        strategies.append(tuple(partial))
    shape = tuple(len(s) for s in strategies)
    # A profile reaches leaf z exactly when each player's strategy makes every own move on
    # the path to z: add c(z) u(z) to the block of such profiles.
    exact = np.full((game.num_players, *shape), Fraction(0), dtype=object)
    for z in game._leaves:
        blocks = []
        for i in range(game.num_players):
            moves = [(h, a) for h, a in z.moves if game.infosets[h].player == i]
            blocks.append(
                [
                    k
                    for k, choice in enumerate(strategies[i])
                    if all(choice.get(h) == a for h, a in moves)
                ]
            )
        if not all(blocks):
            continue
        index = np.ix_(*blocks)
        for i in range(game.num_players):
            weight = z.chance * z.payoffs[i]
            if weight:
                exact[i][index] += weight
    labels = tuple(
        tuple(
            "/".join(game.infosets[h].actions[a] for h, a in choice.items()) or "(no move)"
            for choice in strategies[i]
        )
        for i in range(game.num_players)
    )
    labels = tuple(_distinct_labels(list(acts)) for acts in labels)
    normal = NormalFormGame(
        np.asarray(exact, dtype=float),
        players=game.players,
        actions=labels,
        title=game.title,
        exact_payoffs=exact,
    )
    return ReducedNormalForm(normal, tuple(strategies))


def _distinct_labels(labels: list[str]) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        count = seen.get(label, 0)
        seen[label] = count + 1
        out.append(label if count == 0 else f"{label}_{count}")
    return tuple(out)


# -- the sequence form ------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SequenceForm:
    """The sequence form of a two-player tree with perfect recall (module docstring).

    Attributes
    ----------
    sequences : tuple of tuple
        Each player's sequences: ``None`` (the empty sequence) first, then
        ``(information set, action)`` pairs.
    payoffs : tuple of ndarray
        :math:`A` and :math:`B` as object arrays of :class:`~fractions.Fraction`, indexed
        ``[player 0 sequence, player 1 sequence]``.
    constraints : tuple of ndarray
        :math:`E` and :math:`F` (integer arrays), with right-hand sides :math:`e = f = (1, 0,
        \\dots)`.
    """

    sequences: tuple[tuple[tuple[int, int] | None, ...], ...]
    payoffs: tuple[NDArray[np.object_], NDArray[np.object_]]
    constraints: tuple[NDArray[np.int64], NDArray[np.int64]]

    def behaviour(self, game: ExtensiveGame, plans: Sequence[Sequence[Any]]) -> list[list[Any]]:
        """Behaviour strategies from realisation plans (uniform where unreached)."""
        parents = game.parent_sequences
        assert parents is not None
        index = [{s: k for k, s in enumerate(seqs)} for seqs in self.sequences]
        out: list[list[Any]] = []
        for k, h in enumerate(game.infosets):
            if h.player == CHANCE:
                out.append(list(h.probabilities))
                continue
            plan = plans[h.player]
            reach = plan[index[h.player][parents[k]]]
            m = len(h.actions)
            if reach <= 0:
                out.append([Fraction(1, m) if isinstance(reach, Fraction) else 1.0 / m] * m)
                continue
            values = [max(plan[index[h.player][(k, a)]], 0 * reach) for a in range(m)]
            total = sum(values)
            out.append([v / total for v in values])
        return out


def sequence_form(game: ExtensiveGame) -> SequenceForm:
    """The sequence form of a two-player game tree with perfect recall.

    Examples
    --------
    Matching pennies as a tree: three sequences each (empty, heads, tails).

    >>> g = ExtensiveGame.from_tree(
    ...     move(0, {"H": move(1, {"h": leaf(1, -1), "t": leaf(-1, 1)}, infoset="guess"),
    ...              "T": move(1, {"h": leaf(-1, 1), "t": leaf(1, -1)}, infoset="guess")}),
    ...     players=("1", "2"))
    >>> sf = sequence_form(g)
    >>> [len(s) for s in sf.sequences], sf.payoffs[0].astype(int).tolist()
    ([3, 3], [[0, 0, 0], [0, 1, -1], [0, -1, 1]])
    >>> sf.constraints[0].tolist()
    [[1, 0, 0], [-1, 1, 1]]
    """
    if not isinstance(game, ExtensiveGame):
        raise ValueError(f"game: got {type(game).__name__}; expected an ExtensiveGame")
    if game.num_players != 2:
        raise ValueError(f"game: {game.num_players} players; the sequence form here is for two")
    parents = game.parent_sequences
    if parents is None:
        raise ValueError("game: the sequence form needs perfect recall; this game lacks it")
    sequences: list[tuple[tuple[int, int] | None, ...]] = []
    constraints = []
    for i in range(2):
        own = game.player_infosets(i)
        seqs: list[tuple[int, int] | None] = [None]
        for h in own:
            seqs.extend((h, a) for a in range(len(game.infosets[h].actions)))
        index = {s: k for k, s in enumerate(seqs)}
        matrix = np.zeros((1 + len(own), len(seqs)), dtype=np.int64)
        matrix[0, 0] = 1
        for r, h in enumerate(own, start=1):
            matrix[r, index[parents[h]]] = -1
            for a in range(len(game.infosets[h].actions)):
                matrix[r, index[(h, a)]] = 1
        sequences.append(tuple(seqs))
        constraints.append(matrix)
    index0 = {s: k for k, s in enumerate(sequences[0])}
    index1 = {s: k for k, s in enumerate(sequences[1])}
    a_matrix = np.full((len(sequences[0]), len(sequences[1])), Fraction(0), dtype=object)
    b_matrix = np.full_like(a_matrix, Fraction(0))
    for z in game._leaves:
        last: list[tuple[int, int] | None] = [None, None]
        for h, a in z.moves:
            last[game.infosets[h].player] = (h, a)
        r, c = index0[last[0]], index1[last[1]]
        a_matrix[r, c] += z.chance * z.payoffs[0]
        b_matrix[r, c] += z.chance * z.payoffs[1]
    return SequenceForm(tuple(sequences), (a_matrix, b_matrix), (constraints[0], constraints[1]))


def _two_player(game: ExtensiveGame) -> None:
    if not isinstance(game, ExtensiveGame):
        raise ValueError(f"game: got {type(game).__name__}; expected an ExtensiveGame")
    if game.num_players != 2 or not game.has_perfect_recall:
        raise ValueError(
            "game: the sequence form needs two players and perfect recall; got "
            f"{game.num_players} players"
            + ("" if game.has_perfect_recall else " and a game without perfect recall")
        )


def zero_sum_sequence_form_equilibrium(
    game: ExtensiveGame, *, tol: float = TOL
) -> ExtensiveEquilibrium:
    """A Nash equilibrium of a two-player zero-sum (or constant-sum) tree, by LP.

    Each player's optimal realisation plan solves a linear program of the size of the tree
    (Koller, Megiddo & von Stengel 1996; module docstring); the value is player 0's payoff.
    Certified by :func:`behaviour_regret` against ``tol``.

    Raises
    ------
    ValueError
        When the game is not two-player with perfect recall, or not constant-sum.

    References
    ----------
    Koller, D., Megiddo, N. & von Stengel, B. (1996). Efficient computation of equilibria for
    extensive two-person games. *Games and Economic Behavior* 14:247-259.

    Examples
    --------
    Matching pennies as a tree: value 0, both mix evenly.

    >>> g = ExtensiveGame.from_tree(
    ...     move(0, {"H": move(1, {"h": leaf(1, -1), "t": leaf(-1, 1)}, infoset="guess"),
    ...              "T": move(1, {"h": leaf(-1, 1), "t": leaf(1, -1)}, infoset="guess")}),
    ...     players=("1", "2"))
    >>> eq = zero_sum_sequence_form_equilibrium(g)
    >>> [b.round(9).tolist() for b in eq.behaviour], bool(abs(eq.payoffs[0]) < 1e-9)
    ([[0.5, 0.5], [0.5, 0.5]], True)
    """
    from scipy.optimize import linprog

    _two_player(game)
    tol = _check_tree_tol(game, tol)
    sums = {z.payoffs[0] + z.payoffs[1] for z in game._leaves}
    if len(sums) > 1:
        raise ValueError(
            "game: not constant-sum (payoff sums differ across leaves); use "
            "sequence_form_equilibrium"
        )
    sf = sequence_form(game)
    # Scaled to |A| <= 1 for the solver (optimal plans are unchanged).
    a = sf.payoffs[0].astype(float)
    a = a / max(1.0, float(np.abs(a).max()))
    e_mat, f_mat = (m.astype(float) for m in sf.constraints)
    n1, n2 = a.shape
    k1, k2 = e_mat.shape[0], f_mat.shape[0]
    # Player 0: max f.q  s.t.  F^T q - A^T x <= 0,  E x = e,  x >= 0  (variables x, q).
    result0 = linprog(
        np.concatenate([np.zeros(n1), -np.eye(k2)[0]]),
        A_ub=np.hstack([-a.T, f_mat.T]),
        b_ub=np.zeros(n2),
        A_eq=np.hstack([e_mat, np.zeros((k1, k2))]),
        b_eq=np.eye(k1)[0],
        bounds=[(0, None)] * n1 + [(None, None)] * k2,
        method="highs",
    )
    # Player 1: min e.p  s.t.  -E^T p + A y <= 0,  F y = f,  y >= 0  (variables y, p).
    result1 = linprog(
        np.concatenate([np.zeros(n2), np.eye(k1)[0]]),
        A_ub=np.hstack([a, -e_mat.T]),
        b_ub=np.zeros(n1),
        A_eq=np.hstack([f_mat, np.zeros((k2, k1))]),
        b_eq=np.eye(k2)[0],
        bounds=[(0, None)] * n2 + [(None, None)] * k1,
        method="highs",
    )
    if result0.status != 0 or result1.status != 0:  # pragma: no cover - both LPs are feasible
        raise RuntimeError(f"sequence-form LP failed: {result0.message}; {result1.message}")
    x, y = np.maximum(result0.x[:n1], 0.0), np.maximum(result1.x[:n2], 0.0)
    behaviour = sf.behaviour(game, [x.tolist(), y.tolist()])
    return _certified(game, behaviour, "sequence-form LP (zero-sum)", tol, exact=False)


def _lemke(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Solve the LCP w = rhs + M z >= 0, z >= 0, w.z = 0 by Lemke's algorithm, exactly.

    Covering vector all ones; lexicographic minimum-ratio rule. Returns z, or ``None`` on ray
    termination.
    """
    n = len(rhs)
    # Tableau of w - M z - d z0 = q: columns w (n), z (n), z0, rhs.
    width = 2 * n + 2
    table: list[list[Fraction]] = []
    for i in range(n):
        row = [Fraction(0)] * width
        row[i] = Fraction(1)
        for j in range(n):
            if matrix[i][j]:
                row[n + j] = -matrix[i][j]
        row[2 * n] = Fraction(-1)
        row[-1] = rhs[i]
        table.append(row)
    basis = list(range(n))  # w_i basic in row i
    if min(rhs) >= 0:
        return [Fraction(0)] * n

    def pivot(r: int, c: int) -> None:
        head = table[r]
        factor = head[c]
        head[:] = [x / factor for x in head]
        nonzero = [j for j, x in enumerate(head) if x]
        for i in range(n):
            if i != r and table[i][c]:
                t = table[i][c]
                row = table[i]
                for j in nonzero:
                    row[j] -= t * head[j]
        basis[r] = c

    def lexicographic_min(rows: list[int], c: int) -> int:
        # Compare (rhs, inverse-basis columns) / coefficient lexicographically.
        candidates = rows
        for col in [width - 1, *range(n)]:
            ratios = [table[i][col] / table[i][c] for i in candidates]
            best = min(ratios)
            candidates = [i for i, q in zip(candidates, ratios, strict=True) if q == best]
            if len(candidates) == 1:
                break
        return candidates[0]

    # z0 enters; the row of the most negative rhs leaves (lexicographically).
    entering = 2 * n
    rows = [i for i in range(n) if table[i][-1] < 0]
    lowest = min(table[i][-1] for i in rows)
    candidates = [i for i in rows if table[i][-1] == lowest]
    r = candidates[0]
    if len(candidates) > 1:
        # Entering z0 has coefficient -1: the minimum ratio is the most negative rhs; break
        # ties by the same lexicographic rule on the negated rows.
        for col in range(n):
            values = [-table[i][col] for i in candidates]
            best = min(values)
            candidates = [i for i, v in zip(candidates, values, strict=True) if v == best]
            if len(candidates) == 1:
                break
        r = candidates[0]
    leaving = basis[r]
    pivot(r, entering)
    for _ in range(50 * n + 1000):
        entering = leaving + n if leaving < n else leaving - n  # the complement
        rows = [i for i in range(n) if table[i][entering] > 0]
        if not rows:
            return None
        z0_rows = [i for i in rows if basis[i] == 2 * n]
        r = lexicographic_min(rows, entering)
        if z0_rows:
            ratio_r = table[r][-1] / table[r][entering]
            z0 = z0_rows[0]
            if table[z0][-1] / table[z0][entering] == ratio_r:
                r = z0
        leaving = basis[r]
        pivot(r, entering)
        if leaving == 2 * n:
            z = [Fraction(0)] * n
            for i, b in enumerate(basis):
                if n <= b < 2 * n:
                    z[b - n] = table[i][-1]
            return z
    return None  # pragma: no cover - the lexicographic rule cannot cycle


def sequence_form_equilibrium(game: ExtensiveGame, *, tol: float = TOL) -> ExtensiveEquilibrium:
    """A Nash equilibrium of any two-player tree with perfect recall, by Lemke's algorithm.

    The sequence-form linear complementarity problem (module docstring) is solved in exact
    rational arithmetic, so the equilibrium is exact and its regret is checked to be exactly
    zero. Should Lemke's algorithm end on a ray, a :class:`~gametheory.DegenerateGameWarning`
    is issued and the game is solved through its reduced normal form instead.

    References
    ----------
    Koller, D., Megiddo, N. & von Stengel, B. (1996). *Games and Economic Behavior*
    14:247-259. Lemke, C. E. (1965). *Management Science* 11:681-689.

    Examples
    --------
    The battle of the sexes played as a tree in which player 2 does not see player 1's
    choice: Lemke's algorithm finds one of its three equilibria, exactly.

    >>> g = ExtensiveGame.from_tree(
    ...     move(0, {"B": move(1, {"b": leaf(2, 1), "o": leaf(0, 0)}, infoset="after B"),
    ...              "O": move(1, {"b": leaf(0, 0), "o": leaf(1, 2)}, infoset="after B")}),
    ...     players=("1", "2"))
    >>> eq = sequence_form_equilibrium(g)
    >>> eq.exact_regret, eq.payoffs.tolist() in ([2.0, 1.0], [1.0, 2.0], [2/3, 2/3])
    (Fraction(0, 1), True)
    """
    _two_player(game)
    tol = check_tol(tol)  # the solution is certified exactly; tol is recorded
    sf = sequence_form(game)
    a, b = sf.payoffs
    e_mat, f_mat = sf.constraints
    n1, n2 = a.shape
    k1, k2 = e_mat.shape[0], f_mat.shape[0]
    # Shift every leaf payoff below zero: adds a constant to each player's payoff.
    chance_mass = np.full_like(a, Fraction(0))
    index = [{s: k for k, s in enumerate(seqs)} for seqs in sf.sequences]
    for z in game._leaves:
        last: list[tuple[int, int] | None] = [None, None]
        for h, act in z.moves:
            last[game.infosets[h].player] = (h, act)
        chance_mass[index[0][last[0]], index[1][last[1]]] += z.chance
    shift_a = max(z.payoffs[0] for z in game._leaves) + 1
    shift_b = max(z.payoffs[1] for z in game._leaves) + 1
    a_neg = a - shift_a * chance_mass
    b_neg = b - shift_b * chance_mass
    size = n1 + n2 + 2 * k1 + 2 * k2
    m = [[Fraction(0)] * size for _ in range(size)]
    q = [Fraction(0)] * size
    ox, oy, op, oq = 0, n1, n1 + n2, n1 + n2 + 2 * k1
    for i in range(n1):
        for j in range(n2):
            m[ox + i][oy + j] = -a_neg[i, j]
            m[oy + j][ox + i] = -b_neg[i, j]
        for r in range(k1):
            m[ox + i][op + r] = Fraction(int(e_mat[r, i]))
            m[ox + i][op + k1 + r] = -Fraction(int(e_mat[r, i]))
            m[op + r][ox + i] = -Fraction(int(e_mat[r, i]))
            m[op + k1 + r][ox + i] = Fraction(int(e_mat[r, i]))
    for j in range(n2):
        for r in range(k2):
            m[oy + j][oq + r] = Fraction(int(f_mat[r, j]))
            m[oy + j][oq + k2 + r] = -Fraction(int(f_mat[r, j]))
            m[oq + r][oy + j] = -Fraction(int(f_mat[r, j]))
            m[oq + k2 + r][oy + j] = Fraction(int(f_mat[r, j]))
    q[op], q[op + k1] = Fraction(1), Fraction(-1)
    q[oq], q[oq + k2] = Fraction(1), Fraction(-1)
    solution = _lemke(m, q)
    if solution is None:
        warnings.warn(
            "Lemke's algorithm ended on a ray (a degenerate sequence form); solving the reduced "
            "normal form instead",
            DegenerateGameWarning,
            stacklevel=2,
        )
        return _via_reduced_normal_form(game, tol)
    x, y = solution[ox:oy], solution[oy:op]
    behaviour = sf.behaviour(game, [x, y])
    return _certified(game, behaviour, "sequence-form LCP, Lemke (exact)", tol, exact=True)


def _via_reduced_normal_form(game: ExtensiveGame, tol: float) -> ExtensiveEquilibrium:
    from gametheory.core.twoplayer import two_player_equilibria

    rnf = reduced_normal_form(game)
    for eq in two_player_equilibria(rnf.game, tol=tol):
        behaviour = rnf.behaviour(game, [s.tolist() for s in eq.strategies])
        return _certified(game, behaviour, "reduced normal form, vertex enumeration", tol, False)
    raise RuntimeError("no equilibrium found in the reduced normal form")  # pragma: no cover


# -- Gambit .efg files ------------------------------------------------------------------------
def _parse(text: str, source: str) -> ExtensiveGame:
    parser = _Parser(text, source)
    title, players = _read_header(parser, "EFG", "2", "extensive-form")
    comment = parser.next().text if parser.peek().kind == "label" else ""
    n = len(players)

    nodes: list[Node] = []
    infosets: list[InformationSet] = []
    infoset_index: dict[tuple[int, int], int] = {}
    outcomes: list[Outcome] = []
    outcome_index: dict[int, int] = {}
    # Stack of remaining child counts of the open nodes (preorder reading).
    open_children: list[int] = []
    children_of: list[list[int]] = []
    stack: list[int] = []

    def skip_commas() -> None:
        while parser.peek().kind == ",":
            parser.next()

    def integer(what: str) -> tuple[int, Any]:
        token = parser.next()
        if token.kind != "word" or not token.text.isdigit():
            raise parser.error(token, what)
        return int(token.text), token

    def read_outcome() -> int:
        number, token = integer("an outcome number (0 for none)")
        name: str | None = None
        payoffs: list[Fraction] | None = None
        if parser.peek().kind == "label":
            name = parser.next().text
            parser.expect("{", f"'{{' starting the payoffs of outcome {number}")
            payoffs = []
            skip_commas()
            while parser.peek().kind == "word":
                payoffs.append(parser.number(lambda: f"a payoff of outcome {number}"))
                skip_commas()
            closing = parser.expect("}", f"a payoff or '}}' closing outcome {number}'s payoffs")
            if len(payoffs) != n:
                raise parser.error(
                    closing,
                    f"{n} payoffs for outcome {number} (one per player), got {len(payoffs)}",
                )
        if number == 0:
            return -1
        if number in outcome_index:
            k = outcome_index[number]
            if payoffs is not None and tuple(payoffs) != outcomes[k].payoffs:
                raise parser.error(token, f"outcome {number} with the payoffs it was first given")
            return k
        if payoffs is None:
            raise parser.error(token, f"the name and payoffs of outcome {number} at its first use")
        outcome_index[number] = len(outcomes)
        outcomes.append(Outcome(name or "", tuple(payoffs)))
        return outcome_index[number]

    while True:
        token = parser.peek()
        if token.kind == "end":
            break
        if not open_children and nodes:
            raise parser.error(token, "the end of the file after the last node of the tree")
        kind = parser.next()
        if kind.kind != "word" or kind.text not in ("p", "c", "t"):
            raise parser.error(kind, "a node: 'p' (player), 'c' (chance) or 't' (terminal)")
        name = parser.expect("label", "the node's name as a quoted label").text
        v = len(nodes)
        if kind.text == "t":
            outcome = read_outcome()
            nodes.append(Node(-1, (), outcome, name))
            children_of.append([])
        else:
            if kind.text == "p":
                player, ptoken = integer("a player number")
                if not 1 <= player <= n:
                    raise parser.error(ptoken, f"a player number from 1 to {n}")
                player -= 1
            else:
                player = CHANCE
            number, itoken = integer("an information set number")
            iname: str | None = None
            actions: list[str] | None = None
            probs: list[Fraction] = []
            if parser.peek().kind == "label":
                iname = parser.next().text
            if parser.peek().kind == "{":
                parser.next()
                actions = []
                while parser.peek().kind == "label":
                    actions.append(parser.next().text)
                    if player == CHANCE:
                        skip_commas()
                        what = f"the probability of chance action {actions[-1]!r}"
                        probs.append(parser.number(partial(str, what)))
                    skip_commas()
                closing = parser.expect("}", "an action label or '}' closing the actions")
                if not actions:
                    raise parser.error(closing, "at least one action")
            key = (player, number)
            if key in infoset_index:
                k = infoset_index[key]
                known = infosets[k]
                if actions is not None and (
                    tuple(actions) != known.actions or tuple(probs) != known.probabilities
                ):
                    raise parser.error(
                        itoken,
                        f"information set {number} with the actions "
                        f"{list(known.actions)} it was first given",
                    )
            else:
                if actions is None:
                    raise parser.error(
                        itoken, f"the actions of information set {number} at its first use"
                    )
                if player == CHANCE and (any(p < 0 for p in probs) or sum(probs) != 1):
                    raise parser.error(
                        itoken,
                        f"chance probabilities >= 0 summing to exactly 1 (got "
                        f"{', '.join(map(str, probs))})",
                    )
                k = len(infosets)
                infoset_index[key] = k
                infosets.append(InformationSet(player, iname or "", tuple(actions), tuple(probs)))
            outcome = read_outcome()
            nodes.append(Node(k, (), outcome, name))
            children_of.append([])
        if stack:
            children_of[stack[-1]].append(v)
            open_children[-1] -= 1
        if kind.text != "t":
            stack.append(v)
            open_children.append(len(infosets[nodes[v].infoset].actions))
        while open_children and open_children[-1] == 0:
            open_children.pop()
            stack.pop()
    if not nodes:
        raise parser.error(parser.peek(), "at least one node")
    if open_children:
        raise parser.error(
            parser.peek(), f"{open_children[-1]} more child node(s) of node {stack[-1] + 1}"
        )
    final = [
        Node(node.infoset, tuple(children_of[v]), node.outcome, node.name)
        for v, node in enumerate(nodes)
    ]
    try:
        return ExtensiveGame(
            tuple(players), tuple(final), tuple(infosets), tuple(outcomes), title, comment
        )
    except InputError as exc:
        raise InputError(str(exc), file=source) from None


def read_efg(path_or_text: str | os.PathLike[str]) -> ExtensiveGame:
    """Read a game tree in Gambit's ``.efg`` format (module docstring).

    Parameters
    ----------
    path_or_text : str or path-like
        A path, or the text itself (a ``str`` starting with ``EFG`` or containing a newline, a
        brace or a double quote).

    Raises
    ------
    InputError
        When the file is missing, unreadable or not a valid ``.efg`` file; the message names
        the file, line and column, the token and what was expected.

    Examples
    --------
    >>> g = read_efg('''EFG 2 R "entry" { "entrant" "incumbent" }
    ... ""
    ... p "" 1 1 "" { "out" "in" } 0
    ... t "" 1 "stay out" { 0, 4 }
    ... p "" 2 1 "" { "fight" "accommodate" } 0
    ... t "" 2 "war" { -1, -1 }
    ... t "" 3 "peace" { 1, 1 }''')
    >>> g.players, len(g.nodes)
    (('entrant', 'incumbent'), 5)
    >>> read_efg('EFG 2 R "" { "1" } "" p "" 2 1 "" { "a" } 0 t "" 0')
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: <efg text>:1:28: got '2'; expected a player number from 1...
    """
    if isinstance(path_or_text, str) and (
        path_or_text.lstrip().startswith("EFG") or any(c in path_or_text for c in '\n{"')
    ):
        return _parse(path_or_text, TEXT_SOURCE)
    path = Path(path_or_text)
    return _parse(_read_file(path, ".efg"), str(path))


def write_efg(game: ExtensiveGame, path: str | os.PathLike[str] | None = None) -> str:
    """Write a game tree in Gambit's ``.efg`` format; return the text.

    Every node line repeats its information set's name and actions and its outcome's name
    and payoffs (valid Gambit; numbers exact). ``read_efg(write_efg(g))`` is the same tree.

    Examples
    --------
    >>> g = ExtensiveGame.from_tree(
    ...     chance([("H", "1/3", leaf(1, -1)), ("T", "2/3", leaf(0, 0))]), players=("a", "b"),
    ...     title="coin")
    >>> print(write_efg(g))
    EFG 2 R "coin" { "a" "b" }
    ""
    <BLANKLINE>
    c "" 1 "" { "H" 1/3 "T" 2/3 } 0
    t "" 1 "" { 1, -1 }
    t "" 2 "" { 0, 0 }
    <BLANKLINE>
    """
    numbers: dict[int, int] = {}
    counters: dict[int, int] = {}
    for k, h in enumerate(game.infosets):
        counters[h.player] = counters.get(h.player, 0) + 1
        numbers[k] = counters[h.player]

    def outcome_text(k: int) -> str:
        if k < 0:
            return "0"
        outcome = game.outcomes[k]
        payoffs = ", ".join(str(x) for x in outcome.payoffs)
        return f"{k + 1} {_quote(outcome.name)} {{ {payoffs} }}"

    lines = [
        f"EFG 2 R {_quote(game.title)} {{ " + " ".join(_quote(p) for p in game.players) + " }",
        _quote(game.comment),
        "",
    ]
    for node in game.nodes:
        if node.is_terminal:
            lines.append(f"t {_quote(node.name)} {outcome_text(node.outcome)}")
            continue
        h = game.infosets[node.infoset]
        if h.player == CHANCE:
            actions = " ".join(
                f"{_quote(a)} {p}" for a, p in zip(h.actions, h.probabilities, strict=True)
            )
            lines.append(
                f"c {_quote(node.name)} {numbers[node.infoset]} {_quote(h.name)} "
                f"{{ {actions} }} {outcome_text(node.outcome)}"
            )
        else:
            actions = " ".join(_quote(a) for a in h.actions)
            lines.append(
                f"p {_quote(node.name)} {h.player + 1} {numbers[node.infoset]} {_quote(h.name)} "
                f"{{ {actions} }} {outcome_text(node.outcome)}"
            )
    text = "\n".join(lines) + "\n"
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def same_tree(first: ExtensiveGame, second: ExtensiveGame) -> bool:
    """Whether two games have the same players, tree, information sets, actions and payoffs.

    Examples
    --------
    >>> g = ExtensiveGame.from_tree(leaf(1), players=("a",))
    >>> same_tree(g, read_efg(write_efg(g)))
    True
    """
    return (
        first.players == second.players
        and first.title == second.title
        and [(n.infoset, n.children, n.name) for n in first.nodes]
        == [(n.infoset, n.children, n.name) for n in second.nodes]
        and [(h.player, h.name, h.actions, h.probabilities, h.nodes) for h in first.infosets]
        == [(h.player, h.name, h.actions, h.probabilities, h.nodes) for h in second.infosets]
        and [z.payoffs for z in first._leaves] == [z.payoffs for z in second._leaves]
    )
