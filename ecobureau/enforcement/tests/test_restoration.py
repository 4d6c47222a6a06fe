"""恢复原状 in execution (全过程记录实施办法 第三十条, A43): only after a served
催告书, with the simultaneous audio/video; on the archive page, bad input kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ..models import Restoration
from ..services import execution, restoration
from . import test_execution
from .conftest import video
from .test_decisions import case_actions
from .test_execution import served_days_ago, today

served = test_execution.served


def restore(decision, by, recording=None, **extra):
    return restoration.restoration_record(
        decision=decision,
        order_reference=extra.pop("order_reference", "鞍环强〔2026〕1号"),
        work="清除倾倒在河道滩地的废渣约20吨，恢复植被。",
        carried_out_on=today(),
        result="废渣已清运至有资质单位，滩地平整。",
        recording=recording,
        recording_kind="video",
        captured_at=extra.pop("captured_at", timezone.now()),
        by=by,
        **extra,
    )


def test_restoration_needs_a_served_reminder_and_the_recording(
    served, officers, other_officer
):
    decision = served_days_ago(served, 40)
    with pytest.raises(ValidationError, match="先送达催告书"):
        restore(decision, officers[0], video())
    document = execution.reminder_issue(decision=decision, by=officers[0])
    reminder = decision.reminders.get(document=document)
    execution.reminder_serve(
        reminder=reminder,
        served_at=timezone.now(),
        method="direct",
        proof="法定代表人签收",
        statement="当事人无异议。",
        by=officers[0],
    )
    with pytest.raises(ValidationError, match="同时进行音像记录"):
        restore(decision, officers[0])
    with pytest.raises(PermissionDenied):
        restore(decision, other_officer, video())
    with pytest.raises(ValidationError, match="录制时间应在实施当日"):
        restore(
            decision,
            officers[0],
            video(),
            captured_at=timezone.now() - timedelta(days=2),
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
        },
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "先送达催告书" in text and 'value="鞍环强〔2026〕2号"' in text
    assert not Restoration.objects.exists()
    client.force_login(district_b_officer)
    assert client.get(url).status_code == 404
