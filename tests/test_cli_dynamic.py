"""Tests of ``pausegame dynamic`` (gametheory.interfaces.cli.dynamic)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from gametheory import analyze, dynamic_sweep, dynamic_uncertainty, load_scenario
from gametheory.interfaces.cli import main


def run_json(capsys, *argv):
    assert main(["dynamic", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_mutual_auditor_agrees_with_analyze_and_lifecycle(capsys):
    document = run_json(capsys, "coordinated-pausing", "--variant", "mutual-auditor", "--exact")
    tempted = [lab["name"] for lab in document["labs"] if lab["tempted"]]
    exact = analyze(load_scenario("coordinated-pausing", variant="mutual-auditor", exact=True))
    assert tempted == [t.lab for t in exact.thresholds.labs if t.status == "tempted"]
    assert document["dynamics"]["pause_periods"] == 1
    equilibrium = document["equilibrium"]
    assert equilibrium["exact_regret"] == "0" and equilibrium["regret"] <= equilibrium["tol"]
    assert equilibrium["start_racing"] == ["dev-a"]
    assert main(["lifecycle", "coordinated-pausing", "--variant", "mutual-auditor"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].split()[-1] == "dev-a"


def test_table_plot_and_out(tmp_path, capsys):
    plot = tmp_path / "dynamic.png"
    out = tmp_path / "dynamic.txt"
    code = main(["dynamic", "two-labs", "--plot", str(plot), "--out", str(out)])
    assert code == 0 and capsys.readouterr().out == ""
    text = out.read_text()
    assert "Convention: one period = one round of the one-shot pause game" in text
    assert "certified" in text and "np.float64" not in text
    assert plot.stat().st_size > 1000


def test_levers_in_json(capsys):
    document = run_json(capsys, "two-labs", "--levers", "--max-pause", "2")
    levers = document["levers"]
    assert [lab["name"] for lab in levers["labs"]] == ["lab-a", "lab-b"]
    scenario_rule = levers["resumption_rules"][0]
    assert scenario_rule["rule"] == "as in the scenario"
    # The scenario's own rule reports the same verdict as the headline.
    assert scenario_rule["tempted"] == [lab["name"] for lab in document["labs"] if lab["tempted"]]
    for lab in levers["labs"]:
        assert lab["least_detection"] is None or 0 <= lab["least_detection"] <= 1


def test_sweep_is_identical_serial_and_parallel(capsys):
    serial = run_json(capsys, "two-labs", "--sweep", "detection=0.1,0.3,0.5,0.7,0.9")
    parallel = run_json(
        capsys, "two-labs", "--sweep", "detection=0.1,0.3,0.5,0.7,0.9", "--jobs", "2"
    )
    assert serial["sweep"] == parallel["sweep"]
    assert serial["sweep"]["holds"] == sorted(serial["sweep"]["holds"])  # more detection helps


@pytest.fixture
def scheduler():
    """The address of a local two-worker dask cluster (skipped without dask)."""
    distributed = pytest.importorskip("dask.distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        yield cluster.scheduler_address


def test_sweep_on_dask_is_identical(scheduler):
    scenario = load_scenario("two-labs")
    section = scenario.sections["dynamics"]
    values = [0.2, 0.5, 0.8]
    serial = dynamic_sweep(scenario.model, section, "confiscation", values)
    remote = dynamic_sweep(scenario.model, section, "confiscation", values, scheduler=scheduler)
    assert np.array_equal(serial.temptation, remote.temptation)


def test_bad_input_is_located(tmp_path, capsys):
    assert main(["dynamic", "two-labs", "--sweep", "speed=1,2"]) == 2
    assert "--sweep" in capsys.readouterr().err
    assert main(["dynamic", "two-labs", "--sweep", "detection=0.5,2"]) == 2
    assert "detection = 2.0: expected a probability" in capsys.readouterr().err
    bare = tmp_path / "bare.toml"
    text = load_scenario("two-labs").path.read_text()
    bare.write_text(text[: text.index("# The pause over time")])
    assert main(["dynamic", str(bare)]) == 2
    assert "expected a [dynamics] section" in capsys.readouterr().err


def test_race_reports_the_dynamic_game(capsys):
    assert main(["race", "frontier-five", "--format", "json", "--pause-length", "2"]) == 0
    document = json.loads(capsys.readouterr().out)
    dynamic = document["dynamic_game"]
    assert "own question" in dynamic["note"]
    lab_e = next(lab for lab in dynamic["labs"] if lab["name"] == "lab-e")
    assert lab_e["longest_pause"] == 0  # the one-shot game's weak link is tempted at once


def test_uncertainty_over_the_dynamic_game_is_identical_serial_and_parallel(capsys):
    serial = run_json(capsys, "frontier-five", "--draws", "4", "--seed", "3")
    parallel = run_json(capsys, "frontier-five", "--draws", "4", "--seed", "3", "--jobs", "2")
    assert serial["uncertainty"] == parallel["uncertainty"]
    assert serial["uncertainty"]["parameters"][0] == "labs.lab-a.prize"
    assert 0 <= serial["uncertainty"]["probability_pause_holds"] <= 1


def test_uncertainty_on_dask_is_identical(scheduler):
    serial = dynamic_uncertainty("frontier-five", draws=3, seed=5)
    remote = dynamic_uncertainty("frontier-five", draws=3, seed=5, scheduler=scheduler)
    assert np.array_equal(serial.samples, remote.samples)
    assert np.array_equal(serial.tempted, remote.tempted)
