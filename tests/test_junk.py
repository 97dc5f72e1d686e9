"""The junk-line filter: each shape rule, the context rules, and the topic signal on small pages."""

import pytest

from stancesum.junk import JunkFilter, furniture, is_story_shaped


@pytest.fixture(scope="module")
def junk_filter():
    return JunkFilter()


def dropped(junk_filter, page: str) -> list[str]:
    lines = page.split("\n")
    return [lines[i] for i in junk_filter(lines)]


@pytest.mark.parametrize("line, rule", [
    ("Share this article", "ui-phrase"),
    ("Subscribe to our newsletter", "ui-phrase"),
    ("Most Read", "ui-phrase"),
    ("Advertisement", "ui-phrase"),
    ("Listen to this article", "ui-phrase"),
    ("WORLD", "section-label"),
    ("MIDDLE EAST", "section-label"),
    ("Related: Rebels retake oil town of Brega", "label-prefix"),
    ("Related: What does the label mean for civil servants?", "label-prefix"),
    ("Photo: Markus Schreiber", "label-prefix"),
    ("Heatwave grips southern Iraq as power cuts spread ...", "ellipsis"),
    ("Oil tops $115 as Libya fighting intensifies…", "ellipsis"),
    ("EU agrees new rules on packaging waste Report", "trailing-tag"),
    ("Nairobi Marathon draws record field Video", "trailing-tag"),
    ("Markus Schreiber/Getty Images", "credit"),
    ("The minister at a news conference (Photo by Kiyoshi Ota)", "credit"),
    ("Home | World | Europe | Business", "navigation"),
    ("Home » News » World", "navigation"),
])
def test_furniture_shapes(line, rule):
    assert furniture(line) == rule


@pytest.mark.parametrize("line", [
    "Iran condemned the strikes.",
    '"Never," he said.',
    "WARSAW, March 8 — The coalition split on Friday.",
    "Talks in Rome / Paris",  # two items are not a menu
    "Sharing power was never the plan, the minister said.",  # "Shar..." is not a UI phrase
])
def test_story_lines_are_not_furniture(line):
    assert furniture(line) is None


def test_c4_line_rule():
    assert is_story_shaped("Iran condemned the strikes.")
    assert is_story_shaped('"We will stay," she said.')
    assert not is_story_shaped("Oil prices hit 30-month high")  # no terminal punctuation
    assert not is_story_shaped("No. 1.")  # fewer than 3 words
    assert not is_story_shaped("Prices rise again ...")  # an ellipsis is not an ending


def test_headline_list_about_the_same_country_is_dropped(junk_filter):
    # Every junk line is about Iraq, like the story: their shape (a run of headlines without
    # terminal punctuation below the story) drops them, not their topic alone.
    page = (
        "IRAQ\n"
        "Iraq asks coalition to keep advisers through next year\n\n"
        "BAGHDAD, Feb. 3 — Iraq's government asked the U.S.-led coalition on Monday to keep its military "
        "advisers in the country until the end of next year, reversing a plan to see them leave.\n\n"
        "Prime Minister Mohammed Shia al-Sudani told parliament that Iraqi forces still needed air "
        "support and intelligence to hunt down Islamic State cells in the desert.\n\n"
        '"We are not there yet."\n\n'
        "The Pentagon said it was studying the request and would consult the other coalition members.\n"
        "Most Read\n"
        "Iraq's football team reaches Asian Cup semi-final\n"
        "Baghdad book fair draws record crowds\n"
        "Iraqi dinar firms against dollar after central bank auction\n"
        "Share this article"
    )
    assert dropped(junk_filter, page) == [
        "IRAQ", "Most Read", "Iraq's football team reaches Asian Cup semi-final",
        "Baghdad book fair draws record crowds",
        "Iraqi dinar firms against dollar after central bank auction", "Share this article"]


