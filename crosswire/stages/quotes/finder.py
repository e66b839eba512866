"""find_quotes: every statement of one article, as Quote records with resolved speakers."""

from __future__ import annotations

from typing import Sequence

from crosswire.model import Mention, Quote, content_id
from crosswire.stages.entities import mentions_of
from crosswire.stages.quotes.context import ArticleContext
from crosswire.stages.quotes.direct import Found, direct_quotes
from crosswire.stages.quotes.indirect import indirect_quotes
from crosswire.stages.quotes.lexicon import QuoteLexicon, load_quote_lexicon
from crosswire.stages.quotes.marks import quoted_spans
from crosswire.stages.quotes.speakers import Intervals, Speaker, SpeakerResolver


def find_quotes(doc, *, article_id: str, mentions: Sequence[Mention] = (),
                cues: QuoteLexicon | None = None) -> list[Quote]:
    """Direct, partial and indirect quotes of a parsed article, in text order.

    ``doc`` is the spaCy Doc of the clean text; offsets are into ``doc.text``. Without
    ``mentions`` the Doc's own entities are used to name speakers.
    """
    lexicon = cues or load_quote_lexicon()
    text = doc.text  # Doc.text joins every token: build it once
    spans = quoted_spans(text)
    quoted = Intervals([(s.start - 1, s.end + 1) for s in spans])
    resolver = SpeakerResolver(doc, list(mentions) or mentions_of(doc, article_id), lexicon,
                               quoted=[(s.start, s.end) for s in spans])
    ctx = ArticleContext(doc, lexicon, resolver)
    found = direct_quotes(ctx, spans)
    found += _without_nested(_without_quoted_duplicates(indirect_quotes(ctx, quoted, found), found))
    speakers = _resolve_in_order(ctx, found)
    quotes = [_record(article_id, text, f, speakers.get(f.cue.start) if f.cue else None)
              for f in found]
    return sorted(quotes, key=lambda q: (q.start, q.end, q.kind))


def _without_quoted_duplicates(indirect: list[Found], direct: list[Found]) -> list[Found]:
    """Drop an indirect statement that is mostly one partial quotation ("told X that "...")."""
    partial = [f for f in direct if f.kind == "partial"]
    kept = []
    for f in indirect:
        size = f.end - f.start
        inside = max((min(f.end, p.mark_end) - max(f.start, p.mark_start) for p in partial), default=0)
        if inside < 0.8 * size:
            kept.append(f)
    return kept


def _without_nested(indirect: list[Found]) -> list[Found]:
    """Keep the outermost report: in "X said Y believes Z", X's statement already holds Y's.

    Of two cues with the same content ("said he believes ...") the first one is kept.
    """
    ordered = sorted(indirect, key=lambda f: (f.start, -f.end))
    kept: list[Found] = []
    reach = -1  # furthest end of a kept statement that started earlier
    for f in ordered:
        if f.end <= reach:
            continue
        kept.append(f)
        reach = max(reach, f.end)
    return kept


def _resolve_in_order(ctx: ArticleContext, found: list[Found]) -> dict[int, Speaker]:
    """Resolve each distinct cue once, in text order, so pronouns see the speakers before them."""
    speakers: dict[int, Speaker] = {}
    for f in sorted((f for f in found if f.cue), key=lambda f: f.cue.start):
        if f.cue.start in speakers:
            continue
        speaker = ctx.speaker_of(f.cue)
        speakers[f.cue.start] = speaker
        ctx.resolver.remember(f.cue.start, speaker)
    return speakers


def _record(article_id: str, text: str, f: Found, speaker: Speaker | None) -> Quote:
    """The Quote record of a found statement; ``speaker`` stays None until the corpus stage."""
    speaker = speaker or Speaker(None, None, None)
    extra = {
        "speaker_role": speaker.role,
        "speaker_start": speaker.start,
        "speaker_end": speaker.end,
        "cue_start": f.cue.start if f.cue else None,
        "cue_end": f.cue.end if f.cue else None,
        "attribution": f.how,
    }
    if f.cue_class:
        extra["cue_class"] = f.cue_class
    return Quote(
        id=content_id(article_id, f.start, f.end, f.kind), article=article_id,
        text=text[f.start:f.end], start=f.start, end=f.end, kind=f.kind, speaker=None,
        speaker_name=speaker.name, speaker_text=speaker.text, cue=f.cue.lemma if f.cue else None,
        speaker_key=speaker.key, extra=extra,
    )
