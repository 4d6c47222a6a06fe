"""Training records of the enforcement staff on the minor-violation list and its
discipline rules (A72): heads record who, when, which course, how many hours;
officers see only their own; outsiders see nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.core.models import Record

from ..models import TrainingRecord
from ..services import training

pytestmark = pytest.mark.django_db


def test_head_records_training_and_officers_see_their_own(
    client, enforcement_head, officers, district_b_officer, enterprise_user_a
):
    url = reverse("enforcement:training")
    data = {
        "trainee": str(officers[0].pk),
        "held_on": timezone.localdate().isoformat(),
        "course": "轻微违法行为目录清单适用培训",
        "topic": "minor_list",
        "hours": "2.5",
        "organiser": "市生态环境局执法科",
    }
    client.force_login(enforcement_head)
    page = client.get(url).content.decode()
    # nobody trained yet this year: all three officers and the head are listed
    assert officers[0].display_name in page and enforcement_head.display_name in page
    page = client.post(url, {**data, "hours": "两个半小时"})
    body = page.content.decode()
    assert page.status_code == 400 and "学时请填写数字" in body
    assert 'value="轻微违法行为目录清单适用培训"' in body
    assert client.post(url, {**data, "hours": "9"}).status_code == 400
    assert client.post(url, data).status_code == 302
    record = TrainingRecord.objects.get()
    assert record.trainee == officers[0] and record.hours == Decimal("2.5")
    assert Record.objects.filter(
        action="enforcement.training_record", target_id=str(record.pk)
    ).exists()
    assert officers[0].pk not in {u.pk for u in training.untrained_staff()}
    # an officer may not record, and sees only their own records
    client.force_login(officers[1])
    page = client.post(url, {**data, "trainee": str(officers[1].pk)})
    assert page.status_code == 400 and "岗位人员" in page.content.decode()
    assert "轻微违法行为目录清单适用培训" not in client.get(url).content.decode()
    client.force_login(officers[0])
    assert "轻微违法行为目录清单适用培训" in client.get(url).content.decode()
    # a sub-bureau clerk sees nothing of it; the enterprise cannot open the page
    assert not training.training_list_for_user(district_b_officer).exists()
    client.force_login(enterprise_user_a)
    assert client.get(url).status_code in (302, 403)
    assert TrainingRecord.objects.count() == 1


def test_training_rules(enforcement_head, officers, district_a_leader):
    def record(**kw):
        values = {
            "trainee": officers[0],
            "held_on": timezone.localdate(),
            "course": "执法纪律规定",
            "topic": "discipline",
            "hours": "1",
            "organiser": "执法队",
            "by": enforcement_head,
        }
        return training.training_record(**{**values, **kw})

    with pytest.raises(ValidationError, match="晚于今天"):
        record(held_on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError, match="在岗执法人员"):
        record(trainee=district_a_leader)
    with pytest.raises(ValidationError, match="培训内容"):
        record(topic="other")
    with pytest.raises(PermissionDenied):
        record(by=district_a_leader)
    # a record from last year does not count for this year
    record(held_on=date(timezone.localdate().year - 1, 12, 1))
    assert officers[0].pk in {u.pk for u in training.untrained_staff()}
