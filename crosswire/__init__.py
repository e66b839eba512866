"""Crosswire: turn overlapping news articles into a source-attributed record."""

__version__ = "0.1.0"
