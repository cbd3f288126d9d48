"""The package version, written in this one place (``pyproject.toml`` reads it at build)."""

__version__ = "0.1.0"
