"""Every failure is a clear error (issue #15): seeded mutants of the shipped inputs.

Each mutant of a shipped scenario or ``.nfg`` file goes through one command (chosen by the same
seeded generator); the command must end with exit code 0 (done) or 2 (a one-line located
error), never a traceback, never invalid JSON, never more memory than ``--max-memory`` allows
and never a hang (a per-run alarm). In CI a few hundred mutants run in a few tens of seconds;
``PAUSEGAME_FUZZ=explore`` (or ``HYPOTHESIS_PROFILE=explore``) runs twenty times as many, and
``PAUSEGAME_FUZZ_SEED`` picks another seed.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from gametheory.interfaces.cli import main
from gametheory.pause.scenario import shipped_models

DATA = Path(__file__).parent / "data"
EXPLORE = "explore" in (os.environ.get("PAUSEGAME_FUZZ", ""), os.environ.get("HYPOTHESIS_PROFILE"))
SCALE = 20 if EXPLORE else 1
SEED = int(os.environ.get("PAUSEGAME_FUZZ_SEED", "20261204"))
#: Seconds one run may take before it counts as a hang.
ALARM = 60 if EXPLORE else 20

NUMBERS = [
    "0", "-1", "1e300", "-1e300", "1e-300", "nan", "inf", "-inf", "1e6", "0.5", "1", "2",
    "1000000000", "99999999999999999999", '"x"', "true", "[]", "{}", '"$x^{$"',
]  # fmt: skip
NAMES = ["$x^2$", "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "x" * 300, "é ü 中", ""]
SCENARIO_COMMANDS = [
    ["analyze", "--format", "json"],
    ["analyze", "--exact"],
    ["validate"],
    ["sweep", "--param", "verification=0:1:5", "--format", "json"],
    ["frontier", "--format", "json"],
    ["coalitions", "--format", "json"],
    ["network", "--format", "json"],
    ["repeated", "--format", "json"],
    ["budget", "--format", "json"],
    ["uncertainty", "--draws", "50", "--format", "json"],
    ["race", "--format", "json"],
    ["lifecycle", "--format", "json"],
    ["export", "--nfg"],
]
NFG_COMMANDS = [["solve", "--format", "json"], ["solve"]]


def mutate(text: str, rng: random.Random) -> str:
    """One to three random edits of a text file: numbers, names, lines, truncation."""
    lines = text.splitlines()
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(7)
        if not lines:
            break
        k = rng.randrange(len(lines))
        if kind == 0:  # a number replaced by an extreme or ill-typed value
            numbers = list(re.finditer(r"-?\d+(\.\d+)?(e-?\d+)?", lines[k]))
            if numbers:
                m = rng.choice(numbers)
                lines[k] = lines[k][: m.start()] + rng.choice(NUMBERS) + lines[k][m.end() :]
        elif kind == 1:  # a line deleted
            del lines[k]
        elif kind == 2:  # a line duplicated
            lines.insert(k, lines[k])
        elif kind == 3:  # a quoted or bare name replaced by a hostile one
            name = rng.choice(NAMES).replace("\\", "\\\\").replace('"', '\\"')
            lines[k] = re.sub(r'"[^"]*"|(?<=\[labs\.)[\w-]+', f'"{name}"', lines[k], count=1)
        elif kind == 4:  # truncated
            lines = lines[:k]
        elif kind == 5:  # two lines swapped
            j = rng.randrange(len(lines))
            lines[k], lines[j] = lines[j], lines[k]
        else:  # a size blown up
            lines[k] = re.sub(r"\b\d+\b", str(10 ** rng.randint(3, 12)), lines[k], count=1)
    return "\n".join(lines) + "\n"


def cases(sources: list[Path], commands: list[list[str]], count: int) -> Iterator[tuple]:
    rng = random.Random(SEED + count)
    for k in range(count):
        source = rng.choice(sources)
        text = mutate(source.read_text(encoding="utf-8"), rng)
        yield k, source.name, text, rng.choice(commands)


class Hang(Exception):
    pass


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {ALARM} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(ALARM)
    try:
        code = main([*argv, "--max-memory", "512M"])
    except SystemExit as exc:  # argparse's own usage errors exit 2 with a usage line
        code = int(exc.code or 0)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def check(code: int, out: str, err: str, argv: list[str], label: str) -> None:
    where = f"{label}: pausegame {' '.join(argv)}"
    # 1 is a computed "no" from a command that says so in its exit code (budget: infeasible).
    assert code in (0, 1, 2), f"{where}: exit {code}\n{err[-2000:]}"
    assert "Traceback" not in err, f"{where}\n{err[-2000:]}"
    if code == 2:
        assert err.startswith(("pausegame: error:", "usage:")), f"{where}\n{err[-500:]}"
    if code in (0, 1) and "json" in argv:

        def refuse(constant: str) -> None:
            raise AssertionError(f"{where}: {constant} is not JSON")

        json.loads(out, parse_constant=refuse)


@pytest.mark.filterwarnings("ignore")
def test_mutated_scenarios_never_end_in_a_traceback(tmp_path, capsys):
    sources = sorted(shipped_models().values())
    codes = set()
    for k, name, text, command in cases(sources, SCENARIO_COMMANDS, 160 * SCALE):
        path = tmp_path / f"m{k}.toml"
        path.write_text(text, encoding="utf-8")
        argv = [command[0], str(path), *command[1:]]
        if command[0] == "export":
            argv += ["-o", str(tmp_path / f"m{k}.nfg")]
        code, out, err = run(argv, capsys)
        check(code, out, err, argv, f"mutant {k} of {name}")
        codes.add(code)
    assert {0, 2} <= codes  # the mutants reach both the computations and the error paths


@pytest.mark.filterwarnings("ignore")
def test_mutated_game_files_never_end_in_a_traceback(tmp_path, capsys):
    sources = sorted(DATA.glob("*.nfg"))
    assert sources
    codes = set()
    for k, name, text, command in cases(sources, NFG_COMMANDS, 120 * SCALE):
        path = tmp_path / f"g{k}.nfg"
        path.write_text(text, encoding="utf-8")
        argv = [command[0], str(path), *command[1:]]
        code, out, err = run(argv, capsys)
        check(code, out, err, argv, f"mutant {k} of {name}")
        codes.add(code)
    assert {0, 2} <= codes


@pytest.mark.parametrize(
    "text",
    [
        'NFG 1 R "big" { "1" "2" "3" "4" "5" "6" "7" "8" "9" "10" }\n{ '
        + " ".join("{ " + " ".join(f'"s{j}"' for j in range(30)) + " }" for _ in range(10))
        + " }\n1 2 3\n",
        'NFG 1 R "digits" { "a" "b" } { 1 1 }\n' + "1" * 5000 + " 2\n",
        'NFG 1 R "players" { ' + " ".join(f'"p{i}"' for i in range(70)) + " } { "
        + " ".join("1" for _ in range(70)) + " }\n" + " ".join("0" for _ in range(70)) + "\n",
    ],
    ids=["label-form-10^15-profiles", "5000-digit-number", "70-players"],
)  # fmt: skip
def test_the_reported_game_files_are_clear_errors(tmp_path, capsys, text):
    # Reproducers: a 5 KB label-form file allocated 47.7 GiB; numbers over 4,300 digits and 65+
    # players ended in tracebacks.
    path = tmp_path / "g.nfg"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(["solve", str(path)], capsys)
    assert code == 2 and err.startswith("pausegame: error:") and "g.nfg:" in err


@pytest.mark.parametrize("value", ["x" * 5000, "a\0b"], ids=["5000-characters", "NUL"])
def test_an_option_value_no_file_can_have_is_not_a_traceback(value, capsys):
    # Found by the rescaling test: a long --set value (a network's edges) made the check for
    # input files (never overwritten) raise "File name too long".
    code, _, err = run(["trigger", "two-labs", "--set", f"defaults.prize={value}"], capsys)
    assert code == 2 and err.startswith("pausegame: error:") and "Traceback" not in err


def test_no_warning_leaks_to_standard_error(tmp_path):
    # Reproducer: RuntimeWarnings (numpy on extreme payoffs) and matplotlib's glyph warnings
    # (names in other scripts) reached the terminal. A subprocess, so that pytest's own
    # warning capture hides nothing; -W default shows every warning once.
    import subprocess
    import sys

    text = (
        'name = "$x^{$ 中文"\n[defaults]\ncapability = 1\nprize = 10\npause_cost = 1\n'
        "harm = 1e300\nrisk = 0.1\nsanction = 5\n[channels.audits]\ndetection = 0.3\n"
        '[labs."<b>中文 lab</b>"]\n[labs."$\\\\alpha$"]\nprize = 1e-300\n'
    )
    path = tmp_path / "w.toml"
    path.write_text(text, encoding="utf-8")
    commands = [
        ["report", str(path), "-o", str(tmp_path / "r.md")],
        ["analyze", str(path)],
        ["coalitions", str(path), "--format", "json"],
        ["sweep", str(path), "--param", "verification=0:1:9", "--plot", str(tmp_path / "s.png")],
        ["repeated", str(path)],
    ]
    for argv in commands:
        done = subprocess.run(
            [sys.executable, "-W", "default", "-m", "gametheory", *argv],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
        assert done.returncode in (0, 1, 2), (argv, done.stderr[-1000:])
        lines = done.stderr.splitlines()
        if done.returncode == 2:  # a located error: that one line only
            assert len(lines) == 1 and lines[0].startswith("pausegame: error:"), done.stderr
        else:
            assert lines == [], (argv, done.stderr[-1000:])


def test_an_all_zero_14_by_14_game_is_solved_completely(tmp_path, capsys):
    # Reproducer: an all-zero 14 x 14 game took 85 s. Every profile of an all-zero game is an
    # equilibrium (no deviation gains anything), so the 14 * 14 = 196 pure profiles are the
    # extreme equilibria, and the answer says it is complete.
    n = 14
    path = tmp_path / "zeros.nfg"
    path.write_text(
        f'NFG 1 R "zeros" {{ "1" "2" }} {{ {n} {n} }}\n' + " ".join(["0"] * (2 * n * n)) + "\n",
        encoding="utf-8",
    )
    code, out, err = run(["solve", str(path), "--format", "json"], capsys)
    assert code == 0, err
    document = json.loads(out)
    assert document["complete"] is True and len(document["equilibria"]) == n * n
