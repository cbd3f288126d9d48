r"""Alliance networks of labs: monitoring and sanction links, cascades, key players, link stability.

The network
-----------
Labs (or blocs) are the nodes of a directed multigraph (:class:`networkx.MultiDiGraph`) whose
edges have a ``type``:

``monitoring`` (attribute ``detection`` :math:`d_{j \to i} \in [0, 1]`)
    While lab :math:`j` pauses it detects :math:`i`'s racing with probability
    :math:`d_{j \to i}`, independently of the verification channels (docs/model/one-shot.md):
    :math:`q_i = 1 - (1 - q_i^0)\prod_{j \in N(i),\, j \notin R}(1 - d_{j \to i})`. A racing lab
    does not monitor: that is what makes defection contagious on the network.
``sanction`` (attribute ``sanction`` :math:`f_{j \to i} \ge 0`)
    Leverage :math:`j` holds over :math:`i` (chip supply, market access):
    :math:`F_i = F_i^0 + \sum_{j \in N(i)} f_{j \to i}` (it does not depend on the
    profile).
``information``
    Information sharing. **Descriptive only**: it is read, validated, drawn and counted among a
    lab's links, but it changes no payoff; its effect on verification, if any, must be
    written as a ``monitoring`` edge.

Several edges of one type between the same ordered pair combine (monitoring:
:math:`1 - \prod(1 - d)`; sanctions add). ``mutual = true`` adds the reverse edge too. Networks
come from a scenario's ``[network]`` section (:func:`validate_network_section`, registered in
:data:`gametheory.pause.scenario.SECTION_VALIDATORS`) or from GraphML and networkx edge-list files
(:func:`read_network`), and are checked against the model by :func:`alliance_network`.

What is computed
----------------
* stable coalitions on the network: :func:`gametheory.pause.coalitions.coalition_stability` with the
  network's monitoring and sanction matrices (:func:`network_coalition_stability`);
* **cascades** (:func:`cascade`): a lab defects (it races and stays racing) or is wrongly
  accused (the others treat it as racing: they count it as a racer and no longer rely on its
  monitoring); then sequential best-response dynamics (the most tempted lab moves first, ties
  to the lowest index) show who follows, in order, and whether the pause unravels. A wrongly
  accused lab then best-responds to what the others did.
* **key players** (:func:`key_players`): for each lab, how many others follow it when it
  defects, and how much the stability margin of the baseline falls without its links;
* **links that will be used** (:func:`enforced_network`): a sanction link whose imposing costs
  its source more than it returns would not be carried out (:mod:`gametheory.pause.sanctions`),
  and a monitoring link is used only when its source pauses and a credible sanction follows a
  detection; the **key player for monitoring** is the lab whose removal most lowers the
  others' effective detection;
* **pairwise stability** (Jackson & Wolinsky 1996) of undirected networks for any utility
  (:func:`pairwise_stable`), with the connections model (:func:`connections_utility`) as the
  tested special case, and of the monitoring network itself (:func:`monitoring_link_stability`:
  would two labs add a mutual monitoring link, would one cut it).

References
----------
.. [1] Jackson, M. O. & Wolinsky, A. (1996). A strategic model of social and economic
   networks. *Journal of Economic Theory* 71:44-74.
.. [2] Ballester, C., Calvó-Armengol, A. & Zenou, Y. (2006). Who's who in networks. Wanted:
   the key player. *Econometrica* 74:1403-1417. (The key-player question; the ranking here is
   by cascade size and stability margin, not their intercentrality.)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from gametheory.core.errors import InputError
from gametheory.core.tolerance import TOL, check_tol
from gametheory.pause.coalitions import (
    CoalitionStability,
    _bits,
    _dynamics,
    _ModelStage,
    coalition_stability,
)
from gametheory.pause.model import PauseModel, payoff_tol

if TYPE_CHECKING:  # networkx is imported where it is used: it is slow to import
    import networkx as nx

    from gametheory.pause.sanctions import SanctionSpec

__all__ = [
    "EDGE_TYPES",
    "AllianceNetwork",
    "Cascade",
    "EnforcedNetwork",
    "KeyPlayer",
    "LinkStability",
    "LinkUse",
    "all_graphs",
    "alliance_network",
    "cascade",
    "connections_utility",
    "draw_network",
    "enforced_network",
    "key_players",
    "monitoring_link_stability",
    "network_coalition_stability",
    "network_detection",
    "network_payoffs",
    "pairwise_stable",
    "read_network",
    "validate_network_section",
]

#: The edge types and the attribute that carries each one's strength.
EDGE_TYPES: dict[str, str | None] = {
    "monitoring": "detection",
    "sanction": "sanction",
    "information": None,
}
_EDGE_KEYS = ("source", "target", "type", "detection", "sanction", "mutual", "description")
_VALIDATED_KEYS = {"source", "target", "type", "value", "mutual"}
#: The largest number of nodes :func:`all_graphs` enumerates (2^(n(n-1)/2) graphs).
MAX_GRAPH_NODES = 6


# -- reading and validating ---------------------------------------------------------------------
def _edge(raw: Any, where: str, fail: Callable[..., InputError]) -> dict[str, Any]:
    """One edge checked without the model: a dict of source, target, type, value, mutual."""
    if not isinstance(raw, Mapping):
        raise fail("expected a table with source, target and type", where, value=raw)
    for key in raw:
        if key not in _EDGE_KEYS:
            raise fail(f"unknown key; expected one of: {', '.join(_EDGE_KEYS)}", where, key)
    for key in ("source", "target"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise fail("expected a lab name", where, key, value=raw.get(key))
    kind = raw.get("type")
    if kind not in EDGE_TYPES:
        raise fail(f"expected one of: {', '.join(EDGE_TYPES)}", where, "type", value=kind)
    attribute = EDGE_TYPES[kind]
    for other in ("detection", "sanction"):
        if other in raw and other != attribute:
            raise fail(f"a {kind} edge takes no {other!r}", where, other, value=raw[other])
    value = 0.0
    if attribute is not None:
        if attribute not in raw:
            raise fail(f"a {kind} edge needs {attribute!r}", where, attribute)
        value = raw[attribute]
        number = isinstance(value, int | float | Fraction) and not isinstance(value, bool)
        if attribute == "detection" and not (number and 0 <= value <= 1):
            raise fail("expected a probability in [0, 1]", where, attribute, value=value)
        if attribute == "sanction" and not (number and math.isfinite(value) and value >= 0):
            raise fail("expected a finite number >= 0", where, attribute, value=value)
    mutual = raw.get("mutual", False)
    if not isinstance(mutual, bool):
        raise fail("expected true or false", where, "mutual", value=mutual)
    if raw["source"] == raw["target"]:
        raise fail("a lab cannot link to itself", where, "target", value=raw["target"])
    return {
        "source": raw["source"],
        "target": raw["target"],
        "type": kind,
        "value": float(value),
        "mutual": mutual,
    }


def _plain_fail(message: str, *keys: str, value: Any = None) -> InputError:
    return InputError(message, field=".".join(k for k in keys if k), value=value)


def validate_network_section(table: Any, locate: Any) -> dict[str, Any]:
    """Validate a scenario's ``[network]`` section (the lab names are checked later).

    The section holds ``description`` (text) and ``edges``, an array of tables with
    ``source``, ``target``, ``type`` (``monitoring``, ``sanction`` or ``information``), the
    strength (``detection`` in [0, 1] for monitoring, ``sanction`` >= 0 for sanctions) and
    optionally ``mutual`` (add the reverse edge) and ``description``.

    Parameters
    ----------
    table : dict
        The section as read from TOML.
    locate : gametheory.pause.scenario.Locator
        Builds located errors.

    Returns
    -------
    dict
        ``{"description": str, "edges": [dict(source, target, type, value, mutual)]}``.

    Examples
    --------
    >>> from gametheory.pause.scenario import Locator
    >>> text = '[network]\\nedges = [{source = "a", target = "b", type = "spying"}]\\n'
    >>> validate_network_section({"edges": [{"source": "a", "target": "b", "type": "spying"}]},
    ...                          Locator("demo.toml", text).child("network"))
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: demo.toml:2: network.edges.0.type = 'spying': expected one
    of: ...
    """
    if not isinstance(table, Mapping):
        raise locate.error("expected a table with an 'edges' array", value=table)
    for key in table:
        if key not in ("description", "edges"):
            raise locate.error("unknown key; expected one of: description, edges", key)
    description = table.get("description", "")
    if not isinstance(description, str):
        raise locate.error("expected text", "description", value=description)
    edges = table.get("edges", [])
    if not isinstance(edges, list):
        raise locate.error("expected an array of tables", "edges", value=edges)

    def fail(message: str, *keys: str, value: Any = None) -> InputError:
        error: InputError = locate.error(message, "edges", *keys, value=value)
        return error

    return {
        "description": description,
        "edges": [_edge(raw, str(k), fail) for k, raw in enumerate(edges)],
    }


@dataclass(frozen=True, eq=False)
class AllianceNetwork:
    """An alliance network checked against a model's labs (conventions: module docstring).

    Attributes
    ----------
    labs : tuple of str
        The model's labs, in order (the nodes).
    graph : networkx.MultiDiGraph
        Every edge, with attributes ``type`` and ``value``.
    monitoring : ndarray, shape (N, N)
        :math:`d_{j \\to i}` at ``[j, i]`` (parallel edges combined).
    sanction_links : ndarray, shape (N, N)
        :math:`f_{j \\to i}` at ``[j, i]``.
    information : ndarray of bool, shape (N, N)
        Whether ``j`` shares information with ``i`` (descriptive only).
    """

    labs: tuple[str, ...]
    graph: nx.MultiDiGraph
    monitoring: NDArray[np.float64]
    sanction_links: NDArray[np.float64]
    information: NDArray[np.bool_]

    def without_lab_links(self, lab: str) -> AllianceNetwork:
        """The same network with every edge to or from ``lab`` removed."""
        import networkx as nx

        i = self._index(lab)
        monitoring, sanction = self.monitoring.copy(), self.sanction_links.copy()
        information = self.information.copy()
        for array in (monitoring, sanction, information):
            array[i, :] = 0
            array[:, i] = 0
        graph = nx.MultiDiGraph(self.graph)
        graph.remove_edges_from(list(graph.in_edges(lab, keys=True)))
        graph.remove_edges_from(list(graph.out_edges(lab, keys=True)))
        return AllianceNetwork(self.labs, graph, monitoring, sanction, information)

    def _index(self, lab: str) -> int:
        if lab not in self.labs:
            raise InputError(f"no such lab; expected one of {list(self.labs)}", value=lab)
        return self.labs.index(lab)


def alliance_network(
    model: PauseModel, edges: Iterable[Mapping[str, Any]] | Mapping[str, Any] | nx.Graph
) -> AllianceNetwork:
    """Check an alliance network against ``model`` and build its matrices.

    Parameters
    ----------
    model : PauseModel
    edges : iterable of dict, dict or networkx graph
        Edge tables (``source``, ``target``, ``type``, ``detection`` or ``sanction``,
        ``mutual``), a validated ``[network]`` section, or a graph whose edges carry those
        attributes.

    Raises
    ------
    InputError
        For an unknown lab, a bad edge type or a strength out of range.

    Examples
    --------
    >>> from gametheory.pause.model import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a"), Lab("b")))
    >>> net = alliance_network(m, [{"source": "a", "target": "b", "type": "monitoring",
    ...                            "detection": 0.5, "mutual": True}])
    >>> net.monitoring.tolist()
    [[0.0, 0.5], [0.5, 0.0]]
    >>> alliance_network(m, [{"source": "a", "target": "z", "type": "sanction", "sanction": 1}])
    Traceback (most recent call last):
    ...
    gametheory.core.errors.InputError: network.edges.0.target = 'z': no such lab; expected one of
    ...
    """
    import networkx as nx

    if isinstance(edges, nx.Graph):
        raw_edges: list[Any] = []
        for u, v, data in edges.edges(data=True):
            entry = {"source": str(u), "target": str(v), **data}
            if "value" in entry:
                attribute = EDGE_TYPES.get(str(entry.get("type")))
                value = entry.pop("value")
                if attribute is not None:
                    entry.setdefault(attribute, value)
            raw_edges.append(entry)
        unknown_nodes = [str(node) for node in edges.nodes if str(node) not in model.lab_names]
        if unknown_nodes:
            raise InputError(
                f"no such lab; expected one of {list(model.lab_names)}",
                field="network.nodes",
                value=unknown_nodes[0],
            )
    elif isinstance(edges, Mapping):
        raw_edges = list(edges.get("edges", []))
    else:
        raw_edges = list(edges)
    n = model.num_labs
    miss = np.ones((n, n))
    sanction = np.zeros((n, n))
    information = np.zeros((n, n), dtype=bool)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(model.lab_names)
    for k, raw in enumerate(raw_edges):
        where = f"network.edges.{k}"
        if isinstance(raw, Mapping) and set(raw) == _VALIDATED_KEYS:
            edge = dict(raw)  # already validated by validate_network_section
        else:

            def fail(message: str, *keys: str, value: Any = None, at: str = where) -> InputError:
                return _plain_fail(message, at, *keys, value=value)

            edge = _edge(raw, "", fail)
        for key in ("source", "target"):
            if edge[key] not in model.lab_names:
                raise InputError(
                    f"no such lab; expected one of {list(model.lab_names)}",
                    field=f"{where}.{key}",
                    value=edge[key],
                )
        pairs = [(edge["source"], edge["target"])]
        if edge.get("mutual"):
            pairs.append((edge["target"], edge["source"]))
        for source, target in pairs:
            j, i = model.lab_index(source), model.lab_index(target)
            graph.add_edge(source, target, type=edge["type"], value=edge["value"])
            if edge["type"] == "monitoring":
                miss[j, i] *= 1.0 - edge["value"]
            elif edge["type"] == "sanction":
                sanction[j, i] += edge["value"]
            else:
                information[j, i] = True
    monitoring = 1.0 - miss
    for array in (monitoring, sanction, information):
        array.setflags(write=False)
    return AllianceNetwork(model.lab_names, graph, monitoring, sanction, information)


def read_network(model: PauseModel, path: str | Path) -> AllianceNetwork:
    """Read an alliance network from GraphML (``.graphml``) or a networkx edge list.

    An edge list has one edge per line, ``source target {'type': 'monitoring',
    'detection': 0.3}`` (the format of :func:`networkx.write_edgelist`); GraphML edges carry
    the same attributes (``value`` is accepted for the strength).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from gametheory.pause.model import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a"), Lab("b")))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "net.edgelist")
    ...     _ = path.write_text("a b {'type': 'sanction', 'sanction': 4.0}\\n")
    ...     read_network(m, path).sanction_links.tolist()
    [[0.0, 4.0], [0.0, 0.0]]
    """
    import networkx as nx

    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    try:
        if path.suffix.lower() == ".graphml":
            graph = nx.read_graphml(path, force_multigraph=True)
            if not graph.is_directed():
                graph = nx.MultiDiGraph(graph)
        else:
            graph = nx.read_edgelist(path, create_using=nx.MultiDiGraph, data=True)
    except (TypeError, ValueError, IndexError, SyntaxError, nx.NetworkXError) as exc:
        raise InputError(f"could not read the network: {exc}", file=str(path)) from None
    except Exception as exc:  # e.g. xml.etree.ElementTree.ParseError
        raise InputError(f"could not read the network: {exc}", file=str(path)) from None
    try:
        return alliance_network(model, graph)
    except InputError as exc:
        raise InputError(exc.message, file=str(path), field=exc.field, value=exc.value) from None


# -- payoffs on the network ---------------------------------------------------------------------
def _stage(model: PauseModel, network: AllianceNetwork) -> _ModelStage:
    if network.labs != model.lab_names:
        raise ValueError(
            f"network: built for labs {list(network.labs)}; expected {list(model.lab_names)}"
        )
    return _ModelStage(model, np.asarray(network.monitoring), network.sanction_links.sum(axis=0))


def _masks(model: PauseModel, racing: Any) -> tuple[NDArray[np.int64], tuple[int, ...]]:
    array = np.asarray(racing, dtype=bool)
    if array.shape[-1:] != (model.num_labs,):
        raise ValueError(f"racing: got shape {array.shape}; expected (..., {model.num_labs})")
    flat = array.reshape(-1, model.num_labs)
    masks = (flat.astype(np.int64) << np.arange(model.num_labs, dtype=np.int64)).sum(axis=1)
    return masks, array.shape


def network_detection(
    model: PauseModel, network: AllianceNetwork, racing: Any
) -> NDArray[np.float64]:
    """Each lab's detection probability :math:`q_i` on the network at each profile.

    Examples
    --------
    >>> from gametheory.pause.model import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a"), Lab("b")))
    >>> net = alliance_network(m, [{"source": "a", "target": "b", "type": "monitoring",
    ...                            "detection": 0.5}])
    >>> network_detection(m, net, [[False, True], [True, True]]).tolist()   # a pauses / races
    [[0.0, 0.5], [0.0, 0.0]]
    """
    masks, shape = _masks(model, racing)
    q = _stage(model, network).detection(_bits(masks, model.num_labs))
    return np.asarray(q).reshape(shape)


def network_payoffs(
    model: PauseModel, network: AllianceNetwork, racing: Any
) -> NDArray[np.float64]:
    """Every lab's payoff at each profile (shape ``(..., N)``) with the network's q and F.

    Examples
    --------
    >>> from gametheory.pause.model import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, sanction=2), Lab("b", prize=4, sanction=2)))
    >>> net = alliance_network(m, [{"source": "a", "target": "b", "type": "sanction",
    ...                            "sanction": 6}, {"source": "a", "target": "b",
    ...                            "type": "monitoring", "detection": 0.5}])
    >>> network_payoffs(m, net, [False, True]).tolist()   # b races alone: 4 - 0.5 * (2 + 6)
    [0.0, 0.0]
    """
    masks, shape = _masks(model, racing)
    return np.asarray(_stage(model, network).payoffs(masks)).reshape(shape)


def network_coalition_stability(
    model: PauseModel, network: AllianceNetwork, *, tol: float = TOL
) -> CoalitionStability:
    """:func:`~gametheory.pause.coalitions.coalition_stability` with the network's links.

    Examples
    --------
    Mutual monitoring plus sanctions make the pair stable where it was not.

    >>> from gametheory.pause.model import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a", prize=4, pause_cost=1), Lab("b", prize=4, pause_cost=1)))
    >>> net = alliance_network(m, [
    ...     {"source": "a", "target": "b", "type": "monitoring", "detection": 0.9, "mutual": True},
    ...     {"source": "a", "target": "b", "type": "sanction", "sanction": 10, "mutual": True}])
    >>> bool(network_coalition_stability(m, net).stable[0b11])
    True
    """
    _stage(model, network)
    return coalition_stability(
        model, monitoring=network.monitoring, sanction_links=network.sanction_links, tol=tol
    )


# -- cascades and key players -------------------------------------------------------------------
@dataclass(frozen=True)
class Cascade:
    """What follows one lab's defection (or a false accusation) on the network.

    Attributes
    ----------
    trigger : str
        The lab that defected or was accused.
    kind : str
        ``"defection"`` or ``"accusation"``.
    start : tuple of str
        The labs racing before the trigger.
    steps : tuple of (str, str, float)
        Each move in order: the lab, its new action (``"race"``/``"pause"``) and its gain.
    racing : tuple of str
        The labs racing at the end (for an accusation: in fact, after the accused responds).
    converged : bool
        ``False`` when the dynamics cycled (then ``racing`` is where they were stopped).
    accused_races : bool
        For an accusation: whether the accused lab, treated as a racer, then races.
    """

    trigger: str
    kind: str
    start: tuple[str, ...]
    steps: tuple[tuple[str, str, float], ...]
    racing: tuple[str, ...]
    converged: bool
    accused_races: bool = False

    @property
    def followers(self) -> tuple[str, ...]:
        """Labs that were pausing before the trigger and race at the end, in order of moves."""
        end = set(self.racing)
        seen: list[str] = []
        for lab, _, _ in self.steps:
            if lab in end and lab not in self.start and lab != self.trigger and lab not in seen:
                seen.append(lab)
        return tuple(seen)

    def unravelled(self, labs: Iterable[str]) -> bool:
        """Whether every lab in ``labs`` races at the end: the pause collapsed."""
        return set(labs) <= set(self.racing)


def _names(labs: tuple[str, ...], mask: int) -> tuple[str, ...]:
    return tuple(name for i, name in enumerate(labs) if mask >> i & 1)


def cascade(
    model: PauseModel,
    network: AllianceNetwork,
    trigger: str,
    *,
    accusation: bool = False,
    start: Iterable[str] = (),
    tol: float = TOL,
) -> Cascade:
    """Best-response dynamics on the network after ``trigger`` defects or is wrongly accused.

    Starting from the labs in ``start`` racing (default: all pause), ``trigger`` races and is
    held racing; the others then move one at a time, the most tempted first (ties: the lowest
    index), until no one gains more than ``tol``. With ``accusation=True`` the trigger in fact
    pauses but the others treat it as racing (so its monitoring no longer counts); at the end
    the accused lab best-responds to what they did.

    Examples
    --------
    A chain a -> b -> c of monitoring links: when a races, b loses a's monitoring and races,
    then c loses b's.

    >>> from gametheory.pause.model import Lab, PauseModel
    >>> lab = dict(prize=2, pause_cost=1, sanction=10)
    >>> m = PauseModel(labs=tuple(Lab(x, **lab) for x in "abc"), decisiveness=0)
    >>> chain = [{"source": s, "target": t, "type": "monitoring", "detection": 0.9}
    ...          for s, t in [("c", "a"), ("a", "b"), ("b", "c")]]
    >>> result = cascade(m, alliance_network(m, chain), "a")
    >>> [step[0] for step in result.steps], result.followers
    (['b', 'c'], ('b', 'c'))
    """
    tol = payoff_tol(model, tol)
    stage = _stage(model, network)
    i = model.lab_index(trigger)
    bit = 1 << i
    begin = 0
    for name in start:
        begin |= 1 << model.lab_index(name)
    state, converged, moves = _dynamics(
        stage,
        np.array([bit], dtype=np.int64),
        np.array([begin | bit], dtype=np.int64),
        tol,
        record=True,
    )
    final = int(state[0])
    steps = []
    current = begin | bit
    for player, gain in moves[0]:
        current ^= 1 << player
        action = "race" if current >> player & 1 else "pause"
        steps.append((model.lab_names[player], action, float(gain)))
    accused_races = False
    if accusation:
        advantage = float(stage.advantage(np.array([final], dtype=np.int64))[0, i])
        accused_races = advantage > tol
        if not accused_races:
            final &= ~bit
        else:
            steps.append((trigger, "race", advantage))
    return Cascade(
        trigger=trigger,
        kind="accusation" if accusation else "defection",
        start=_names(model.lab_names, begin),
        steps=tuple(steps),
        racing=_names(model.lab_names, final),
        converged=bool(converged[0]),
        accused_races=accused_races,
    )


@dataclass(frozen=True)
class KeyPlayer:
    """How much one lab matters to the pause on the network.

    Attributes
    ----------
    lab : str
    followers : int
        Labs that follow it into racing when it defects from the baseline.
    pausing_after_exit : int
        Labs still pausing after its defection's cascade.
    margin_drop : float
        How much the baseline's stability margin (the smallest loss any lab would make by
        switching) falls when all its links are removed; positive: its links hold the pause.
    """

    lab: str
    followers: int
    pausing_after_exit: int
    margin_drop: float


def _baseline(stage: _ModelStage, tol: float) -> int:
    state, _, _ = _dynamics(stage, np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64), tol)
    return int(state[0])


def _margin(stage: _ModelStage, mask: int) -> float:
    advantage = stage.advantage(np.array([mask], dtype=np.int64))[0]
    racing = _bits(np.array([mask], dtype=np.int64), stage.n)[0]
    switch = np.where(racing, -advantage, advantage)
    return float(-switch.max())


def key_players(
    model: PauseModel, network: AllianceNetwork, *, tol: float = TOL
) -> tuple[KeyPlayer, ...]:
    """Labs ranked by how much their exit and their links matter to the pause.

    The baseline is the outcome of best-response dynamics from all-pause on the network. Each
    lab's exit is the :func:`cascade` of its defection from the baseline; its links matter by
    the drop of the baseline's stability margin when they are removed. Ranked by followers,
    then margin drop (both descending), then lab order.

    Examples
    --------
    >>> from gametheory.pause.model import Lab, PauseModel
    >>> lab = dict(prize=2, pause_cost=1, sanction=10)
    >>> m = PauseModel(labs=tuple(Lab(x, **lab) for x in "abc"), decisiveness=0)
    >>> chain = [{"source": s, "target": t, "type": "monitoring", "detection": 0.9}
    ...          for s, t in [("c", "a"), ("a", "b"), ("b", "c")]]
    >>> [(k.lab, k.followers) for k in key_players(m, alliance_network(m, chain))]
    [('a', 2), ('b', 2), ('c', 2)]

    References
    ----------
    .. [1] Ballester, C., Calvó-Armengol, A. & Zenou, Y. (2006). Who's who in networks.
       Wanted: the key player. *Econometrica* 74:1403-1417.
    """
    tol = payoff_tol(model, tol)
    stage = _stage(model, network)
    base = _baseline(stage, tol)
    margin = _margin(stage, base)
    start = _names(model.lab_names, base)
    players = []
    for lab in model.lab_names:
        result = cascade(model, network, lab, start=start, tol=tol)
        # Counted by name: a lab racing at the baseline that switches to pausing must not
        # cancel out a follower.
        followers = len(result.followers)
        reduced = _stage(model, network.without_lab_links(lab))
        drop = margin - _margin(reduced, _baseline(reduced, tol))
        players.append(KeyPlayer(lab, followers, model.num_labs - len(result.racing), float(drop)))
    order = sorted(
        range(len(players)), key=lambda k: (-players[k].followers, -players[k].margin_drop, k)
    )
    return tuple(players[k] for k in order)


# -- links that will be used --------------------------------------------------------------------
@dataclass(frozen=True)
class LinkUse:
    """Whether one link of the network would actually be used (:func:`enforced_network`).

    Attributes
    ----------
    source, target, type : str
    value : float
        :math:`d_{j \\to i}` or :math:`f_{j \\to i}` (parallel edges combined).
    used : bool
    reason : str
        Why, in words.
    """

    source: str
    target: str
    type: str
    value: float
    used: bool
    reason: str


@dataclass(frozen=True, eq=False)
class EnforcedNetwork:
    """The network's links that carry monitoring and sanctions that would be carried out.

    Attributes
    ----------
    network : AllianceNetwork
        Only the credible sanction links (monitoring and information unchanged).
    model : PauseModel
        The model with its own sanctions replaced by the effective ones.
    baseline : tuple of str
        The labs racing at the baseline: best-response dynamics from all-pause on the credible
        network (the convention of :func:`key_players`).
    links : tuple of LinkUse
        Every monitoring and sanction link, used or not.
    effective_detection : ndarray
        :math:`q_i` at the baseline when some credible sanction punishes lab :math:`i`,
        else 0 (detection with nothing to follow it deters nothing).
    monitoring_importance : tuple of (str, float)
        Each lab and how much the others' effective detection falls (summed) when its links
        are removed, at the baseline profile; largest first. The first is **the key player
        for monitoring**.
    """

    network: AllianceNetwork
    model: PauseModel
    baseline: tuple[str, ...]
    links: tuple[LinkUse, ...]
    effective_detection: NDArray[np.float64]
    monitoring_importance: tuple[tuple[str, float], ...]

    @property
    def key_monitor(self) -> str | None:
        """The lab whose removal most lowers effective detection (``None``: no one's does)."""
        if not self.monitoring_importance or self.monitoring_importance[0][1] <= 0:
            return None
        return self.monitoring_importance[0][0]


def _effective_detection(
    model: PauseModel, network: AllianceNetwork, racing: NDArray[np.bool_]
) -> NDArray[np.float64]:
    punished = (model.array("sanction") + network.sanction_links.sum(axis=0)) > 0
    q = network_detection(model, network, racing)
    return np.asarray(np.where(punished, q, 0.0))


def enforced_network(
    model: PauseModel,
    network: AllianceNetwork,
    sanctions: SanctionSpec | None = None,
    *,
    tol: float = TOL,
) -> EnforcedNetwork:
    """Which links carry monitoring and sanctions that will actually be used.

    A **sanction link** :math:`j \\to i` is used when imposing it is subgame-perfect for
    :math:`j`: its return per unit is at least its cost (``sanctions.benefit[j] -
    sanctions.cost[j] >= -tol``, :mod:`gametheory.pause.sanctions`; without ``sanctions``
    imposing is free and every link is used). The labs' own sanctions are replaced by the
    effective ones. A **monitoring link** :math:`j \\to i` is used when :math:`j` pauses at the
    baseline (a racing lab does not monitor) and some credible sanction punishes :math:`i`.

    Examples
    --------
    b's leverage over a costs b more than it returns, so it would not be used; with it
    goes the only sanction on a, and b's monitoring of a deters nothing. a pauses (it gains
    nothing by racing) and watches b, whose sanction a imposes at no net cost.

    >>> from gametheory.pause.model import Lab, PauseModel
    >>> from gametheory.pause.sanctions import SanctionSpec
    >>> m = PauseModel(labs=(Lab("a", prize=0), Lab("b", prize=1, sanction=5)))
    >>> net = alliance_network(m, [
    ...     {"source": "b", "target": "a", "type": "sanction", "sanction": 4},
    ...     {"source": "b", "target": "a", "type": "monitoring", "detection": 0.5},
    ...     {"source": "a", "target": "b", "type": "monitoring", "detection": 0.5}])
    >>> spec = SanctionSpec(cost={"a": 0.0, "b": 0.2}, benefit={"a": 0.0, "b": 0.1})
    >>> result = enforced_network(m, net, spec)
    >>> [(u.source, u.target, u.type, u.used) for u in result.links]
    [('a', 'b', 'monitoring', True), ('b', 'a', 'monitoring', False), ('b', 'a', 'sanction', False)]
    >>> result.key_monitor
    'a'
    """
    from gametheory.pause.sanctions import effective_sanction_model

    tol = payoff_tol(model, tol)
    names = model.lab_names
    if network.labs != names:
        raise ValueError(f"network: built for labs {list(network.labs)}; expected {list(names)}")
    cost = dict((sanctions.cost if sanctions else None) or dict.fromkeys(names, 0.0))
    benefit = dict((sanctions.benefit if sanctions else None) or dict.fromkeys(names, 0.0))
    effective_model = model if sanctions is None else effective_sanction_model(model, sanctions)
    # Return and cost per unit of sanction are rates, not payoffs: the relative tolerance.
    credible_source = np.array([benefit[j] - cost[j] >= -tol.relative for j in names])
    links_f = np.where(credible_source[:, None], network.sanction_links, 0.0)
    credible = AllianceNetwork(
        network.labs, network.graph, network.monitoring, links_f, network.information
    )
    stage = _stage(effective_model, credible)
    base = _baseline(stage, tol)
    racing = _bits(np.array([base], dtype=np.int64), len(names))[0]
    punished = (effective_model.array("sanction") + links_f.sum(axis=0)) > 0
    uses = []
    for j, i in zip(*np.nonzero(network.monitoring), strict=True):
        if racing[j]:
            used, reason = False, f"{names[j]} races at the baseline: a racing lab does not monitor"
        elif not punished[i]:
            used, reason = False, f"no sanction on {names[i]} would be carried out"
        else:
            used, reason = True, f"{names[j]} pauses and {names[i]} faces a credible sanction"
        uses.append(
            LinkUse(names[j], names[i], "monitoring", float(network.monitoring[j, i]), used, reason)
        )
    for j, i in zip(*np.nonzero(network.sanction_links), strict=True):
        net = benefit[names[j]] - cost[names[j]]
        used = bool(credible_source[j])
        reason = f"imposing returns {net:+g} per unit to {names[j]}: " + (
            "subgame-perfect" if used else "not carried out"
        )
        uses.append(
            LinkUse(
                names[j], names[i], "sanction", float(network.sanction_links[j, i]), used, reason
            )
        )
    uses.sort(key=lambda u: (u.source, u.target, u.type))
    detection = _effective_detection(effective_model, credible, racing)
    importance = []
    for k, lab in enumerate(names):
        reduced = _effective_detection(effective_model, credible.without_lab_links(lab), racing)
        others = np.arange(len(names)) != k
        importance.append((lab, float((detection - reduced)[others].sum())))
    importance.sort(key=lambda item: -item[1])
    return EnforcedNetwork(
        network=credible,
        model=effective_model,
        baseline=_names(names, base),
        links=tuple(uses),
        effective_detection=detection,
        monitoring_importance=tuple(importance),
    )


# -- pairwise stability (Jackson & Wolinsky 1996) -----------------------------------------------
def all_graphs(n: int) -> NDArray[np.bool_]:
    """Every undirected simple graph on ``n`` labelled nodes, as adjacency ``(G, n, n)``.

    Graph ``g`` contains the ``k``-th pair of :func:`itertools.combinations` order when bit
    ``k`` of ``g`` is set.

    Examples
    --------
    >>> all_graphs(3).shape
    (8, 3, 3)
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_GRAPH_NODES:
        raise ValueError(f"n: got {n!r}; expected an integer in [1, {MAX_GRAPH_NODES}]")
    rows, cols = np.triu_indices(n, 1)
    codes = np.arange(1 << len(rows), dtype=np.int64)
    present = ((codes[:, None] >> np.arange(len(rows))) & 1).astype(bool)
    adjacency = np.zeros((len(codes), n, n), dtype=bool)
    adjacency[:, rows, cols] = present
    adjacency[:, cols, rows] = present
    return adjacency


def connections_utility(
    adjacency: NDArray[np.bool_], delta: float, cost: float
) -> NDArray[np.float64]:
    """The connections model: :math:`u_i = \\sum_{j \\ne i} \\delta^{d(i, j)} - c\\,\\deg(i)`.

    :math:`d(i, j)` is the shortest-path distance (:math:`\\delta^\\infty = 0`). Vectorised over
    a batch of adjacency matrices ``(..., n, n)``.

    Examples
    --------
    A path a - b - c with δ = 0.5, c = 0.1: the middle node reaches both directly.

    >>> path = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=bool)
    >>> connections_utility(path, 0.5, 0.1).round(6).tolist()
    [0.65, 0.8, 0.65]

    References
    ----------
    .. [1] Jackson, M. O. & Wolinsky, A. (1996). A strategic model of social and economic
       networks. *Journal of Economic Theory* 71:44-74.
    """
    if not (0 < delta < 1) or not (math.isfinite(cost) and cost >= 0):
        raise ValueError(f"delta, cost: got {delta!r}, {cost!r}; expected 0 < delta < 1, cost >= 0")
    a = np.asarray(adjacency, dtype=bool)
    n = a.shape[-1]
    reached = np.broadcast_to(np.eye(n, dtype=bool), a.shape).copy()
    frontier = reached.copy()
    value = np.zeros(a.shape[:-1])
    step = a.astype(np.float64)
    for d in range(1, n):
        frontier = ((frontier.astype(np.float64) @ step) > 0) & ~reached
        reached |= frontier
        value += frontier.sum(axis=-1) * delta**d
    return np.asarray(value - cost * a.sum(axis=-1))


def pairwise_stable(
    adjacency: NDArray[np.bool_],
    utility: Callable[[NDArray[np.bool_]], NDArray[np.float64]],
    *,
    tol: float = TOL,
) -> NDArray[np.bool_]:
    """Whether each network in a batch is pairwise stable (Jackson & Wolinsky 1996).

    :math:`g` is pairwise stable when for every link :math:`ij \\in g`,
    :math:`u_i(g) \\ge u_i(g - ij)` and :math:`u_j(g) \\ge u_j(g - ij)`; and for every
    :math:`ij \\notin g`, if :math:`u_i(g + ij) > u_i(g)` then :math:`u_j(g + ij) < u_j(g)`
    (comparisons to ``tol``).

    Parameters
    ----------
    adjacency : ndarray of bool, shape (G, n, n)
        Symmetric adjacency matrices.
    utility : callable
        Maps a batch ``(G, n, n)`` to payoffs ``(G, n)``.
    tol : float

    Examples
    --------
    >>> graphs = all_graphs(3)
    >>> stable = pairwise_stable(graphs, lambda g: connections_utility(g, 0.5, 0.1))
    >>> graphs[stable].sum(axis=(1, 2)).tolist()   # only the complete graph (6 = 2 x 3 links)
    [6]

    References
    ----------
    .. [1] Jackson, M. O. & Wolinsky, A. (1996). A strategic model of social and economic
       networks. *Journal of Economic Theory* 71:44-74.
    """
    tol = check_tol(tol)
    g = np.asarray(adjacency, dtype=bool)
    if g.ndim != 3 or g.shape[1] != g.shape[2] or not (g == g.transpose(0, 2, 1)).all():
        raise ValueError("adjacency: expected symmetric matrices of shape (G, n, n)")
    n = g.shape[1]
    base = np.asarray(utility(g))
    stable = np.ones(len(g), dtype=bool)
    for i in range(n):
        for j in range(i + 1, n):
            toggled = g.copy()
            toggled[:, i, j] ^= True
            toggled[:, j, i] ^= True
            changed = np.asarray(utility(toggled))
            gain_i = changed[:, i] - base[:, i]
            gain_j = changed[:, j] - base[:, j]
            present = g[:, i, j]
            cut = (gain_i > tol) | (gain_j > tol)
            add = ((gain_i > tol) & (gain_j >= -tol)) | ((gain_j > tol) & (gain_i >= -tol))
            stable &= np.where(present, ~cut, ~add)
    return stable


@dataclass(frozen=True)
class LinkStability:
    """Pairwise stability of the mutual monitoring links of an alliance network.

    Attributes
    ----------
    stable : bool
        No lab would cut a link and no pair would add one.
    would_cut : tuple of (str, str, str)
        Existing links ``(a, b, who)`` that ``who`` gains by cutting.
    would_add : tuple of (str, str)
        Absent links both ends (weakly, one strictly) gain by adding.
    detection : float
        The strength of a mutual monitoring link, each way.
    """

    stable: bool
    would_cut: tuple[tuple[str, str, str], ...]
    would_add: tuple[tuple[str, str], ...]
    detection: float


def monitoring_link_stability(
    model: PauseModel,
    network: AllianceNetwork,
    *,
    detection: float = 0.5,
    tol: float = TOL,
) -> LinkStability:
    """Would two labs add a mutual monitoring link, would one cut it (Jackson & Wolinsky 1996)?

    A link between ``a`` and ``b`` exists when both monitor each other; adding one sets
    :math:`d_{a \\to b} = d_{b \\to a} =` ``detection``, cutting one removes both directions.
    A lab's utility from a network is its payoff at the outcome of best-response dynamics
    from all-pause on that network.

    Examples
    --------
    >>> from gametheory.pause.model import Lab, PauseModel
    >>> lab = dict(prize=10, pause_cost=1, harm=20, risk=0.2, sanction=10)
    >>> m = PauseModel(labs=(Lab("a", **lab), Lab("b", **lab)))
    >>> result = monitoring_link_stability(m, alliance_network(m, []), detection=0.9)
    >>> result.stable, result.would_add   # both gain from a pause they can verify
    (False, (('a', 'b'),))

    References
    ----------
    .. [1] Jackson, M. O. & Wolinsky, A. (1996). A strategic model of social and economic
       networks. *Journal of Economic Theory* 71:44-74.
    """
    tol = payoff_tol(model, tol)
    if not 0 < detection <= 1:
        raise ValueError(f"detection: got {detection!r}; expected a probability in (0, 1]")
    stage = _stage(model, network)
    names = model.lab_names
    sanction = network.sanction_links.sum(axis=0)

    def utility(monitoring: NDArray[np.float64]) -> NDArray[np.float64]:
        variant = _ModelStage(model, monitoring, sanction)
        outcome = _baseline(variant, tol)
        return np.asarray(variant.payoffs(np.array([outcome], dtype=np.int64))[0])

    base_monitoring = np.asarray(network.monitoring)
    base = utility(base_monitoring)
    del stage
    cut: list[tuple[str, str, str]] = []
    add: list[tuple[str, str]] = []
    for i in range(model.num_labs):
        for j in range(i + 1, model.num_labs):
            linked = base_monitoring[i, j] > 0 and base_monitoring[j, i] > 0
            changed = base_monitoring.copy()
            changed[i, j] = changed[j, i] = 0.0 if linked else detection
            after = utility(changed)
            gain_i, gain_j = after[i] - base[i], after[j] - base[j]
            if linked:
                cut.extend(
                    (names[i], names[j], names[k]) for k, g in ((i, gain_i), (j, gain_j)) if g > tol
                )
            elif (gain_i > tol and gain_j >= -tol) or (gain_j > tol and gain_i >= -tol):
                add.append((names[i], names[j]))
    return LinkStability(not cut and not add, tuple(cut), tuple(add), float(detection))


# -- drawing ------------------------------------------------------------------------------------
_EDGE_STYLE: dict[str, tuple[str, Literal["solid", "dashed", "dotted"]]] = {
    "monitoring": ("tab:blue", "solid"),
    "sanction": ("tab:red", "dashed"),
    "information": ("tab:gray", "dotted"),
}


def draw_network(
    network: AllianceNetwork,
    path: str | Path,
    *,
    coalition: Iterable[str] = (),
    cascade_result: Cascade | None = None,
    title: str = "",
) -> Path:
    """Draw the network to ``path`` (any format matplotlib writes), with the Agg backend.

    Coalition members are green, other labs grey; a cascade's trigger is black and its
    followers red. Monitoring edges are solid blue, sanctions dashed red, information dotted
    grey.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from gametheory.pause.model import Lab, PauseModel
    >>> m = PauseModel(labs=(Lab("a"), Lab("b")))
    >>> net = alliance_network(m, [{"source": "a", "target": "b", "type": "information"}])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = draw_network(net, pathlib.Path(tmp, "net.png"), coalition=["a"])
    ...     out.stat().st_size > 0
    True
    """
    import matplotlib
    import networkx as nx

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    members = set(coalition)
    followers = set(cascade_result.followers) if cascade_result is not None else set()
    trigger = cascade_result.trigger if cascade_result is not None else None
    graph = network.graph
    layout = nx.circular_layout(graph)
    colours = []
    for node in graph.nodes:
        if node == trigger:
            colours.append("black")
        elif node in followers:
            colours.append("tab:red")
        elif node in members:
            colours.append("tab:green")
        else:
            colours.append("lightgray")
    figure, axes = plt.subplots(figsize=(6, 5))
    try:
        nx.draw_networkx_nodes(graph, layout, node_color=colours, node_size=900, ax=axes)
        nx.draw_networkx_labels(
            graph, layout, font_color="white" if trigger else "black", ax=axes, font_size=9
        )
        for kind, (colour, style) in _EDGE_STYLE.items():
            edges = [(u, v) for u, v, data in graph.edges(data=True) if data["type"] == kind]
            if edges:
                nx.draw_networkx_edges(
                    nx.DiGraph(edges),
                    layout,
                    edgelist=edges,
                    edge_color=colour,
                    style=style,
                    arrows=True,
                    node_size=900,
                    connectionstyle="arc3,rad=0.1",
                    ax=axes,
                )
        handles = [
            plt.Line2D([], [], color=colour, linestyle=style, label=kind)
            for kind, (colour, style) in _EDGE_STYLE.items()
        ]
        axes.legend(handles=handles, loc="lower right", fontsize=8)
        axes.set_title(title or "alliance network (green: stable coalition; red: cascade)")
        axes.set_axis_off()
        path = Path(path)
        figure.savefig(path, bbox_inches="tight")
    finally:
        plt.close(figure)
    return path
