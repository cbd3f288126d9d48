"""A bridge to ``lrsnash`` (lrslib), the reference enumerator of two-player equilibria.

``lrsnash`` (Avis, Rosenberg, Savani & von Stengel 2010; Debian package ``lrslib``) enumerates
every extreme equilibrium of a bimatrix game in exact arithmetic. This module writes its input
format, runs it when it is installed, and parses its output into exact rational profiles, so
that :func:`gametheory.core.twoplayer.two_player_equilibria` can be cross-checked against it
(``tests/test_lrsnash.py``) and timed beside it (``benchmarks/bench_twoplayer.py``).

The input is ``m n`` on the first line, then the row player's matrix ``A`` and the column
player's matrix ``B`` row by row (rationals written ``p/q``). The output lists, for each
extreme strategy ``x`` of the row player, the column player's extreme strategies ``y`` that
form an equilibrium with it: lines ``2 y_1 ... y_n a`` (``a`` the row player's payoff) followed
by one line ``1 x_1 ... x_m b`` (``b`` the column player's payoff); blocks are separated by
blank lines and comments start with ``*``.

References
----------
.. [1] Avis, D., Rosenberg, G. D., Savani, R. & von Stengel, B. (2010). Enumeration of Nash
   equilibria for two-player games. Economic Theory 42:9-37.
.. [2] Avis, D. lrslib user's guide, http://cgm.cs.mcgill.ca/~avis/C/lrslib/USERGUIDE.html
   (``lrsnash`` input and output formats).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from fractions import Fraction
from pathlib import Path

from gametheory.core.game import NormalFormGame

__all__ = ["lrsnash_equilibria", "lrsnash_input", "lrsnash_path", "parse_lrsnash"]

Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


def lrsnash_path() -> str | None:
    """The path of the ``lrsnash`` executable, or ``None`` when it is not installed."""
    return shutil.which("lrsnash")


def lrsnash_input(game: NormalFormGame) -> str:
    """The game in ``lrsnash``'s input format, with exact payoffs.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[0, 6], [2, 5], [3, 3]], [[1, 0], [0, 2], [4, 3]])
    >>> print(lrsnash_input(g))
    3 2
    <BLANKLINE>
    0 6
    2 5
    3 3
    <BLANKLINE>
    1 0
    0 2
    4 3
    <BLANKLINE>
    """
    if game.num_players != 2:
        raise ValueError(f"game: got {game.num_players} players; expected a two-player game")
    m, n = game.shape
    lines = [f"{m} {n}", ""]
    for matrix in game.exact():
        lines.extend(" ".join(str(Fraction(v)) for v in row) for row in matrix)
        lines.append("")
    return "\n".join(lines) + "\n"


def parse_lrsnash(text: str, m: int, n: int) -> list[Profile]:
    """The extreme equilibria in ``lrsnash``'s output, as exact (x, y) profiles.

    Every ``1`` line of a block pairs with every ``2`` line of the same block.

    Examples
    --------
    From the lrsnash manual page (lrslib 7.2), the 3x2 example game:

    >>> out = '''
    ... 2  1/3  2/3  4
    ... 1  2/3  1/3  0  2/3
    ...
    ... 2  1  0  3
    ... 1  0  0  1  4
    ...
    ... *Number of equilibria found: 2'''
    >>> [[[str(p) for p in s] for s in eq] for eq in parse_lrsnash(out, 3, 2)]
    [[['2/3', '1/3', '0'], ['1/3', '2/3']], [['0', '0', '1'], ['1', '0']]]
    """
    profiles: list[Profile] = []
    rows: list[tuple[Fraction, ...]] = []
    columns: list[tuple[Fraction, ...]] = []

    def flush() -> None:
        profiles.extend((x, y) for x in rows for y in columns)
        rows.clear()
        columns.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields:
            flush()
            continue
        if fields[0].startswith("*"):
            continue
        size = {"1": m, "2": n}.get(fields[0])
        if size is None or len(fields) != size + 2:
            raise ValueError(
                f"lrsnash output line {number}: got {line.strip()!r}; expected '1' and {m} "
                f"probabilities and a payoff, or '2' and {n} probabilities and a payoff"
            )
        strategy = tuple(Fraction(v) for v in fields[1 : 1 + size])
        (rows if fields[0] == "1" else columns).append(strategy)
        if fields[0] == "1":  # a row strategy closes its block of column strategies
            flush()
    flush()
    return profiles


def lrsnash_equilibria(game: NormalFormGame, *, timeout: float | None = None) -> list[Profile]:
    """Every extreme equilibrium of ``game`` computed by the installed ``lrsnash``.

    Raises
    ------
    FileNotFoundError
        When ``lrsnash`` is not installed (Debian: ``apt-get install lrslib``).
    subprocess.TimeoutExpired
        When it runs longer than ``timeout`` seconds.
    """
    executable = lrsnash_path()
    if executable is None:
        raise FileNotFoundError("lrsnash is not installed (Debian: apt-get install lrslib)")
    m, n = game.shape
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "game"
        path.write_text(lrsnash_input(game))
        result = subprocess.run(
            [executable, str(path)], capture_output=True, text=True, timeout=timeout, check=True
        )
    return parse_lrsnash(result.stdout, m, n)
