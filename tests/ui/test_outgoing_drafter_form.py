"""The 拟稿登记 form records 拟稿人 and 核稿人 (issue 19): typed freely or completed from the
directory's names, saved with the draft and shown again when the draft is edited."""

from __future__ import annotations

from desktop_app.services.documents import outgoing
from tests.ui.conftest import choose, finish, open_errors, wait_ops
from tests.ui.test_documents_outgoing import tab  # noqa: F401 - the `tab` fixture
from tests.ui.test_documents_pane import pick

TITLE = "关于做好2027年森林防火工作的通知"


def test_draft_form_records_drafter_and_checker_with_directory_names_offered(qtbot, tab):  # noqa: F811
    dialog = tab.forms.draft(None)
    dialog.widgets["title"].setText(TITLE)
    pick(dialog, "doc_type", "通知")
    choose(dialog, "drafting_unit_id", "农业农村局")
    wait_ops()  # the lists (units, the directory's names) come through the runner
    completer = dialog.widgets["checker"].completer()
    assert completer is not None
    offered = completer.model().stringList()  # type: ignore[attr-defined]
    assert "孙立新" in offered and "张海峰" in offered
    dialog.widgets["drafter"].setText("王晓东")  # not in the directory: typed as is
    dialog.widgets["checker"].setText("孙立新")
    assert finish(dialog.try_save()), open_errors()
    doc = next(d for d in outgoing.list_outgoing(tab.ctx.db, tab.ctx.user) if d.title == TITLE)
    assert (doc.drafter, doc.checker) == ("王晓东", "孙立新")
    edit = tab.forms.draft(doc)
    assert edit.widgets["drafter"].text() == "王晓东"
    assert edit.widgets["checker"].text() == "孙立新"
    edit.reject()
