"""The scheduled check: late items flagged once for a 督办函, items at risk
warned once (seed 001 六(四) "对整改进展缓慢的问题进行预警、督办")."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from ecobureau.core import schedule

from .. import services
from ..models import Supervision
from .conftest import make_case, make_task, today


def test_late_and_at_risk_flagged_once(office_staff, district_a):
    late = make_task(
        office_staff,
        number="L",
        district=district_a,
        deadline=today() - timedelta(days=1),
    )
    risky = make_task(
        office_staff,
        number="R",
        district=district_a,
        deadline=today() + timedelta(days=5),
    )
    calm = make_task(
        office_staff,
        number="C",
        district=district_a,
        deadline=today() + timedelta(days=300),
    )
    case = make_case(
        office_staff, district=district_a, deadline=today() - timedelta(days=2)
    )
    result = services.check_late_and_at_risk()
    assert (result.late, result.at_risk) == (2, 1)
    again = services.check_late_and_at_risk()
    assert (again.late, again.at_risk) == (0, 0)
    assert Supervision.objects.filter(task=late, kind="warning").count() == 1
    assert Supervision.objects.filter(task=risky, automatic=True).count() == 1
    assert not Supervision.objects.filter(task=calm).exists()
    assert Supervision.objects.filter(case=case).count() == 1


def test_missed_milestone_puts_the_task_at_risk(office_staff, district_a):
    task = make_task(
        office_staff, district=district_a, deadline=today() + timedelta(days=300)
    )
    services.milestone_add(
        by=office_staff, task=task, title="完成方案", due_on=today() - timedelta(days=1)
    )
    assert services.check_late_and_at_risk().at_risk == 1


def test_command_is_scheduled_and_runs(office_staff, district_a, capsys):
    assert any(job.name == "check_rectification" for job in schedule.SCHEDULE)
    make_task(office_staff, district=district_a, deadline=today() - timedelta(days=1))
    call_command("check_rectification")
    assert "超期1项" in capsys.readouterr().out


def test_supervision_letter_and_public_talk(office_staff, district_a):
    # B16 督办函、约谈; B18 公开约谈 for items at risk.
    task = make_task(office_staff, district=district_a)
    letter = services.supervision_issue(
        by=office_staff,
        kind="letter",
        reason="进展缓慢",
        task=task,
        reply_due_on=today(),
    )
    talk = services.supervision_issue(
        by=office_staff, kind="talk", reason="存在风险", task=task, public=True
    )
    assert letter.get_kind_display() == "督办函" and talk.public
    with pytest.raises(ValidationError, match="只有约谈可以公开"):
        services.supervision_issue(
            by=office_staff, kind="letter", reason="x", task=task, public=True
        )
