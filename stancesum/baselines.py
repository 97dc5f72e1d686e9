"""Named baselines: what the fine-tuned model must beat, and the fallback when no model is shipped."""

from __future__ import annotations

import re
from pathlib import Path

from stancesum.actors import FoundActor
from stancesum.predictor import ActorStance, Prediction
from stancesum.public_data import AUTHOR, SENTIMENT_TARGET
from stancesum.reading import Article, Sentence

STORY_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


def story_sentences(article: Article) -> list[int]:
    """Sentences that end in terminal punctuation (not a headline or section label of a scraped
    page); all sentences if none does."""
    picked = [i for i, s in enumerate(article.sentences) if STORY_SENTENCE.search(s.text)]
    return picked or list(range(len(article.sentences)))


def lead_sentences(article: Article, n: int) -> list[int]:
    """Lead-N: the first n story sentences."""
    return story_sentences(article)[:n]


# Cue words of the rule baseline. Deliberately small and general: it is a baseline, not a model.
SUPPORT_CUES = {
    "support", "supports", "supported", "supporting", "back", "backs", "backed", "backing", "join",
    "joins", "joined", "joining", "welcome", "welcomes", "welcomed", "endorse", "endorses", "endorsed",
    "contribute", "contributes", "contributed", "deploy", "deploys", "deployed", "send", "sends", "sent",
    "pledge", "pledges", "pledged", "ally", "allies", "alongside", "partner", "partners", "member",
    "members", "approve", "approves", "approved", "sign", "signs", "signed", "praise", "praised", "fund",
    "funds", "funded", "commit", "committed", "defend", "defends", "defended", "host", "hosts", "hosted",
}
OPPOSE_CUES = {
    "oppose", "opposes", "opposed", "opposing", "condemn", "condemns", "condemned", "reject", "rejects",
    "rejected", "criticise", "criticised", "criticize", "criticized", "attack", "attacks", "attacked",
    "withdraw", "withdraws", "withdrew", "quit", "quits", "leave", "leaves", "left", "against",
    "denounce", "denounced", "veto", "vetoed", "block", "blocks", "blocked", "accuse", "accused",
    "sanction", "sanctions", "boycott", "boycotted", "fight", "fights", "fought", "warn", "warned",
    "topple", "undermine", "undermined", "collapse", "resign", "resigned",
}
NEGATIONS = {"not", "no", "never", "n't", "neither", "nor", "refuse", "refused", "refuses", "without"}
TOKEN = re.compile(r"[A-Za-z']+")


def rule_score(sentence: str) -> float:
    """+1 per support cue, -1 per oppose cue; a negation in the 3 words before a cue flips it."""
    words = [w.lower() for w in TOKEN.findall(sentence.replace("n't", " n't"))]
    score = 0.0
    for i, w in enumerate(words):
        sign = 1 if w in SUPPORT_CUES else -1 if w in OPPOSE_CUES else 0
        if sign and any(prev in NEGATIONS for prev in words[max(0, i - 3):i]):
            sign = -sign
        score += sign
    return score


def _mentions_target(sentence: Sentence, target: str) -> bool:
    head = [w for w in TOKEN.findall(target.lower()) if w not in {"the", "a", "an", "of", "on", "to"}]
    text = sentence.text.lower()
    return any(w in text for w in head)


def _stance_sentences(article: Article, actor: FoundActor, target: str) -> list[int]:
    """The sentences whose cues count for an actor: those that mention both it and the target.
    Under the public data conventions (stancesum.public_data) the whole text speaks for AUTHOR,
    and sentiment toward a person (SENTIMENT_TARGET) needs no mention of the target."""
    if actor.name == AUTHOR and not actor.mentions:
        return list(range(len(article.sentences)))
    if target == SENTIMENT_TARGET:
        return actor.sentences
    return [i for i in actor.sentences if _mentions_target(article.sentences[i], target)]


