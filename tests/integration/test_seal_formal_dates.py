"""R45.1 (第四十五条) in time, on both engines: a formal document is sealed only after its sign-off
chain is complete — a use dated before the linked 发文's 签发 is refused, one on that day or
later is registered."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from tests.integration.seals_support import (
    T,
    _outgoing,
    at,
    blocked,
    w_fixture,  # noqa: F401 - the `w` fixture
)


def test_R45_1_a_formal_document_is_not_sealed_before_its_sign_off(w):
    doc = _outgoing(w)  # chain signed, 签发 and numbered on T
    app = w.apply(is_formal=True, outgoing_id=doc, applied_on=T - timedelta(days=2))
    assert app.ready
    with pytest.raises(RuleViolation) as e:
        w.use(app.id, used_at=at(T - timedelta(days=1)))
    msg = blocked(e, "R45.1")
    assert "用印日期（2026年3月1日）早于所关联发文的签发日期（2026年3月2日）" in msg
    assert w.use(app.id, used_at=at(T)).seq == 1  # allowed: the day of the 签发
