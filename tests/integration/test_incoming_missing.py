"""登记收文 refused by the service names exactly what is missing — every missing item at once,
and never a field left at its default (来文渠道 正常程序, 紧急程度 平件) — on both engines; nothing
is registered (issue 18 item 5)."""

from __future__ import annotations

from datetime import datetime

import pytest

from desktop_app.formatting import CHINA
from desktop_app.services.documents import incoming
from desktop_app.services.system.common import CurrentUser, ValidationError

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
AT = datetime(2026, 3, 2, 9, tzinfo=CHINA)


def register(db, **kw):
    args = dict(
        received_at=AT,
        sender="佳木斯市人民政府办公室",
        title="关于做好春耕生产的通知",
        doc_type="通知",
        nature="action",
    )
    args.update(kw)
    return incoming.register_document(db, CLERK, **args)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"nature": ""}, "请填写或选择文件性质。"),
        ({"nature": "", "urgency": "很急"}, "请填写或选择文件性质、紧急程度。"),
        ({"channel": "邮寄"}, "请填写或选择来文渠道。"),
        (
            {"sender": " ", "title": "", "doc_type": "", "nature": ""},
            "请填写或选择来文机关、标题、文种、文件性质。",
        ),
    ],
)
def test_register_names_only_what_is_missing(db, given, message):
    with pytest.raises(ValidationError) as refused:
        register(db, **given)
    assert refused.value.message == message
    assert incoming.list_documents(db, user=CLERK) == []


def test_defaults_are_not_missing_and_a_wrong_doc_type_is_told_as_such(db):
    with pytest.raises(ValidationError) as refused:
        register(db, doc_type="便条")
    assert refused.value.message.startswith("文种应为：")
    d = register(db)  # 来文渠道 and 紧急程度 left at their defaults
    assert (d.channel, d.urgency) == ("normal", "")
