"""Other compulsory execution methods (全过程记录实施办法 第三十条第一款第三项, A43;
行政强制法第十二、三十五–三十八、四十三、四十六、五十、五十一条): after a served
催告书 and a served execution decision, not at night nor on a day off unless urgent,
signed by the party or a witness, with a numbered written record (PDF)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.casework.models import Document
from ecobureau.casework.tests.test_documents import pdf_text
from ecobureau.core import calendar
from ecobureau.lib import dates

from ..models import CompulsoryMeasure, OtherExecution, ReminderService
from ..services import execution, execution_other
from . import test_execution
from .conftest import video
from .test_decisions import case_actions
from .test_execution import served_days_ago, today
from .test_measures import ITEMS

served = test_execution.served


def workday_before(day: date, skip: int = 1) -> date:
    """The `skip`-th working day before `day`."""
    cal = calendar.current()
    while skip:
        day -= timedelta(days=1)
        if cal.is_workday(day):
            skip -= 1
    return day


def day_off_before(day: date) -> date:
    cal = calendar.current()
    day -= timedelta(days=1)
    while cal.is_workday(day):
        day -= timedelta(days=1)
    return day


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return dates.local_datetime(day, time(hour, minute))


def reminded(decision, by, served_on: date) -> ReminderService:
    """A 催告书 issued and served, its service moved back to `served_on`."""
    document = execution.reminder_issue(decision=decision, by=by)
    reminder = decision.reminders.get(document=document)
    execution.reminder_serve(
        reminder=reminder,
        served_at=timezone.now(),
        method="direct",
        proof="法定代表人签收",
        by=by,
    )
    ReminderService.objects.filter(pk=reminder.pk).update(served_at=at(served_on, 10))
    reminder.refresh_from_db()
    return reminder


def record(decision, by, on: date, **extra):
    values = {
        "decision": decision,
        "method": "remove",
        "basis": "《中华人民共和国行政强制法》第十二条第四项；《中华人民共和国水污染防治法》第八十五条",
        "order_reference": "鞍环强执〔2026〕3号",
        "order_served_on": on,
        "work": "拆除设置在河道内的暗管，排除对行洪的妨碍。",
        "place": "南沙河左岸排口处",
        "started_at": at(on, 9),
        "ended_at": at(on, 11, 30),
        "outcome": "done",
        "result": "暗管已拆除，河道畅通。",
        "party_signed": False,
        "witness": "村委会主任赵某",
        "by": by,
    }
    values.update(extra)
    return execution_other.other_execution_record(**values)


@pytest.fixture
def reminded_decision(served, officers):
    decision = served_days_ago(served, 60)
    reminded(decision, officers[0], workday_before(today(), 10))
    return decision


def test_removal_after_the_reminder_with_its_written_record(
    reminded_decision, officers
):
    decision = reminded_decision
    on = workday_before(today())
    item = record(decision, officers[0], on)
    assert item.reminder.served_at is not None
    assert item.officers and "执法证号" in item.officers[0]
    document = item.document
    assert document.kind == "enf_execution_record"
    assert document.title == "行政强制执行记录"
    assert document.target_id == decision.case_id
    text = pdf_text(document)
    assert "排除妨碍" in text and "鞍环强执〔2026〕3号" in text
    assert "见证人：村委会主任赵某" in text
    assert "enforcement.other_execution_record" in case_actions(decision.case)
    # the decision is not marked executed by it: the fine is still owed
    decision.refresh_from_db()
    assert decision.executed_at is None


def test_refused_before_a_served_reminder_and_before_the_reminder_day(served, officers):
    decision = served_days_ago(served, 60)
    on = workday_before(today())
    with pytest.raises(ValidationError, match="先送达催告书"):
        record(decision, officers[0], on)
    reminded(decision, officers[0], on)
    # the execution on the day the reminder was served: not yet "逾期仍不履行"
    with pytest.raises(ValidationError, match="实施日期应在送达之后"):
        record(decision, officers[0], on)
    assert not OtherExecution.objects.exists()


def test_order_served_between_reminder_and_execution(reminded_decision, officers):
    on = workday_before(today())
    reminder_day = dates.local_date(reminded_decision.reminders.get().served_at)
    for bad in (reminder_day - timedelta(days=1), on + timedelta(days=1)):
        with pytest.raises(ValidationError, match="强制执行决定书应在催告书送达之后"):
            record(reminded_decision, officers[0], on, order_served_on=bad)
    assert record(reminded_decision, officers[0], on, order_served_on=reminder_day).pk


def test_not_at_night_nor_on_a_day_off_unless_urgent(reminded_decision, officers):
    on = workday_before(today())
    night = {"started_at": at(on, 5, 30), "ended_at": at(on, 7)}
    with pytest.raises(ValidationError, match="夜间"):
        record(reminded_decision, officers[0], on, **night)
    late = {"started_at": at(on, 20), "ended_at": at(on, 22, 1)}
    with pytest.raises(ValidationError, match="第四十三条"):
        record(reminded_decision, officers[0], on, **late)
    # the boundaries themselves are daytime: 06:00 to 22:00
    assert record(
        reminded_decision,
        officers[0],
        on,
        started_at=at(on, 6),
        ended_at=at(on, 22),
    ).pk
    rest = day_off_before(on)
    with pytest.raises(ValidationError, match="休息日或法定节假日"):
        record(reminded_decision, officers[0], rest, order_served_on=rest)
    item = record(
        reminded_decision,
        officers[0],
        rest,
        order_served_on=rest,
        urgency="暗管持续向河道排放含油废水，须立即拆除。",
        **night,
    )
    assert "情况紧急的事由" in pdf_text(item.document)
    daytime = OtherExecution.objects.exclude(pk=item.pk).get()
    assert "情况紧急的事由" not in pdf_text(daytime.document)


def test_substitute_performance_rules(served, officers):
    decision = served_days_ago(served, 60)
    on = workday_before(today())
    # the reminder two working days before: 代履行 needs three
    reminded(decision, officers[0], workday_before(on, 2))
    substitute = {
        "method": "substitute",
        "harm": "倾倒的废渣经雨水冲刷将污染南沙河。",
        "performer": "鞍山某环境工程有限公司",
        "performer_independent": True,
        "cost_budget": "38000",
        "cost": "36500.50",
    }
    with pytest.raises(ValidationError, match="代履行三日前应催告"):
        record(decision, officers[0], on, **substitute)
    for missing, message in (
        ("harm", "环境污染"),
        ("performer", "代履行人"),
        ("cost_budget", "费用预算"),
    ):
        with pytest.raises(ValidationError, match=message):
            record(decision, officers[0], on, **{**substitute, missing: ""})
    with pytest.raises(ValidationError, match="没有利害关系"):
        record(
            decision,
            officers[0],
            on,
            **{**substitute, "performer_independent": False},
        )
    with pytest.raises(ValidationError, match="请填写数字"):
        record(decision, officers[0], on, **{**substitute, "cost": "三万"})
    # served three working days before: allowed
    ReminderService.objects.filter(decision=decision).update(
        served_at=at(workday_before(on, 3), 10)
    )
    item = record(
        decision,
        officers[0],
        on,
        party_signed=True,
        witness="",
        **substitute,
    )
    assert str(item.cost) == "36500.50" and str(item.cost_budget) == "38000.00"
    text = pdf_text(item.document)
    assert "预算38000.00元，实际36500.50元，由当事人承担" in text
    assert "代履行人：鞍山某环境工程有限公司" in text and "当事人：已签名" in text


def test_sale_of_seized_property_after_the_appeal_periods(served, officers):
    decision = served_days_ago(served, 60)
    on = workday_before(today())
    reminded(decision, officers[0], workday_before(on, 5))
    held = CompulsoryMeasure.objects.create(
        case=decision.case,
        kind=CompulsoryMeasure.Kind.SEIZE,
        items=ITEMS,
        place="企业东侧危险废物贮存间",
        reason="危险废物可能被转移。",
        basis="《中华人民共和国固体废物污染环境防治法》第二十七条",
        status=CompulsoryMeasure.Status.IN_FORCE,
        proposed_by=officers[0],
    )
    sale = {
        "method": "handle_seized",
        "basis": "《中华人民共和国行政强制法》第四十六条第三款、第四十八条",
        "measure": held,
        "performer": "鞍山某拍卖有限公司",
        "proceeds": "52000",
    }
    # sixty days after service the six months for a lawsuit have not run out
    with pytest.raises(ValidationError, match="第四十六条第三款"):
        record(decision, officers[0], on, **sale)
    served_days_ago(decision, 200)
    ReminderService.objects.filter(decision=decision).update(
        served_at=at(workday_before(on, 5), 10)
    )
    with pytest.raises(ValidationError, match="本案的查封、扣押"):
        record(decision, officers[0], on, **{**sale, "measure": None})
    CompulsoryMeasure.objects.filter(pk=held.pk).update(
        status=CompulsoryMeasure.Status.RELEASED
    )
    held.refresh_from_db()
    with pytest.raises(ValidationError, match="已解除"):
        record(decision, officers[0], on, **sale)
    CompulsoryMeasure.objects.filter(pk=held.pk).update(
        status=CompulsoryMeasure.Status.IN_FORCE
    )
    held.refresh_from_db()
    with pytest.raises(ValidationError, match="所得款项"):
        record(decision, officers[0], on, **{**sale, "proceeds": ""})
    item = record(decision, officers[0], on, **sale)
    assert item.measure == held and str(item.proceeds) == "52000.00"
    assert "52000.00元，上缴国库" in pdf_text(item.document)


def test_only_the_case_staff_and_only_while_executing(
    reminded_decision, officers, other_officer
):
    on = workday_before(today())
    with pytest.raises(PermissionDenied):
        record(reminded_decision, other_officer, on)
    with pytest.raises(ValidationError, match="见证人"):
        record(reminded_decision, officers[0], on, witness="  ")
    with pytest.raises(ValidationError, match="法律依据"):
        record(reminded_decision, officers[0], on, basis="")
    with pytest.raises(ValidationError, match="执行方式"):
        record(reminded_decision, officers[0], on, method="demolish")
    assert not Document.objects.filter(kind="enf_execution_record").exists()


def test_archive_page_records_keeps_input_and_hides_the_case(
    client, reminded_decision, officers, district_b_officer
):
    case = reminded_decision.case
    url = reverse("enforcement:archive", args=[case.pk])
    on = workday_before(today())
    form: dict[str, object] = {
        "action": "other_execution",
        "oe_method": "remove",
        "oe_basis": "《中华人民共和国行政强制法》第十二条第四项",
        "oe_order_reference": "鞍环强执〔2026〕5号",
        "oe_order_served_on": on.isoformat(),
        "oe_work": "拆除暗管",
        "oe_place": "南沙河左岸",
        "oe_started_at": f"{on.isoformat()}T09:00",
        "oe_ended_at": f"{on.isoformat()}T10:00",
        "oe_outcome": "done",
        "oe_result": "已拆除",
        "oe_witness": "",
    }
    client.force_login(officers[0])
    page = client.post(url, form)
    assert page.status_code == 400
    text = page.content.decode()
    assert "请填写见证人" in text
    assert 'value="鞍环强执〔2026〕5号"' in text and "拆除暗管</textarea>" in text
    # the restoration form beside it does not take the typed values
    assert 'id="order_reference" name="order_reference" value=""' in text
    assert not OtherExecution.objects.exists()

    form.update(
        oe_party_signed="1",
        oe_recording=video(),
        oe_recording_kind="video",
        oe_captured_at=f"{on.isoformat()}T08:30",
    )
    page = client.post(url, form)
    assert page.status_code == 400
    assert "录制时间应在执行的开始和结束时间之间" in page.content.decode()
    form.update(
        oe_party_signed="1",
        oe_recording=video(),
        oe_recording_kind="video",
        oe_captured_at=f"{on.isoformat()}T09:05",
    )
    page = client.post(url, form)
    assert page.status_code == 302
    item = OtherExecution.objects.get()
    assert item.party_signed and item.recording is not None
    listing = client.get(url).content.decode()
    assert "鞍环强执〔2026〕5号" in listing and item.document.reference in listing

    client.force_login(district_b_officer)
    assert client.get(url).status_code == 404
    assert client.post(url, form).status_code == 404


def test_a_service_refusal_reads_in_english(client, reminded_decision, officers):
    """The page translates the service's fixed message at render (ADR 0015); the
    Chinese page shows it as raised."""
    url = reverse("enforcement:archive", args=[reminded_decision.case.pk])
    on = workday_before(today())
    form = {
        "action": "other_execution",
        "oe_method": "remove",
        "oe_basis": "《中华人民共和国行政强制法》第十二条第四项",
        "oe_order_reference": "鞍环强执〔2026〕6号",
        "oe_order_served_on": on.isoformat(),
        "oe_work": "拆除暗管",
        "oe_place": "南沙河左岸",
        "oe_started_at": f"{on.isoformat()}T09:00",
        "oe_ended_at": f"{on.isoformat()}T10:00",
        "oe_outcome": "done",
        "oe_result": "已拆除",
    }
    client.force_login(officers[0])
    chinese = client.post(url, form)
    assert chinese.status_code == 400
    assert "请填写见证人（行政强制法第五十一条）" in chinese.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.post(url, form)
    assert english.status_code == 400
    text = english.content.decode()
    assert "enter the witness (Administrative Compulsion Law art. 51)" in text
    assert "请填写见证人" not in text
