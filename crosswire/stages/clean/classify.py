"""Line classifier: lexicon patterns, prose shape and context decide what is article body.

Each line gets a class from its own features:

* ``BAD``: a lexicon pattern, a language other than the article's, a line repeated across the
  corpus, or leaked code — removed with that reason;
* ``GOOD``: prose (long, sentence-shaped, rich in function words) — body;
* ``NEAR``: a medium sentence — body when it sits in the body;
* ``SHORT``: anything else (menu items, headings, teasers) — body only inside the body region.

The body region is the run of lines with the highest score (prose counts for it, short and bad
lines against it: a maximum-sum segment), so navigation at the top and bottom falls outside it
while a short subheading between two paragraphs stays in.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from crosswire.errors import ConfigError
from crosswire.stages.clean.metadata import DatePatterns, date_patterns
from crosswire.stages.clean.segments import Line

GOOD, NEAR, SHORT, BAD = "good", "near", "short", "bad"

DEFAULT_LEXICON = Path(__file__).resolve().parent.parent.parent / "lexicons" / "boilerplate.yaml"


@dataclass(frozen=True)
class Pattern:
    """A compiled boilerplate pattern and the reason it gives."""

    regex: re.Pattern[str]
    reason: str
    max_words: int
    full: bool


@dataclass(frozen=True)
class Lexicon:
    """Everything the cleaner reads from ``boilerplate.yaml``, compiled."""

    patterns: tuple[Pattern, ...]
    prefixes: tuple[re.Pattern[str], ...]
    suffixes: tuple[re.Pattern[str], ...]
    link_words: frozenset[str]
    stopwords: frozenset[str]
    foreign_letters: frozenset[str]
    signatures: tuple[re.Pattern[str], ...]
    dates: DatePatterns


def _compiled(regex: str, where: str) -> re.Pattern[str]:
    """Compile a lexicon regex, naming the entry when it is invalid."""
    try:
        return re.compile(regex, re.IGNORECASE)
    except re.error as error:
        raise ConfigError(f"boilerplate lexicon: invalid regex {regex!r} in {where}: {error}; "
                          "fix the pattern in the YAML file") from error


@functools.lru_cache(maxsize=4)
def load_lexicon(path: Path = DEFAULT_LEXICON) -> Lexicon:
    """Read and compile a boilerplate lexicon file (cached: the file is packaged data)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"boilerplate lexicon {path}: cannot be read ({error}); "
                          "point lexicon_path at a valid YAML file") from error
    patterns = tuple(
        Pattern(_compiled(entry["regex"], f"patterns.{reason}"), reason,
                int(entry.get("max_words", 12)), bool(entry.get("full", False)))
        for reason, entries in data.get("patterns", {}).items()
        for entry in entries
    )
    decorations = data.get("decorations", {})
    return Lexicon(
        patterns=patterns,
        prefixes=tuple(_compiled(p, "decorations.prefix") for p in decorations.get("prefix", [])),
        suffixes=tuple(_compiled(p, "decorations.suffix") for p in decorations.get("suffix", [])),
        link_words=frozenset(w.lower() for w in data.get("link_words", [])),
        stopwords=frozenset(w.lower() for w in data.get("stopwords_en", [])),
        foreign_letters=frozenset(data.get("foreign_letters", "")),
        signatures=tuple(_compiled(p, "source_signatures") for p in data.get("source_signatures", [])),
        dates=date_patterns(data.get("months", {})),
    )


def pattern_reason(line: Line, lexicon: Lexicon) -> str | None:
    """Reason of the first lexicon pattern that removes this line, else None."""
    for pattern in lexicon.patterns:
        if line.words > pattern.max_words:
            continue
        match = pattern.regex.search(line.text)
        if match and (not pattern.full or match.group(0) == line.text):
            return pattern.reason
    return None


def prose_class(line: Line, english: bool) -> str:
    """GOOD, NEAR or SHORT from the line's own shape (patterns are checked elsewhere)."""
    if line.code_marks >= 2 and line.stop_ratio < 0.2:
        return SHORT
    stop_ok = line.stop_ratio >= 0.22 if english else line.capitalised < 0.6
    if line.chars >= 80 and stop_ok and (line.sentence_end or line.chars >= 150):
        return GOOD
    if line.chars >= 30 and line.words >= 5 and line.sentence_end and (
            line.stop_ratio >= 0.15 if english else line.capitalised < 0.7):
        return NEAR
    return SHORT


