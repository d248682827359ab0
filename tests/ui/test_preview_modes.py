"""The plain preview chosen in config.toml (no web engine), the page preview one click away, and
photos drawn no wider than their pixels in the page preview and the exported page alike."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import Qt, QUrl

from desk import export
from desk.config import config_path

TEST_CORE = Path(__file__).resolve().parent.parent / "core"
sys.path.insert(0, str(TEST_CORE))

from exporthelp import make_photo  # noqa: E402


def choose(mode: str) -> None:
    """Write [preview] mode into the test's config.toml."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[preview]\nmode = "{mode}"\n', encoding="utf-8")


def evaluate(qtbot, preview, script: str) -> object:
    """Evaluate JavaScript in the preview's page."""
    found: list[object] = []
    preview.evaluate(script, found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=5000)
    return found[0]


def test_the_plain_preview_shows_the_story_with_the_page_one_click_away(qtbot, store, make_window):
    choose("plain")
    article = store.articles.create(headline="Plain mode", body_md="Some **bold** words.")
    window = make_window()
    window.open_article(article.id)
    with qtbot.waitSignal(window.preview.loaded, timeout=15000):
        window.show()
    preview = window.preview
    assert preview.plain
    assert not preview.web_engine
    assert "bold words" in preview.browser.toPlainText()
    assert preview.plain_bar.isVisible()
    assert not preview._notice.isVisible()
    with qtbot.waitSignal(preview.updated, timeout=5000):
        qtbot.keyClicks(window.editor, "Typed ")
    assert "Typed" in preview.browser.toPlainText()
    with qtbot.waitSignal(preview.loaded, timeout=15000):
        qtbot.mouseClick(preview.page_button, Qt.MouseButton.LeftButton)
    assert preview.web_engine
    assert preview.browser is None
    assert not preview.plain
    assert not preview.plain_bar.isVisible()
    body = evaluate(qtbot, preview, "document.getElementById('desk-body').textContent")
    assert "Typed" in str(body)


def test_a_wrong_mode_says_so_and_shows_the_page_preview(qtbot, store, make_window):
    choose("fancy")
    article = store.articles.create(headline="Mode", body_md="Text.")
    window = make_window()
    window.open_article(article.id)
    with qtbot.waitSignal(window.preview.loaded, timeout=15000):
        window.show()
    assert window.preview.web_engine
    assert '[preview] mode must be "page" or "plain", not \'fancy\'' in (
        window.preview._notice.text()
    )


def test_plain_mode_never_starts_the_web_engine(store, tmp_path):
    """In a fresh process: the window shown in plain mode imports no QtWebEngine module."""
    choose("plain")
    store.articles.create(headline="Fresh", body_md="Text.")
    store_root = str(store.root)
    store.close()
    script = textwrap.dedent(
        f"""
        import json, sys
        from PySide6.QtCore import QTimer
        from desk.ui.app import create_window
        window = create_window({store_root!r})
        window.show()
        def report():
            window.preview.create_view()
            loaded = sorted(m for m in sys.modules if "WebEngine" in m)
            print(json.dumps({{"plain": window.preview.plain, "webengine": loaded}}))
            window.close()
        QTimer.singleShot(0, report)
        from PySide6.QtWidgets import QApplication
        QApplication.instance().exec()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"plain": True, "webengine": []}


def test_a_small_photo_is_never_drawn_wider_than_its_pixels(qtbot, store, make_window, tmp_path):
    article = store.articles.create(headline="Small photo", body_md="Text.", status="ready")
    small = store.photos.add(make_photo(tmp_path / "small.jpg", (400, 300), seed=3))
    large = store.photos.add(make_photo(tmp_path / "large.jpg", (2000, 1333), seed=4))
    store.figures.add(article.id, small.id, caption="Small", credit="Desk", alt="A small one")
    store.figures.add(article.id, large.id, caption="Large", credit="Desk", alt="A large one")
    window = make_window()
    window.resize(1700, 900)  # the preview column wider than the small photo
    window.open_article(article.id)
    with qtbot.waitSignal(window.preview.loaded, timeout=15000):
        window.show()
    window.preview.view.setZoomFactor(1.0)
    widths = (
        "JSON.stringify(Array.from(document.querySelectorAll('figure img'))"
        ".map(i => i.clientWidth))"
    )
    in_preview = json.loads(str(evaluate(qtbot, window.preview, widths)))
    column = evaluate(qtbot, window.preview, "document.querySelector('.article-body').clientWidth")
    assert in_preview[0] == 400
    assert 400 < in_preview[1] <= column
    # The exported page, in the same engine: the same widths.
    result = export.export_story(store, article.slug, tmp_path / "out")
    view = window.preview.view
    with qtbot.waitSignal(view.loadFinished, timeout=15000):
        view.load(QUrl.fromLocalFile(str(result.path / "index.html")))
    exported = json.loads(str(evaluate(qtbot, window.preview, widths)))
    assert exported[0] == 400
    assert exported[1] > 400


def test_the_plain_preview_leaves_out_the_site_chrome_and_scales_photos(qtbot, store, make_window):
    from desk.ui.preview import plain_html

    html = (
        '<a class="skip-link" href="#content">Skip to content</a>'
        '<header class="site-header"><span class="site-name">Desk</span></header>'
        '<main><img src="a.jpg" width="2000" height="1000" alt="x"></main>'
        '<footer class="site-footer"><p>Desk</p></footer>'
    )
    expected = '<main><img src="a.jpg" width="500" height="250" alt="x"></main>'
    assert plain_html(html, 500) == expected
    choose("plain")
    article = store.articles.create(headline="Chrome", body_md="Body text.")
    window = make_window()
    window.open_article(article.id)
    with qtbot.waitSignal(window.preview.loaded, timeout=15000):
        window.show()
    text = window.preview.browser.toPlainText()
    assert "Body text." in text
    assert "Skip to content" not in text


def test_a_site_pages_name_lines_up_with_its_content_in_a_wide_window(qtbot, store, tmp_path):
    """The front, section and tag pages are wider than a story: their header kept the story's
    width, so the site's name sat 140 px inside the cards' edge at 1,280 px."""
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from desk import site
    from desk.config import ExportSettings

    store.articles.create(headline="Bridge opens", body_md="Text.", status="ready", section="City")
    site.export_site(store, tmp_path / "site", ExportSettings())
    view = QWebEngineView()
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    found: list[object] = []
    for page in ("index.html", "bridge-opens/index.html"):
        with qtbot.waitSignal(view.loadFinished, timeout=15000):
            view.load(QUrl.fromLocalFile(str(tmp_path / "site" / page)))
        script = (
            "JSON.stringify([document.querySelector('.site-name').getBoundingClientRect().left,"
            " document.querySelector('main h1').getBoundingClientRect().left])"
        )
        before = len(found)
        view.page().runJavaScript(script, 0, found.append)
        qtbot.waitUntil(lambda before=before: len(found) > before, timeout=5000)
    (name, title), (story_name, story_title) = (json.loads(str(f)) for f in found)
    assert name == title  # the listing: the name above the first card's edge
    assert story_name < story_title  # a story: the header as wide as its wide column, as before
