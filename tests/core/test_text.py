"""Text helpers: slugs, folding and counts, with property tests where the input is anyone's."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk import text

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def test_fold_removes_accents_and_case():
    assert text.fold("Çavuşoğlu") == "cavusoglu"
    assert text.fold("İSTANBUL ıstanbul") == "istanbul istanbul"
    assert text.fold("Crème Brûlée") == "creme brulee"


def test_slugify_folds_accents_and_punctuation():
    assert text.slugify("Çavuşoğlu meets Blinken: 'No deal' (yet)") == (
        "cavusoglu-meets-blinken-no-deal-yet"
    )


def test_slugify_drops_an_apostrophe_inside_a_word():
    assert text.slugify("Budapest’s summer: O'Brien's 'rock 'n' roll'") == (
        "budapests-summer-obriens-rock-n-roll"
    )


def test_slugify_empty_or_symbols_gives_fallback():
    assert text.slugify("") == "story"
    assert text.slugify("!!! ??? ★★★") == "story"
    assert text.slugify("…", fallback="untitled") == "untitled"
    assert text.slugify("", fallback="") == ""


def test_slugify_cuts_long_headlines_at_a_word():
    slug = text.slugify("word " * 40)
    assert len(slug) <= text.SLUG_MAX
    assert SLUG.match(slug)
    assert not slug.endswith("-wor")


def test_slugify_cuts_a_single_huge_word():
    slug = text.slugify("a" * 500)
    assert slug == "a" * text.SLUG_MAX


@given(st.text())
def test_slugify_always_valid(headline):
    slug = text.slugify(headline)
    assert SLUG.match(slug), slug
    assert 0 < len(slug) <= text.SLUG_MAX


@given(st.text(alphabet=st.sampled_from("aé- _!Ç1"), max_size=200))
def test_slugify_valid_for_dash_heavy_text(headline):
    slug = text.slugify(headline)
    assert SLUG.match(slug), slug
    assert len(slug) <= text.SLUG_MAX


def test_reading_time():
    assert text.reading_minutes(0) == 0
    assert text.reading_minutes(10) == 1
    assert text.reading_minutes(text.WORDS_PER_MINUTE * 3) == 3


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("Москва заявила", "moskva-zayavila"),
        ("افتتاح معرض الكتاب", "ftth-m-rd-lktb"),
        ("Ελλάδα", "ellada"),
        ("北京 news", "beijing-news"),
    ],
)
def test_slugs_are_transliterated_from_any_script(headline, slug):
    assert text.slugify(headline) == slug


def test_a_count_takes_its_nouns_number():
    assert text.counted(1, "story") == "1 story"
    assert text.counted(1000, "story") == "1,000 stories"
    assert text.counted(0, "replacement") == "0 replacements"
    assert text.counted(2, "match") == "2 matches"
    assert text.counted(1, "unused tag") == "1 unused tag"
    assert text.counted(3, "unused tag") == "3 unused tags"
