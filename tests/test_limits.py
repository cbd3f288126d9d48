"""Limits before work (issue #15): every size a user types is bounded before allocation."""

from __future__ import annotations

import pytest

from gametheory.core.errors import InputError
from gametheory.core.limits import check_memory, memory_limit, parse_bytes
from gametheory.interfaces.cli import main

# Each reproducer of the issue: (argv, words the one-line error must contain). Before, each was
# a MemoryError traceback, a hang, or a traceback from deep inside numpy/scipy.
REPRODUCERS = [
    (
        ["lifecycle", "--set", "lifecycle.review_periods=1000000"],
        ["review_periods", "--max-memory"],
    ),
    (["sweep", "--param", "verification=0:1:1000000000"], ["--param", "--max-memory"]),
    (["race", "--steps", "1000000000"], ["--steps", "--max-memory"]),
    (["uncertainty", "--sobol", str(2**40)], ["samples", "--max-memory"]),
    (["uncertainty", "--draws", str(10**12)], ["draws", "--max-memory"]),
    (["inspect", "--periods", "5000", "--inspections", "2500"], ["periods", "at most"]),
]


@pytest.mark.parametrize(("argv", "words"), REPRODUCERS, ids=lambda a: " ".join(a)[:40])
def test_each_reproducer_is_a_located_error_before_any_work(argv, words, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("pausegame: error:") and err.count("\n") == 1
    for word in words:
        assert word in err


def test_a_huge_punishment_length_is_refused_before_any_work(capsys):
    # Reproducer: --punishment-length 1e18 allocated an array of 1e18 periods.
    assert main(["repeated", "two-labs", "--punishment-length", str(10**18)]) == 2
    err = capsys.readouterr().err
    assert "punishment_length" in err and "--max-memory" in err
    assert main(["repeated", "two-labs", "--punishment-length", "1000"]) == 0


def test_more_labs_than_enumeration_allows_is_a_clear_error(tmp_path, capsys):
    # Reproducer: more than 20 labs in coalitions ended in a ValueError traceback (repeated
    # now handles them).
    defaults = (
        "[defaults]\ncapability = 1\nprize = 10\npause_cost = 1\nharm = 50\nrisk = 0.1\n"
        "sanction = 5\n"
    )
    path = tmp_path / "big.toml"
    path.write_text(defaults + "".join(f"[labs.l{i}]\n" for i in range(22)), encoding="utf-8")
    assert main(["coalitions", str(path)]) == 2
    assert "expected at most 20" in capsys.readouterr().err


@pytest.mark.parametrize("override", [[], ["--set", "defaults.harm=1e300"]])
def test_the_least_core_of_one_lab_or_huge_payoffs_is_solved(tmp_path, override, capsys):
    # Reproducers: a 1-lab file and harm = 1e300 made least_core's linprog fail.
    path = tmp_path / "one.toml"
    lab = "capability = 1\nprize = 10\npause_cost = 1\nharm = 5\nrisk = 0.1\nsanction = 2\n"
    path.write_text("[labs.solo]\n" + lab, encoding="utf-8")
    assert main(["coalitions", str(path), *override]) == 0
    assert main(["coalitions", "frontier-five", *override]) == 0
    assert "core: non-empty" in capsys.readouterr().out


def test_max_memory_lowers_and_raises_the_limit(capsys):
    argv = ["sweep", "two-labs", "--param", "verification=0:1:20000"]
    assert main([*argv, "--max-memory", "1M"]) == 2
    assert "above the memory limit of 1.0 MiB" in capsys.readouterr().err
    assert main([*argv, "--max-memory", "64M"]) == 0
    assert main([*argv, "--max-memory", "lots"]) == 2


def test_check_memory_and_parse_bytes():
    with memory_limit(parse_bytes("1K")), pytest.raises(InputError, match="--draws = 5"):
        check_memory(2048, field="--draws", value=5, what="draws")
    check_memory(2048, field="--draws", value=5, what="draws")  # default limit: fine


def test_a_report_of_ten_thousand_labs_fits_in_two_gigabytes(tmp_path):
    # Reproducer: a 10,000-lab file took 175 s and 4.9 GB in `report` (the repeated pause
    # built every lab's deviation as an N x N array; the phase diagram compared every pair of
    # curves and drew one scatter per lab). Run under an address-space limit of 2 GB: a
    # MemoryError would end it with exit 1.
    import subprocess
    import sys

    defaults = (
        "[defaults]\ncapability = 1\nprize = 10\npause_cost = 1\nharm = 50\nrisk = 0.1\n"
        "sanction = 5\n[channels.audits]\ndetection = 0.3\n"
    )
    path = tmp_path / "many.toml"
    labs = "".join(f"[labs.l{i}]\nprize = {1 + i % 17}\n" for i in range(10_000))
    path.write_text(defaults + labs, encoding="utf-8")
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))\n"
        "from gametheory.interfaces.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    out = tmp_path / "r.md"
    done = subprocess.run(
        [sys.executable, "-c", script, "report", str(path), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "more rows" in out.read_text(encoding="utf-8")


def test_budget_without_channels_is_noted_by_validate_and_a_located_error(tmp_path, capsys):
    # Reproducer: `validate` said OK to a file with no channels, and `budget` then failed
    # without naming the file.
    path = tmp_path / "bare.toml"
    path.write_text(
        "[defaults]\ncapability = 1\nprize = 10\npause_cost = 1\nharm = 50\nrisk = 0.1\n"
        "sanction = 5\n[labs.a]\n[labs.b]\n",
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 0
    assert "no verification channels" in capsys.readouterr().out
    assert main(["budget", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err and "channels" in err and err.count("\n") == 1


def test_more_than_twenty_labs_in_network_is_a_clear_error_and_repeated_works(tmp_path, capsys):
    # Reproducer: more than 20 labs in network/repeated ended in "ValueError: 2**21 coalitions".
    defaults = (
        "[defaults]\ncapability = 1\nprize = 10\npause_cost = 1\nharm = 50\nrisk = 0.1\n"
        "sanction = 5\n"
    )
    network = (
        '[network]\nedges = [{ source = "l0", target = "l1", type = "monitoring", '
        "detection = 0.3, mutual = true }]\n"
    )
    path = tmp_path / "big.toml"
    path.write_text(defaults + "".join(f"[labs.l{i}]\n" for i in range(22)) + network, "utf-8")
    assert main(["network", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pausegame: error:") and "expected at most 20" in err
    assert main(["repeated", str(path)]) == 0


def test_an_existing_figure_or_csv_is_replaced_only_with_force(tmp_path, capsys):
    # Reproducer: every --out/-o/--plot overwrote silently.
    for option, name in (("--plot", "f.png"), ("--out", "s.csv")):
        old = tmp_path / name
        old.write_bytes(b"old")
        argv = ["sweep", "two-labs", "--param", "verification=0:1:5", option, str(old)]
        assert main(argv) == 2
        assert "--force" in capsys.readouterr().err and old.read_bytes() == b"old"
        assert main([*argv, "--force"]) == 0 and old.read_bytes() != b"old"
