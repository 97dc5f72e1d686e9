"""Junk lines of a scraped page in plain text: the lines that are not part of the story.

A scraped article carries sidebars of other headlines, section labels ("WORLD"), share/subscribe
links, photo credits and teasers. Each non-blank line is classified in three steps:

1. Shape (C4's line rules and jusText's block features): a line that ends in terminal punctuation
   and has at least 3 words reads as story text; a line with the shape of page furniture (a UI
   phrase, an all-caps section label, a "Photo:"/"Related:" prefix, a trailing "..." or a trailing
   tag like "Report") is junk; anything else - a line without terminal punctuation - is a
   headline-shaped candidate.
2. Context (jusText's neighbours and page edges): candidates that stand in a run of other
   candidates form a headline list; candidates before the first or after the last story paragraph
   sit at the page's edges. Both make junk more likely, so they raise the similarity a line needs to stay.
3. Topic: the MiniLM similarity of each candidate to the story body (its story lines, embedded
   once). An on-topic title or crosshead stays; an off-topic one goes. Similarity is never the
   only signal: a headline list about the story's own country is dropped for its run shape.

Only candidates are embedded (few, short, truncated), so the filter costs one short encoder pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# --- shape rules --------------------------------------------------------------------------------

# Terminal punctuation, optionally followed by closing quotes/brackets (C4 keeps only such lines).
TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
ELLIPSIS = re.compile(r"(\.\s*\.\s*\.|…)[\"'”’)\]]*$")
# Generic page-furniture phrases (navigation, sharing, ads, sign-up, credits), matched at the start
# of a short line. These are the UI of news sites in general, not the words of one page.
UI_PHRASE = re.compile(
    r"^(share( this| on| via|$)|tweet( this)?$|email( this|$)|print( this|$)|subscribe|sign (up|in)|"
    r"log ?in|register|listen( to this| now|$)|follow (us|@)|read (more|next|the full|also)|"
    r"continue reading|click here|"
    r"advertisement|advertising|sponsored|promoted|most (read|popular|viewed|shared)|trending|"
    r"related( (articles?|stories|content|news|topics|coverage))?$|more (from|on|news|stories|in)\b|"
    r"see (also|more)|also (read|see)|recommended|you (may|might) (also )?like|top stories|"
    r"latest (news|stories|headlines)|newsletter|comments?( \(\d+\))?$|show comments|leave a comment|"
    r"back to top|skip to|cookie|accept (all )?cookies|privacy policy|terms (of|and) (use|service)|"
    r"copyright|©|all rights reserved|image (source|copyright|caption)|getty images|"
    r"(photo|image|picture|video) credit)",
    re.IGNORECASE,
)
# A short label prefix of a teaser or credit: "Related: ...", "Photo: ...", "Opinion: ...".
LABEL_PREFIX = re.compile(r"^[A-Z][A-Za-z]+(?: [A-Za-z]+)?:\s")
KNOWN_LABELS = re.compile(
    r"^(related|photo|photograph|image|picture|pictured|video|watch|listen|read|read more|see|"
    r"see also|also read|opinion|analysis|markets?|credit|caption|source|live|explainer|podcast|"
    r"gallery|breaking|exclusive|update|updated|advertisement|sponsored|more|editor's pick)\s*:",
    re.IGNORECASE,
)
# A headline that ends in a section or format tag, as link lists often render them.
TRAILING_TAG = re.compile(
    r"\s(Report|Video|Videos|Live|Analysis|Opinion|Gallery|Photos|Watch|Exclusive|Podcast|Explainer|"
    r"Updated|Listen|Comment|Interactive)$")
# Photo and agency credits: "Markus Schreiber/Getty Images", "AFP via Getty Images".
CREDIT = re.compile(r"(/|\bvia )(Getty|AFP|Reuters|AP|PA|EPA|Bloomberg|Shutterstock)\b|\bGetty Images\b|©|"
                    r"\((Photo|Picture|Image|Photograph|Video)s?\b[^)]*\)|"
                    r"\b(Photo|Photograph|Picture)s? (by|courtesy)\b")
# A breadcrumb or menu: three or more short items joined by separators ("Home | World | Europe").
NAVIGATION = re.compile(r"^[^|»›•/]{1,25}(\s[|»›•/]\s[^|»›•/]{1,25}){2,}$")
WORD = re.compile(r"[\w'’-]+")


def _words(line: str) -> list[str]:
    return WORD.findall(line)


def _is_caps_label(line: str) -> bool:
    """"WORLD", "MIDDLE EAST", "MORE FROM GERMANY": a short all-capitals section label."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(_words(line)) <= 5 \
        and not TERMINAL.search(line)


