"""R44 份号 in the window: 预览/打印 of confidential minutes asks the 份数 (1–99, default 1) and
the preview shows one PDF of that many copies, each with its own 份号; unclassified minutes open
the preview at once, as before. A numbered preview does not let the printer copy it (the copies
would share one 份号): a copy count above 1 is refused with what to do instead."""

from __future__ import annotations

from types import SimpleNamespace

from desktop_app.services.meetings import minutes
from tests.integration.minutes_support import plan
from tests.integration.test_r44_copy_numbers import copy_marks
from tests.ui.conftest import close_errors, finish, open_errors, open_previews, wait_new_preview
from tests.ui.print_preview_support import make_pdf, pdf_printer


def _tab(qtbot, ctx, rec):
    from ui.panes.meeting_minutes import MinutesTab

    detail = SimpleNamespace(ctx=ctx, meeting=None, _id=lambda: rec.meeting_id)
    tab = MinutesTab(detail)
    qtbot.addWidget(tab)
    tab.shown = rec
    return tab


def test_R44_confidential_minutes_ask_copies_and_preview_numbered_copies(qtbot, ctx):
    from PySide6.QtWidgets import QSpinBox

    m = plan(ctx.db, ctx.user, confidential=True)
    rec = minutes.draft_minutes(ctx.db, ctx.user, m.id)
    tab = _tab(qtbot, ctx, rec)
    before = open_previews()
    dialog = tab.preview()
    assert dialog is not None and dialog.objectName() == "printCopiesDialog"
    spin = dialog.widgets["copies"]
    assert isinstance(spin, QSpinBox)
    assert (spin.minimum(), spin.maximum(), spin.value()) == (1, 99, 1)
    assert open_previews() == before  # nothing numbered before the 份数 is given
    spin.setValue(3)
    assert finish(dialog.try_save()), open_errors()
    preview = wait_new_preview(qtbot, before)
    assert preview.copy_numbers == ["000001", "000002", "000003"]
    assert copy_marks(preview.pdf) == ["000001", "000002", "000003"]  # pdftotext
    assert "份号：第000001—000003份" in preview.notes_label.text()
    preview.close()
    # the next print goes on from 000004
    dialog = tab.preview()
    assert finish(dialog.try_save()), open_errors()
    preview = wait_new_preview(qtbot, before + [preview])
    assert preview.copy_numbers == ["000004"]
    preview.close()


def test_unclassified_minutes_preview_opens_at_once_without_copy_numbers(qtbot, ctx):
    m = plan(ctx.db, ctx.user)
    tab = _tab(qtbot, ctx, minutes.draft_minutes(ctx.db, ctx.user, m.id))
    before = open_previews()
    assert tab.preview() is None
    preview = wait_new_preview(qtbot, before)
    assert preview.copy_numbers == [] and "份号" not in preview.notes_label.text()
    preview.close()


def test_R44_numbered_preview_refuses_printer_copies(qtbot, tmp_path, monkeypatch):
    from ui.print_preview import PrintPreview

    numbered = PrintPreview(make_pdf(2), "纪要", "纪要.pdf", copy_numbers=["000003", "000004"])
    qtbot.addWidget(numbered)
    printer = pdf_printer(tmp_path / "copies.pdf", 100)
    printer.setCopyCount(2)
    with qtbot.waitSignal(numbered.print_failed, timeout=10_000) as refused:
        numbered.print_to(printer)
    assert "份号（000003—000004）" in refused.args[0].message
    assert [e for e in open_errors() if "份数改为 1" in e] and not numbered.is_printing
    assert not (tmp_path / "copies.pdf").exists()  # nothing reached the printer
    close_errors()
    # 「打印…」 starts the dialog at one copy; one copy prints
    sent = []
    monkeypatch.setattr(numbered, "print_to", sent.append)
    numbered.printer.setCopyCount(3)
    numbered.print_action.trigger()
    assert numbered.printer.copyCount() == 1
    monkeypatch.undo()
    printer.setCopyCount(1)
    with qtbot.waitSignal(numbered.printed, timeout=60_000) as done:
        numbered.print_to(printer)
    assert done.args == [2]
    # an unnumbered preview lets the printer make its copies, as before
    plain = PrintPreview(make_pdf(2), "收文登记簿", "收文登记簿.pdf")
    qtbot.addWidget(plain)
    printer = pdf_printer(tmp_path / "plain.pdf", 100)
    printer.setCopyCount(2)
    with qtbot.waitSignal(plain.printed, timeout=60_000) as done:
        plain.print_to(printer)
    assert done.args == [4]
