"""恢复原状 in execution (全过程记录实施办法 第三十条, A43): only after a served
催告书, with the simultaneous audio/video; on the archive page, bad input kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ..models import Restoration
from ..services import restoration
from . import test_execution
from .conftest import video
from .test_decisions import case_actions
from .test_execution import served_days_ago, today
from .test_execution_other import at, day_off_before, reminded, workday_before

served = test_execution.served


def restore(decision, by, recording=None, **extra):
    on = extra.pop("on", None) or workday_before(today())
    return restoration.restoration_record(
        decision=decision,
        order_reference=extra.pop("order_reference", "鞍环强〔2026〕1号"),
        work="清除倾倒在河道滩地的废渣约20吨，恢复植被。",
        carried_out_on=on,
        result="废渣已清运至有资质单位，滩地平整。",
        recording=recording,
        recording_kind="video",
        captured_at=extra.pop("captured_at", at(on, 10)),
        by=by,
        **extra,
    )


def test_restoration_needs_a_served_reminder_and_the_recording(
    served, officers, other_officer
):
    decision = served_days_ago(served, 40)
    with pytest.raises(ValidationError, match="先送达催告书"):
        restore(decision, officers[0], video())
    reminder = reminded(decision, officers[0], workday_before(today(), 5))
    with pytest.raises(ValidationError, match="同时进行音像记录"):
        restore(decision, officers[0])
    with pytest.raises(PermissionDenied):
        restore(decision, other_officer, video())
    with pytest.raises(ValidationError, match="录制时间应在实施当日"):
        restore(
            decision,
            officers[0],
            video(),
            captured_at=at(workday_before(today(), 3), 10),
        )
    item = restore(decision, officers[0], video())
    assert item.reminder == reminder
    assert item.recording.kind == "video"
    assert "enforcement.restoration_record" in case_actions(decision.case)


def test_archive_page_keeps_input_and_refuses_outsiders(
    client, served, officers, district_b_officer
):
    decision = served_days_ago(served, 40)
    url = reverse("enforcement:archive", args=[decision.case.pk])
    client.force_login(officers[0])
    page = client.post(
        url,
        {
            "action": "restoration",
            "order_reference": "鞍环强〔2026〕2号",
            "work": "拆除违法建设的排污口",
            "carried_out_on": today().isoformat(),
            "result": "已拆除",
            "recording_kind": "video",
            "recording": video(),
            "urgency": "暴雨预警，须当夜封堵",
        },
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "先送达催告书" in text and 'value="鞍环强〔2026〕2号"' in text
    assert 'value="暴雨预警，须当夜封堵"' in text
    assert not Restoration.objects.exists()
    client.force_login(district_b_officer)
    assert client.get(url).status_code == 404


def test_restoration_only_after_the_reminder_and_by_day_unless_urgent(served, officers):
    """经催告逾期仍不履行 (行政强制法第三十七条): not on the day the 催告书 is
    served; not at night nor on a day off without the urgent reason (第四十三条),
    the simultaneous recording's moment giving the hour."""
    decision = served_days_ago(served, 60)
    by = officers[0]
    served_on = workday_before(today(), 10)
    reminded(decision, by, served_on)
    with pytest.raises(ValidationError, match="实施日期应在送达之后"):
        restore(decision, by, video(), on=served_on)
    on = workday_before(today(), 2)
    for night in (at(on, 5, 59), at(on, 22, 0), at(on, 23, 30)):
        with pytest.raises(ValidationError, match="夜间（22时至次日6时）"):
            restore(decision, by, video(), on=on, captured_at=night)
    holiday = day_off_before(today())
    assert holiday > served_on  # a weekend within the last ten working days
    with pytest.raises(ValidationError, match="休息日或法定节假日"):
        restore(decision, by, video(), on=holiday, captured_at=at(holiday, 10))
    assert not Restoration.objects.exists()
    daytime = restore(decision, by, video(), on=on, captured_at=at(on, 21, 59))
    assert daytime.urgency == ""
    urgent = restore(
        decision,
        by,
        video(),
        on=on,
        captured_at=at(on, 23, 0),
        urgency="  废渣遇雨将流入河道，须连夜清运。 ",
    )
    assert urgent.urgency == "废渣遇雨将流入河道，须连夜清运。"
