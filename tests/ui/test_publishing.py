"""Story > Publish To and the Publishing dock: publishing in the background from the window,
blocking problems refused, queued jobs retried, and a real WordPress with the password asked
once per session."""

from __future__ import annotations

import sys
from pathlib import Path

PUBLISH_TESTS = Path(__file__).resolve().parent.parent / "publish"
sys.path.insert(0, str(PUBLISH_TESTS))

from storyhelp import seed_story  # noqa: E402

from desk.publish import records, secrets, targets  # noqa: E402

WAIT_MS = 60_000


def folder_target(tmp_path: Path, name: str = "wire", exists: bool = True) -> targets.Target:
    """A ninjs folder target under tmp_path."""
    out = tmp_path / name
    if exists:
        out.mkdir()
    target = targets.make_target(name, "folder", path=str(out), fmt="ninjs")
    targets.save_target(target)
    return target


def open_story(make_window, store, status: str = "ready"):
    """A window showing the seed story."""
    slug = seed_story(store, status=status)
    window = make_window()
    window.open_article(store.articles.get(slug).id)
    return window, slug


def menu_action(window, name: str):
    """The Story > Publish To action for a target."""
    window.menu_publish.aboutToShow.emit()
    return next(a for a in window.menu_publish.actions() if a.data() == name)


def test_publish_to_lists_each_target_and_writes_the_open_story(
    qtbot, make_window, store, tmp_path
):
    target = folder_target(tmp_path)
    window, slug = open_story(make_window, store)
    action = menu_action(window, "wire")
    assert action.text() == f"wire ({target.describe()})"
    with qtbot.waitSignal(window.publisher.finished, timeout=WAIT_MS) as done:
        action.trigger()
    _, outcome = done.args
    written = Path(target.path) / f"{slug}.json"
    assert outcome.state == "published"
    assert written.is_file()
    panel = window.publishing_panel
    row = panel.tree.topLevelItem(0)
    assert [row.text(0), row.text(1), row.text(2)] == ["wire", "Published", str(written)]
    assert panel.result.text() == f"'{slug}' was written to {written}."


def test_a_blocking_problem_stops_publishing_from_the_window(qtbot, make_window, store, tmp_path):
    target = folder_target(tmp_path)
    window, slug = open_story(make_window, store)
    store.figures.add(store.articles.get(slug).id, None, caption="Awaiting the photo desk")
    with qtbot.waitSignal(window.publisher.finished, timeout=WAIT_MS) as done:
        menu_action(window, "wire").trigger()
    _, outcome = done.args
    assert outcome.state == "failed"
    assert outcome.message.startswith("Not published: Figure ")
    assert window.publishing_panel.result.text() == outcome.message
    assert list(Path(target.path).iterdir()) == []
    assert window.publisher.worker is None


def test_a_queued_story_shows_in_the_dock_and_goes_out_on_retry(
    qtbot, make_window, store, tmp_path
):
    target = folder_target(tmp_path, exists=False)
    window, slug = open_story(make_window, store)
    panel = window.publishing_panel
    with qtbot.waitSignal(window.publisher.finished, timeout=WAIT_MS) as done:
        panel.publish_button.click()
    assert done.args[1].state == "queued"
    assert panel.tree.topLevelItem(0).text(1) == "Queued"
    assert panel.outbox_label.text().startswith("Outbox: 1 queued.")
    assert records.waiting_stories(store) == {store.articles.get(slug).id: "queued"}
    # The library marks it too, and its tooltip says what happens next.
    qtbot.waitUntil(lambda: status_cell(window, slug).endswith(" · queued"), timeout=WAIT_MS)
    assert "Queued to publish" in status_tip(window, slug)
    Path(target.path).mkdir()  # the share is back
    with qtbot.waitSignal(window.publisher.finished, timeout=WAIT_MS) as done:
        panel.retry_button.click()
    assert done.args[1].state == "published"
    assert panel.outbox_label.text() == "Outbox: empty."
    assert records.outbox(store) == []
    qtbot.waitUntil(lambda: "queued" not in status_cell(window, slug), timeout=WAIT_MS)


def library_index(window, slug: str, role):
    """The library's status cell of a story, in this role."""
    model = window.library.model
    row = next(i for i, r in enumerate(model.rows) if r.slug == slug)
    return model.data(model.index(row, 1), role)


def status_cell(window, slug: str) -> str:
    """What the library's status column shows for a story."""
    from PySide6.QtCore import Qt

    return str(library_index(window, slug, Qt.ItemDataRole.DisplayRole))


def status_tip(window, slug: str) -> str:
    """The tooltip of that cell."""
    from PySide6.QtCore import Qt

    return str(library_index(window, slug, Qt.ItemDataRole.ToolTipRole))


