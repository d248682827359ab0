"""A story as IPTC ninjs 2.1 JSON (article.json): enough for another system, or Desk, to rebuild it.

ninjs 2.x allows no extension fields, so Desk's own data travel in standard places:
- slug -> `slugline`; standfirst -> `descriptions` (role "summary"); dateline -> `located`;
- authors -> `people` (rel "author"), the byline as printed -> `by`; agency -> `infosources`;
- section -> `subjects` with rel "section"; tags -> `subjects` with rel "tag" (or the tag's kind);
- dates: `firstcreated` the source's date (else Desk's), `versioncreated` the version readers
  get (desk.storydates); `version` counts the published versions (updates and corrections, in
  `descriptions` with their kind as the role); a withdrawn story is `pubstatus` "canceled";
- body -> `bodies`: the page HTML (text/html) and the Markdown source without editor's notes
  (text/markdown), whose `![alt](figure:ID)` lines name associations "figure-ID";
- each figure -> an association (type picture) with caption and alt text in `descriptions`,
  credit in `by`, creators in `people`, copyright in `copyrightnotice`, and the renditions.
"""

from __future__ import annotations

from typing import Any

from desk import corrections, storydates
from desk.body import public_markdown
from desk.byline import shown_byline

SCHEMA = "https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"


def story_uri(article: Any, canonical: str) -> str:
    """The story's identifier: its public address, else a Desk URN."""
    return canonical or f"urn:desk:story:{article.slug}"


def story_document(
    story: Any, views: dict[int, Any], page: dict[str, Any], href_prefix: str | None = None
) -> dict[str, Any]:
    """The ninjs document for a built story (see desk.export.Built); renditions are addressed
    under the page's public address, or under href_prefix when given (an ingest folder)."""
    article = story.article
    amendments = list(getattr(story, "amendments", []))
    body_html = "\n".join(str(b) for b in page["body_blocks"])
    doc: dict[str, Any] = {
        "uri": story_uri(article, page["canonical"]),
        "standard": {"name": "ninjs", "version": "2.1", "schema": SCHEMA},
        "type": "text",
        "representationtype": "full",
        "firstcreated": storydates.first_created(article),
        "versioncreated": storydates.version_date(article, amendments),
        "pubstatus": "canceled" if corrections.withdrawal(amendments) else "usable",
        "language": article.language or "en",
        "slugline": article.slug,
        "headlines": [{"role": "main", "value": article.headline}]
        + ([{"role": "alert", "value": article.alert}] if getattr(article, "alert", "") else []),
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": body_html,
                "wordcount": article.word_count,
                "charcount": story.char_count,
            },
            {
                "role": "source",
                "contenttype": "text/markdown",
                "value": public_markdown(article.body_md),
            },
        ],
    }
    if article.source_date:
        doc["contentcreated"] = article.source_date  # the source's (a wire's) own date
    if article.published:
        doc["version"] = str(corrections.version(amendments))
    if article.embargo:
        doc["embargoed"] = article.embargo
    descriptions = [{"role": "summary", "value": article.standfirst}] if article.standfirst else []
    descriptions += [{"role": n["kind"], "value": n["note"]} for n in page.get("amendments", [])]
    if descriptions:
        doc["descriptions"] = descriptions
    if by := shown_byline(article):
        doc["by"] = by
    if article.authors:
        doc["people"] = [{"name": n, "rel": "author"} for n in article.authors]
    if article.dateline:
        doc["located"] = article.dateline
    if article.agency:
        doc["infosources"] = [{"name": article.agency, "role": "originator"}]
    subjects = [{"name": article.section, "rel": "section"}] if article.section else []
    subjects += [{"name": t.name, "rel": t.kind or "tag"} for t in story.tags]
    if subjects:
        doc["subjects"] = subjects
    if page["canonical"]:
        doc["altids"] = [{"role": "url", "value": page["canonical"]}]
    associations = [
        picture(story.figures[fid], views[fid], page, href_prefix) for fid in story.placed
    ]
    if associations:
        doc["associations"] = associations
    return doc


def picture(
    figure: Any, view: Any, page: dict[str, Any], href_prefix: str | None = None
) -> dict[str, Any]:
    """One figure as a ninjs picture association with its renditions."""
    photo = figure.photo
    base = page["canonical"] if href_prefix is None else href_prefix
    item: dict[str, Any] = {
        "name": "featureimage" if figure.role == "lead" else f"figure-{figure.id}",
        "uri": f"urn:desk:photo:{photo.sha256}",
        "type": "picture",
        "representationtype": "full",
        "altids": [
            {"role": "figure", "value": str(figure.id)},
            {"role": "role", "value": figure.role},
            {"role": "original-name", "value": photo.original_name or ""},
        ],
        "renditions": [
            {
                "name": f"{_kind(rel)}-{_width(rel)}",
                "href": base + rel if base else rel,
                "contenttype": "image/webp" if rel.endswith(".webp") else "image/jpeg",
                "width": _width(rel),
                "height": _height(view, rel),
            }
            for rel, _ in view.files
        ],
    }
    descriptions = []
    if view.caption:
        descriptions.append({"role": "caption", "value": view.caption})
    if view.alt:
        descriptions.append({"role": "alt", "value": view.alt})
    if descriptions:
        item["descriptions"] = descriptions
    if view.credit:
        item["by"] = view.credit
    if view.creators:
        item["people"] = [{"name": n, "rel": "creator"} for n in view.creators]
    if view.copyright:
        item["copyrightnotice"] = view.copyright
    return item


def _kind(rel: str) -> str:
    """'jpeg' or 'webp' from a rendition path."""
    return "webp" if rel.endswith(".webp") else "jpeg"


def _width(rel: str) -> int:
    """The width from a rendition path like images/x-960w.jpg."""
    return int(rel.rsplit("-", 1)[1].split("w.", 1)[0])


def _height(view: Any, rel: str) -> int:
    """The height of the rendition of that width."""
    width = _width(rel)
    return next((r["height"] for r in view.renditions if r["width"] == width), 0)
