"""Test configuration: hypothesis runs are reproducible unless asked to explore.

The default profile derandomizes hypothesis, so the README's test command gives the same
examples on every machine and every run (the project's rule: randomness enters through a
seed). Set ``HYPOTHESIS_PROFILE=explore`` to search fresh random examples, e.g. before a
release; a failure found there prints a seed (``--hypothesis-seed``) that reproduces it.
"""

import os

from hypothesis import settings

settings.register_profile("reproducible", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "reproducible"))
