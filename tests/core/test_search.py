"""Full-text search: accents folded both ways, headline above body, snippets, hostile queries."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from photofactory import fixture

from desk.fts import fts_query
from desk.store import Store
from desk.store import search as store_module
from desk.store.search import SNIPPET_CLOSE, SNIPPET_OPEN

HOSTILE = [
    "NOT",
    "OR",
    "AND",
    "NOT ankara",
    "ankara OR",
    "OR OR OR",
    '"',
    '""',
    '"ankara',
    "(",
    ")",
    "(ankara",
    "*",
    "ankara*",
    "-",
    "-ankara",
    ":",
    "headline:ankara",
    "NEAR",
    "NEAR(ankara talks)",
    "NEAR(ankara talks, 2)",
    "",
    "   ",
    "!!!",
    "^",
    "^ankara",
    "+",
    "{headline}: x",
    "ankara'",
    "\x00",
    "ankara\x00talks",
    "0\x00",
    "'; DROP TABLE articles; --",
]


@pytest.fixture
def news(store: Store) -> Store:
    """A store with a few stories to search."""
    store.articles.create(
        headline="Çavuşoğlu meets Blinken in Ankara",
        body_md="The talks went on late into the night.",
    )
    store.articles.create(
        headline="Markets fall",
        body_md="Shares fell after Cavusoglu spoke about the lira in İstanbul.",
    )
    store.articles.create(headline="Weather", body_md="Rain across the north. Nothing on talks.")
    return store


def slugs(hits) -> list[str]:
    """The slugs of search hits, best first."""
    return [h.slug for h in hits]


def test_accents_are_folded_both_ways(news):
    for query in ("Cavusoglu", "cavusoglu", "ÇAVUŞOĞLU", "Çavuşoğlu"):
        assert set(slugs(news.search.stories(query))) == {
            "cavusoglu-meets-blinken-in-ankara",
            "markets-fall",
        }, query
    assert slugs(news.search.stories("istanbul")) == ["markets-fall"]


def test_headline_hit_ranks_above_body_hit(store):
    store.articles.create(headline="Weather", body_md="Floods hit Valencia overnight. " * 3)
    store.articles.create(headline="Valencia counts the cost", body_md="Water everywhere.")
    hits = store.search.stories("valencia")
    assert slugs(hits) == ["valencia-counts-the-cost", "weather"]
    assert hits[0].rank < hits[1].rank


def test_snippets_mark_the_match(news):
    [hit] = news.search.stories("lira")
    assert f"{SNIPPET_OPEN}lira{SNIPPET_CLOSE}" in hit.snippet
    assert hit.headline == "Markets fall"
    assert hit.word_count == 10


def test_last_word_is_a_prefix_while_typing(news):
    assert slugs(news.search.stories("blink")) == ["cavusoglu-meets-blinken-in-ankara"]
    assert slugs(news.search.stories("blink ")) == []


def test_all_words_must_match(news):
    assert slugs(news.search.stories("talks night")) == ["cavusoglu-meets-blinken-in-ankara"]
    assert slugs(news.search.stories("talks lira")) == []


def test_standfirst_and_edits_are_searched(store):
    a = store.articles.create(headline="One", standfirst="A volcano erupts in Iceland")
    assert slugs(store.search.stories("volcano")) == ["one"]
    store.articles.update(a.id, standfirst="Nothing")
    assert store.search.stories("volcano") == []


def test_notes_and_markup_are_not_searched_as_text(store):
    store.articles.create(headline="x", body_md="Body {>> secretword <<} **bold**")
    assert store.search.stories("secretword") == []
    assert slugs(store.search.stories("bold")) == ["x"]


def test_search_filters_by_status_and_section(news):
    news.articles.update("markets-fall", status="ready", section="Business")
    assert slugs(news.search.stories("cavusoglu", status="ready")) == ["markets-fall"]
    assert slugs(news.search.stories("cavusoglu", section="business")) == ["markets-fall"]
    assert slugs(news.search.stories("cavusoglu", status="spiked")) == []


def test_limit(store):
    for i in range(5):
        store.articles.create(headline=f"Budget {i}")
    assert len(store.search.stories("budget", limit=3)) == 3


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_fail(news, query):
    hits = news.search.stories(query)
    assert isinstance(hits, list)
    assert news.articles.count() == 3


def test_operators_are_searched_as_words(store):
    store.articles.create(headline="Vote NOT counted", body_md="near the border")
    store.articles.create(headline="Something else")
    assert slugs(store.search.stories("NOT")) == ["vote-not-counted"]
    assert slugs(store.search.stories("near")) == ["vote-not-counted"]
    assert slugs(store.search.stories("NOT counted")) == ["vote-not-counted"]


def test_punctuation_only_queries_find_nothing(news):
    for query in ("", "   ", "!!!", "*", '"', "(", "-", ":"):
        assert news.search.stories(query) == [], query


def test_fts_query_quotes_every_term():
    assert fts_query("NOT ankara") == '"NOT" "ankara"*'
    assert fts_query('say "hi"') == '"say" """hi"""*'
    assert fts_query("done ") == '"done"'
    assert fts_query("((") == ""


# The module-scoped FTS table is read-only here, so sharing it across examples is safe.
SHARED_FIXTURE = [HealthCheck.function_scoped_fixture]


@pytest.fixture(scope="module")
def fts_conn():
    """A bare FTS5 table built like Desk's, to run generated queries against."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.execute("INSERT INTO t VALUES ('Çavuşoğlu in Ankara', 'talks NOT over')")
    yield conn
    conn.close()


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text())
def test_fts_query_never_makes_fts5_raise(fts_conn, query):
    match = fts_query(query)
    if match:
        fts_conn.execute("SELECT rowid FROM t WHERE t MATCH ?", [match]).fetchall()


