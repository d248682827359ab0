"""Structured data for the page head: JSON-LD NewsArticle, Open Graph and Twitter card tags."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup


def json_script(data: object) -> Markup:
    """JSON safe inside a <script> element: no '</script>', '<!--' or ']]>' can appear in it."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def person(name: str) -> dict[str, str]:
    """A schema.org Person."""
    return {"@type": "Person", "name": name}


def organisation(name: str, url: str = "", logo: str = "") -> dict[str, Any]:
    """A schema.org Organization, with its logo when known."""
    org: dict[str, Any] = {"@type": "Organization", "name": name}
    if url:
        org["url"] = url
    if logo:
        org["logo"] = {"@type": "ImageObject", "url": logo}
    return org


def image_object(image: dict[str, Any]) -> dict[str, Any]:
    """A schema.org ImageObject from a rendition's view (url, width, height, caption, credits)."""
    obj: dict[str, Any] = {
        "@type": "ImageObject",
        "url": image["url"],
        "contentUrl": image["url"],
        "width": image["width"],
        "height": image["height"],
    }
    if image.get("caption"):
        obj["caption"] = image["caption"]
    if image.get("credit"):
        obj["creditText"] = image["credit"]
    if image.get("creators"):
        obj["creator"] = [person(n) for n in image["creators"]]
    if image.get("copyright"):
        obj["copyrightNotice"] = image["copyright"]
    return obj


def news_article(page: dict[str, Any]) -> dict[str, Any]:
    """The NewsArticle a search engine reads, from the page context built by desk.export."""
    article = page["article"]
    settings = page["settings"]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "datePublished": page["published_iso"],
    }
    if page.get("modified_iso"):
        data["dateModified"] = page["modified_iso"]  # only when it changed after publishing
    data["inLanguage"] = article.language or "en"
    data["isAccessibleForFree"] = True
    notes = [n for n in page.get("amendments", []) if n["kind"] == "correction"]
    if notes:
        data["correction"] = [correction_comment(n) for n in reversed(notes)]
    if article.standfirst:
        data["description"] = page["description"]
    if page["canonical"]:
        data["url"] = page["canonical"]
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": page["canonical"]}
    data["author"] = authors(article, settings)
    if page["images"]:
        data["image"] = [image_object(i) for i in page["images"]]
    elif settings.publisher_logo:
        data["image"] = [settings.publisher_logo]  # a story without photos: the publication's
    keywords = [t.name for t in page["tags"]]
    if keywords:
        data["keywords"] = keywords
    data.update(tag_entities(page["tags"]))
    if article.section:
        data["articleSection"] = article.section
    if settings.publisher_name:
        data["publisher"] = organisation(
            settings.publisher_name, settings.publisher_url, settings.publisher_logo
        )
    if article.agency:
        data["sourceOrganization"] = organisation(article.agency)
    if article.dateline:
        data["dateline"] = article.dateline
        data["contentLocation"] = {"@type": "Place", "name": article.dateline}
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    if article.word_count:
        data["wordCount"] = article.word_count
    return data


def correction_comment(note: dict[str, str]) -> dict[str, str]:
    """A correction as a schema.org CorrectionComment (its note and when it was made)."""
    return {"@type": "CorrectionComment", "text": note["note"], "datePublished": note["time"]}


# A tag's kind -> (NewsArticle property, schema.org type) it is listed under.
TAG_KIND_PROPERTIES = {
    "subject": ("about", "Thing"),
    "place": ("spatialCoverage", "Place"),
    "person": ("mentions", "Person"),
    "organisation": ("mentions", "Organization"),
}


def tag_entities(tags: list[Any]) -> dict[str, list[dict[str, str]]]:
    """Tags with a kind as typed entities: subjects (about), places, people and organisations."""
    found: dict[str, list[dict[str, str]]] = {}
    for tag in tags:
        if tag.kind in TAG_KIND_PROPERTIES:
            prop, kind = TAG_KIND_PROPERTIES[tag.kind]
            found.setdefault(prop, []).append({"@type": kind, "name": tag.name})
    return found


