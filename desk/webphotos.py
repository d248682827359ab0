"""Photos that are only on the web. A figure imported from a page or a feed whose photo was not
in the file awaits it with its address (and the size the source gave); when Desk is online the
photo is fetched and fills the figure, keeping the caption and credit it came with. Nothing is
ever fetched unasked, and a story never needs it: the figure just keeps waiting.

download() is pure (the network and Pillow's checks, safe on a worker thread); attach() is the
store's part; fetch_story() does both for `desk image fetch`.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx

from desk import __version__
from desk.errors import BadImage, DeskError
from desk.images import PreparedPhoto, inspect_bytes
from desk.model import Figure

MAX_BYTES = 100 * 1024 * 1024  # no news photo is larger; a server sending more is refused
TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class FetchFailed(DeskError):
    """A web photo could not be fetched (offline, refused, not a photo); the figure waits on."""


@dataclass
class Fetched:
    """One figure's fetch: the figure as filled, or why it still waits."""

    figure: Figure
    error: str = ""


def download(url: str, client: httpx.Client | None = None) -> PreparedPhoto:
    """The photo at url, read and verified like a file being added (FetchFailed otherwise)."""
    host = urlsplit(url).hostname or url
    if not re.match(r"https?://", url):
        raise FetchFailed(f"{url} is not a web address Desk fetches (http or https only).")
    own = client is None
    client = client or httpx.Client(
        timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": f"Desk/{__version__}"}
    )
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchFailed(
                    f"{host} answered {response.status_code} ({response.reason_phrase}) for "
                    f"{url}; the photo may have moved: find it on the page and add it by hand."
                )
            declared = int(response.headers.get("content-length") or 0)
            if declared > MAX_BYTES:
                raise FetchFailed(_too_big(url))
            data = bytearray()
            for chunk in response.iter_bytes():
                data.extend(chunk)
                if len(data) > MAX_BYTES:
                    raise FetchFailed(_too_big(url))
            kind = response.headers.get("content-type", "").split(";")[0].strip()
    except httpx.TimeoutException:
        raise FetchFailed(f"{host} did not answer in time; try again later.") from None
    except httpx.TooManyRedirects:
        raise FetchFailed(f"{url} redirects in circles; add the photo by hand.") from None
    except httpx.HTTPError as exc:
        raise FetchFailed(
            f"Desk could not reach {host} ({_reason(exc)}); the figure keeps waiting: fetch "
            "it again when you are online."
        ) from None
    finally:
        if own:
            client.close()
    name = _file_name(url)
    try:
        return PreparedPhoto(bytes(data), inspect_bytes(bytes(data), name), name)
    except BadImage as exc:
        if kind and not kind.startswith("image/"):
            raise FetchFailed(f"{url} is not a photo (the server sent {kind}).") from None
        raise FetchFailed(str(exc)) from None


def attach(store: Any, figure_id: int, prepared: PreparedPhoto) -> Figure:
    """Put a downloaded photo into its figure (the caption and credit it came with are kept)."""
    photo = store.photos.add_prepared(prepared)
    return store.figures.replace_photo(figure_id, photo.id)


def awaiting(store: Any, key: int | str) -> list[Figure]:
    """A story's figures whose photos are on the web, in reading order."""
    return [f for f in store.figures.for_story(key) if f.on_the_web]


def fetch_story(
    store: Any, key: int | str, only: list[int] | None = None, client: httpx.Client | None = None
) -> list[Fetched]:
    """Fetch the photos a story's figures await from the web (only: those figure ids)."""
    results = []
    for figure in awaiting(store, key):
        if only is not None and figure.id not in only:
            continue
        try:
            filled = attach(store, figure.id, download(figure.remote_url, client))
        except DeskError as exc:
            results.append(Fetched(figure, str(exc)))
        else:
            results.append(Fetched(filled))
    return results


def _file_name(url: str) -> str:
    """The photo's name as its address gives it (for the library), else 'web-photo'."""
    name = posixpath.basename(unquote(urlsplit(url).path)).strip()
    name = re.sub(r"[^\w.() -]", "_", name)[:120]
    return name or "web-photo"


def _too_big(url: str) -> str:
    """The refusal of a download over MAX_BYTES."""
    return f"{url} is larger than {MAX_BYTES // (1024 * 1024)} MB, which no news photo needs."


def _reason(exc: httpx.HTTPError) -> str:
    """A network failure in a few words."""
    text = str(exc).strip()
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "no such host, or no network"
    if "Connection refused" in text:
        return "connection refused"
    return text.split("\n")[0][:120] or type(exc).__name__