def is_link_like(line: Line) -> bool:
    """A short line made mostly of widget words ("Follow us on Youtube", "copy link")."""
    return line.words <= 5 and line.link_words * 2 >= line.words and not line.sentence_end


def is_code(line: Line) -> bool:
    """Leaked script or style code: many code marks and few function words."""
    return line.code_marks >= 2 and line.stop_ratio < 0.15 and not line.sentence_end


def is_foreign(line: Line, article_language: str | None,
                   detect: Callable[[str], tuple[str, float]]) -> bool:
    """True when a non-prose line is in another language (or script) than the article."""
    if not article_language or line.letters < 3:
        return False
    latin_article = article_language not in ("ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "mn")
    if latin_article and line.cyrillic * 2 >= line.letters:
        return True
    if article_language == "en" and line.foreign_letters and line.words <= 6:
        language, _ = detect(line.text)
        return language != "en"
    if line.letters >= 12 and line.words <= 15 and not line.sentence_end:
        language, confidence = detect(line.text)
        return language != article_language and confidence >= 0.9
    return False


# Reasons that usually mark where an article ends ("Related articles", "34 comments"); inline
# teasers inside a body use the same words, so they weigh heavily against the body, not absolutely.
BOUNDARY_REASONS = frozenset({"related", "comments"})

# Weights of the body-region score (tuned on the Scrapinghub benchmark, see bench/extraction.py).
GOOD_CAP = 600  # characters a single prose line may contribute
ISOLATED = 0.2  # factor for prose with no prose neighbour (teaser blurbs between headlines)
NEAR_FACTOR = 0.5
SHORT_BASE, SHORT_PER_CHAR = 8.0, 0.3
BAD_WEIGHT, BOUNDARY_WEIGHT = -40.0, -200.0


def line_weights(lines: Sequence[Line], kinds: Sequence[str], reasons: Sequence[str | None]) -> list[float]:
    """Contribution of each line to the body-region score, prose weighed by its neighbours."""
    prose = [kind in (GOOD, NEAR) for kind in kinds]
    weights = []
    for i, (line, kind, reason) in enumerate(zip(lines, kinds, reasons)):
        if kind == GOOD:
            neighbour = (i > 0 and prose[i - 1]) or (i + 1 < len(prose) and prose[i + 1])
            weights.append(min(line.chars, GOOD_CAP) * (1.0 if neighbour else ISOLATED))
        elif kind == NEAR:
            weights.append(NEAR_FACTOR * line.chars)
        elif kind == SHORT:
            weights.append(-(SHORT_BASE + SHORT_PER_CHAR * min(line.chars, 150)))
        else:
            weights.append(BOUNDARY_WEIGHT if reason in BOUNDARY_REASONS else BAD_WEIGHT)
    return weights


def body_region(lines: Sequence[Line], kinds: Sequence[str],
                reasons: Sequence[str | None]) -> tuple[int, int]:
    """[start, end) of the maximum-score run of lines; (0, 0) when no line scores positive."""
    best, best_span = 0.0, (0, 0)
    running, start = 0.0, 0
    for i, weight in enumerate(line_weights(lines, kinds, reasons)):
        if running <= 0:
            running, start = 0.0, i
        running += weight
        if running > best:
            best, best_span = running, (start, i + 1)
    return _extended(best_span, lines, kinds, reasons)


BRIDGE_GAP = 3  # lines of junk an article may carry between two of its paragraphs
BRIDGE_MIN_CHARS = 150


def _extended(span: tuple[int, int], lines: Sequence[Line], kinds: Sequence[str],
              reasons: Sequence[str | None]) -> tuple[int, int]:
    """The span grown downwards over short gaps (an inline "Related" box) to following prose."""
    start, end = span
    if start == end:
        return span
    grown = True
    while grown:
        grown = False
        for j in range(end, min(end + BRIDGE_GAP + 1, len(lines))):
            if reasons[j] == "comments":
                break
            if kinds[j] == GOOD and lines[j].chars >= BRIDGE_MIN_CHARS:
                end, grown = j + 1, True
                break
    return start, end
