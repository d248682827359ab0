"""The page's dates, numbers and words in the story's language (Babel's CLDR data)."""

from __future__ import annotations

import pytest

from desk import pagewords


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "20 août 2019, 09:30 UTC"),
        ("de", "20. August 2019, 09:30 UTC"),
        ("es", "20 de agosto de 2019, 9:30 UTC"),
        ("en-GB", "20 August 2019, 09:30 UTC"),
        ("tr", "20 Ağustos 2019 09:30 UTC"),
    ],
)
def test_dates_follow_the_story_language(language, expected):
    assert pagewords.human_date("2019-08-20T09:30:00Z", language) == expected


def test_plain_english_uses_cldr_english_with_its_own_spaces():
    text = pagewords.human_date("2019-08-20T14:05:00Z", "en")
    assert text.replace("\u202f", " ") == "August 20, 2019, 2:05 PM UTC"


def test_a_date_alone_and_an_update_on_the_same_day():
    assert pagewords.human_date("2019-08-20T09:30:00Z", "fr", with_time=False) == "20 août 2019"
    same_day = pagewords.human_update("2019-08-20T09:30:00Z", "2019-08-20T15:10:00Z", "fr")
    assert same_day == "15:10 UTC"
    later = pagewords.human_update("2019-08-20T09:30:00Z", "2019-08-22T08:00:00Z", "de")
    assert later == "22. August 2019, 08:00 UTC"


def test_unknown_or_regional_tags_fall_back_to_their_language_then_english():
    assert pagewords.human_date("2019-08-20T09:30:00Z", "fr-XX", False) == "20 août 2019"
    assert pagewords.human_date("2019-08-20T09:30:00Z", "zz", False) == "August 20, 2019"
    assert pagewords.human_date("2019-08-20T09:30:00Z", "", False) == "August 20, 2019"


def test_numbers_and_labels_use_the_language_grouping():
    assert pagewords.number(12345, "en") == "12,345"
    assert pagewords.number(12345, "de") == "12.345"
    assert pagewords.number(12345, "fr").replace("\u202f", " ") == "12 345"
    assert pagewords.label("min_read", "de", n=1200) == "1.200 Min. Lesezeit"
    assert pagewords.label("min_read", "pt-BR", n=3) == "3 min de leitura"
    assert pagewords.label("topics", "xx") == "Topics"


def test_every_language_has_every_label_english_has():
    table = pagewords._labels()
    english = set(table["en"])
    for language, words in table.items():
        if language.startswith("_"):
            continue
        assert set(words) == english, language


def test_a_french_story_page_has_french_dates(store, tmp_path):
    from desk import export

    article = store.articles.create(
        headline="Inondations", body_md="Texte.", language="fr", status="ready"
    )
    store.db.conn.execute(
        "UPDATE articles SET published = ?, modified = ? WHERE id = ?",
        ["2019-08-20T09:30:00Z", "2019-08-21T10:00:00Z", article.id],
    )
    store.db.conn.commit()
    result = export.export_story(store, article.slug, tmp_path / "out")
    html = (result.path / "index.html").read_text(encoding="utf-8")
    assert ">20 août 2019, 09:30 UTC</time>" in html
    assert "Mis à jour <time" in html
    assert "21 août 2019, 10:00 UTC" in html
    assert "August" not in html
