"""Organisation profile: defaults from the rulebook, validated edits, optimistic locking."""

from __future__ import annotations

import pytest

from db.errors import StaleRecordError
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import PermissionDenied, ValidationError


def test_defaults_are_tongjiang(db):
    p = org_profile.get_profile(db)
    assert p["org_name"] == "同江市人民政府"
    assert "同政发" in p["doc_prefixes"]
    assert p["meeting_rooms"][0] == "501" and p["secretariat_room"] == "309"
    assert "审计局" in p["standing_attendees"]["常务会议"]
    assert p["leave_notice_days"] == 3
    assert set(p.versions.values()) == {0}


def test_saved_values_survive_and_bump_versions(db, admin):
    p = org_profile.get_profile(db)
    org_profile.save_profile(
        db, admin, {"leave_notice_days": "5", "meeting_rooms": ["502", "501"]}, p.versions
    )
    again = org_profile.get_profile(db)
    assert again["leave_notice_days"] == 5
    assert again["meeting_rooms"] == ["502", "501"]
    assert again.versions["leave_notice_days"] == 1
    # Saving again from the fresh versions works; from the old ones it is refused.
    org_profile.save_profile(db, admin, {"leave_notice_days": 4}, again.versions)
    with pytest.raises(StaleRecordError):
        org_profile.save_profile(db, admin, {"leave_notice_days": 6}, again.versions)
    assert org_profile.get_profile(db)["leave_notice_days"] == 4


def test_bad_values_are_refused_and_nothing_is_saved(db, admin):
    p = org_profile.get_profile(db)
    with pytest.raises(ValidationError) as err:
        org_profile.save_profile(
            db, admin, {"org_name": "抚远市人民政府", "leave_notice_days": "三天"}, p.versions
        )
    assert "须为整数" in err.value.message
    assert org_profile.get_profile(db)["org_name"] == "同江市人民政府"
    with pytest.raises(ValidationError):
        org_profile.save_profile(db, admin, {"term_start": "2021/10/1"}, p.versions)


def test_only_an_administrator_edits_the_profile(db, clerk):
    with pytest.raises(PermissionDenied):
        org_profile.save_profile(db, clerk, {"org_name": "x"}, {})
