"""设置 → 打印: per-PC font overrides and the specimen preview."""

from __future__ import annotations

import shutil

import pytest

from desktop_app.printing.fonts import RESOURCES_FONTS
from tests.ui.conftest import close_errors, open_errors


@pytest.fixture
def widget(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "cfg"))
    from ui.panes.settings_print import PrintSettingsWidget

    w = PrintSettingsWidget()
    qtbot.addWidget(w)
    return w


def test_shows_which_file_serves_each_role(widget):
    assert (
        "随软件附带" in widget.resolved["kaiti"].text()
        or "Windows" in widget.resolved["kaiti"].text()
    )


def test_font_override_is_saved_for_this_pc_and_used(widget, tmp_path):
    from desktop_app import config

    mine = tmp_path / "我的仿宋.ttf"
    shutil.copy(RESOURCES_FONTS / "gbsn00lp.ttf", mine)
    widget.edits["fangsong"].setText(str(mine))
    assert widget.save()
    assert config.load().fonts == {"fangsong": str(mine)}
    assert "本机设置指定" in widget.resolved["fangsong"].text()


def test_a_file_that_is_not_truetype_is_refused_and_kept_in_the_field(widget, tmp_path):
    from desktop_app import config

    otf = tmp_path / "noto.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 64)
    widget.edits["heiti"].setText(str(otf))
    assert widget.save() is False
    assert any("不是 TrueType" in t for t in open_errors())
    assert widget.edits["heiti"].text() == str(otf)
    assert config.load().fonts == {}
    close_errors()


def test_specimen_preview_opens_off_the_gui_thread(qtbot, widget):
    widget.preview_sample()
    qtbot.waitUntil(lambda: widget.preview is not None, timeout=15000)
    assert widget.preview.page_count() >= 3
    assert "页" in widget.note.text()
    widget.preview.close()
