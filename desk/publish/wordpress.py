"""WordPress through its REST API (wp/v2) with an application password, over httpx.

One publish: sign in (and check the user may do what the story needs), upload or update each
placed photo (the largest JPEG rendition of the export, credits embedded, so WordPress reads
the credit into the photo's metadata), find or create the tags and the section's category,
then create or update the post. Every step is idempotent and recorded as it happens (the
`note` callback), and each remote object can be found again by Desk's identifier: the post
by the key Desk writes into it as an HTML comment (searchable in WordPress 6.1), each photo
by its slug. So a retry after a crash between "post created" and "id recorded" finds the
post instead of making a second one.
"""

from __future__ import annotations

import html
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from desk.errors import PublishFailed, TargetUnreachable
from desk.model import Status
from desk.publish.records import Publication, parse_iso
from desk.publish.targets import Target

Note = Callable[[str, dict[str, Any]], None]
TIMEOUT = httpx.Timeout(30.0, connect=10.0, write=120.0)
LIVE = ("publish", "future", "private")  # a post the site already shows (or will): never demoted
SEARCH_STATUSES = "publish,future,draft,pending,private"


def marker(key: str) -> str:
    """The identifier Desk writes into a post (an HTML comment, kept by WordPress)."""
    return f"desk-story {key}"


def media_slug(key: str, figure_id: int, sha256: str) -> str:
    """The slug of a story's photo on the site: one per story, figure and photo."""
    return f"desk-{key[:16]}-{figure_id}-{sha256[:10]}"


def post_status(article: Any, moment: datetime) -> tuple[str, str | None]:
    """(WordPress status, date_gmt): ready -> pending, published -> publish, an embargo still to
    come -> future (scheduled at the embargo), anything else -> draft."""
    embargo = parse_iso(article.embargo) if article.embargo else None
    if embargo and embargo > moment:
        when = _gmt(embargo)
        if article.status in (Status.READY, Status.PUBLISHED):
            return "future", when
        return "draft", when
    if article.status == Status.PUBLISHED:
        return "publish", _gmt(parse_iso(article.published)) if article.published else None
    if article.status == Status.READY:
        return "pending", None
    return "draft", None


def _gmt(moment: datetime) -> str:
    """A time as WordPress's date_gmt wants it: 2026-11-25T11:52:29 (UTC, no zone)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


@dataclass
class Delivered:
    """What a publish made: the post's address, id and status on the site."""

    url: str
    remote_id: str
    status: str
    photos: int = 0
    notes: list[str] = field(default_factory=list)


