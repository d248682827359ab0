"""A built story as a WordPress post: its photos as media, tags and category, then the post."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from desk.errors import PublishFailed
from desk.export import Built, FigureView, render_figure, render_template
from desk.publish.records import Publication
from desk.publish.wordpress import LIVE, Delivered, Note, Site, marker, media_slug, post_status
from desk.render import Renderer

TITLE_LENGTH = 80


def largest_jpeg(view: FigureView) -> tuple[Path, str]:
    """(cached file, file name) of a figure's largest JPEG rendition."""
    best = max(view.renditions, key=lambda r: r["width"])
    files = dict(view.files)
    return Path(files[best["path"]]), Path(best["path"]).name


def media_fields(view: FigureView, name: str) -> dict[str, Any]:
    """What WordPress keeps about a photo: title, caption, alt text and the credit."""
    title = view.caption or Path(name).stem
    if len(title) > TITLE_LENGTH:
        title = title[: TITLE_LENGTH - 1].rstrip() + "…"
    lines = [f"Credit: {view.credit}" if view.credit else ""]
    lines.append(f"Copyright: {view.copyright}" if view.copyright else "")
    return {
        "title": title,
        "caption": view.caption,
        "alt_text": view.alt,
        "description": "\n".join(line for line in lines if line),
    }


class Progress:
    """What reached the site so far, so a failure can say what is already there."""

    def __init__(self) -> None:
        self.photos = 0
        self.post_url = ""

    def say(self, cause: str) -> str:
        """The cause of a failure, with what is on the site already."""
        if self.post_url:
            return f"{cause} (the post is on the site already at {self.post_url})"
        if self.photos:
            are = "photo is" if self.photos == 1 else "photos are"
            return f"{cause} ({self.photos} {are} on the site already; Desk reuses them)"
        return cause


def publish(
    site: Site,
    built: Built,
    publication: Publication,
    env: Any,
    note: Note,
    moment: datetime,
) -> Delivered:
    """Publish (or update) the story on the site; every step is noted as it lands."""
    progress = Progress()
    try:
        return _publish(site, built, publication, env, note, moment, progress)
    except PublishFailed as exc:
        raise type(exc)(progress.say(str(exc))) from None


def _publish(
    site: Site,
    built: Built,
    publication: Publication,
    env: Any,
    note: Note,
    moment: datetime,
    progress: Progress,
) -> Delivered:
    """The steps of publish(), in order."""
    article = built.story.article
    status, date_gmt = post_status(article, moment)
    site.check_user(photos=bool(built.story.placed), status=status)
    existing = site.find_post(publication)
    post_id = int(existing["id"]) if existing else None
    media = _upload_photos(site, built, publication, note, post_id, progress)
    tags = [site.term_id("tags", t.name) for t in built.story.tags]
    categories = [site.term_id("categories", article.section)] if article.section else []
    featured = built.story.lead_id or (built.story.placed[0] if built.story.placed else None)
    fields: dict[str, Any] = {
        "title": article.headline,
        "content": post_content(built, env, media, publication.key),
        "excerpt": article.standfirst,
        "slug": article.slug,
        "status": status,
        "tags": tags,
        "categories": categories,
        "featured_media": int(media[featured]["id"]) if featured in media else 0,
    }
    if date_gmt:
        fields["date_gmt"] = date_gmt
    if existing and existing.get("status") in LIVE and status in ("pending", "draft"):
        fields.pop("status")  # the site's editors made it live: Desk never takes it down
    if not existing and not categories:
        fields.pop("categories")  # let WordPress file it under its default category
    post = site.save_post(post_id, fields)
    url = post.get("link") or ""
    note("post", {"id": post["id"], "url": url, "status": post.get("status", "")})
    progress.post_url = url
    for fid, record in media.items():
        if record["post"] != post["id"]:
            site.update_media(record["id"], {"post": post["id"]})
            record["post"] = post["id"]
            note("media", {"figure": fid, **record})
    _remove_unused(site, publication, media, note)
    return Delivered(url, str(post["id"]), post.get("status", ""), photos=len(media))


def _upload_photos(
    site: Site,
    built: Built,
    publication: Publication,
    note: Note,
    post_id: int | None,
    progress: Progress,
) -> dict[int, dict[str, Any]]:
    """Each placed photo on the site (found again, or uploaded), described; by figure id."""
    out: dict[int, dict[str, Any]] = {}
    for fid in built.story.placed:
        figure = built.story.figures[fid]
        view = built.views[fid]
        assert figure.photo is not None  # the checks refused figures without photos
        sha = figure.photo.sha256
        slug = media_slug(publication.key, fid, sha)
        known = publication.media.get(str(fid)) or {}
        remembered = known.get("id") if known.get("sha256") == sha else None
        item = site.find_media(remembered, slug)
        path, name = largest_jpeg(view)
        if item is None:
            item = site.upload(path, name, slug)
        fields = media_fields(view, name)
        if post_id:
            fields["post"] = post_id
        item = site.update_media(int(item["id"]), fields)
        out[fid] = _media_record(item, sha)
        note("media", {"figure": fid, **out[fid]})
        progress.photos += 1
    return out


def _media_record(item: dict[str, Any], sha256: str) -> dict[str, Any]:
    """What Desk remembers of a photo on the site (sha256: the original photo's)."""
    details = item.get("media_details") or {}
    return {
        "id": int(item["id"]),
        "sha256": sha256,
        "url": item.get("source_url", ""),
        "width": int(details.get("width") or 0),
        "height": int(details.get("height") or 0),
        "post": int(item.get("post") or 0),
    }


def _remove_unused(
    site: Site, publication: Publication, media: dict[int, dict[str, Any]], note: Note
) -> None:
    """Delete photos uploaded for figures the story no longer has (or whose photo changed)."""
    kept = {int(m["id"]) for m in media.values()}
    for fid, old in publication.media.items():
        if int(old.get("id") or 0) in kept:
            continue
        site.delete_media(old["id"])
        if int(fid) not in media:
            note("media_gone", {"figure": int(fid)})


def post_content(built: Built, env: Any, media: dict[int, dict[str, Any]], key: str) -> str:
    """The post body: byline and dateline, then the body with figures pointing at the site's
    copies of the photos, then Desk's identifier (an HTML comment)."""
    story = built.story

    def figure(fid: int, alt: str, lead: bool) -> str:
        view = built.views.get(fid)
        item = media.get(fid)
        if view is None or item is None or lead:
            return ""  # the lead photo is the post's featured image, which themes show above
        remote = replace(
            view,
            src=item["url"],
            srcset_jpeg="",
            srcset_webp="",
            width=int(item.get("width") or view.width),
            height=int(item.get("height") or view.height),
        )
        return render_figure(env, remote)

    blocks = Renderer(notes="strip").render_blocks(story.article.body_md, figure)
    return render_template(
        env,
        "wordpress/post.html.j2",
        article=story.article,
        lang=story.article.language or "en",
        blocks=[Markup(h) for _, h in blocks if h],
        marker=marker(key),
    )
