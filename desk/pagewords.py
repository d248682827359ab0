"""The page's words, dates and numbers in the story's language (labels.json + Babel's CLDR data).

One owner for how an exported page (story, front, section and tag pages, and the editor's
preview) prints its dates, counts and fixed words: "20 août 2019, 09:30 UTC" for French,
"August 20, 2019, 9:30 AM UTC" for "en", "20 August 2019, 09:30 UTC" for "en-GB". Locales are
parsed once per language tag; an unknown tag falls back to its primary subtag, then to English.
"""

from __future__ import annotations

import functools
import json
from datetime import UTC, datetime
from typing import Any

from desk.paths import resource_text

DEFAULT_LANGUAGE = "en"


@functools.cache
def _labels() -> dict[str, dict[str, str]]:
    """The page's words by language (resources/labels.json), read once."""
    table = json.loads(resource_text("labels.json"))
    table.pop("_comment", None)
    return table


def languages() -> list[str]:
    """The languages the page's words are translated into."""
    return sorted(_labels())


def primary(language: object) -> str:
    """The primary subtag of a language tag ('pt-BR' -> 'pt'), lower-case; 'en' for none."""
    if not isinstance(language, str) or not language.strip():
        return DEFAULT_LANGUAGE
    return language.strip().replace("_", "-").split("-")[0].lower()


def label(key: str, language: object = DEFAULT_LANGUAGE, **values: object) -> str:
    """A word of the page templates in the story's language (English when not translated).

    Numbers among values are printed the language's way (1,234 / 1 234 / 1.234)."""
    table = _labels()
    word = table.get(primary(language), {}).get(key) or table["en"][key]
    if not values:
        return word
    shown = {k: number(v, language) if isinstance(v, int) else v for k, v in values.items()}
    return word.format(**shown)


@functools.cache
def babel_locale(language: str) -> Any:
    """Babel's Locale for a language tag: the full tag, else its primary subtag, else English."""
    from babel import Locale, UnknownLocaleError

    for tag in (language.replace("-", "_"), primary(language), DEFAULT_LANGUAGE):
        try:
            return Locale.parse(tag)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(DEFAULT_LANGUAGE)


def _locale(language: object) -> Any:
    """The Locale for any language value (None and '' mean English)."""
    tag = language.strip() if isinstance(language, str) and language.strip() else "en"
    return babel_locale(tag)


def parse_iso(iso: str) -> datetime:
    """A stored ISO time ('2019-08-20T14:05:00Z') as an aware UTC datetime."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def date_text(iso: str, language: object = DEFAULT_LANGUAGE) -> str:
    """The day in the language's long form: '20 August 2019', '20 août 2019'."""
    from babel.dates import format_date

    if not iso:
        return ""
    return format_date(parse_iso(iso), "long", locale=_locale(language))


def time_text(iso: str, language: object = DEFAULT_LANGUAGE) -> str:
    """The time of day in UTC the language's way, zone named: '09:30 UTC', '9:30 AM UTC'."""
    from babel.dates import format_time

    if not iso:
        return ""
    moment = parse_iso(iso)
    return f"{format_time(moment, 'short', tzinfo=UTC, locale=_locale(language))} UTC"


def human_date(iso: str, language: object = DEFAULT_LANGUAGE, with_time: bool = True) -> str:
    """Day and (by default) time in the language's own pattern: '20 August 2019, 09:30 UTC'."""
    if not iso:
        return ""
    tag = language.strip() if isinstance(language, str) and language.strip() else "en"
    return _human_date(iso, tag, with_time)


@functools.lru_cache(maxsize=4096)
def _human_date(iso: str, language: str, with_time: bool) -> str:
    """human_date() remembered: a site's listings show each story's date several times, and
    Babel's formatting costs more than the rest of a card."""
    day = date_text(iso, language)
    if not with_time:
        return day
    pattern = str(_locale(language).datetime_formats["medium"]).replace("'", "")
    return pattern.replace("{1}", day).replace("{0}", time_text(iso, language))


def human_update(published: str, modified: str, language: object = DEFAULT_LANGUAGE) -> str:
    """When a story was updated: only the time when it was the day it was published."""
    if parse_iso(published).date() == parse_iso(modified).date():
        return time_text(modified, language)
    return human_date(modified, language)


def number(value: int | float, language: object = DEFAULT_LANGUAGE) -> str:
    """A count the language's way: 1,234 (en), 1 234 (fr), 1.234 (de)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_locale(language))
