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