def test_wordpress_from_the_window_asks_the_password_once_per_session(
    qtbot, make_window, store, wordpress_up, monkeypatch
):
    from PySide6.QtWidgets import QInputDialog

    target = targets.make_target("site", "wordpress", url=wordpress_up.url, user=wordpress_up.user)
    targets.save_target(target)
    monkeypatch.delenv("DESK_TARGET_PASSWORD", raising=False)
    secrets.forget(target)
    asked = []

    def get_text(*args, **kwargs):
        asked.append(args[2])
        return wordpress_up.password, True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    window, slug = open_story(make_window, store)
    for _ in range(2):
        with qtbot.waitSignal(window.publisher.finished, timeout=WAIT_MS) as done:
            menu_action(window, "site").trigger()
        assert done.args[1].state == "published", done.args[1].message
    assert asked == [f"Application password for {target.describe()}:"]
    pub = records.publication(store, store.articles.get(slug).id, "site")
    row = window.publishing_panel.tree.topLevelItem(0)
    assert row.text(2) == pub.remote_url
    assert pub.remote_url.startswith(wordpress_up.url)
    assert len(pub.media) == 4
    secrets.forget(target)


def test_targets_dialog_adds_a_folder_and_a_checked_wordpress_site_and_removes_them(
    qtbot, make_window, store, wordpress_up, tmp_path
):
    from desk.ui.targetsdialog import open_targets_dialog

    window = make_window()
    panel = window.publishing_panel
    assert panel.result.text().startswith("No publishing targets yet")
    dialog = open_targets_dialog(window)
    dialog.name.setText("wire")
    dialog.kind.setCurrentIndex(1)
    dialog.folder.setText(str(tmp_path))
    dialog.format.setCurrentIndex(1)
    dialog.add_button.click()
    assert targets.get_target("wire") == targets.Target(
        "wire", "folder", path=str(tmp_path), format="newsml"
    )
    dialog.name.setText("site")
    dialog.kind.setCurrentIndex(0)
    dialog.url.setText(wordpress_up.url)
    dialog.user.setText(wordpress_up.user)
    dialog.password.setText("wrong wrong wrong wrong")
    dialog.add_button.click()
    assert dialog.status.text() == f"Signing in to {wordpress_up.url[7:]}…"
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=WAIT_MS)
    assert dialog.status.text().startswith(f"WordPress at {wordpress_up.url[7:]} refused")
    assert [t.name for t in targets.targets()] == ["wire"]
    dialog.password.setText(wordpress_up.password)
    with qtbot.waitSignal(dialog.changed, timeout=WAIT_MS):
        dialog.add_button.click()
    assert dialog.status.text() == (
        f"Added site: WordPress at {wordpress_up.url} as {wordpress_up.user}; signed in; "
        "there is no system keychain here, so Desk keeps it until you quit."
    )
    assert secrets.known(targets.get_target("site")) == wordpress_up.password
    assert [panel.tree.topLevelItem(i).text(0) for i in range(2)] == ["site", "wire"]
    dialog.list.setCurrentRow(1)
    dialog.remove_button.click()
    assert [t.name for t in targets.targets()] == ["site"]
    secrets.forget(targets.get_target("site"))
    qtbot.waitUntil(lambda: dialog.worker is None)


def test_the_targets_dialogs_fields_start_in_one_column(qtbot, make_window):
    """The name and kind above, and each kind's own fields below, line up."""
    from desk.ui.targetsdialog import TargetsDialog

    window = make_window()
    dialog = TargetsDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    fields = (dialog.name, dialog.kind, dialog.url, dialog.user, dialog.password)
    lefts = {field.mapTo(dialog, field.rect().topLeft()).x() for field in fields}
    assert len(lefts) == 1, lefts
    dialog.kind.setCurrentIndex(1)  # a folder: its fields line up too
    qtbot.waitUntil(lambda: dialog.format.isVisible())
    assert dialog.format.mapTo(dialog, dialog.format.rect().topLeft()).x() in lefts


def test_the_targets_dialog_says_what_a_target_is_while_there_is_none(qtbot, make_window, tmp_path):
    """It opened on a large empty list with nothing to say what belongs there."""
    from desk.publish import targets

    from desk.ui.targetsdialog import TargetsDialog

    window = make_window()
    dialog = TargetsDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.empty.isVisible()
    assert "No targets yet" in dialog.empty.text()
    assert not dialog.list.isVisible()
    targets.save_target(targets.make_target("wire", "folder", path=str(tmp_path)))
    dialog.reload()
    assert dialog.list.isVisible()
    assert not dialog.empty.isVisible()
