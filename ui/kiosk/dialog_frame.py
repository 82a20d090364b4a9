"""Kiosk dialogs without a window-manager frame: their own title and border instead.

Qt's window hints only ask the window manager to leave out the minimise, maximise and close
buttons; openbox (and others) draw them anyway. A minimised dialog would hide behind the
full-screen kiosk window with its modality still on, and nobody could reach the kiosk again.
So a kiosk dialog is frameless: no frame, no buttons. It shows its title in a label at its
top (unless a label already says it) and draws a border so it stands out from the window
under it; it closes with its own buttons or Esc, as every dialog does.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QBoxLayout, QDialog, QFormLayout, QLabel, QWidget

from ui.style import emphasize

TITLE_NAME = "kioskDialogTitle"


class DialogBorderWidget(QWidget):
    """A border over the dialog's edge (mouse events pass through), kept to its size."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self.setObjectName("kioskDialogBorder")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(dialog.rect())
        dialog.installEventFilter(self)
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.parentWidget() and isinstance(watched, QWidget)
                and event.type() in (QEvent.Type.Resize, QEvent.Type.Show)):
            self.setGeometry(watched.rect())
            self.raise_()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        width = 3
        # The text colour of the theme: as visible as the text on every theme (high contrast too).
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.WindowText), width))
        painter.drawRect(self.rect().adjusted(width // 2, width // 2, -(width + 1) // 2, -(width + 1) // 2))


class _TitleFollower(QObject):
    """Keeps the title label in step with the dialog's title (a language switch re-titles it)."""

    def __init__(self, dialog: QDialog, label: QLabel) -> None:
        super().__init__(dialog)
        self._label = label
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowTitleChange and isinstance(watched, QDialog):
            self._label.setText(watched.windowTitle())
            self._label.setVisible(bool(watched.windowTitle()))
        return False


def frame_for_kiosk(dialog: QDialog) -> None:
    """Makes ``dialog`` frameless with its own title and border. Before it is first shown (as
    it is polished): flags set on a visible window would hide it."""
    if dialog.isVisible() or dialog.findChild(DialogBorderWidget) is not None:
        return
    flags = dialog.windowFlags()
    flags &= ~(Qt.WindowType.WindowMinimizeButtonHint | Qt.WindowType.WindowMaximizeButtonHint
               | Qt.WindowType.WindowCloseButtonHint | Qt.WindowType.WindowContextHelpButtonHint)
    flags |= Qt.WindowType.FramelessWindowHint | Qt.WindowType.CustomizeWindowHint
    dialog.setWindowFlags(flags)
    DialogBorderWidget(dialog)
    title = dialog.windowTitle()
    said = any(label.text() == title for label in dialog.findChildren(QLabel) if not label.isHidden())
    if said:
        return
    label = QLabel(title, dialog)
    label.setObjectName(TITLE_NAME)
    label.setWordWrap(True)
    label.setVisible(bool(title))
    emphasize(label, 1.2)
    layout = dialog.layout()
    if isinstance(layout, QBoxLayout):
        layout.insertWidget(0, label)
    elif isinstance(layout, QFormLayout):
        layout.insertRow(0, label)
    else:
        label.hide()  # nowhere to put it: better no title than one over the content
        return
    _TitleFollower(dialog, label)
