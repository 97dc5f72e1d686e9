"""Reading: HTML to text with its title, sentences with offsets, entities with their context."""

import pytest

from stancesum.reading import html_to_text, looks_like_html, read_article, spacy_pipeline, split_sentences


@pytest.fixture(scope="module")
def nlp():
    return spacy_pipeline()


def sentences(text):
    article = read_article(text)
    for s in article.sentences:
        assert article.text[s.start:s.end] == s.text  # offsets always point into the text
    return [s.text for s in article.sentences]


def test_abbreviations_do_not_split():
    assert sentences(
        "BAGHDAD, Oct. 14 — The United States will keep leading the coalition, officials said.\n"
        "The talks, set for Sept. 15 in Geneva, were delayed. The U.S. delegation will arrive on "
        "Monday, said Gen. Mark Milley.") == [
        "BAGHDAD, Oct. 14 — The United States will keep leading the coalition, officials said.",
        "The talks, set for Sept. 15 in Geneva, were delayed.",
        "The U.S. delegation will arrive on Monday, said Gen. Mark Milley."]


def test_headlines_are_sentences_and_sentences_never_cross_lines():
    article = read_article("Washington rules out talks with Moscow\nIran condemned the strikes. It did so "
                           "again.\n\n\"We stand with our partners,\" said John Healey.")
    assert [(s.text, s.line) for s in article.sentences] == [
        ("Washington rules out talks with Moscow", 0), ("Iran condemned the strikes.", 1),
        ("It did so again.", 1), ('"We stand with our partners," said John Healey.', 3)]


def test_quotes_stay_with_their_sentence():
    assert sentences('"We will stay." he said. "Never."') == ['"We will stay." he said.', '"Never."']
    assert sentences('"Both sides know it," he said. "Whoever controls the river controls the tempo."') == [
        '"Both sides know it," he said.', '"Whoever controls the river controls the tempo."']


def _doc(nlp, words, starts, tags=None, spaces=None):
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts, tags=tags)


def test_repair_split_after_initialism_and_title(nlp):
    # spaCy's failure cases, built by hand: "U.S. | Central Command said ...", "Gen. | Milley ..."
    words = ["The", "U.S.", "Central", "Command", "said", "so", "."]
    doc = _doc(nlp, words, [True, False, True, False, False, False, False],
               tags=["DT", "NNP", "NNP", "NNP", "VBD", "RB", "."],
               spaces=[True, True, True, True, True, False, False])
    assert [doc.text[a:b] for a, b in split_sentences(doc)] == ["The U.S. Central Command said so."]
    words = ["Sanctions", "hit", "the", "U.S.", "The", "ministry", "was", "silent", "."]
    doc = _doc(nlp, words, [True, False, False, False, True, False, False, False, False],
               tags=["NNS", "VBD", "DT", "NNP", "DT", "NN", "VBD", "JJ", "."],
               spaces=[True, True, True, True, True, True, True, False, False])
    assert len(split_sentences(doc)) == 2  # a real sentence end after "U.S." stays
    words = ["He", "met", "Gen.", "Milley", "today", "."]
    doc = _doc(nlp, words, [True, False, False, True, False, False], spaces=[True, True, True, True, False, False])
    assert len(split_sentences(doc)) == 1


def test_repair_dangling_quote_dateline_and_lowercase(nlp):
    words = ["He", "said", '"', "no", ".", '"', "Then", "he", "left", "."]
    spaces = [True, True, False, False, False, True, True, True, False, False]
    doc = _doc(nlp, words, [True, False, False, False, False, True, True, False, False, False], spaces=spaces)
    assert [doc.text[a:b] for a, b in split_sentences(doc)] == ['He said "no."', "Then he left."]
    words = ["VALLETTA", ",", "April", "15", "—", "The", "vote", "passed", "."]
    doc = _doc(nlp, words, [True, False, False, False, False, True, False, False, False],
               spaces=[False, True, True, True, True, True, True, False, False])
    assert len(split_sentences(doc)) == 1
    words = ['"', "Stay", ".", '"', "he", "said", "."]
    doc = _doc(nlp, words, [True, False, False, False, True, False, False],
               spaces=[False, False, False, True, True, False, False])
    assert len(split_sentences(doc)) == 1


def test_entities_carry_their_context():
    article = read_article("BEIRUT, June 14 — Iran condemned the strikes in Syria, officials told Reuters.")
    ents = {e.text: e for e in article.entities}
    assert ents["BEIRUT"].dateline and not ents["Iran"].dateline
    assert ents["Iran"].dep == "nsubj" and ents["Iran"].after == "condemned"
    assert ents["Syria"].before.endswith("in")
    assert all(article.text[e.start:e.end] == e.text for e in article.entities)


def test_html_main_text_and_title():
    paragraphs = "".join(f"<p>Paragraph {i}: Britain said on Monday it would keep its jets in the coalition "
                         f"against Islamic State, while Iran again condemned the strikes.</p>" for i in range(5))
    page = (f"<html><head><title>Jets stay</title></head><body><nav>Home | World</nav>"
            f"<article><h1>Jets stay</h1>{paragraphs}</article></body></html>")
    assert looks_like_html(page) and not looks_like_html("Iran condemned <the> strikes.")
    text, title = html_to_text(page)
    assert title == "Jets stay"
    assert "Paragraph 0" in text and "<p>" not in text and "Home | World" not in text
