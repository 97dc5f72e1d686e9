"""Converters of the public data sets, on tiny files in their published layouts (written here)."""

import json

import pytest

from stancesum import public_data as pd


@pytest.fixture
def shared(tmp_path, monkeypatch):
    monkeypatch.setenv("STANCESUM_SHARED_DATA", str(tmp_path))
    return tmp_path


def test_detokenize_ptb():
    assert pd.detokenize("He said `` we do n't know '' -LRB- CNN -RRB- , it 's $ 5 .") == \
        "He said \"we don't know\" (CNN), it's $5."


def test_directed_sentiment_direction_and_offsets(shared):
    (shared / "directed_sentiment_news").mkdir()
    (shared / "directed_sentiment_news" / "test.txt").write_text(
        "[Paris] praised [Berlin] for the deal.\tParis\tBerlin\t1\n"
        "[Rome] was blamed by [Madrid] on Monday.\tRome\tMadrid\t4\n")
    first, second = pd.directed_sentiment("test")
    assert first.text == "Paris praised Berlin for the deal."
    assert (first.target, first.actors[0].name, first.actors[0].stance) == ("Berlin", "Paris", "support")
    assert (second.target, second.actors[0].name, second.actors[0].stance) == ("Rome", "Madrid", "oppose")
    m = second.actors[0].mentions[0]
    assert second.text[m.start:m.end] == "Madrid"


def test_fnc1_drops_unrelated_and_maps_labels(shared):
    root = shared / "fnc1"
    root.mkdir()
    (root / "competition_test_bodies.csv").write_text('Body ID,articleBody\n7,"The minister denied it, twice."\n')
    (root / "competition_test_stances.csv").write_text(
        "Headline,Body ID,Stance\nMinister resigns,7,disagree\nCat wins prize,7,unrelated\n")
    records = list(pd.fnc1())
    assert len(records) == 1
    assert records[0].target == "Minister resigns"
    assert (records[0].actors[0].name, records[0].actors[0].stance) == (pd.AUTHOR, "oppose")


def test_newsmtsc_polarity(shared):
    (shared / "newsmtsc").mkdir()
    row = {"sentence_normalized": "Critics attacked Mr. Smith.",
           "targets": [{"from": 17, "to": 26, "mention": "Mr. Smith", "polarity": 2.0}]}
    (shared / "newsmtsc" / "devtest_rw.jsonl").write_text(json.dumps(row) + "\n")
    (record,) = pd.newsmtsc("devtest_rw")
    assert record.target == pd.SENTIMENT_TARGET
    assert (record.actors[0].name, record.actors[0].stance) == ("Mr. Smith", "oppose")


def test_unknown_source_is_named():
    with pytest.raises(KeyError, match="unknown public data set 'nope'"):
        pd.load_public("nope")
