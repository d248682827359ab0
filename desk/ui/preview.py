"""The live preview: the story's page in a web view, patched block by block as the body changes.

The web view (QtWebEngine, heavy) is created only after the window is shown. Each story loads
desk.preview.preview_document() once; after a typing pause the body is rendered OFF the GUI
thread (its own Renderer and read-only Store, so blocks are cached by text and figures read
safely) and only the blocks whose HTML changed are replaced in the page, via JavaScript.
Without QtWebEngine a QTextBrowser shows the same HTML, less faithfully, and says so. The same
light QTextBrowser is the "plain" preview mode for old machines ([preview] mode = "plain" in
config.toml): no web engine and none of its helper processes are started, and a button above it
switches to the page preview for the rest of the session.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk.errors import DeskError
from desk.model import Article
from desk.paths import resource_text
from desk.store import Store

from desk.ui.jobs import Jobs

PREVIEW_DELAY_MS = 300
PREVIEW_ZOOM = 0.8  # the page, a little smaller than life, beside the editor
# QWebEngineView.setHtml() takes at most 2 MB; bigger bodies are patched in after loading.
INLINE_LIMIT = 1_500_000
# The plain preview draws photos at most this wide (QTextBrowser knows no max-width).
PLAIN_IMAGE_WIDTH = 520
PLAIN_NOTE = "Plain preview: lighter, not exactly the published page."
_IMG_SIZE = re.compile(r'(<img\b[^>]*?)\swidth="(\d+)" height="(\d+)"')
# The page's chrome, which the page preview hides with CSS that QTextBrowser does not know.
_CHROME = re.compile(
    r'<a class="skip-link"[^>]*>.*?</a>|<header class="site-header">.*?</header>'
    r'|<footer class="site-footer">.*?</footer>',
    re.DOTALL,
)
# Scrolling with the editor: the page shows body block N at its top (the first element any
# block from N on rendered; deskPreview maps blocks to nodes), or its top for N < 0.
_SCROLL_TO_BLOCK = """(function (i) {
  if (i < 0) { window.scrollTo(0, 0); return true; }
  var p = window.deskPreview;
  if (!p || !p.blocks) return false;
  for (var k = i; k < p.blocks.length; k++) {
    var nodes = p.blocks[k];
    for (var n = 0; n < nodes.length; n++) {
      if (nodes[n].nodeType === 1) {
        var top = nodes[n].getBoundingClientRect().top + window.scrollY - 12;
        window.scrollTo(0, Math.max(0, top));
        return true;
      }
    }
  }
  return false;
})(%d)"""
_FIRST_TAG = re.compile(r"^(\s*<(?!/)[^>]*>)")


def configured_mode() -> tuple[str, str]:
    """The preview mode from config.toml, and what was wrong with the setting ('' if nothing)."""
    from desk import preview as core_preview
    from desk.config import read_config

    try:
        return core_preview.preview_mode(read_config()), ""
    except DeskError as exc:
        return "page", str(exc)


def fit_images(html: str, max_width: int) -> str:
    """Scale <img> width/height attributes down to max_width (for QTextBrowser), keeping ratio."""

    def fit(match: re.Match) -> str:
        width, height = int(match[2]), int(match[3])
        if width <= max_width or width == 0:
            return match[0]
        return f'{match[1]} width="{max_width}" height="{round(height * max_width / width)}"'

    return _IMG_SIZE.sub(fit, html)


def plain_html(html: str, max_width: int = PLAIN_IMAGE_WIDTH) -> str:
    """The page for QTextBrowser: without the site's header, footer and skip link (hidden in the
    page preview by CSS that QTextBrowser ignores), photos scaled to the pane."""
    return fit_images(_CHROME.sub("", html), max_width)


def diff_blocks(old: list[str], new: list[str]) -> tuple[int, int, list[str]] | None:
    """The smallest replacement turning old into new: (start, count removed, inserted), or None."""
    if old == new:
        return None
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return start, len(old) - start - end, new[start : len(new) - end]


def make_web_view(parent: QWidget):
    """A QWebEngineView whose page never navigates away from the preview (import is lazy)."""
    from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineSettings
    from PySide6.QtWebEngineWidgets import QWebEngineView

    class PreviewPage(QWebEnginePage):
        """Refuses link clicks: the preview shows the story, not the web."""

        def acceptNavigationRequest(self, url, nav_type, is_main_frame) -> bool:
            """Only the preview's own document loads."""
            del url, is_main_frame
            return nav_type != QWebEnginePage.NavigationType.NavigationTypeLinkClicked

    view = QWebEngineView(parent)
    view.setPage(PreviewPage(view))
    view.setZoomFactor(PREVIEW_ZOOM)
    settings = view.page().settings()
    settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, False)
    settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
    return view


