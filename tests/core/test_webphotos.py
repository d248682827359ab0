"""Photos only on the web: an imported figure awaits one with its address kept, and `desk image
fetch` fills it when online, from a real local HTTP server; offline, moved, huge or not-a-photo
addresses say so in one sentence and the figure keeps waiting."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from photofactory import fixture

from desk import webphotos
from desk.cli import main
from desk.store import Store

PHOTO = fixture("03_pillow-iptc-budapest.jpg").read_bytes()


class Photos(BaseHTTPRequestHandler):
    """A small web server: a photo, a page, a missing file, a redirect loop, a giant."""

    def do_GET(self) -> None:
        if self.path == "/photos/bridge.jpg":
            self._send(200, "image/jpeg", PHOTO)
        elif self.path == "/page.html":
            self._send(200, "text/html; charset=utf-8", b"<html><p>Not a photo</p></html>")
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/giant.jpg":
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(webphotos.MAX_BYTES + 1))
            self.end_headers()
        else:
            self._send(404, "text/plain", b"gone")

    def _send(self, status: int, kind: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args: object) -> None:
        """Quiet."""


@pytest.fixture
def server():
    """The web server on a free local port; its base address."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Photos)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def ninjs(tmp_path: Path, href: str) -> Path:
    """A ninjs story whose picture is only on the web."""
    path = tmp_path / "story.json"
    story = {
        "uri": "urn:desk:test:floods",
        "type": "text",
        "headline": "Floods close the bridge",
        "body_html": "<p>Water rose overnight.</p>",
        "associations": {
            "featureimage": {
                "type": "picture",
                "headline": "The Chain Bridge at dawn",
                "byline": "Ann Lee/AFP",
                "renditions": {"original": {"href": href, "width": 640, "height": 480}},
            }
        },
    }
    path.write_text(json.dumps(story), encoding="utf-8")
    return path


def run(store_dir: Path, *args: str):
    """The command line, stdout and stderr apart."""
    return CliRunner().invoke(main, ["--store", str(store_dir), *args])


def test_an_imported_web_photo_is_fetched_and_fills_its_figure(store_dir, tmp_path, server):
    _, base = server
    url = f"{base}/photos/bridge.jpg"
    imported = run(store_dir, "import", str(ninjs(tmp_path, url)))
    assert imported.exit_code == 0, imported.stderr
    slug = imported.stdout.strip()
    with Store.open(store_dir, readonly=True) as store:
        (figure,) = store.figures.for_story(slug)
        assert (figure.remote_url, figure.remote_width, figure.remote_height) == (url, 640, 480)
        assert figure.on_the_web
        assert figure.role == "lead"
    shown = run(store_dir, "show", slug)
    assert f"on the web, {url} (desk image fetch)" in shown.stdout

    fetched = run(store_dir, "image", "fetch", slug)
    assert fetched.exit_code == 0, fetched.stderr
    assert fetched.stdout.strip() == str(figure.id)
    with Store.open(store_dir, readonly=True) as store:
        (filled,) = store.figures.for_story(slug)
        assert store.photos.file(filled.photo).read_bytes() == PHOTO
        assert (filled.caption, filled.credit) == ("The Chain Bridge at dawn", "Ann Lee/AFP")
        assert filled.photo.original_name == "bridge.jpg"
        assert not filled.on_the_web
        assert filled.remote_url == url
    again = run(store_dir, "image", "fetch", slug)
    assert again.exit_code == 0
    assert "no figure of" in again.stderr


def test_offline_the_figure_keeps_waiting(store_dir, tmp_path, server):
    httpd, base = server
    slug = run(store_dir, "import", str(ninjs(tmp_path, f"{base}/photos/bridge.jpg"))).stdout
    httpd.shutdown()
    httpd.server_close()  # the network is gone
    result = run(store_dir, "image", "fetch", slug.strip())
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith('desk: Figure 1 ("The Chain Bridge at dawn"): Desk could not reach')
    assert "fetch it again when you are online" in line
    with Store.open(store_dir, readonly=True) as store:
        (figure,) = store.figures.for_story(slug.strip())
        assert figure.on_the_web
    (entry,) = json.loads(run(store_dir, "image", "fetch", slug.strip(), "--json").stdout)
    assert (entry["figure"], entry["number"]) == (figure.id, 1)  # the row, and "Figure 1"


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("/moved.jpg", "answered 404 (Not Found)"),
        ("/page.html", "is not a photo (the server sent text/html)"),
        ("/loop", "redirects in circles"),
        ("/giant.jpg", "is larger than 100 MB"),
    ],
)
def test_bad_addresses_say_what_happened(server, path, said):
    _, base = server
    with pytest.raises(webphotos.FetchFailed, match=said.replace("(", r"\(").replace(")", r"\)")):
        webphotos.download(base + path)


def test_only_web_addresses_are_fetched():
    with pytest.raises(webphotos.FetchFailed, match="http or https only"):
        webphotos.download("file:///etc/passwd")


def test_a_copy_of_the_story_keeps_the_web_address(store, tmp_path):
    story = store.articles.create(headline="Copy me")
    figure = store.figures.add(
        story.id, None, caption="Bridge", remote=("https://example.com/b.jpg", 800, 600)
    )
    copy = store.stories.snapshot(story.id)
    made = store.stories.make(copy)
    (again,) = store.figures.rows(made.id)
    assert (again.remote_url, again.remote_width, again.remote_height) == (
        "https://example.com/b.jpg",
        800,
        600,
    )
    assert figure.on_the_web
