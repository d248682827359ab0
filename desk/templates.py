"""The page templates: one Jinja environment (the user's template folder first, then the
built-ins, also reachable as `default:NAME`), the page CSS, and the filters the templates use
(dates, numbers and words in the page's language, from desk.pagewords; the page's favicon).
"""

from __future__ import annotations

import functools
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    TemplateError,
    pass_context,
    select_autoescape,
)

from desk import pagewords
from desk.byline import byline_parts
from desk.errors import ExportFailed
from desk.paths import resource, user_templates_dir
from desk.render import smart_text


def environment() -> Environment:
    """Templates: the user's folder first, then the built-ins (also as `default:NAME`).

    One environment (templates compiled once) while the user's template folder is unchanged."""
    return template_environment(templates_key())


def template_environment(key: tuple) -> Environment:
    """The environment for a state of the user's template folder (see templates_key)."""
    return _environment(key)


def templates_key() -> tuple:
    """What the user's template folder holds (names, sizes and times): a changed file, or a new
    override, makes a new environment."""
    folder = user_templates_dir()
    try:
        found = [(str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*")]
    except OSError:
        found = []
    return (str(folder), tuple(sorted(found)))


@functools.lru_cache(maxsize=4)
def _environment(key: tuple) -> Environment:
    """The Jinja environment for one state of the user's template folder."""
    builtin = FileSystemLoader(str(resource("templates")))
    loader = ChoiceLoader(
        [
            FileSystemLoader(key[0]),
            PrefixLoader({"default": builtin}, delimiter=":"),
            builtin,
        ]
    )
    env = Environment(
        loader=loader,
        autoescape=select_autoescape(["html", "htm", "xml", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["human_date"] = _human_date
    env.filters["number"] = _number
    env.filters["smart"] = smart_text  # the body's curly quotes, dashes and ellipses
    env.globals["human_date"] = _human_date
    env.globals["human_update"] = _human_update
    env.globals["t"] = pagewords.label
    env.globals["favicon"] = favicon_uri
    env.globals["byline_parts"] = byline_parts
    return env


FAVICON_COLOUR = "#b3121f"  # the page's accent (resources/css/article.css)


@functools.lru_cache(maxsize=64)
def favicon_uri(site_name: str) -> str:
    """The page's own icon, inline (no request, no 404): the site name's initial on the accent."""
    from urllib.parse import quote

    from markupsafe import escape

    initial = next((c for c in site_name if c.isalnum()), "D").upper()
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 64 64'>"
        f"<rect width='64' height='64' rx='12' fill='{FAVICON_COLOUR}'/>"
        "<text x='32' y='46' font-family='Georgia,serif' font-size='42' font-weight='700' "
        f"fill='white' text-anchor='middle'>{escape(initial)}</text></svg>"
    )
    return "data:image/svg+xml," + quote(svg, safe="=:/,")


@pass_context
def _human_date(context: Any, iso: str, with_time: bool = True) -> str:
    """A date (and time) in the page's language (the template's `lang`)."""
    return pagewords.human_date(iso, context.get("lang"), with_time)


@pass_context
def _human_update(context: Any, published: str, modified: str) -> str:
    """When a story was updated, in the page's language."""
    return pagewords.human_update(published, modified, context.get("lang"))


@pass_context
def _number(context: Any, value: int) -> str:
    """A count in the page's language."""
    return pagewords.number(value, context.get("lang"))


def label(key: str, language: object = "en", **values: object) -> str:
    """A word of the page template in the story's language (desk.pagewords owns the words)."""
    return pagewords.label(key, language, **values)


def stylesheet() -> str:
    """The page CSS: the user's style.css when there is one, else the built-in."""
    user = user_templates_dir() / "style.css"
    if user.is_file():
        return user.read_text(encoding="utf-8")
    return _builtin_css()


@functools.cache
def _builtin_css() -> str:
    """The built-in page CSS, read once."""
    return resource("css", "article.css").read_text(encoding="utf-8")


def render_template(env: Environment, name: str, **context: Any) -> str:
    """Render a template; a broken (user) template becomes one clear ExportFailed."""
    try:
        return env.get_template(name).render(**context)
    except TemplateError as exc:
        raise ExportFailed(
            f"The template {name} could not be used ({exc}); fix it in {user_templates_dir()} "
            "or remove it to use the built-in one."
        ) from None


def human_update(published: str, modified: str, language: str = "en") -> str:
    """When a story was updated (desk.pagewords owns dates)."""
    return pagewords.human_update(published, modified, language)


def human_date(iso: str, with_time: bool = True, language: str = "en") -> str:
    """A stored time for a reader (desk.pagewords owns dates)."""
    return pagewords.human_date(iso, language, with_time)
