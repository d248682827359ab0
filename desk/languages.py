"""Story languages: BCP 47 codes with their names, from Babel's CLDR data (one owner for which
codes Desk accepts and what they are called).

The list offered is every language CLDR has data for (about 320), named in English; regional
forms ("pt-BR", "zh-Hant") are accepted when typed and named the same way.
"""

from __future__ import annotations

import functools

from desk.errors import BadInput

RTL_LANGUAGES = {"ar", "fa", "he", "ur", "yi", "ps", "sd", "ug", "dv", "ku"}


def text_direction(language: str) -> str:
    """'rtl' for right-to-left languages (by their primary subtag), else 'ltr'."""
    return "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


@functools.cache
def language_names() -> dict[str, str]:
    """Code -> English name, for every language (without region) CLDR has locale data for."""
    from babel import Locale, localedata

    names = Locale("en").languages
    codes = (c for c in localedata.locale_identifiers() if "_" not in c and c in names)
    return {code: names[code] for code in sorted(codes, key=lambda c: names[c].casefold())}


def language_choices() -> list[tuple[str, str]]:
    """(code, 'French — fr') for every language offered, sorted by name."""
    return [(code, f"{name} — {code}") for code, name in language_names().items()]


def language_name(code: str) -> str:
    """'French', 'Portuguese (Brazil)', or '' for a code Babel does not know."""
    from babel import Locale, UnknownLocaleError

    if code in language_names():
        return language_names()[code]
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name("en") or ""
    except (ValueError, UnknownLocaleError, TypeError):
        return ""


def language_label(code: str) -> str:
    """How a language is shown in a list: 'French — fr' (just the code when unknown)."""
    name = language_name(code)
    return f"{name} — {code}" if name else code


def native_name(code: str) -> str:
    """The language's name in itself ('français', 'العربية'), or ''."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_")).get_display_name() or ""
    except (ValueError, UnknownLocaleError, TypeError):
        return ""


def normalise_language(text: str) -> str:
    """A language as a canonical BCP 47 code ('pt_br' -> 'pt-BR', 'French' -> 'fr'), or BadInput."""
    from babel import Locale, UnknownLocaleError

    typed = " ".join(str(text).split())
    if " — " in typed:  # a label from the list: 'French — fr'
        typed = typed.rsplit(" — ", 1)[1]
    by_name = {name.casefold(): code for code, name in language_names().items()}
    if typed.casefold() in by_name:
        return by_name[typed.casefold()]
    try:
        locale = Locale.parse(typed.replace("-", "_"))
    except (ValueError, UnknownLocaleError, TypeError):
        raise BadInput(
            f"'{text}' is not a language Desk knows; use a code like en, fr or pt-BR, or a name "
            "like French."
        ) from None
    if "-" not in typed.replace("_", "-"):
        return locale.language  # an old code ('iw') gives its language, not a region with it
    parts = [locale.language, locale.script, locale.territory]
    return "-".join(p for p in parts if p)