class Site:
    """A WordPress site's REST API, signed in as the target's user."""

    def __init__(self, target: Target, password: str, client: httpx.Client | None = None) -> None:
        self.target = target
        self.client = client or httpx.Client(
            timeout=TIMEOUT,
            follow_redirects=True,
            auth=httpx.BasicAuth(target.user, password.strip()),
            headers={"User-Agent": "Desk (editorial workstation)", "Accept": "application/json"},
        )
        self._base: str | None = None
        self._query = False

    def close(self) -> None:
        """Close the connections."""
        self.client.close()

    def __enter__(self) -> Site:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- requests -------------------------------------------------------------------------

    def _send(self, method: str, url: str, doing: str, **kwargs: Any) -> httpx.Response:
        """One request; network trouble becomes TargetUnreachable, TLS trouble PublishFailed."""
        host = self.target.host
        try:
            return self.client.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise TargetUnreachable(
                f"{host} did not answer in time while Desk was {doing}"
            ) from None
        except httpx.ConnectError as exc:
            if _is_tls(exc):
                raise PublishFailed(
                    f"The secure connection to {host} failed ({_tls_reason(exc)}); check the "
                    "address, or ask the site's administrator to fix its certificate"
                ) from None
            raise TargetUnreachable(f"Desk could not reach {host} ({_reason(exc)})") from None
        except httpx.TransportError as exc:
            raise TargetUnreachable(
                f"The connection to {host} broke while Desk was {doing} ({_reason(exc)})"
            ) from None

    def discover(self) -> None:
        """Find the REST API: /wp-json/ (pretty permalinks) or ?rest_route= (plain ones)."""
        if self._base is not None:
            return
        url = self.target.url
        for base, query in ((url + "/wp-json", False), (url + "/", True)):
            params = {"rest_route": "/"} if query else None
            response = self._send(
                "GET", base + ("" if query else "/"), "finding the site", params=params
            )
            if response.status_code >= 500:
                _raise_for(response, self.target, "finding the site")
            if _is_rest_root(response):
                self._base, self._query = base, query
                return
        raise PublishFailed(
            f"{url} is not WordPress or its REST API is switched off (no REST API answered "
            "there); check that the address is the site's home page"
        )

    def call(
        self,
        method: str,
        route: str,
        doing: str,
        params: dict[str, Any] | None = None,
        missing_ok: bool = False,
        **kwargs: Any,
    ) -> Any:
        """A REST call (route like 'wp/v2/posts'); its JSON, or None when missing_ok and 404."""
        self.discover()
        assert self._base is not None
        params = dict(params or {})
        if self._query:
            url = self._base
            params["rest_route"] = "/" + route
        else:
            url = f"{self._base}/{route}"
        response = self._send(method, url, doing, params=params or None, **kwargs)
        if missing_ok and response.status_code in (404, 410):
            return None
        if response.status_code >= 400:
            _raise_for(response, self.target, doing)
        try:
            return response.json()
        except ValueError:
            raise PublishFailed(
                f"{self.target.host} did not answer like WordPress while Desk was {doing} "
                "(no JSON came back); check the target's address"
            ) from None

    # -- what the story needs -------------------------------------------------------------

    def check_user(self, photos: bool, status: str) -> None:
        """Sign in, and refuse before anything is sent when the user may not do the job."""
        me = self.call("GET", "wp/v2/users/me", "signing in", params={"context": "edit"})
        caps = me.get("capabilities") or {}
        who = f"WordPress user '{self.target.user}' on {self.target.host}"
        if photos and not caps.get("upload_files"):
            raise PublishFailed(f"{who} may not upload photos; ask for the Author or Editor role")
        if status in ("publish", "future") and not caps.get("publish_posts"):
            raise PublishFailed(
                f"{who} may not publish posts; ask for the Author or Editor role, or mark the "
                "story ready to send it for review"
            )

    def term_id(self, taxonomy: str, name: str) -> int:
        """The id of a tag or category by name, created when the site has none by that name."""
        doing = f"looking up the {'tag' if taxonomy == 'tags' else 'category'} '{name}'"
        found = self.call(
            "GET", f"wp/v2/{taxonomy}", doing, params={"search": name, "per_page": 100}
        )
        wanted = name.casefold()
        for term in found:
            if html.unescape(term.get("name", "")).casefold() == wanted:
                return int(term["id"])
        response = self._post_term(taxonomy, name)
        return int(response)

    def _post_term(self, taxonomy: str, name: str) -> int:
        """Create a term; one that exists already (by slug) gives its id."""
        doing = f"creating the {'tag' if taxonomy == 'tags' else 'category'} '{name}'"
        self.discover()
        try:
            made = self.call("POST", f"wp/v2/{taxonomy}", doing, json={"name": name})
        except _TermExists as exc:
            return exc.term_id
        return int(made["id"])

    def find_post(self, publication: Publication) -> dict[str, Any] | None:
        """The story's post: by its remembered id, else by Desk's key written in it."""
        if publication.remote_id:
            post = self.call(
                "GET",
                f"wp/v2/posts/{publication.remote_id}",
                "looking up the post",
                params={"context": "edit"},
                missing_ok=True,
            )
            if post and post.get("status") != "trash":
                return post
        hits = self.call(
            "GET",
            "wp/v2/posts",
            "looking for the post",
            params={
                "search": publication.key,
                "status": SEARCH_STATUSES,
                "context": "edit",
                "per_page": 20,
            },
        )
        mark = marker(publication.key)
        for post in hits:
            if mark in ((post.get("content") or {}).get("raw") or ""):
                return post
        return None

    def find_media(self, media_id: str | int | None, slug: str) -> dict[str, Any] | None:
        """A photo already on the site: by its remembered id, else by its slug."""
        if media_id:
            found = self.call(
                "GET",
                f"wp/v2/media/{media_id}",
                "looking up a photo",
                params={"context": "edit"},
                missing_ok=True,
            )
            if found and found.get("slug", "").startswith(slug):
                return found
        hits = self.call(
            "GET", "wp/v2/media", "looking for a photo", params={"slug": slug, "context": "edit"}
        )
        return hits[0] if hits else None

    def upload(self, path: Path, name: str, slug: str) -> dict[str, Any]:
        """Upload a photo file as a new media item."""
        return self.call(
            "POST",
            "wp/v2/media",
            f"uploading {name}",
            params={"slug": slug},
            content=path.read_bytes(),
            headers={
                "Content-Type": "image/jpeg",
                "Content-Disposition": f'attachment; filename="{name}"',
            },
        )

    def update_media(self, media_id: int, fields: dict[str, Any]) -> dict[str, Any]:
        """Set a media item's caption, alt text, title, description (and parent post)."""
        return self.call(
            "POST",
            f"wp/v2/media/{media_id}",
            "describing a photo",
            params={"context": "edit"},
            json=fields,
        )

    def delete_media(self, media_id: int | str) -> None:
        """Delete a photo the story no longer uses (gone already is fine)."""
        self.call(
            "DELETE",
            f"wp/v2/media/{media_id}",
            "removing a photo the story no longer uses",
            params={"force": "true"},
            missing_ok=True,
        )

    def save_post(self, post_id: int | None, fields: dict[str, Any]) -> dict[str, Any]:
        """Create the post, or update it in place."""
        route = f"wp/v2/posts/{post_id}" if post_id else "wp/v2/posts"
        doing = "updating the post" if post_id else "creating the post"
        return self.call("POST", route, doing, params={"context": "edit"}, json=fields)


