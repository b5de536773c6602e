"""The short, in-suite part of the hostile-input trial (tests/reliability/hostile_inputs.py):
the inputs it found ending in a raw error are refused with a message on both engines, and nothing
is saved — a lone surrogate in a name the service looks up before saving, NUL or a surrogate in
the sign-in name, a number wider than its column."""

from __future__ import annotations

import pytest

from db.errors import FubanError
from desktop_app.services.directory import commands as directory
from desktop_app.services.seals import catalogue as seals_catalogue
from desktop_app.services.system import accounts
from desktop_app.services.system.accounts import AuthError
from tests.reliability.hostile_inputs import _counts


@pytest.mark.parametrize("bad", ["农业\ud800局", "农业\x00局"])
def test_a_unit_name_with_nul_or_a_lone_surrogate_is_refused_naming_the_field(db, admin, bad):
    before = _counts(db)
    with pytest.raises(FubanError, match="无法保存的字符|控制字符（NUL）"):
        directory.save_unit(db, admin, name=bad, kind="department")
    assert _counts(db) == before


def test_a_user_name_with_a_lone_surrogate_is_refused(db, admin):
    accounts.create_first_admin(db, "admin", "管理员", "first-pass-123")
    with pytest.raises(FubanError, match="「用户名」含有无法保存的字符"):
        accounts.create_account(db, admin, "wen\ud800mi", "文秘", "clerk-pass-123", "clerk")
    assert [a.username for a in accounts.list_accounts(db)] == ["admin"]


@pytest.mark.parametrize("name", ["ad\ud800min", "ad\x00min"])
def test_signing_in_with_nul_or_a_surrogate_in_the_name_is_a_plain_wrong_sign_in(db, name):
    accounts.create_first_admin(db, "admin", "管理员", "first-pass-123")
    with pytest.raises(AuthError, match="用户名或密码错误"):
        accounts.authenticate(db, name, "first-pass-123")


@pytest.mark.parametrize("number", [2**31, 10**30, -(2**31) - 1])
def test_a_number_wider_than_its_column_is_refused(db, admin, number):
    from datetime import date

    before = _counts(db)
    with pytest.raises(FubanError, match="数值超出范围"):
        seals_catalogue.add_seal(
            db,
            admin,
            name="市政府办公室印",
            kind="office",
            made_on=date(2026, 3, 2),
            sort_order=number,
        )
    assert _counts(db) == before
