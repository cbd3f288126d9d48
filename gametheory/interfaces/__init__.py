"""The interfaces: the ``pausegame`` command line, the explorer, reports and plots.

They present the domain (:mod:`gametheory.pause`) and the core (:mod:`gametheory.core`) and
hold no model of their own. Nothing in the library imports them (``tests/test_layers.py``);
import them by name, e.g. ``from gametheory.interfaces.report import write_report``.
"""
