"""The window's safekeeping: tidying after a killed Desk, copies offered back, backups on a
schedule and by hand, and File > Restore from Backup…."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from desk import backup, rescue, settings
from desk.store import Store

from desk.ui import recovery

PHOTO = Path(__file__).resolve().parents[1] / "fixtures" / "photos" / "07_cmyk.jpg"


def settle(window, lane: str = "work") -> None:
    """Let the lane's jobs finish and their results reach the window."""
    assert window.jobs.wait(lane, 30_000)
    QCoreApplication.processEvents()


def answer_with(monkeypatch, label: str, seen: list[str]) -> None:
    """Message boxes are answered by clicking the button of that label."""

    def click(box, *_args):
        seen.append(box.text())
        (button,) = [b for b in box.buttons() if b.text() == label]
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click)


def test_opening_tidies_what_a_killed_desk_left(store, window):
    photo = store.photos.add(PHOTO)
    part = (store.root / photo.path).parent / ".adding-killed.part"
    part.write_bytes(b"half a photo")
    window.safekeeping.start()
    settle(window)
    assert not part.exists()
    assert (store.root / photo.path).is_file()
    assert not window.banner.isVisible()


def test_a_kept_copy_is_offered_back_as_a_new_story(store, make_window, monkeypatch, tmp_path):
    monkeypatch.setenv("DESK_CONFIG", str(tmp_path / "config"))
    story = store.articles.create(headline="Council meets", body_md="Stored text.")
    values = {"headline": "Council meets", "body_md": "Stored text. Words the store refused."}
    kept = rescue.write_copy(rescue.story_copy(store, story.id, values), rescue.RESCUED)
    seen: list[str] = []
    answer_with(monkeypatch, "Bring It Back", seen)
    window = make_window()
    window.safekeeping.offer_copies()
    assert seen == ["Desk kept a copy of “Council meets” when it could not save it."]
    assert store.articles.count() == 2
    assert window.editor.toPlainText() == "Stored text. Words the store refused."
    assert store.articles.get(story.id).body_md == "Stored text."  # beside, not over
    assert not kept.exists()
    assert (kept.parent / "brought-back" / kept.name).is_file()
    window.safekeeping.offer_copies()  # asked once only
    assert len(seen) == 1


def test_later_keeps_the_copy_for_the_next_start(store, window, monkeypatch, tmp_path):
    monkeypatch.setenv("DESK_CONFIG", str(tmp_path / "config"))
    story = store.articles.create(headline="Floods")
    kept = rescue.write_copy(rescue.story_copy(store, story.id, {"body_md": "x"}), rescue.RESCUED)
    answer_with(monkeypatch, "Later", [])
    window.safekeeping.offer_copies()
    assert kept.exists()
    assert store.articles.count() == 1


def test_a_scheduled_backup_goes_to_the_chosen_folder(store, window, tmp_path):
    store.articles.create(headline="Floods", body_md="Water rose.")
    usb = tmp_path / "usb"
    settings.save({"backup.folder": str(usb), "backup.keep": 2})
    assert recovery.backup_folder() == usb
    for _ in range(3):
        window.safekeeping.running = False
        window.safekeeping.back_up(usb, 2)
        settle(window)
    made = backup.backups_in(usb)
    assert len(made) == 2
    assert "Backed up 1 stories" in window.safekeeping.last_result
    window.safekeeping.back_up_if_due()  # the newest is minutes old: not due
    settle(window)
    assert backup.backups_in(usb) == made
    with Store.open(made[-1], readonly=True) as copy:
        assert copy.articles.count() == 1


def test_a_backup_that_fails_says_so_and_the_store_is_fine(store, window, tmp_path):
    blocked = tmp_path / "usb"
    blocked.write_text("a file, not a folder")
    window.safekeeping.back_up(blocked, 2)
    settle(window)
    assert "The automatic backup failed" in window.banner.text()
    assert not window.safekeeping.running


def test_restore_from_backup_reopens_the_store_as_it_was(store, make_window, tmp_path):
    story = store.articles.create(headline="Floods", body_md="Monday's text.")
    backup.backup_store(store, tmp_path / "monday")
    window = make_window()
    window.open_article(story.id)
    window.editor.setPlainText("Tuesday's text.")
    assert recovery.restore_into_window(window, tmp_path / "monday", confirm=False)
    replacement = window.replaced_by
    try:
        assert replacement.store.articles.get(story.id).body_md == "Monday's text."
        (aside,) = Path(store.root).glob("replaced-*")
        with Store.open(aside, readonly=True) as today:
            assert today.articles.get(story.id).body_md == "Tuesday's text."
        assert not window.isVisible()
    finally:
        replacement.close()
        replacement.close_store()
    assert os.path.isdir(aside)
