"""ROUGE as published tables compute it, and the greedy oracle that makes extractive labels."""

import pytest
from rouge_score import rouge_scorer

from stancesum.rouge import as_lines, greedy_oracle, rouge, rouge_scores, split_sentences, tokens

REFERENCE = ("Britain is sending four more jets to the coalition fighting Islamic State. "
             "Iran condemned the coalition's strikes in Syria.")
SENTENCES = [
    "BAGHDAD, May 2 — The weather was warm on Friday.",
    "Iran condemned the strikes by the coalition in Syria.",
    "Britain will send four more Typhoon jets to the coalition fighting Islamic State.",
    "Markets were closed for the holiday.",
]


def test_same_scores_as_rouge_score_with_stemming():
    plain = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    pred = "Britain sends jets to the coalition.\nIran condemns the strikes."
    expected = {k: 100 * v.fmeasure for k, v in plain.score(as_lines(REFERENCE), pred).items()}
    assert rouge(pred, REFERENCE) == pytest.approx(expected)
    assert tokens("Sending jets, strikes") == ["send", "jet", "strike"]  # stemmed, lower-cased


def test_identical_is_100_and_empty_is_0():
    assert rouge(REFERENCE, REFERENCE) == pytest.approx({"rouge1": 100, "rouge2": 100, "rougeLsum": 100})
    assert rouge("", REFERENCE) == {"rouge1": 0, "rouge2": 0, "rougeLsum": 0}


def test_rougelsum_reads_one_sentence_per_line():
    # Sentences are found on both sides, so joined and line-broken text score the same.
    joined = "Iran condemned the coalition's strikes in Syria. Britain is sending four more jets."
    assert rouge(joined, REFERENCE) == rouge(joined.replace(". ", ".\n"), REFERENCE)
    # Summary-level LCS differs from LCS over the joined text when sentence order is swapped.
    plain_l = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True).score(REFERENCE, joined)["rougeL"].fmeasure
    assert rouge(joined, REFERENCE)["rougeLsum"] > 100 * plain_l


def test_split_sentences_keeps_abbreviations_and_lines():
    text = "U.S. officials met Mr. Smith in Baghdad. Gen. J. Doe agreed! Talks go on.\nsecond line"
    assert split_sentences(text) == ["U.S. officials met Mr. Smith in Baghdad.", "Gen. J. Doe agreed!",
                                     "Talks go on.", "second line"]


def test_rouge_scores_is_the_mean():
    got = rouge_scores([REFERENCE, ""], [REFERENCE, REFERENCE])
    assert got == pytest.approx({"rouge1": 50, "rouge2": 50, "rougeLsum": 50})


def test_greedy_oracle_picks_the_matching_sentences_in_article_order():
    assert greedy_oracle(SENTENCES, REFERENCE, max_sentences=3) == [1, 2]  # stops: nothing else helps
    assert greedy_oracle(SENTENCES, REFERENCE, max_sentences=1) == [2]  # the best single sentence
    assert greedy_oracle(SENTENCES, "", max_sentences=3) == []
    assert greedy_oracle([], REFERENCE, max_sentences=3) == []


def test_greedy_oracle_never_lowers_rouge():
    picked = greedy_oracle(SENTENCES, REFERENCE, max_sentences=3)
    score = sum(rouge("\n".join(SENTENCES[i] for i in picked), REFERENCE)[k] for k in ("rouge1", "rouge2"))
    for i in range(len(SENTENCES)):
        single = rouge(SENTENCES[i], REFERENCE)
        assert score >= single["rouge1"] + single["rouge2"]