def authors(article: Any, settings: Any) -> list[dict[str, Any]]:
    """Each author as a Person; an agency or the publication when no one is named."""
    if article.authors:
        return [person(n) for n in article.authors]
    if article.byline:
        return [person(article.byline.removeprefix("By ").strip())]
    name = article.agency or settings.publisher_name or settings.site_name
    return [organisation(name)]


def meta_tags(page: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Open Graph and Twitter card tags as (attribute, name, content), lead image first."""
    article = page["article"]
    settings = page["settings"]
    tags: list[tuple[str, str, str]] = [
        ("property", "og:type", "article"),
        ("property", "og:title", article.headline),
        ("property", "og:site_name", settings.site_name),
    ]
    if page["description"]:
        tags.append(("property", "og:description", page["description"]))
    if page["canonical"]:
        tags.append(("property", "og:url", page["canonical"]))
    share = page.get("share_image")
    if share:
        tags += [
            ("property", "og:image", share["url"]),
            ("property", "og:image:type", "image/jpeg"),
            ("property", "og:image:width", str(share["width"])),
            ("property", "og:image:height", str(share["height"])),
        ]
        if share.get("alt"):
            tags.append(("property", "og:image:alt", share["alt"]))
    tags.append(("property", "article:published_time", page["published_iso"]))
    if page.get("modified_iso"):
        tags.append(("property", "article:modified_time", page["modified_iso"]))
    if article.section:
        tags.append(("property", "article:section", article.section))
    tags += [("property", "article:tag", t.name) for t in page["tags"]]
    tags.append(("name", "twitter:card", "summary_large_image" if share else "summary"))
    tags.append(("name", "twitter:title", article.headline))
    if page["description"]:
        tags.append(("name", "twitter:description", page["description"]))
    if share:
        tags.append(("name", "twitter:image", share["url"]))
        if share.get("alt"):
            tags.append(("name", "twitter:image:alt", share["alt"]))
    if settings.twitter_site:
        tags.append(("name", "twitter:site", settings.twitter_site))
    return tags


# -- the site's own pages (front, section, tag) ------------------------------------------------


def breadcrumb_list(trail: list[tuple[str, str]]) -> dict[str, Any]:
    """A schema.org BreadcrumbList from (name, url) pairs, home first; the last may lack a url."""
    items = []
    for position, (name, url) in enumerate(trail, start=1):
        item: dict[str, Any] = {"@type": "ListItem", "position": position, "name": name}
        if url:
            item["item"] = url
        items.append(item)
    return {"@type": "BreadcrumbList", "itemListElement": items}


def collection_page(
    name: str,
    url: str,
    language: str,
    stories: list[tuple[str, str]],
    trail: list[tuple[str, str]],
    site_name: str,
    site_url: str,
    description: str = "",
) -> dict[str, Any]:
    """A listing page as a CollectionPage whose main entity is the ItemList of its stories
    ((headline, url) in the order shown), with its BreadcrumbList; one @graph."""
    crumbs = breadcrumb_list(trail)
    site: dict[str, Any] = {"@type": "WebSite", "name": site_name}
    if site_url:
        site["url"] = site_url
    page: dict[str, Any] = {
        "@type": "CollectionPage",
        "name": name,
        "inLanguage": language,
        "isPartOf": site,
        "breadcrumb": crumbs,
        "mainEntity": {
            "@type": "ItemList",
            "numberOfItems": len(stories),
            "itemListOrder": "https://schema.org/ItemListOrderDescending",
            "itemListElement": [
                {"@type": "ListItem", "position": n, "url": href, "name": headline}
                for n, (headline, href) in enumerate(stories, start=1)
            ],
        },
    }
    if url:
        page["url"] = url
    if description:
        page["description"] = description
    return {"@context": "https://schema.org", **page}
