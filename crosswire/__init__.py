"""Crosswire: turn overlapping news articles into a source-attributed record.

>>> from crosswire import analyze, load_config
>>> summary = analyze(["examples/fictional-demo"], db="demo.db", out="out")  # doctest: +SKIP
"""

__version__ = "0.1.0"

from crosswire.config import load_config  # noqa: E402
from crosswire.pipeline import Pipeline  # noqa: E402
from crosswire.run import RunSummary, analyze  # noqa: E402

__all__ = ["Pipeline", "RunSummary", "__version__", "analyze", "load_config"]