class LeadBaseline:
    """Lead-N summary with the rule stance baseline: cue words in the sentences that mention both
    the actor and the target; the actor's stance is the sign of the summed scores."""

    name = "baseline:lead+rule"

    def predict(self, article: Article, actors: list[FoundActor], target: str,
                max_sentences: int) -> Prediction:
        stances = []
        for actor in actors:
            scored = [(rule_score(article.sentences[i].text), i)
                      for i in _stance_sentences(article, actor, target)]
            total = sum(s for s, _ in scored)
            stance = "support" if total > 0 else "oppose" if total < 0 else "neutral"
            # The decisive sentence: the strongest cue in the winning direction, else the first mention.
            ranked = sorted(scored, key=lambda si: -si[0] if total >= 0 else si[0])
            evidence = [i for _, i in ranked] or actor.sentences[:1]
            confidence = min(0.5 + 0.1 * abs(total), 0.9) if total else 0.5
            stances.append(ActorStance(stance, confidence, evidence[:1]))
        return Prediction(summary=lead_sentences(article, max_sentences), stances=stances)


class MajorityBaseline(LeadBaseline):
    """Lead-N summary; every actor gets the majority stance of the training data."""

    name = "baseline:lead+majority"

    def __init__(self, majority: str = "support"):
        self.majority = majority

    def predict(self, article, actors, target, max_sentences):
        return Prediction(
            summary=lead_sentences(article, max_sentences),
            stances=[ActorStance(self.majority, 0.4, actor.sentences[:1]) for actor in actors],
        )


class TextRankBaseline(LeadBaseline):
    """TextRank summary (Mihalcea & Tarau 2004) over MiniLM sentence embeddings: PageRank on the
    graph of cosine similarities between the story sentences; the top N, in article order.
    Stance: the rule baseline. `encoder` is a local model folder (default: the pinned MiniLM)."""

    name = "baseline:textrank+rule"

    def __init__(self, encoder: str | Path | None = None, damping: float = 0.85):
        self.encoder, self.damping = encoder, damping

    def embed(self, texts: list[str]):
        """stancesum.junk's sentence embeddings (its encoder, loaded on first use and shared with
        the junk filter), in batches of 32 texts of similar length (less padding)."""
        import numpy as np
        import torch

        from stancesum.junk import embed, encoder

        folder = str(self.encoder) if self.encoder is not None else None
        out = np.zeros((len(texts), encoder(folder)[1].config.hidden_size), dtype="float32")
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        batches = [embed([texts[i] for i in order[k:k + 32]], 128, folder) for k in range(0, len(order), 32)]
        if batches:
            out[order] = torch.cat(batches).float().numpy()
        return out

    def rank(self, texts: list[str]) -> list[float]:
        """PageRank scores of the sentences on their cosine-similarity graph."""
        import numpy as np

        n = len(texts)
        emb = self.embed(texts)
        weights = np.clip(emb @ emb.T, 0.0, None)  # negative similarity is no edge
        np.fill_diagonal(weights, 0.0)
        out_sum = weights.sum(1, keepdims=True)
        # Row-stochastic transitions; a sentence with no edges jumps anywhere.
        trans = np.where(out_sum > 0, weights / np.where(out_sum > 0, out_sum, 1.0), 1.0 / n)
        scores = np.full(n, 1.0 / n)
        for _ in range(100):
            new = (1 - self.damping) / n + self.damping * trans.T @ scores
            if np.abs(new - scores).sum() < 1e-8:
                break
            scores = new
        return new.tolist()

    def predict(self, article, actors, target, max_sentences):
        rule = super().predict(article, actors, target, max_sentences)
        candidates = story_sentences(article)
        if len(candidates) <= max_sentences:
            return Prediction(summary=candidates, stances=rule.stances)
        scores = self.rank([article.sentences[i].text for i in candidates])
        # Highest score first; on a tie the earlier sentence wins.
        top = sorted(range(len(candidates)), key=lambda j: (-scores[j], j))[:max_sentences]
        return Prediction(summary=sorted(candidates[j] for j in top), stances=rule.stances)
