"""ROUGE the way published summarization tables report it, and the greedy extractive oracle.

Scores come from the `rouge-score` package with the Porter stemmer on (its default is off) and
`rougeLsum` over newline-separated sentences: that is what papers call ROUGE-L (plain `rougeL` on
joined text reads several points lower). Everything here is pure and offline; training imports
`greedy_oracle` to make extractive labels, so it must stay fast.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from statistics import fmean
from typing import Iterable, Sequence

from nltk.stem import porter
from rouge_score import rouge_scorer
from rouge_score import tokenize as rs_tokenize
from rouge_score.tokenizers import Tokenizer

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")


class _MemoStemmer:
    """The Porter stemmer rouge-score uses, memoised per word: stemming dominates the cost of
    scoring thousands of summaries, and a news vocabulary repeats a lot."""

    def __init__(self):
        self.stem = lru_cache(maxsize=1 << 18)(porter.PorterStemmer().stem)


class _StemmingTokenizer(Tokenizer):
    """Exactly rouge-score's default tokenizer with use_stemmer=True (lower-case, [a-z0-9]+ tokens,
    words over 3 characters stemmed), only faster."""

    def __init__(self):
        self._stemmer = _MemoStemmer()

    def tokenize(self, text: str) -> list[str]:
        return rs_tokenize.tokenize(text, self._stemmer)


_TOKENIZER = _StemmingTokenizer()
_SCORER = rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=_TOKENIZER)


def tokens(text: str) -> list[str]:
    """The tokens ROUGE compares (lower-cased, stemmed)."""
    return _TOKENIZER.tokenize(text)


# --- sentences of a reference -----------------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREV = {"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "cpl", "adm",
           "sen", "rep", "gov", "pres", "st", "jr", "sr", "no", "vs", "etc", "inc", "co", "corp",
           "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]$")  # "U.S", "U.N", "J" before the full stop


def split_sentences(text: str) -> list[str]:
    """Sentences of a summary. Lines are kept as they are (CNN/DM highlights come one per line);
    a line is split after . ! ? before a capital, except after abbreviations and initials."""
    out = []
    for line in text.split("\n"):
        start = 0
        for m in _BOUNDARY.finditer(line):
            word = line[start:m.start()].rsplit(None, 1)[-1] if line[start:m.start()].strip() else ""
            if line[m.start()] == "." and (word.lower() in _ABBREV or _INITIALS.fullmatch(word)):
                continue
            out.append(line[start:m.end()].strip())
            start = m.end()
        out.append(line[start:].strip())
    return [s for s in out if s]


def as_lines(text: str) -> str:
    """One sentence per line, the form rougeLsum reads."""
    return "\n".join(split_sentences(text))


# --- scoring ----------------------------------------------------------------------------------


def rouge(prediction: str, reference: str) -> dict[str, float]:
    """ROUGE-1/2/Lsum F1 ×100 of one summary against its reference. Sentences are found on both
    sides with `split_sentences` (existing line breaks are kept); an empty side scores 0."""
    scores = _SCORER.score(as_lines(reference), as_lines(prediction))
    return {k: 100 * scores[k].fmeasure for k in ROUGE_TYPES}


def rouge_scores(predictions: Iterable[str], references: Iterable[str]) -> dict[str, float]:
    """Mean per-summary ROUGE-1/2/Lsum F1 ×100 (the average published tables report)."""
    rows = [rouge(p, r) for p, r in zip(predictions, references, strict=True)]
    return {k: fmean(row[k] for row in rows) if rows else 0.0 for k in ROUGE_TYPES}


# --- oracle -----------------------------------------------------------------------------------


def _ngrams(toks: list[str], n: int) -> Counter:
    return Counter(zip(*(toks[i:] for i in range(n))))


def greedy_oracle(sentences: Sequence[str], reference: str, max_sentences: int = 3) -> list[int]:
    """Indices (in article order) of the sentences a greedy oracle extracts for `reference`.

    Nallapati et al. 2017 / BertSumExt style: repeatedly add the sentence that most raises
    ROUGE-1 F1 + ROUGE-2 F1 of the selection against the reference, stop when no sentence raises
    it or `max_sentences` are chosen. N-grams are counted with clipping as ROUGE does (BertSumExt
    uses sets) on the stemmed ROUGE tokens; bigrams across two selected sentences are not counted.
    """
    ref = tokens(reference)
    if not ref or max_sentences <= 0:
        return []
    refs = [_ngrams(ref, 1), _ngrams(ref, 2)]
    ref_totals = [sum(c.values()) for c in refs]
    sent_grams = []
    for sentence in sentences:
        toks = tokens(sentence)
        sent_grams.append([_ngrams(toks, 1), _ngrams(toks, 2)])

    chosen: list[int] = []
    selected = [Counter(), Counter()]
    overlap, total = [0, 0], [0, 0]
    best = 0.0
    while len(chosen) < max_sentences:
        pick, pick_score, pick_state = None, best, None
        for i, grams in enumerate(sent_grams):
            if i in chosen or not grams[0]:
                continue
            score, state = 0.0, []
            for n in range(2):
                # Overlap gained by adding sentence i: clipped counts change only on its own n-grams.
                gain = sum(min(selected[n][g] + c, refs[n][g]) - min(selected[n][g], refs[n][g])
                           for g, c in grams[n].items() if g in refs[n])
                ov, tot = overlap[n] + gain, total[n] + sum(grams[n].values())
                score += 2 * ov / (tot + ref_totals[n]) if tot + ref_totals[n] else 0.0
                state.append((ov, tot))
            if score > pick_score:
                pick, pick_score, pick_state = i, score, state
        if pick is None:
            break
        chosen.append(pick)
        best = pick_score
        for n in range(2):
            selected[n].update(sent_grams[pick][n])
            overlap[n], total[n] = pick_state[n]
    return sorted(chosen)
