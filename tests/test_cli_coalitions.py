"""Tests for ``pausegame coalitions`` and ``pausegame network``."""

from __future__ import annotations

import json

import pytest

from gametheory.core.errors import EXIT_BAD_INPUT, EXIT_OK
from gametheory.interfaces.cli import main
from gametheory.pause.coalitions import coalition_stability
from gametheory.pause.scenario import load_scenario


def test_coalitions_json_matches_library(capsys):
    assert main(["coalitions", "three-blocs", "--format", "json"]) == EXIT_OK
    document = json.loads(capsys.readouterr().out)
    analysis = coalition_stability(load_scenario("three-blocs").model)
    expected = [list(analysis.members(int(k))) for k in analysis.stable_coalitions]
    assert [row["members"] for row in document["stable"]] == expected
    assert document["labs"] == ["us", "china", "eu"]
    assert sum(document["shapley"].values()) == pytest.approx(
        float(analysis.characteristic_function[-1])
    )
    assert document["transfers"]["feasible"] is (document["transfers"]["surplus"] >= -1e-9)


def test_coalitions_table(capsys):
    assert main(["coalitions", "two-labs"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "stable coalitions:" in out and "Shapley value" in out


def test_network_json_with_cascade_and_plot(capsys, tmp_path):
    plot = tmp_path / "net.png"
    code = main(
        ["network", "three-blocs", "--defect", "us", "--plot", str(plot), "--format", "json"]
    )
    assert code == EXIT_OK
    document = json.loads(capsys.readouterr().out)
    assert document["cascade"]["trigger"] == "us"
    assert "us" in document["cascade"]["racing"]
    assert {k["lab"] for k in document["key_players"]} == {"us", "china", "eu"}
    assert plot.stat().st_size > 0
    assert len(document["edges"]) == 8


def test_network_from_graph_file_and_accusation(capsys):
    code = main(
        [
            "network",
            "three-blocs",
            "--graph",
            "tests/data/networks/three-blocs.edgelist",
            "--accuse",
            "eu",
        ]
    )
    assert code == EXIT_OK
    out = capsys.readouterr().out
    assert "cascade after accusation of eu" in out and "key player" in out


def test_network_errors(capsys):
    assert main(["network", "two-labs"]) == EXIT_BAD_INPUT
    assert "no [network] section" in capsys.readouterr().err
    assert main(["network", "three-blocs", "--defect", "mars"]) == EXIT_BAD_INPUT
    assert "mars" in capsys.readouterr().err
    assert main(["network", "three-blocs", "--graph", "missing.graphml"]) == EXIT_BAD_INPUT


@pytest.mark.parametrize("value", ["0", "nan", "1.5", "-0.2"])
def test_network_bad_link_detection_exits_2(capsys, value):
    # Review: these ended in a ValueError traceback with exit code 1.
    assert main(["network", "three-blocs", "--link-detection", value]) == EXIT_BAD_INPUT
    assert "--link-detection" in capsys.readouterr().err


def test_network_unwritable_plot_exits_2(capsys, tmp_path):
    # Review: a plot path in a missing directory ended in a FileNotFoundError traceback.
    target = tmp_path / "missing" / "net.png"
    assert main(["network", "three-blocs", "--plot", str(target)]) == EXIT_BAD_INPUT
    assert "--plot" in capsys.readouterr().err


def test_network_defaults_to_the_model_with_a_network(capsys):
    # frontier-five (the package's default) has no [network] section; three-blocs does.
    assert main(["network"]) == 0
    assert "three-blocs" in capsys.readouterr().out


# -- participation clauses and enforcement on the network -----------------------------------------
def test_min_participation_json_matches_library(capsys):
    from gametheory.pause.coalitions import participation_sweep, with_participation

    args = ["coalitions", "coordinated-pausing", "--min-participation", "3"]
    assert main([*args, "--sweep", "--farsighted", "--format", "json"]) == EXIT_OK
    document = json.loads(capsys.readouterr().out)
    base = coalition_stability(load_scenario("coordinated-pausing").model)
    clause = with_participation(base, min_participation=3)
    expected = [
        list(clause.members(int(k))) for k in clause.stable_coalitions if clause.in_force(int(k))
    ]
    assert [row["members"] for row in document["stable"]] == expected
    assert document["participation"] == {"min_participation": 3, "pledges": {}}
    sweep = participation_sweep(base)
    assert document["sweep"]["best"] == sweep.best
    assert [r["labs_pausing"] for r in document["sweep"]["rows"]] == [r.pausing for r in sweep.rows]
    assert document["largest_consistent_set"]


def test_treaty_clause_table_says_what_it_assumes(capsys):
    assert main(["coalitions", "three-blocs", "--treaty", "--sweep"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "binds once 2 labs have signed" in out and "eu pauses once 2 are bound" in out
    assert "welfare-maximising threshold" in out


@pytest.mark.parametrize("k", ["0", "4"])
def test_bad_min_participation_exits_2(capsys, k):
    assert main(["coalitions", "three-blocs", "--min-participation", k]) == EXIT_BAD_INPUT
    assert "--min-participation" in capsys.readouterr().err


def test_network_reports_links_that_would_be_used(capsys):
    from gametheory.pause.network import alliance_network, enforced_network
    from gametheory.pause.treaty import treaty_terms

    assert main(["network", "three-blocs", "--format", "json"]) == EXIT_OK
    document = json.loads(capsys.readouterr().out)["enforcement"]
    scenario = load_scenario("three-blocs")
    expected = enforced_network(
        scenario.model,
        alliance_network(scenario.model, scenario.sections["network"]),
        treaty_terms(scenario).sanctions,
    )
    assert [link["used"] for link in document["links"]] == [u.used for u in expected.links]
    assert document["key_monitor"] == expected.key_monitor
    assert main(["network", "three-blocs"]) == EXIT_OK
    assert "key player for monitoring" in capsys.readouterr().out


# -- coalitions --plot ---------------------------------------------------------------------------


def test_coalitions_plot_draws_the_participation_sweep(capsys, tmp_path):
    from gametheory.pause.coalitions import participation_sweep

    plot = tmp_path / "coalitions.svg"
    assert main(["coalitions", "three-blocs", "--plot", str(plot), "--format", "json"]) == EXIT_OK
    document = json.loads(capsys.readouterr().out)
    assert document["plot"] == str(plot) and "sweep" not in document  # only with --sweep
    text = plot.read_text()
    assert text.startswith("<?xml")
    # The figure carries the sweep's numbers: its welfare-maximising k is named in the legend.
    sweep = participation_sweep(coalition_stability(load_scenario("three-blocs").model))
    assert f"k = {sweep.best}" in text or f"k {sweep.best}" in text


def test_coalitions_plot_values_match_the_sweep():
    from gametheory.interfaces.plots import plot_participation
    from gametheory.pause.coalitions import participation_sweep

    model = load_scenario("three-blocs").model
    sweep = participation_sweep(coalition_stability(model))
    figure = plot_participation(sweep, num_labs=model.num_labs, name="three-blocs")
    top, middle, bottom = figure.axes
    assert list(middle.lines[0].get_ydata()) == [r.catastrophe for r in sweep.rows]
    assert list(bottom.lines[0].get_ydata()) == [r.welfare for r in sweep.rows]
    sizes = [len(r.headline) if r.headline else 0 for r in sweep.rows]
    assert list(top.lines[0].get_ydata()) == sizes
    for ax in figure.axes:  # plain text: no mathtext anywhere
        texts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        texts += [t.get_text() for t in ax.get_legend().get_texts()] if ax.get_legend() else []
        assert not any("$" in t for t in texts)


def test_coalitions_plot_refuses_to_overwrite_without_force(capsys, tmp_path):
    plot = tmp_path / "coalitions.png"
    plot.write_bytes(b"keep me")
    assert main(["coalitions", "two-labs", "--plot", str(plot)]) == EXIT_BAD_INPUT
    assert "--force" in capsys.readouterr().err
    assert plot.read_bytes() == b"keep me"
    assert main(["coalitions", "two-labs", "--plot", str(plot), "--force"]) == EXIT_OK
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"figure written to {plot}" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["missing/c.png", "c.jpg"])
def test_coalitions_bad_plot_path_is_a_clear_error(capsys, tmp_path, name):
    target = tmp_path / name
    assert main(["coalitions", "two-labs", "--plot", str(target)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "--plot" in err and "Traceback" not in err
    assert not target.exists()
    assert not list(tmp_path.glob("**/.c.*"))  # no temporary left behind
