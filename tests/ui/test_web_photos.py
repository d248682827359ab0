"""Figures awaiting a photo from the web, in the window: the Photos dock's Fetch from Web and the
card's menu fill them from a real local server; offline, the dock says why and they wait on."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from PySide6.QtCore import QCoreApplication

from desk import body

PHOTO = Path(__file__).resolve().parents[1] / "fixtures" / "photos" / "03_pillow-iptc-budapest.jpg"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        """Quiet."""


@pytest.fixture
def site(tmp_path):
    """A web server over a folder holding the photo; (server, address of the photo)."""
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / "bridge.jpg").write_bytes(PHOTO.read_bytes())
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}/bridge.jpg"
    httpd.shutdown()
    httpd.server_close()


def story_awaiting(store, url: str):
    """A story whose lead figure awaits its photo from the web."""
    story = store.articles.create(headline="Bridge", body_md="Water rose.")
    figure = store.figures.add(
        story.id, None, caption="The bridge", credit="Ann Lee", remote=(url, 640, 480)
    )
    store.articles.update(
        story.id, body_md=body.prepend_block("Water rose.", body.figure_line(figure.id, ""))
    )
    return story, figure


def settle(window, lane: str = "adding") -> None:
    """Let the lane's jobs (the downloads) finish and their results reach the window."""
    assert window.jobs.wait(lane, 30_000)
    QCoreApplication.processEvents()


def test_fetch_from_web_fills_the_figure(store, make_window, site):
    _, url = site
    story, figure = story_awaiting(store, url)
    window = make_window(show=True)
    window.open_article(story.id)
    panel = window.photo_panel
    assert panel.action_fetch.isVisible()
    assert panel.action_fetch.isEnabled()
    card = window.figure_cards.card_of(figure.id)
    look = window.figure_cards.look(card, window.editor.textCursor())
    assert look.awaiting
    assert look.web_host == "127.0.0.1"
    panel.action_fetch.trigger()
    settle(window)
    filled = store.figures.get(figure.id)
    assert store.photos.file(filled.photo).read_bytes() == PHOTO.read_bytes()
    assert (filled.caption, filled.credit) == ("The bridge", "Ann Lee")
    assert not panel.action_fetch.isVisible()
    assert not window.figure_cards.look(card, window.editor.textCursor()).awaiting
    assert "Water rose." in window.editor.toPlainText()


def test_offline_the_dock_says_why_and_the_figure_waits(store, make_window, site):
    httpd, url = site
    httpd.shutdown()
    httpd.server_close()
    story, figure = story_awaiting(store, url)
    window = make_window(show=True)
    window.open_article(story.id)
    window.parse_now()  # the dock numbers figures as the parsed text places them
    window.photo_panel.fetch_web_photos([figure.id])
    settle(window)
    text = window.photo_panel.message.text()
    assert text.startswith('Figure 1 ("The bridge"): Desk could not reach 127.0.0.1')
    assert store.figures.get(figure.id).on_the_web
    assert window.photo_panel.action_fetch.isEnabled()  # try again later
