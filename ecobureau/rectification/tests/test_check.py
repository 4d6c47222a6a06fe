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


def _sweep_queries(count: int, office_staff, district_a, prefix: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(count):
        make_task(
            office_staff,
            number=f"{prefix}{n}",
            district=district_a,
            deadline=today() - timedelta(days=1 + n),
        )
    with CaptureQueriesContext(connection) as ctx:
        result = services.check_late_and_at_risk()
    assert result.late == count
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_sweep_is_set_based_one_entry_and_warning_per_item(office_staff, district_a):
    """The sweep's queries do not grow with the items it flags (issue 11 item 1),
    yet every flagged item keeps its own warning and record entry."""
    from ecobureau.core import records
    from ecobureau.rectification.models import RectificationTask

    few = _sweep_queries(2, office_staff, district_a, "F")
    many = _sweep_queries(25, office_staff, district_a, "M")
    assert many == few
    for task in RectificationTask.objects.filter(number__startswith="M"):
        assert task.late_flagged_at is not None
        assert Supervision.objects.filter(task=task, kind="warning").count() == 1
        actions = list(records.history(task).values_list("action", flat=True))
        assert actions.count("rectification.late") == 1
    assert records.verify()[1] is None