class BlockRenderer:
    """Renders bodies to block HTML on the worker thread (its Renderer and Store stay there)."""

    def __init__(self, store_root: Path) -> None:
        self.store_root = store_root
        self._renderer = None
        self._store: Store | None = None
        self._figures: tuple[int, int, object] | None = None  # (article id, version, renderer)

    def render(self, body: str, article_id: int, figures_version: int) -> list[str]:
        """The body's blocks as HTML (only changed blocks are re-rendered: cached by text)."""
        from desk.render import Renderer

        if self._renderer is None:
            self._renderer = Renderer(notes="show")
        figure = self._figure_renderer(article_id, figures_version)
        return [h for _, h in self._renderer.render_blocks(body, figure=figure)]

    def _figure_renderer(self, article_id: int, version: int):
        """How figures draw, refreshed when the story or its figures change."""
        from desk import preview as core_preview

        if self._figures is None or self._figures[:2] != (article_id, version):
            try:
                if self._store is None:
                    self._store = Store.open(self.store_root, readonly=True)
                figure = core_preview.figure_renderer(self._store, article_id)
            except DeskError:
                from desk.render import placeholder_figure

                figure = placeholder_figure
            self._figures = (article_id, version, figure)
        return self._figures[2]

    def close(self) -> None:
        """Close the worker's read-only Store."""
        if self._store is not None:
            self._store.close()
            self._store = None


