"""The catalogue's own known values are equilibria, checked exactly."""

import pytest

from gametheory import exact_regret

from .catalogue import CATALOGUE


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.name)
def test_known_equilibria_have_zero_exact_regret(entry):
    for profile in entry.equilibria:
        assert exact_regret(entry.game, profile) == 0, (entry.name, profile)
