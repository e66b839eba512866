"""One error family. Every message names the input or stage, what was wrong, and what to do."""

from __future__ import annotations


class CrosswireError(Exception):
    """Base class of every error Crosswire raises on purpose."""


class InputError(CrosswireError):
    """An input could not be read or is not an article; the run skips it and goes on.

    ``ref`` names the input (path, ``path#record``, ``stdin:line``); ``reason`` is one line.
    """

    def __init__(self, ref: str, reason: str):
        self.ref = ref
        self.reason = reason
        super().__init__(f"{ref}: {reason}")


class ConfigError(CrosswireError):
    """A setting is missing, unknown or out of range."""


class StoreError(CrosswireError):
    """The database cannot be opened or written (locked, read-only, full, not a Crosswire store)."""


class StageError(CrosswireError):
    """A stage chain is inconsistent, or a stage failed on one article."""