def furniture(line: str) -> str | None:
    """The name of the shape rule that marks this line as page furniture, or None."""
    s = line.strip()
    words = _words(s)
    if len(words) <= 8 and UI_PHRASE.match(s):
        return "ui-phrase"
    if _is_caps_label(s):
        return "section-label"
    if NAVIGATION.search(s) and not TERMINAL.search(s):
        return "navigation"
    if KNOWN_LABELS.match(s) or (LABEL_PREFIX.match(s) and not TERMINAL.search(s)):
        return "label-prefix"
    if ELLIPSIS.search(s) and len(words) < 30:
        return "ellipsis"
    if not TERMINAL.search(s) and TRAILING_TAG.search(s):
        return "trailing-tag"
    if len(words) <= 25 and CREDIT.search(s) and not TERMINAL.search(s):
        return "credit"
    if not words:
        return "no-words"
    return None


def _is_question_headline(line: str, n_words: int) -> bool:
    """"Can the Tigris be saved from drought?": a short question without quotes reads as a headline."""
    s = line.strip()
    return s.endswith("?") and n_words < 15 and not re.search("[\"“”]", s)


def is_story_shaped(line: str) -> bool:
    """C4's line rule: terminal punctuation (not an ellipsis) and at least 3 words."""
    s = line.strip()
    return bool(TERMINAL.search(s)) and not ELLIPSIS.search(s) and len(_words(s)) >= 3


# --- the topic signal ---------------------------------------------------------------------------

@lru_cache(maxsize=2)
def encoder(folder: str | None = None):
    """(tokenizer, model) of a local encoder folder (default: the pinned MiniLM), loaded once per
    process and shared by the junk filter and the TextRank baseline."""
    from transformers import AutoModel, AutoTokenizer

    from stancesum.weights import base_model_dir

    folder = base_model_dir(folder)
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    model = AutoModel.from_pretrained(folder, local_files_only=True).eval()
    return tokenizer, model


def embed(texts: list[str], max_length: int, folder: str | None = None):
    """Mean-pooled, L2-normalised embeddings (how all-MiniLM-L6-v2 was trained), one row per text."""
    import torch

    from stancesum.threads import torch_threads

    tokenizer, model = encoder(folder)
    batch = tokenizer(texts, truncation=True, max_length=max_length, padding=True, return_tensors="pt")
    with torch_threads(), torch.inference_mode():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=-1)


# --- the filter ---------------------------------------------------------------------------------

@dataclass
class LineVerdict:
    index: int  # into text.split("\n")
    junk: bool
    reason: str  # the rule that decided: "story", "ui-phrase", "headline-run", "on-topic", ...
    similarity: float | None = None  # to the story body, for the lines that were embedded