_tricky = st.sampled_from(['"', "*", "(", ")", ":", "-", "^", "+", "NOT", "OR", "AND", "NEAR"])


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(_tricky, st.text(max_size=6)), max_size=8).map(" ".join))
def test_fts_query_never_raises_for_operator_soup(fts_conn, query):
    match = fts_query(query)
    if match:
        fts_conn.execute("SELECT rowid FROM t WHERE t MATCH ?", [match]).fetchall()


def test_short_last_word_is_searched_whole(store):
    store.articles.create(headline="Thessaloniki port", body_md="th")
    assert slugs(store.search.stories("th")) == [
        "thessaloniki-port"
    ]  # the word "th", not every th…
    assert slugs(store.search.stories("thes")) == ["thessaloniki-port"]


def test_common_last_word_is_searched_whole_and_only_recent_matches_ranked(store, monkeypatch):
    monkeypatch.setattr(store_module, "SEARCH_WINDOW", 3)
    old = store.articles.create(headline="Vote vote vote vote", body_md="vote")
    recent = [store.articles.create(headline=f"Story {i}", body_md="the vote") for i in range(3)]
    store.articles.create(headline="Voters queue", body_md="voters")
    # "vote" matches more stories than the window: it is not expanded to "voters", and only
    # the most recent matches are ranked, however well the old story would score.
    assert set(slugs(store.search.stories("vote"))) == {a.slug for a in recent}
    assert old.slug not in slugs(store.search.stories("vote"))
    # A rarer last word is still a prefix.
    assert slugs(store.search.stories("voter")) == ["voters-queue"]


def test_very_many_matches_list_newest_first_headline_matches_on_top(store, monkeypatch):
    monkeypatch.setattr(store_module, "SEARCH_WINDOW", 4)
    store.articles.create(headline="Old budget story", body_md="budget")
    store.articles.create(headline="Budget in the headline", body_md="x")
    store.articles.create(headline="Body one", body_md="the budget")
    store.articles.create(headline="Body two", body_md="the budget again")
    store.articles.create(headline="Budget again on top", body_md="y")
    hits = store.search.stories("budget")
    assert slugs(hits) == ["budget-again-on-top", "budget-in-the-headline", "body-two", "body-one"]
    assert all(SNIPPET_OPEN in h.snippet for h in hits)
    assert slugs(store.search.stories("budget", limit=3)) == slugs(hits)[:3]
    assert slugs(store.search.stories("budget", section="none")) == []


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_fail_when_many_match(news, monkeypatch, query):
    monkeypatch.setattr(store_module, "SEARCH_WINDOW", 1)
    assert isinstance(news.search.stories(query), list)
    assert slugs(news.search.stories("cavusoglu")) == ["markets-fall"]  # only the newest match


def test_chinese_japanese_and_korean_words_are_found_inside_a_run_of_text(store):
    """unicode61 took a whole run of unspaced characters for one word: only '東京で大雨' found
    the story, never '東京' or '大雨'. The snippet shows the text as it was written."""
    tokyo = store.articles.create(headline="東京で大雨", body_md="気象庁は警報を出した。")
    beijing = store.articles.create(headline="北京天气", body_md="今天北京下大雨。")
    seoul = store.articles.create(headline="서울에서 비가", body_md="서울에 폭우가 내렸다.")
    english = store.articles.create(headline="Rain in Tokyo", body_md="Heavy rain.")

    def found(query: str) -> list[int]:
        return [h.id for h in store.search.stories(query)]

    assert found("東京") == [tokyo.id]
    assert found("大雨") in ([tokyo.id, beijing.id], [beijing.id, tokyo.id])
    assert found("警報") == [tokyo.id]
    assert found("北京") == [beijing.id]
    assert found("서울") == [seoul.id]
    assert found("폭우") == [seoul.id]
    assert found("Tokyo") == [english.id]
    (hit,) = store.search.stories("警報")
    assert hit.snippet == f"気象庁は{SNIPPET_OPEN}警報{SNIPPET_CLOSE}を出した。"
    photo = store.photos.add(fixture("03_pillow-iptc-budapest.jpg"))
    store.figures.add(tokyo.id, photo.id, caption="浸水した渋谷の交差点", credit="共同通信")
    assert store.search.photo_ids("渋谷") == [photo.id]
    assert found("渋谷") == [tokyo.id]  # captions are searched with the story


def test_a_story_too_long_for_fts5s_snippet_gets_its_headlines(store):
    """snippet() grows with the square of a story's matches (42 s for a million words): past
    SNIPPET_WORDS_MAX words a hit shows its headline's snippet instead."""
    words = store_module.SNIPPET_WORDS_MAX + 1
    live = store.articles.create(headline="Live: the council vote", body_md="vote " * words)
    short = store.articles.create(headline="Budget", body_md="The vote is on Monday.")
    hits = {h.id: h.snippet for h in store.search.stories("vote")}
    assert hits[live.id] == f"Live: the council {SNIPPET_OPEN}vote{SNIPPET_CLOSE}"
    assert hits[short.id] == f"The {SNIPPET_OPEN}vote{SNIPPET_CLOSE} is on Monday."
