"""Named baselines: what the fine-tuned model must beat, and the fallback when no model is shipped."""

from __future__ import annotations

import re

from stancesum.actors import FoundActor
from stancesum.predictor import ActorStance, Prediction
from stancesum.reading import Article, Sentence

STORY_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


def lead_sentences(article: Article, n: int) -> list[int]:
    """Lead-N: the first n sentences that read as story sentences (end in terminal punctuation),
    which skips a headline or section label at the top of a scraped page."""
    picked = [i for i, s in enumerate(article.sentences) if STORY_SENTENCE.search(s.text)][:n]
    return picked or list(range(min(n, len(article.sentences))))


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


class LeadBaseline:
    """Lead-N summary with the rule stance baseline: cue words in the sentences that mention both
    the actor and the target; the actor's stance is the sign of the summed scores."""

    name = "baseline:lead+rule"

    def predict(self, article: Article, actors: list[FoundActor], target: str,
                max_sentences: int) -> Prediction:
        stances = []
        for actor in actors:
            scored = [(rule_score(article.sentences[i].text), i) for i in actor.sentences
                      if _mentions_target(article.sentences[i], target)]
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