class JunkFilter:
    """Callable from an article's lines to the indices of its junk lines (see the module doc).

    Thresholds are cosine similarities of a candidate line to the story body: a lone candidate
    inside the story needs `keep_inside`, one above the story (a title, a dek) `keep_edge`, one
    in a headline list or below the story `keep_run`.
    """

    def __init__(self, keep_inside: float = 0.30, keep_edge: float = 0.40, keep_run: float = 0.60,
                 short_words: int = 8, crosshead_words: int = 5, body_tokens: int = 256,
                 line_tokens: int = 32):
        self.keep_inside = keep_inside
        self.keep_edge = keep_edge
        self.keep_run = keep_run
        self.short_words = short_words  # a story-shaped line shorter than this is a "short" line
        self.crosshead_words = crosshead_words
        self.body_tokens = body_tokens
        self.line_tokens = line_tokens

    def __call__(self, lines: list[str]) -> list[int]:
        return [v.index for v in self.classify(lines) if v.junk]

    def shape(self, line: str) -> str:
        """"story", "short" (a story-shaped line of few words: a one-line quote), "candidate"
        (headline-shaped: judged by context and topic) or the name of a furniture rule."""
        rule = furniture(line)
        if rule:
            return rule
        n_words = len(_words(line))
        if is_story_shaped(line) and not _is_question_headline(line, n_words) or \
                line.rstrip().endswith(":") and n_words >= 3:  # "Here are the highlights:" leads in
            return "story" if n_words >= self.short_words else "short"
        return "candidate"

    def classify(self, lines: list[str]) -> list[LineVerdict]:
        """A verdict for every non-blank line, with the rule that decided it."""
        idx = [i for i, line in enumerate(lines) if line.strip()]
        shape = {i: self.shape(lines[i]) for i in idx}
        story = [i for i in idx if shape[i] == "story"]
        if not story:  # nothing reads as a story paragraph: no basis to judge the rest, keep it
            return _keep_something([LineVerdict(i, shape[i] not in ("short", "candidate"), shape[i])
                                    for i in idx])
        first, last = story[0], story[-1]
        for i in idx:  # an all-caps line alone inside the story is a crosshead candidate, not a label
            if shape[i] == "section-label" and first < i < last and all(
                    shape.get(j, "story") == "story" for j in (i - 1, i + 1)):
                shape[i] = "candidate"
        context = self._context(lines, idx, shape)
        judged = [i for i in idx if context.get(i) is not None]
        sims = self._similarities(lines, story, judged)

        verdicts = []
        for i in idx:
            where = context.get(i)
            if shape[i] in ("story", "short") and where is None:
                verdicts.append(LineVerdict(i, False, "story"))
            elif where is None:
                verdicts.append(LineVerdict(i, True, shape[i]))
            elif where == "crosshead":
                verdicts.append(LineVerdict(i, False, "crosshead", round(sims[i], 3)))
            else:
                need = {"headline-run": self.keep_run, "page-top": self.keep_edge,
                        "page-bottom": self.keep_run, "off-topic": self.keep_inside}[where]
                junk = sims[i] < need
                verdicts.append(LineVerdict(i, junk, where if junk else "on-topic", round(sims[i], 3)))

        return _keep_something(verdicts)

    def _context(self, lines: list[str], idx: list[int], shape: dict[int, str]) -> dict[int, str]:
        """Where each headline-shaped line stands (jusText's neighbours and page edges)."""
        story = [i for i in idx if shape[i] == "story"]
        first, last = story[0], story[-1]
        context: dict[int, str] = {}
        # Groups: maximal runs of adjacent lines (no blank line between) that are not story lines.
        groups, group = [], []
        for i in idx:
            if shape[i] != "story" and group and group[-1] == i - 1:
                group.append(i)
            else:
                if group:
                    groups.append(group)
                group = [i] if shape[i] != "story" else []
        if group:
            groups.append(group)

        for group in groups:
            cands = [j for j in group if shape[j] == "candidate"]
            if not cands:
                continue  # shorts among furniture only: one-line quotes, kept
            at_top = group[-1] < first
            # A headline list: two headline-shaped lines, or one boxed in by furniture. Above the
            # story, a title and a dek are not a list.
            boxed = len(cands) == 1 and all(shape.get(j, "story") not in ("story", "short", "candidate")
                                            for j in (cands[0] - 1, cands[0] + 1))
            furnished = any(shape[j] not in ("short", "candidate") for j in group)
            inside = first < group[0] and group[-1] < last
            # Inside the story an unlabelled run is more likely a list of the story's own (bullet
            # points, names): it needs page furniture beside it to count as a headline list.
            is_list = (len(cands) >= 2 and not (at_top and len(cands) <= 2)
                       and (furnished or not inside)) or boxed
            for j in group:
                if shape[j] == "candidate":
                    if is_list:
                        context[j] = "headline-run"
                    elif at_top:
                        context[j] = "page-top"
                    elif j > last:
                        context[j] = "page-bottom"
                    elif len(group) == 1 and len(_words(lines[j])) <= self.crosshead_words \
                            and not _is_caps_label(lines[j]):  # a lone caps line must be on topic
                        context[j] = "crosshead"  # a short subheading set apart inside the story
                    else:
                        context[j] = "off-topic"
                elif shape[j] == "short" and is_list and any(
                        shape.get(k) == "candidate" for k in (j - 1, j + 1)):
                    context[j] = "headline-run"  # a short line touching a headline of the list
        return context

    def _similarities(self, lines: list[str], story: list[int], judged: list[int]) -> dict[int, float]:
        if not judged:
            return {}
        body = " ".join(lines[i].strip() for i in story)
        vectors = embed([body], self.body_tokens)
        cands = embed([lines[i].strip() for i in judged], self.line_tokens)
        sims = (cands @ vectors[0]).tolist()
        return dict(zip(judged, sims))


def _keep_something(verdicts: list[LineVerdict]) -> list[LineVerdict]:
    """Never drop the whole text: a page that is all junk by these rules is kept as it is."""
    if verdicts and all(v.junk for v in verdicts):
        return [LineVerdict(v.index, False, "kept-all", v.similarity) for v in verdicts]
    return verdicts
