"""Tag suggestions from photo keywords: only keywords that look like tags (no bare numbers, no
reference codes such as 'Keyword1ref2017.1'), at most six."""

from __future__ import annotations

from photofactory import fixture
from test_tags import add_photo

from desk.store import tags as tags_module
from desk.store.tags import MAX_SUGGESTIONS, looks_like_tag


def test_numbers_codes_and_machine_tokens_are_not_tags():
    for keyword in ("2017", "12.5", "2019-08-20", "9/11", "Keyword1ref2017.1", "v2.1b3"):
        assert not looks_like_tag(keyword), keyword
    for keyword in ("autoplay_video", "@desk", "IMG_1234", "—"):
        assert not looks_like_tag(keyword), keyword


def test_names_with_digits_are_tags():
    for keyword in ("Syria", "Khan Sheikhun", "G7", "COVID-19", "Apollo 11", "5G", "MH17"):
        assert looks_like_tag(keyword), keyword
    assert looks_like_tag("Çavuşoğlu")
    assert looks_like_tag("Île-de-France")


def test_the_iptc_reference_photos_keywords_suggest_nothing(store):
    story = store.articles.create(headline="Nothing here to match")
    store.figures.add(story.id, store.photos.add(fixture("01_iptc-ref-2017.1.jpg")).id)
    keywords = store.figures.for_story(story.id)[0].photo.metadata["keywords"]
    assert keywords == ["Keyword1ref2017.1", "Keyword2ref2017.1", "Keyword3ref2017.1"]
    assert store.tags.suggest(story.id) == []


def test_at_most_six_suggestions_the_photos_first(store):
    store.tags.create("Idlib")
    story = store.articles.create(headline="Shelling in Idlib")
    words = ["Syria", "2019", "Refugees", "Camps", "IMG_0042", "Winter", "Aid", "Border", "Snow"]
    add_photo(store, story.id, {"keywords": words}, 1)
    suggested = store.tags.suggest(story.id)
    assert MAX_SUGGESTIONS == 6
    assert suggested == ["Syria", "Refugees", "Camps", "Winter", "Aid", "Border"]


def test_text_suggestions_fill_up_to_six(store):
    store.tags.create("Idlib")
    story = store.articles.create(headline="Shelling in Idlib")
    add_photo(store, story.id, {"keywords": ["Syria", "Keyword1ref2017.1", "2019"]}, 1)
    assert store.tags.suggest(story.id) == ["Syria", "Idlib"]


def test_text_is_matched_a_paragraph_at_a_time_as_it_was_whole():
    """Suggestions fold a long story paragraph by paragraph (remembered between saves); the
    words they match are those of the whole text folded at once, accents and line ends alike."""
    tricky = "Çavuşoğlu met İstanbul's mayor.\n\nNaïve café — “New\nYork”\r\nend\n\n\n"
    assert tags_module._text_words(tricky) == tags_module._words(tricky)
    store_text = "\n\n".join(f"Paragraph {n} on the harbour." for n in range(300))
    assert tags_module._text_words(store_text) == tags_module._words(store_text)


def test_a_tag_named_across_a_line_break_and_after_an_edit(store):
    store.tags.create("New York")
    store.tags.create("Çavuşoğlu")
    body_md = "\n\n".join(f"Paragraph {n} on the harbour." for n in range(200))
    story = store.articles.create(headline="Port", body_md=body_md + "\n\nFlights to New\nYork.")
    assert store.tags.suggest(story.id) == ["New York"]
    store.articles.update(story.id, body_md=body_md.replace("Paragraph 7 ", "Cavusoglu said "))
    assert store.tags.suggest(story.id) == ["Çavuşoğlu"]


def test_no_tags_in_the_store_suggests_nothing_from_the_text(store):
    story = store.articles.create(headline="Idlib", body_md="Shelling in Idlib.")
    assert store.tags.suggest(story.id) == []