class _TermExists(PublishFailed):
    """WordPress refused to create a term that exists already (it names the existing one)."""

    def __init__(self, message: str, term_id: int) -> None:
        super().__init__(message)
        self.term_id = term_id


def _is_rest_root(response: httpx.Response) -> bool:
    """True for the REST API index with the wp/v2 namespace."""
    if response.status_code != 200:
        return False
    try:
        doc = response.json()
    except ValueError:
        return False
    return isinstance(doc, dict) and "wp/v2" in (doc.get("namespaces") or [])


def _raise_for(response: httpx.Response, target: Target, doing: str) -> None:
    """A refused request as one sentence: 401 sign-in, 403 permission, 404 no API, 5xx down."""
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    said = html.unescape(str(body.get("message") or "")).strip().rstrip(".")
    host = target.host
    if body.get("code") == "term_exists" and isinstance(body.get("data"), dict):
        raise _TermExists(said, int(body["data"].get("term_id") or 0))
    if status == 401:
        raise PublishFailed(
            f"WordPress at {host} refused the user name or application password of "
            f"'{target.name}'; make a new application password (Users > Profile) and run "
            f"`desk target add {target.name} --kind wordpress --url {target.url} "
            f"--user {target.user}` again"
        )
    if status == 403:
        raise PublishFailed(
            f"WordPress user '{target.user}' may not do this on {host} while Desk was {doing}"
            f"{f' ({said})' if said else ''}; ask the site's administrator for the Editor role"
        )
    if status == 404:
        raise PublishFailed(
            f"{target.url} answered 404 while Desk was {doing}, so it is not WordPress or its "
            "REST API is switched off; check that the address is the site's home page"
        )
    if status == 429 or status >= 500:
        raise TargetUnreachable(
            f"WordPress at {host} could not answer ({status} {response.reason_phrase})"
        )
    raise PublishFailed(
        f"WordPress at {host} refused {doing} ({status}{f': {said}' if said else ''})"
    )


def _is_tls(exc: BaseException) -> bool:
    """True when a connection failed on TLS (certificate, protocol), not on the network."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    text = str(exc)
    return "CERTIFICATE" in text or "SSL" in text or "TLS" in text


def _tls_reason(exc: BaseException) -> str:
    """A short reason for a TLS failure."""
    text = str(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        detail = text.split("certificate verify failed:", 1)[-1].split("(")[0].strip(" )")
        return f"its certificate could not be verified: {detail}" if detail else "bad certificate"
    return text.split("] ", 1)[-1][:120] or "TLS error"


def _reason(exc: BaseException) -> str:
    """A short reason for a network failure ('connection refused', 'name not known')."""
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    for needle, said in (
        ("refused", "connection refused"),
        ("name or service not known", "the address is unknown"),
        ("temporary failure in name resolution", "no network"),
        ("network is unreachable", "no network"),
        ("no route to host", "no route to the host"),
    ):
        if needle in lowered:
            return said
    return text.split("] ", 1)[-1][:120]
