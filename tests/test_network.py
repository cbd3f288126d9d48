"""Tests for gametheory.pause.network: loading, network payoffs, cascades, key players, JW
stability."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.core.errors import InputError
from gametheory.pause.coalitions import coalition_stability
from gametheory.pause.model import Channel, Lab, PauseModel, detection_probabilities, pause_payoffs
from gametheory.pause.network import (
    all_graphs,
    alliance_network,
    cascade,
    connections_utility,
    key_players,
    monitoring_link_stability,
    network_coalition_stability,
    network_detection,
    network_payoffs,
    pairwise_stable,
    read_network,
)
from gametheory.pause.scenario import load_scenario
from tests.test_coalitions import assert_matches_brute_force, naive_stability

DATA = "tests/data/networks"


def edge(source, target, kind, value=None, mutual=False):
    entry = {"source": source, "target": target, "type": kind, "mutual": mutual}
    if kind == "monitoring":
        entry["detection"] = value
    elif kind == "sanction":
        entry["sanction"] = value
    return entry


def random_network(rng, model):
    names = model.lab_names
    edges = []
    for a in names:
        for b in names:
            if a != b and rng.random() < 0.5:
                edges.append(edge(a, b, "monitoring", float(rng.choice([0.2, 0.6, 1.0]))))
            if a != b and rng.random() < 0.3:
                edges.append(edge(a, b, "sanction", float(rng.integers(1, 10))))
    return alliance_network(model, edges)


def random_model(rng, n):
    labs = tuple(
        Lab(
            f"l{i}",
            prize=float(rng.integers(0, 10)),
            pause_cost=float(rng.integers(0, 3)),
            harm=float(rng.choice([0, 10, 30])),
            risk=float(rng.choice([0.05, 0.3])),
            sanction=float(rng.integers(0, 6)),
        )
        for i in range(n)
    )
    return PauseModel(labs, (Channel("audit", tuple([0.2] * n)),))


# -- payoffs on the network ------------------------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_network_detection_and_payoffs_follow_model_md(seed):
    rng = np.random.default_rng(seed)
    model = random_model(rng, 4)
    network = random_network(rng, model)
    racing = rng.random((10, 4)) < 0.5
    q0 = detection_probabilities(model)
    expected_q = np.empty((10, 4))
    for k, row in enumerate(racing):
        for i in range(4):
            miss = 1 - q0[i]
            for j in range(4):
                if j != i and not row[j]:
                    miss *= 1 - network.monitoring[j, i]
            expected_q[k, i] = 1 - miss
    np.testing.assert_allclose(network_detection(model, network, racing), expected_q, atol=1e-12)
    sanction = model.array("sanction") + network.sanction_links.sum(axis=0)
    np.testing.assert_allclose(
        network_payoffs(model, network, racing),
        pause_payoffs(model, racing, detection=expected_q, sanction=sanction),
        atol=1e-9,
    )


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 4))
def test_stable_coalitions_on_network_equal_brute_force(seed, n):
    rng = np.random.default_rng(seed)
    model = random_model(rng, n)
    network = random_network(rng, model)
    result = network_coalition_stability(model, network)
    reference = naive_stability(lambda r: network_payoffs(model, network, list(r)), n)
    assert_matches_brute_force(result, reference, n)


def test_empty_network_changes_nothing():
    model = random_model(np.random.default_rng(1), 3)
    a = network_coalition_stability(model, alliance_network(model, []))
    b = coalition_stability(model)
    np.testing.assert_array_equal(a.stable, b.stable)
    np.testing.assert_allclose(a.payoffs, b.payoffs)


# -- cascades on hand-built graphs -----------------------------------------------------------------
def ring_model(n=4):
    # Equal split (γ = 0), no harm: a lab pauses only while it is watched.
    lab = dict(prize=2, pause_cost=1, sanction=10)
    return PauseModel(tuple(Lab(f"l{i}", **lab) for i in range(n)), decisiveness=0)


def test_cascade_runs_around_a_monitoring_chain():
    # l3 -> l0 -> l1 -> l2 -> l3: each lab is watched by one predecessor (0.9 x 10 = 9 > 3).
    model = ring_model()
    net = alliance_network(
        model, [edge(f"l{(i - 1) % 4}", f"l{i}", "monitoring", 0.9) for i in range(4)]
    )
    result = cascade(model, net, "l1")
    assert [s[0] for s in result.steps] == ["l2", "l3", "l0"]
    assert result.followers == ("l2", "l3", "l0")
    assert result.unravelled(model.lab_names) and result.converged


def test_cascade_stops_where_a_second_watcher_remains():
    # l1 is watched by l0 and l3; when l0 defects, l1 still pauses (l3 watches it).
    model = ring_model()
    edges = [
        edge("l0", "l1", "monitoring", 0.9),
        edge("l3", "l1", "monitoring", 0.9),
        edge("l1", "l2", "monitoring", 0.9),
        edge("l2", "l3", "monitoring", 0.9),
        edge("l1", "l0", "monitoring", 0.9),
    ]
    net = alliance_network(model, edges)
    result = cascade(model, net, "l0")
    assert result.steps == () and result.racing == ("l0",)
    assert not result.unravelled(model.lab_names)


def test_star_centre_matters_and_leaves_do_not():
    # The centre watches every leaf; a leaf's exit leaves the others watched.
    model = ring_model(5)
    edges = [edge("l0", f"l{i}", "monitoring", 0.9) for i in range(1, 5)]
    edges += [edge(f"l{i}", "l0", "monitoring", 0.9) for i in range(1, 5)]
    net = alliance_network(model, edges)
    assert set(cascade(model, net, "l0").followers) == {"l1", "l2", "l3", "l4"}
    assert cascade(model, net, "l3").followers == ()
    ranking = key_players(model, net)
    assert ranking[0].lab == "l0" and ranking[0].followers == 4
    assert all(k.followers == 0 for k in ranking[1:])
    # Removing the centre's links removes all monitoring: the margin falls the most.
    assert ranking[0].margin_drop == max(k.margin_drop for k in ranking)


def test_wrong_accusation():
    model = ring_model()
    net = alliance_network(
        model, [edge(f"l{(i - 1) % 4}", f"l{i}", "monitoring", 0.9) for i in range(4)]
    )
    result = cascade(model, net, "l1", accusation=True)
    # The others treat l1 as racing: l2 loses its watcher, then l3, then l0; l1, now
    # unwatched (l0 races), races too.
    assert result.kind == "accusation" and result.accused_races
    assert set(result.racing) == set(model.lab_names)
    # With a second watcher on l1 the accused has no reason to race.
    net2 = alliance_network(
        model,
        [edge(f"l{(i - 1) % 4}", f"l{i}", "monitoring", 0.9) for i in range(4)]
        + [edge("l3", "l1", "monitoring", 0.9), edge("l0", "l2", "monitoring", 0.9)],
    )
    calm = cascade(model, net2, "l1", accusation=True)
    assert not calm.accused_races and "l1" not in calm.racing


# -- Jackson & Wolinsky (1996), the connections model ---------------------------------------------
def is_star(adjacency):
    degrees = adjacency.sum(axis=1)
    n = len(adjacency)
    return adjacency.sum() == 2 * (n - 1) and (degrees == n - 1).sum() == 1


def brute_force(n, delta, cost):
    graphs = all_graphs(n)
    utility = connections_utility(graphs, delta, cost)
    total = utility.sum(axis=1)
    efficient = graphs[total >= total.max() - 1e-9]
    stable = graphs[pairwise_stable(graphs, lambda g: connections_utility(g, delta, cost))]
    return graphs, efficient, stable


@pytest.mark.parametrize("n", [3, 4, 5])
def test_jackson_wolinsky_low_cost(n):
    # JW (1996) Prop. 1(i) and 2(i): c < δ - δ²: the complete graph is the unique efficient
    # and the unique pairwise stable network.
    _, efficient, stable = brute_force(n, 0.5, 0.2)
    complete = ~np.eye(n, dtype=bool)
    assert len(efficient) == 1 and (efficient[0] == complete).all()
    assert len(stable) == 1 and (stable[0] == complete).all()


@pytest.mark.parametrize("n", [3, 4, 5])
def test_jackson_wolinsky_medium_cost(n):
    # JW (1996) Prop. 1(ii): δ - δ² < c < δ + (n - 2)δ²/2: the star is the unique efficient
    # network (all n labelled stars); Prop. 2(ii): δ - δ² < c < δ: a star is pairwise stable.
    _, efficient, stable = brute_force(n, 0.5, 0.4)
    assert len(efficient) == n and all(is_star(g) for g in efficient)
    assert sum(is_star(g) for g in stable) == n


@pytest.mark.parametrize("n", [4, 5])
def test_jackson_wolinsky_high_cost(n):
    # JW (1996) Prop. 2(iii): c > δ: the empty network is pairwise stable and in any other
    # pairwise stable network no player has exactly one link (so it is not a star, and the
    # efficient star of Prop. 1(ii) is not stable). Prop. 1(iii): c > δ + (n - 2)δ²/2: the
    # empty network is the unique efficient network.
    delta, cost = 0.5, 0.6
    _, efficient, stable = brute_force(n, delta, cost)
    assert any(not g.any() for g in stable)
    for g in stable:
        assert not (g.sum(axis=1) == 1).any()
    assert cost < delta + (n - 2) * delta**2 / 2
    assert all(is_star(g) for g in efficient) and not any(is_star(g) for g in stable)
    high = delta + (n - 2) * delta**2 / 2 + 0.1
    _, efficient_high, _ = brute_force(n, delta, high)
    assert len(efficient_high) == 1 and not efficient_high[0].any()


def test_pairwise_stable_agrees_with_definition_on_random_utilities():
    rng = np.random.default_rng(7)
    graphs = all_graphs(3)
    table = rng.integers(-2, 3, size=(len(graphs), 3)).astype(float)
    codes = {g.tobytes(): k for k, g in enumerate(graphs)}

    def utility(batch):
        return np.array([table[codes[g.tobytes()]] for g in batch])

    stable = pairwise_stable(graphs, utility)
    for k, g in enumerate(graphs):
        ok = True
        for i in range(3):
            for j in range(i + 1, 3):
                h = g.copy()
                h[i, j] = h[j, i] = not g[i, j]
                u, v = table[k], table[codes[h.tobytes()]]
                if g[i, j]:
                    ok &= v[i] <= u[i] and v[j] <= u[j]
                else:
                    ok &= not ((v[i] > u[i] and v[j] >= u[j]) or (v[j] > u[j] and v[i] >= u[i]))
        assert stable[k] == ok


def test_monitoring_link_stability():
    lab = dict(prize=10, pause_cost=1, harm=20, risk=0.2, sanction=10)
    model = PauseModel((Lab("a", **lab), Lab("b", **lab)))
    empty = monitoring_link_stability(model, alliance_network(model, []), detection=0.9)
    assert empty.would_add == (("a", "b"),) and not empty.stable
    linked = alliance_network(model, [edge("a", "b", "monitoring", 0.9, mutual=True)])
    assert monitoring_link_stability(model, linked, detection=0.9).stable


# -- loading ---------------------------------------------------------------------------------
def test_three_blocs_network_section():
    scenario = load_scenario("three-blocs")
    net = alliance_network(scenario.model, scenario.sections["network"])
    us, china, eu = (scenario.model.lab_index(x) for x in ("us", "china", "eu"))
    assert net.monitoring[us, eu] == pytest.approx(0.3)
    assert net.sanction_links[:, china].sum() == pytest.approx(60)


def test_graph_files_load(tmp_path):
    model = PauseModel((Lab("us"), Lab("china"), Lab("eu")))
    for name in ("three-blocs.graphml", "three-blocs.edgelist"):
        net = read_network(model, f"{DATA}/{name}")
        assert net.monitoring[0, 2] == pytest.approx(0.3)
        assert net.sanction_links[0, 1] == pytest.approx(40)
        assert net.information[0, 2]
    # Round trip through networkx's own writer.
    graph = nx.MultiDiGraph()
    graph.add_edge("eu", "us", type="monitoring", detection=0.25)
    nx.write_graphml(graph, tmp_path / "g.graphml")
    assert read_network(model, tmp_path / "g.graphml").monitoring[2, 0] == pytest.approx(0.25)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (edge("us", "mars", "monitoring", 0.5), "target = 'mars': no such lab"),
        ({"source": "us", "target": "eu", "type": "spying"}, "type = 'spying': expected one of"),
        (edge("us", "eu", "monitoring", 1.5), "detection = 1.5: expected a probability"),
        (edge("us", "eu", "sanction", -1), "sanction = -1: expected a finite number >= 0"),
        (edge("us", "us", "information"), "cannot link to itself"),
        ({"source": "us", "target": "eu", "type": "monitoring"}, "needs 'detection'"),
    ],
)
def test_bad_edges_raise_input_errors(entry, message):
    model = PauseModel((Lab("us"), Lab("china"), Lab("eu")))
    with pytest.raises(InputError, match=message):
        alliance_network(model, [entry])


def test_bad_files_raise_input_errors(tmp_path):
    model = PauseModel((Lab("us"), Lab("eu")))
    bad = tmp_path / "bad.edgelist"
    bad.write_text("us mars {'type': 'information'}\n")
    with pytest.raises(InputError, match=r"bad\.edgelist: network\.nodes = 'mars'"):
        read_network(model, bad)
    with pytest.raises(InputError, match="no such file"):
        read_network(model, tmp_path / "missing.graphml")
    broken = tmp_path / "broken.graphml"
    broken.write_text("<graphml><graph")
    with pytest.raises(InputError, match="could not read"):
        read_network(model, broken)


def test_scenario_section_errors_are_located(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        "[defaults]\ncapability = 1\n"
        "[labs.a]\nprize = 1\npause_cost = 0\nharm = 0\nrisk = 0\nsanction = 0\n"
        "[labs.b]\nprize = 1\npause_cost = 0\nharm = 0\nrisk = 0\nsanction = 0\n"
        '[network]\nedges = [\n  {source = "a", target = "b", type = "monitoring", '
        "detection = 2},\n]\n"
    )
    with pytest.raises(InputError, match=r"s.toml:\d+: network.edges.0.detection = 2"):
        load_scenario(path)


# -- links that will be used (sanction credibility on the network) ------------------------------
def test_enforced_network_hand_derived():
    from gametheory.pause.network import enforced_network
    from gametheory.pause.sanctions import SanctionSpec

    # Three labs, none gaining from racing (prize 0), so all pause at the baseline. c's
    # leverage over a costs c 0.3 and returns 0.1 per unit: not carried out. a and b both
    # monitor c (0.5 and 0.2); c's own sanction 6 is imposed by a and b at no net cost.
    m = PauseModel(
        labs=(Lab("a", sanction=0), Lab("b", sanction=0), Lab("c", sanction=6)),
    )
    net = alliance_network(
        m,
        [
            {"source": "a", "target": "c", "type": "monitoring", "detection": 0.5},
            {"source": "b", "target": "c", "type": "monitoring", "detection": 0.2},
            {"source": "c", "target": "a", "type": "monitoring", "detection": 0.9},
            {"source": "c", "target": "a", "type": "sanction", "sanction": 5},
        ],
    )
    spec = SanctionSpec(cost={"a": 0.0, "b": 0.0, "c": 0.3}, benefit={"a": 0.0, "b": 0.0, "c": 0.1})
    result = enforced_network(m, net, spec)
    used = {(u.source, u.target, u.type): u.used for u in result.links}
    assert used == {
        ("a", "c", "monitoring"): True,
        ("b", "c", "monitoring"): True,
        ("c", "a", "monitoring"): False,  # a faces no credible sanction
        ("c", "a", "sanction"): False,
    }
    # c's detection 1 - 0.5 * 0.8 = 0.6; without a's links 0.2, without b's 0.5.
    assert result.effective_detection.tolist() == pytest.approx([0.0, 0.0, 0.6])
    assert dict(result.monitoring_importance) == pytest.approx({"a": 0.4, "b": 0.1, "c": 0.0})
    assert result.key_monitor == "a"
    # Without a sanction spec imposing is free: c's leverage counts and c's monitoring of a
    # is used; c becomes the key monitor (0.9 on a, versus a's 0.4 on c).
    free = enforced_network(m, net)
    assert all(u.used for u in free.links)
    assert free.key_monitor == "c"
