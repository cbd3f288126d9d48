"""Tests of ``pausegame models``, ``pausegame validate`` and ``pausegame export``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gametheory.core.errors import EXIT_BAD_INPUT, EXIT_OK
from gametheory.interfaces.cli import main
from gametheory.pause.model import to_game
from gametheory.pause.scenario import load_model, load_scenario, shipped_models


def test_models_lists_every_shipped_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models"]) == EXIT_OK
    out = capsys.readouterr().out
    heads = {line.split()[0]: line for line in out.splitlines() if not line.startswith(" ")}
    assert set(heads) == set(shipped_models())
    text = " ".join(out.split())
    for name, line in heads.items():
        scenario = load_scenario(name)
        assert f"({scenario.model.num_labs} labs;" in line
        for variant in scenario.variants:
            assert variant in line
        # the whole description, never cut
        assert " ".join(scenario.description.split()) in text
    assert "voluntary, agreement, mutual-auditor, legal" in heads["coordinated-pausing"]
    assert "..." not in out


def test_export_writes_payoffs_without_float_round_off(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "frontier-five", "--nfg"]) == EXIT_OK
    payoffs = capsys.readouterr().out.split("}")[-1].split()
    assert "-7" in payoffs and "-10.96" in payoffs
    assert not any(v.endswith(("000001", "000004", "000006", "000008")) for v in payoffs)
    game = to_game(load_scenario("frontier-five").model)
    written = np.array([float(v) for v in payoffs])
    assert np.allclose(np.sort(written), np.sort(game.payoffs.ravel()), rtol=1e-14, atol=0)


@pytest.mark.parametrize("name", sorted(shipped_models()))
def test_validate_accepts_every_shipped_model(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(shipped_models()[name])]) == EXIT_OK
    out = capsys.readouterr().out
    model = load_model(name)
    assert out.startswith("OK: ")
    assert f"{model.num_labs} labs, {len(model.channels)} channels" in out


def test_validate_with_variant_set_and_exact(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["validate", "coordinated-pausing", "--variant", "legal", "--exact"]
    assert main([*argv, "--set", "labs.dev-a.prize=31"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "4 labs, 4 channels, variant legal applied" in out


def test_validate_reports_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    text = "[defaults]\nprize = -1\ncapability = 1\npause_cost = 0\nharm = 0\nrisk = 0\n"
    path.write_text(text + "sanction = 0\n[labs.a]\n", encoding="utf-8")
    assert main(["validate", str(path)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert f"{path}:2: defaults.prize = -1: expected a number >= 0" in err


def test_validate_checks_every_variant(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = shipped_models()["two-labs"].read_text(encoding="utf-8")
    broken = text.replace(
        "[variants.no-verification.channels.compute-accounting]\ndetection = 0",
        "[variants.no-verification.channels.compute-accounting]\ndetection = 2",
    )
    assert broken != text
    path = tmp_path / "two.toml"
    path.write_text(broken, encoding="utf-8")
    assert main(["validate", str(path)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "variants.no-verification.channels.compute-accounting.detection = 2" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--variant", "legl"], "did you mean 'legal'?"),
        (["--set", "labs.dev-a.prise=3"], "did you mean 'prize'?"),
        (["--set", "labs.dev-a.prize=-3"], "expected a number >= 0"),
    ],
)
def test_validate_bad_options_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "coordinated-pausing", *argv]) == EXIT_BAD_INPUT
    assert message in capsys.readouterr().err


def test_validate_missing_file_and_bad_set_syntax(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no-such-model"]) == EXIT_BAD_INPUT
    assert "no-such-model: MODEL = 'no-such-model': no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["validate", "two-labs", "--set", "prize"])
    assert info.value.code == EXIT_BAD_INPUT
    assert "expected KEY=VALUE" in capsys.readouterr().err


def test_export_nfg_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nfg = pytest.importorskip("gametheory.core.nfg")
    assert main(["export", "two-labs", "--nfg"]) == EXIT_OK
    text = capsys.readouterr().out
    game = nfg.read_nfg(text)
    expected = to_game(load_model("two-labs"))
    np.testing.assert_allclose(game.payoffs, expected.payoffs, rtol=0, atol=1e-12)
    assert game.players == ("lab-a", "lab-b")

    out = tmp_path / "frontier.nfg"
    argv = ["export", "frontier-five", "--nfg", "-o", str(out)]
    assert main(argv) == EXIT_OK
    assert "32 profiles" in capsys.readouterr().out
    game = nfg.read_nfg(out)
    np.testing.assert_allclose(
        game.payoffs, to_game(load_model("frontier-five")).payoffs, rtol=0, atol=1e-12
    )


def test_export_needs_a_format_and_refuses_to_overwrite_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["export", "two-labs"])
    assert info.value.code == EXIT_BAD_INPUT
    path = tmp_path / "m.toml"
    path.write_text(shipped_models()["two-labs"].read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["export", str(path), "--nfg", "-o", str(path)]) == EXIT_BAD_INPUT
    assert "would overwrite the scenario file" in capsys.readouterr().err