def test_one_line_paragraphs_and_short_quotes_stay(junk_filter):
    page = (
        "THE HAGUE, June 11 — The governing coalition survived a no-confidence vote on Tuesday after the "
        "liberal VVD backed a tougher asylum bill it had threatened to block.\n"
        "Prime Minister Dick Schoof said the vote showed the government could still work.\n"
        '"This was close," he said.\n'
        '"We will vote against every article of this bill."\n'
        "Schoof rejected that view.\n"
        "Advertisement\n"
        "The Council of State had warned that parts of the bill might break European law."
    )
    assert dropped(junk_filter, page) == ["Advertisement"]


def test_title_and_crosshead_stay_off_topic_teasers_go(junk_filter):
    page = (
        "Kremlin says grain deal cannot go on without guarantees\n\n"
        "GENEVA, July 10 — Russia said on Monday it would not extend the Black Sea grain deal unless "
        "Western countries lifted curbs on its own farm exports, putting grain shipments in doubt.\n\n"
        "Pressure from Moscow\n\n"
        "The Kremlin has used the deadline before. Lavrov said Moscow had no reason to believe the West "
        "would act this time, and Ukraine said it would keep shipping grain without Russian consent.\n\n"
        "Aeroflot adds summer flights to Sochi and Antalya\n"
        "Moscow metro opens three new stations on the Big Circle Line"
    )
    verdicts = {v.index: v for v in junk_filter.classify(page.split("\n"))}
    assert not verdicts[0].junk and verdicts[0].reason == "on-topic"  # the title
    assert not verdicts[4].junk and verdicts[4].reason == "crosshead"
    assert verdicts[8].junk and verdicts[9].junk and verdicts[8].reason == "headline-run"


def test_lone_line_below_the_story_is_judged_by_topic(junk_filter):
    page = (
        "WASHINGTON, Nov. 21 — The White House said on Thursday that a ceasefire in Gaza was within reach "
        "and urged Israel and Hamas to accept the terms put forward by Egypt and Qatar.\n\n"
        "Reporting by Jane Holt in Washington; Editing by Peter Graff"
    )
    verdicts = junk_filter.classify(page.split("\n"))
    assert verdicts[-1].junk and verdicts[-1].reason == "page-bottom"
    assert verdicts[-1].similarity is not None and verdicts[-1].similarity < junk_filter.keep_run


def test_question_headlines_in_a_list_are_dropped(junk_filter):
    page = (
        "MIDDLE EAST\n"
        "Is Mosul ready for its first local elections?\n"
        "Can the Tigris be saved from drought?\n\n"
        "RAMADI, May 5 — Coalition aircraft struck a network of tunnels used by Islamic State fighters "
        "near the town of Hit on Sunday, the Iraqi military said."
    )
    assert dropped(junk_filter, page) == [
        "MIDDLE EAST", "Is Mosul ready for its first local elections?", "Can the Tigris be saved from drought?"]


def test_without_story_lines_nothing_but_furniture_goes(junk_filter):
    lines = ["Share this article", "Oil prices rise", "Talks resume in Geneva"]
    assert junk_filter(lines) == [0]
    assert junk_filter(["Share this article"]) == []  # never the whole text
    assert junk_filter(["", "  "]) == []


def test_pipeline_reports_dropped_lines_and_keeps_them_out(example_path):
    from stancesum import StanceSummarizer

    result = StanceSummarizer.load("lead+rule").analyze(example_path.read_text())
    dropped_lines = result.meta["dropped_lines"]
    assert "Share this article" in dropped_lines and "WORLD" in dropped_lines
    assert "Iraq's football team reaches Asian Cup semi-final" in dropped_lines
    lines = result.text.split("\n")
    assert [lines[i] for i in result.junk_lines] == dropped_lines
    junk_spans = [(sum(len(x) + 1 for x in lines[:i]), len(lines[i])) for i in result.junk_lines]
    for actor in result.actors:
        for m in actor.mentions:
            assert not any(start <= m.start < start + n for start, n in junk_spans)
    assert not any(line in result.summary for line in dropped_lines)
