"""The form's embargo: the date and time, in local time, before which the story must not be
published (desk.embargo keeps it off the site and out of exports). Typed like `desk edit
--embargo` and read by the same rule (desk.embargo.parse_embargo); empty means none."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLineEdit, QToolTip, QWidget

from desk import embargo
from desk.errors import BadInput

from desk.ui.style import show_warning

SHOWN = "%Y-%m-%d %H:%M"


class EmbargoEdit(QLineEdit):
    """'2026-12-03 10:00' (local time) or empty; emits changed() when a new value is taken."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("embargoEdit")
        self.setPlaceholderText("e.g. 2026-12-03 10:00")
        self.setAccessibleName("Embargo")
        self.setClearButtonEnabled(True)
        self._value: str | None = None
        self._refusal = ""
        self._tip()
        self.editingFinished.connect(self.take_typed)
        self.textEdited.connect(self._on_edited)

    def value(self) -> str | None:
        """The embargo as the store keeps it (ISO 8601 UTC), or None."""
        return self._value

    def set_value(self, iso: str | None) -> None:
        """Show a stored embargo (None: none) without emitting changed()."""
        self._value = iso or None
        self.setText(shown(iso))
        self.setCursorPosition(0)
        self._refused("")

    def take_typed(self) -> bool:
        """Read what was typed. A time Desk cannot read is refused: the embargo stays as it
        was, and the typed text stays in the field, in the warning colour, with the reason
        as its tooltip (it was put back to the old value, so what was typed was lost and the
        reason, in a passing tooltip, often unseen). True when the value is the one typed."""
        typed = self.text().strip()
        try:
            value = embargo.parse_embargo(typed)
        except BadInput as exc:
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), str(exc), self)
            self._refused(str(exc))
            return False
        if value != self._value:
            self._value = value
            self.changed.emit()
        self.setText(shown(value))
        self._refused("")
        return True

    @property
    def refusal(self) -> str:
        """Why the text in the field is not the embargo ('' when it is)."""
        return self._refusal

    def _refused(self, why: str) -> None:
        """Show (or clear) a refusal of the typed text."""
        self._refusal = why
        show_warning(self, bool(why), text=QPalette.ColorRole.Text)
        if why:
            self.setToolTip(why)
        else:
            self._tip()

    def _on_edited(self, text: str) -> None:
        """Clearing the field (its clear button) lifts the embargo at once."""
        if not text.strip() and self._value is not None:
            self._value = None
            self._tip()
            self.changed.emit()

    def _tip(self) -> None:
        """Say what the embargo does, and when it ends in UTC too."""
        until = f"Embargoed until {embargo.human(self._value)}. " if self._value else ""
        self.setToolTip(
            until + "Not to be published, put on the site or exported before this date and time "
            "(your local time); publishing to WordPress schedules the post for it."
        )


def shown(iso: str | None) -> str:
    """A stored embargo as the field shows it, in local time ('' for none)."""
    moment = embargo.embargo_time(iso) if iso else None
    if moment is None:
        return str(iso or "")
    return moment.astimezone().strftime(SHOWN)
