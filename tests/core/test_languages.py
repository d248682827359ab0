"""Languages: names from Babel's CLDR data with the code beside; typed names and codes become
canonical BCP 47 codes; an unknown one is refused in one sentence."""

from __future__ import annotations

import pytest

from desk.errors import BadInput
from desk.languages import language_choices, language_label, native_name, normalise_language


def test_the_list_names_languages_with_their_code():
    choices = dict(language_choices())
    assert choices["fr"] == "French — fr"
    assert choices["ar"] == "Arabic — ar"
    assert len(choices) > 150
    names = [label.rsplit(" — ", 1)[0] for _, label in language_choices()]
    assert names == sorted(names, key=str.casefold)


@pytest.mark.parametrize(
    ("typed", "code"),
    [("fr", "fr"), ("FR", "fr"), ("French", "fr"), ("pt_br", "pt-BR"), ("Arabic — ar", "ar"),
     ("zh-hant", "zh-Hant"), ("iw", "he")],
)  # fmt: skip
def test_typed_languages_become_canonical_codes(typed, code):
    assert normalise_language(typed) == code


def test_regional_forms_and_native_names():
    assert language_label("pt-BR") == "Portuguese (Brazil) — pt-BR"
    assert native_name("ar") == "العربية"
    assert language_label("qqq") == "qqq"


def test_an_unknown_language_is_refused_in_one_sentence():
    with pytest.raises(BadInput, match="'klingon' is not a language Desk knows"):
        normalise_language("klingon")
