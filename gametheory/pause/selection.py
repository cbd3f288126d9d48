r"""Which of all-pause and all-race is selected: risk dominance and evolution in large populations.

When both all-pause and all-race are equilibria of a pause game (a stag hunt: each lab pauses
if the others do), Nash's theory does not say which will be played. Two selection criteria of
:mod:`gametheory.core.selection` answer it (pause = action 0, race = 1; notation of
:mod:`gametheory.pause.model`):

* **uniform-belief risk dominance**: each lab, unsure how many others pause (every number
  equally likely), asks whether pausing or racing pays more on average; all-pause is selected
  when pausing pays for every lab, all-race when racing does;
* **large-population stochastic stability**: labs (or a population of such actors) imitate
  better-paid peers with rare mistakes; as the population grows, it spends almost all its
  time at the selected state. For a symmetric scenario this is the same answer as risk
  dominance (module docstring of :mod:`gametheory.core.selection`); it is computed only for
  scenarios whose labs are identical, since a population of labs needs one kind of lab.

References
----------
.. [1] Kim, Y. (1996). Equilibrium selection in n-person coordination games. *Games and
   Economic Behavior* 15(2):203-227.
.. [2] Kandori, M., Mailath, G. J. & Rob, R. (1993). Learning, mutation, and long run
   equilibria in games. *Econometrica* 61(1):29-56.
"""

from __future__ import annotations

from dataclasses import dataclass

from gametheory.core.selection import (
    LargePopulationSelection,
    UniformBeliefDominance,
    large_population_selection,
    uniform_belief_dominance,
)
from gametheory.core.symmetric import SymmetricGame
from gametheory.core.tolerance import TOL
from gametheory.pause.model import PauseModel, to_game

__all__ = ["PauseSelection", "pause_selection"]

#: The largest number of labs (the game is built over all 2**N profiles).
MAX_SELECTION_LABS = 12


@dataclass(frozen=True)
class PauseSelection:
    """Which of all-pause and all-race the selection criteria pick.

    Attributes
    ----------
    answer : str
        ``"all-pause"``, ``"all-race"`` or a sentence saying why there is no selection.
    risk_dominance : UniformBeliefDominance or None
        ``None`` when all-pause or all-race is not a strict equilibrium (nothing to select).
    population : LargePopulationSelection or None
        ``None`` when the labs are not identical.
    notes : tuple of str
    """

    answer: str
    risk_dominance: UniformBeliefDominance | None
    population: LargePopulationSelection | None
    notes: tuple[str, ...]


def pause_selection(
    model: PauseModel, *, intensity: float = 1.0, tol: float = TOL
) -> PauseSelection:
    """Which of all-pause and all-race is selected, when both are strict equilibria.

    Examples
    --------
    Two identical labs in a stag hunt (pause pays if the other pauses) for verification q
    between 0.2 and 0.3: below q = 0.25 racing is the safer bet under uniform uncertainty
    about the other, above it pausing is.

    >>> from gametheory import Channel, Lab
    >>> lab = dict(prize=4, pause_cost=4, risk=0.5, harm=12, sanction=10)
    >>> def two_labs(q):
    ...     return PauseModel(labs=(Lab("a", **lab), Lab("b", **lab)),
    ...                       channels=(Channel("audits", (q, q)),))
    >>> pause_selection(two_labs(0.22)).answer, pause_selection(two_labs(0.28)).answer
    ('all-race', 'all-pause')
    """
    if model.num_labs > MAX_SELECTION_LABS:
        raise ValueError(
            f"model: {model.num_labs} labs; expected at most {MAX_SELECTION_LABS} "
            "(the game is built over all 2**N profiles)"
        )
    game = to_game(model)
    notes: list[str] = []
    try:
        dominance = uniform_belief_dominance(game, tol=tol)
    except ValueError as exc:
        return PauseSelection(f"no selection needed or possible: {exc}", None, None, (str(exc),))
    population = None
    try:
        symmetric = SymmetricGame.from_normal_form(game, tol=tol)
    except ValueError:
        notes.append("labs differ, so no population of identical labs is modelled")
    else:
        population = large_population_selection(symmetric, intensity=intensity, tol=tol)
    if dominance.dominant is None and all(abs(g) <= tol for g in dominance.gains):
        answer = "neither: a tie (pausing and racing pay the same under uniform uncertainty)"
    elif dominance.dominant is None:
        answer = "neither: the labs disagree about which is the safer bet"
    else:
        answer = "all-pause" if dominance.dominant[0] == 0 else "all-race"
    if population is not None and population.selected is not None:
        agrees = (population.selected == 0) == (answer == "all-pause")
        if not agrees:  # pragma: no cover - the two coincide for symmetric games (proved)
            notes.append("risk dominance and large-population selection disagree")
    return PauseSelection(answer, dominance, population, tuple(notes))
