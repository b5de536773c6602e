"""Windows that fit the screen they open on: a 1366×768 office laptop leaves about 728 px above
the taskbar, so a dialog or preview is never made taller (or wider) than the available area of the
screen its parent is on. Tests set the available area by replacing `available_geometry`."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for the window frame the system adds around the client area (a Windows title bar is about
# 31 px at 100 % scaling, plus borders); the geometry Qt sets is that of the client area.
FRAME_HEIGHT = 40
FRAME_WIDTH = 16


def available_geometry(widget: QWidget | None) -> QRect:
    """The available area (without the taskbar) of the screen `widget` — or its parent window,
    for a window not shown yet — is on; the primary screen when neither is placed."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window().screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitted(widget: QWidget | None, wanted: QSize) -> QSize:
    """`wanted` shrunk so that the window, frame included, fits the available screen area."""
    area = available_geometry(widget)
    return QSize(
        min(wanted.width(), area.width() - FRAME_WIDTH),
        min(wanted.height(), area.height() - FRAME_HEIGHT),
    )


def keep_on_screen(widget: QWidget) -> None:
    """Move a window up or left (never off the top) when growing took it past the available
    area's bottom or right edge."""
    area = available_geometry(widget)
    bottom = area.top() + area.height() - FRAME_HEIGHT
    right = area.left() + area.width() - FRAME_WIDTH
    x = max(area.left(), min(widget.x(), right - widget.width()))
    y = max(area.top(), min(widget.y(), bottom - widget.height()))
    if (x, y) != (widget.x(), widget.y()):
        widget.move(x, y)
