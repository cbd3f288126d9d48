"""Game trees shared by the extensive-form tests, the benchmark and the notebook checks.

Each is built here from its textbook description (our own construction, not copied from a
file), with the source of the description.
"""

from __future__ import annotations

import itertools

from gametheory import ExtensiveGame, chance, leaf, move

CARDS = ("J", "Q", "K")


def kuhn_poker() -> ExtensiveGame:
    """Kuhn's three-card poker (Kuhn 1950, "A simplified two-person poker", Contributions to
    the Theory of Games I, 97-103): ante 1, one card each from J < Q < K, player 1 checks or
    bets 1; after a check player 2 checks (showdown for 1) or bets; a bet is called (showdown
    for 2) or folded (the bettor wins the ante). The value to player 1 is -1/18."""
    deals = []
    for first, second in itertools.permutations(range(3), 2):
        win = 1 if first > second else -1
        c1, c2 = CARDS[first], CARDS[second]
        after_check = move(
            "2",
            {
                "check": leaf(win, -win),
                "bet": move(
                    "1",
                    {"fold": leaf(-1, 1), "call": leaf(2 * win, -2 * win)},
                    infoset=f"{c1}, check, bet",
                ),
            },
            infoset=f"{c2}, check",
        )
        after_bet = move(
            "2", {"fold": leaf(1, -1), "call": leaf(2 * win, -2 * win)}, infoset=f"{c2}, bet"
        )
        root = move("1", {"check": after_check, "bet": after_bet}, infoset=c1)
        deals.append((f"{c1}{c2}", "1/6", root))
    return ExtensiveGame.from_tree(chance(deals), players=("1", "2"), title="Kuhn poker")


def one_card_poker() -> ExtensiveGame:
    """Myerson's one-card poker (Myerson 1991, *Game Theory: Analysis of Conflict*, Fig. 2.1):
    a card is red or black with probability 1/2 each; player 1 sees it and raises or folds
    (folding: +1 with red, -1 with black); player 2, not seeing it, meets (+-2) or passes
    (player 1 wins 1)."""
    branches = []
    for card, sign in (("red", 1), ("black", -1)):
        meet = move("2", {"meet": leaf(2 * sign, -2 * sign), "pass": leaf(1, -1)}, infoset="raised")
        branches.append(
            (card, "1/2", move("1", {"raise": meet, "fold": leaf(sign, -sign)}, infoset=card))
        )
    return ExtensiveGame.from_tree(chance(branches), players=("1", "2"), title="one-card poker")


def entry_game() -> ExtensiveGame:
    """Selten's chain-store stage game (Selten 1978, Theory and Decision 9:127-159): stay out
    (0, 4); enter, then fight (-1, -1) or accommodate (1, 1)."""
    return ExtensiveGame.from_tree(
        move(
            "entrant",
            {
                "out": leaf(0, 4),
                "in": move("incumbent", {"fight": leaf(-1, -1), "accommodate": leaf(1, 1)}),
            },
        ),
        players=("entrant", "incumbent"),
        title="entry",
    )