class PreviewPane(QWidget):
    """Shows the open story as its page; call show_article() then schedule_body() on edits."""

    loaded = Signal()  # a story's document finished loading (and its body is mapped)
    updated = Signal()  # the page shows the latest body

    def __init__(self, store: Store, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewPane")
        self.store = store
        self.jobs = jobs
        self.body_source: Callable[[], str] = lambda: ""
        self.article: Article | None = None
        self.view = None  # QWebEngineView once created
        self.browser: QTextBrowser | None = None  # the plain preview, or the fallback
        self.plain = False  # the plain preview was chosen in the settings
        self.ready = False  # the page is loaded and mapped
        self._page_blocks: list[str] = []
        self._pending: list[str] | None = None  # rendered while the page was loading
        self._need_load = True
        self._closed = False
        self._figures_version = 0
        self._anchors: list[int] = []  # blocks the plain preview can scroll to
        self._blocks = BlockRenderer(store.root)
        self._build()
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_body)

    def _build(self) -> None:
        """A notice line and the plain mode's bar over a stack: placeholder, then the view."""
        self._waiting = QLabel("The preview appears here.", self)
        self._notice = QLabel(self)
        self._notice.setWordWrap(True)
        self._notice.setMargin(4)
        self._notice.hide()
        self.plain_bar = QWidget(self)
        self.plain_bar.setObjectName("plainPreviewBar")
        bar = QHBoxLayout(self.plain_bar)
        bar.setContentsMargins(4, 2, 4, 2)
        self.plain_label = QLabel(PLAIN_NOTE, self.plain_bar)
        self.plain_label.setWordWrap(True)
        self.page_button = QPushButton("Show Page Preview", self.plain_bar)
        self.page_button.setToolTip(
            "Show the story as its published page (for this session; "
            'config.toml [preview] mode = "page" makes it the default)'
        )
        self.page_button.clicked.connect(self.show_page_preview)
        bar.addWidget(self.plain_label, 1)
        bar.addWidget(self.page_button)
        self.plain_bar.hide()
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._waiting)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._notice)
        layout.addWidget(self.plain_bar)
        layout.addWidget(self._stack, 1)

    @property
    def web_engine(self) -> bool:
        """True when the real web view (not the fallback) is in use."""
        return self.view is not None

    def create_view(self) -> None:
        """Create the view the settings ask for (page or plain), then load the open story."""
        if self.view is not None or self.browser is not None or self._closed:
            return
        mode, problem = configured_mode()
        if mode == "plain":
            self.use_plain()
        else:
            self.show_page_preview()
        if problem:
            self._notice.setText(problem)
            self._notice.show()

    def show_page_preview(self) -> None:
        """Show the real page in a web view (from the plain preview: for this session)."""
        if self.view is not None or self._closed:
            return
        try:
            view = make_web_view(self)
        except Exception as exc:  # ImportError, or a platform that cannot run Chromium
            if self.browser is None:
                self.use_fallback(f"Simple preview: the web engine is unavailable ({exc}).")
            else:
                self._notice.setText(f"The page preview is unavailable here ({exc}).")
                self._notice.show()
            return
        self._drop_browser()
        self.view = view
        self.view.loadFinished.connect(self._on_load_finished)
        self._stack.addWidget(self.view)
        self._stack.setCurrentWidget(self.view)
        self.load_document()

    def use_plain(self) -> None:
        """The plain preview chosen in the settings, with the page preview one click away."""
        self.plain = True
        self._make_browser()
        self.plain_bar.show()
        self.load_document()

    def use_fallback(self, reason: str) -> None:
        """Show the preview in a QTextBrowser instead, saying why."""
        self._make_browser()
        self._notice.setText(reason)
        self._notice.show()
        self.load_document()

    def _make_browser(self) -> None:
        """The QTextBrowser that shows the page's HTML without a web engine."""
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self._stack.addWidget(self.browser)
        self._stack.setCurrentWidget(self.browser)

    def _drop_browser(self) -> None:
        """Remove the plain preview (the page preview replaces it)."""
        self.plain = False
        self.plain_bar.hide()
        if self.browser is not None:
            self._stack.removeWidget(self.browser)
            self.browser.deleteLater()
            self.browser = None

    # -- what to show -------------------------------------------------------------------

    def show_article(self, article: Article | None) -> None:
        """Load a story's page (None clears the preview)."""
        self._timer.stop()
        self.article = article
        self.load_document()

    def schedule_body(self) -> None:
        """The body changed: refresh after a typing pause."""
        self._timer.start()

    def schedule_header(self, headline: str, standfirst: str) -> None:
        """Headline or standfirst edited: update the page's header in place."""
        if self.article is None:
            return
        self.article.headline, self.article.standfirst = headline, standfirst
        if self.view is not None and self.ready:
            from desk.render import smart_text  # the page's typography (the web view is up)

            args = f"{json.dumps(smart_text(headline))}, {json.dumps(smart_text(standfirst))}"
            self._run(f"deskPreview.header({args})", self._header_done)
        elif self.browser is not None:
            self._timer.start()

    def _header_done(self, found: object) -> None:
        """The page had no header to update (template changed): reload it whole."""
        if found is False:
            self.load_document()

    def set_language(self, language: str) -> None:
        """The story's language changed: reload (direction and lang live on <html>)."""
        if self.article is not None and language != self.article.language:
            self.article.language = language
            self.load_document()

    def reload(self) -> None:
        """Reload the page whole (e.g. the story's figures changed)."""
        self._figures_version += 1
        self.load_document()

    # -- rendering (off the GUI thread) ---------------------------------------------------

    def load_document(self) -> None:
        """Load the open story's page from scratch (after its body is rendered)."""
        self._need_load = True
        self.ready = False
        self._request_render()

    def update_body(self) -> None:
        """Render the body in the background; only changed blocks will be replaced."""
        self._request_render()

    def _request_render(self) -> None:
        """Send the current body to the worker, unless there is nowhere to show it yet."""
        if (self.view is None and self.browser is None) or self._closed:
            return
        if self.article is None:
            self._need_load = False
            self._page_blocks = []
            self._set_html("<!doctype html><html><body></body></html>")
            return
        article_id = self.article.id or 0
        body = self.body_source()
        self.jobs.submit(
            "body",
            self._blocks.render,
            body,
            article_id,
            self._figures_version,
            key="preview",
            on_done=self._on_rendered,
            on_failed=self._on_failed,
        )

    def _on_rendered(self, blocks: object) -> None:
        """The newest body is rendered: load the page, or patch it, or keep it for later."""
        if self.article is None or self._closed:
            return
        blocks = list(blocks)
        if self._need_load:
            self._need_load = False
            self._load(blocks)
        elif self.browser is not None:
            self._set_html(self.document_html(blocks))
            self.updated.emit()
        elif self.ready:
            self._patch(blocks)
        else:
            self._pending = blocks

    def _on_failed(self, message: str) -> None:
        """Rendering failed: say so above the preview (typing goes on)."""
        self._notice.setText(f"The preview could not be updated: {message}")
        self._notice.show()

    def document_html(self, blocks: list[str]) -> str:
        """The whole preview page for the open story."""
        from desk import preview as core_preview

        if self.article is None:
            return ""
        if self.view is None and self.browser is not None:
            self._anchors = [i for i, html in enumerate(blocks) if html.strip()]
            blocks = anchored(blocks)  # the plain preview scrolls to blocks by anchor
        return core_preview.preview_document(self.store, self.article, blocks)

    def scroll_to_block(self, index: int) -> None:
        """Show body block `index` at the top of the preview (-1: the page's top), as the editor
        scrolls; the plain preview goes to the anchor of the first block from there."""
        if self.view is not None and self.ready:
            self._run(_SCROLL_TO_BLOCK % int(index))
        elif self.browser is not None and self.ready:
            if index < 0:
                self.browser.verticalScrollBar().setValue(0)
                return
            following = [k for k in self._anchors if k >= index]
            if following:
                self.browser.scrollToAnchor(f"desk-block-{min(following)}")

    def _load(self, blocks: list[str]) -> None:
        """Give the view a new page for the story; big bodies are patched in once it loads."""
        inline = blocks if sum(map(len, blocks)) < INLINE_LIMIT else []
        try:
            html = self.document_html(inline)
        except DeskError as exc:
            self._notice.setText(str(exc))
            self._notice.show()
            return
        self.ready = False
        self._page_blocks = inline
        self._pending = None if inline is blocks else blocks
        self._set_html(html)

    def _set_html(self, html: str) -> None:
        """Give the page to whichever view is in use."""
        if self.view is not None:
            base = QUrl.fromLocalFile(str(self.store.root) + "/")
            self.view.setHtml(html, base)
        elif self.browser is not None:
            bar = self.browser.verticalScrollBar()
            position = bar.value()
            self.browser.setHtml(plain_html(html))
            bar.setValue(position)
            self.ready = True
            self.loaded.emit()

    def _on_load_finished(self, ok: bool) -> None:
        """Map the page's body nodes to blocks, then catch up with edits made meanwhile."""
        if not ok or self.article is None:
            return
        script = resource_text("js", "preview.js")
        self._run(f"{script}\ndeskPreview.init({json.dumps(self._page_blocks)});", self._mapped)

    def _mapped(self, _count: object) -> None:
        """The page is ready for patches."""
        self.ready = True
        self.loaded.emit()
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._patch(pending)

    def _patch(self, blocks: list[str]) -> None:
        """Replace only the blocks that changed since the page was last patched."""
        change = diff_blocks(self._page_blocks, blocks)
        self._page_blocks = blocks
        if change is None:
            self.updated.emit()
            return
        start, removed, inserted = change
        args = f"{start}, {removed}, {json.dumps(inserted)}"
        self._run(f"deskPreview.patch({args})", lambda _n: self.updated.emit())

    def _run(self, script: str, callback: Callable[[object], None] | None = None) -> None:
        """Run JavaScript in Desk's own world of the page (page scripts are off anyway)."""
        from PySide6.QtWebEngineCore import QWebEngineScript

        world = QWebEngineScript.ScriptWorldId.ApplicationWorld
        if callback is None:
            self.view.page().runJavaScript(script, world)
        else:
            self.view.page().runJavaScript(script, world, callback)

    def evaluate(self, script: str, callback: Callable[[object], None]) -> None:
        """Evaluate JavaScript in the page (tests and tools read the page this way)."""
        if self.view is not None:
            self._run(script, callback)
        elif self.browser is not None:
            callback(self.browser.toHtml())

    def shutdown(self) -> None:
        """Stop rendering and close the worker's Store."""
        self._closed = True
        self._timer.stop()
        self.jobs.wait("body")
        self._blocks.close()


def anchored(blocks: list[str]) -> list[str]:
    """Blocks' HTML with an anchor named after each block inside its first element, so the
    plain preview (QTextBrowser) can scroll to one."""
    out = []
    for index, html in enumerate(blocks):
        mark = f'<a name="desk-block-{index}"></a>'
        out.append(
            _FIRST_TAG.sub(lambda m, a=mark: m.group(1) + a, html, count=1) if html else html
        )
    return out
