"""The enterprise an item concerns (issue 11 item 3): entered by 统一社会信用代码
on the entry pages and in the ledgers, limited to the enterprises the author may
see, and read by credit through `selectors.overdue_items_for_enterprises`."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.enterprises.tests.factories import EnterpriseFactory
from ecobureau.lib import dates

from .. import ledger, selectors, services
from ..models import PetitionCase, RectificationTask
from .conftest import make_case, make_task, today
from .test_entry_views import TASK_POST
from .test_ledger import _edit


@pytest.fixture
def plant_a(district_a):
    return EnterpriseFactory(name="鞍山铁东化工有限公司", district=district_a)


@pytest.fixture
def plant_b(district_b):
    return EnterpriseFactory(name="鞍山铁西钢铁有限公司", district=district_b)


@pytest.fixture
def district_b_office(bureau, district_b) -> User:
    """A ledger keeper whose data scope is district B only."""
    return UserFactory(
        username="ledger-b",
        unit=bureau,
        scope=User.Scope.DIVISION,
        scope_division=district_b,
        role_codes=["section_staff"],
    )


def test_entry_page_links_the_enterprise_by_its_code(
    client, office_staff, district_a, plant_a
):
    client.force_login(office_staff)
    post = {
        **TASK_POST,
        "deadline": (today() + timedelta(days=90)).isoformat(),
        "district": district_a.pk,
        # typed with spaces and in lower case: normalised before matching
        "enterprise": " " + plant_a.credit_code.lower(),
    }
    response = client.post(reverse("rectification:task-new"), post)
    task = RectificationTask.objects.get(number="H-001")
    assert response.status_code == 302 and task.enterprise == plant_a
    page = client.get(task.get_absolute_url()).content.decode()
    assert plant_a.name in page and plant_a.credit_code in page
    # a code matching no enterprise: 400, the code and the text kept, nothing saved
    wrong = "91210300MA0XXXXXX0"
    response = client.post(
        reverse("rectification:task-new"),
        {**post, "number": "H-002", "enterprise": wrong},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert f"未找到统一社会信用代码为“{wrong}”的企业" in text
    assert wrong in text and "千山风景区内违规建设问题" in text
    assert not RectificationTask.objects.filter(number="H-002").exists()


def test_a_case_is_linked_only_to_an_enterprise_in_scope(
    office_staff, district_b_office, district_a, district_b, plant_a, plant_b
):
    case = make_case(office_staff, district=district_a)
    assert case.enterprise is None
    data = services.CaseData(
        number="B-1",
        round="第二轮中央生态环境保护督察",
        source="central",
        received_on=today(),
        content="异味",
        category="nearby",
        responsible_units="铁西区政府",
        deadline=today() + timedelta(days=30),
        district=district_b,
        enterprise=plant_a,
    )
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        services.petition_create(by=district_b_office, data=data)
    data.enterprise = plant_b
    created = services.petition_create(by=district_b_office, data=data)
    assert created.enterprise == plant_b


def test_ledgers_carry_the_code_and_import_matches_it(
    office_staff, district_b_office, district_a, district_b, plant_a, plant_b
):
    task = make_task(office_staff, district=district_a)
    case = make_case(office_staff, district=district_a)
    edited = _edit(
        ledger.task_export(office_staff),
        "整改任务",
        {(2, ledger.CODE_HEADER): plant_a.credit_code},
    )
    ledger.task_import(by=office_staff, content=edited)
    task.refresh_from_db()
    assert task.enterprise == plant_a
    sheet = load_workbook(io.BytesIO(ledger.task_export(office_staff)))["整改任务"]
    assert plant_a.credit_code in [c.value for c in sheet[2]]

    content = ledger.case_export(office_staff)
    edited = _edit(content, "信访案件", {(2, ledger.CODE_HEADER): plant_a.credit_code})
    ledger.case_import(by=office_staff, content=edited)
    case.refresh_from_db()
    assert case.enterprise == plant_a
    # an unknown code is reported on its row and nothing is written
    bad = _edit(content, "信访案件", {(2, ledger.CODE_HEADER): "91210300MA0XXXXXX0"})
    with pytest.raises(ledger.LedgerError) as refused:
        ledger.case_import(by=office_staff, content=bad)
    assert "第2行" in refused.value.rows[0] and "未匹配到" in refused.value.rows[0]
    # a file without the column keeps the stored link
    workbook = load_workbook(io.BytesIO(content))
    ws = workbook["信访案件"]
    ws.delete_cols([c.value for c in ws[1]].index(ledger.CODE_HEADER) + 1)
    out = io.BytesIO()
    workbook.save(out)
    ledger.case_import(by=office_staff, content=out.getvalue())
    case.refresh_from_db()
    assert case.enterprise == plant_a
    # an emptied cell removes it
    cleared = _edit(
        ledger.case_export(office_staff), "信访案件", {(2, ledger.CODE_HEADER): ""}
    )
    ledger.case_import(by=office_staff, content=cleared)
    case.refresh_from_db()
    assert case.enterprise is None

    # district B's ledger keeper cannot tie a new case to district A's plant
    new_case = _edit(
        ledger.case_export(district_b_office),
        "信访案件",
        {
            (2, "受理编号"): "B-77",
            (2, "督察轮次"): "第二轮中央生态环境保护督察",
            (2, "督察来源"): "中央",
            (2, "区县"): district_b.name,
            (2, "交办日期"): today().isoformat(),
            (2, "举报内容"): "噪声",
            (2, "问题类型"): "群众身边生态环境问题",
            (2, "责任单位"): "铁西区政府",
            (2, "办结时限"): (today() + timedelta(days=30)).isoformat(),
            (2, ledger.CODE_HEADER): plant_a.credit_code,
        },
    )
    with pytest.raises(ledger.LedgerError) as refused:
        ledger.case_import(by=district_b_office, content=new_case)
    assert "管辖范围内的企业" in refused.value.rows[0]
    assert not PetitionCase.objects.filter(number="B-77").exists()


def _moment(day: date) -> datetime:
    return dates.local_datetime(day, datetime.min.time())


def test_overdue_items_for_enterprises(office_staff, district_a, plant_a, plant_b):
    year = today().year - 1
    start, end = _moment(date(year, 1, 1)), _moment(date(year + 1, 1, 1))

    def task(number, deadline, enterprise=plant_a, **fields):
        item = make_task(office_staff, number=number, district=district_a)
        RectificationTask.objects.filter(pk=item.pk).update(
            deadline=deadline, enterprise=enterprise, **fields
        )
        return item

    late = task("LATE", date(year, 3, 31))
    late_done = task(
        "LATE-DONE",
        date(year, 6, 30),
        completed_on=date(year, 7, 15),
        status="filed",
    )
    task("ON-TIME", date(year, 6, 30), completed_on=date(year, 6, 1), status="filed")
    task("OTHER-YEAR", date(year - 1, 12, 31))
    task("OTHER-PLANT", date(year, 3, 31), enterprise=plant_b)
    task("NO-PLANT", date(year, 3, 31), enterprise=None)
    case = make_case(office_staff, number="C-LATE", district=district_a)
    PetitionCase.objects.filter(pk=case.pk).update(
        deadline=date(year, 5, 1), enterprise=plant_a
    )
    handled = make_case(office_staff, number="C-DONE", district=district_a)
    PetitionCase.objects.filter(pk=handled.pk).update(
        deadline=date(year, 5, 1), enterprise=plant_a, status="filed"
    )
    # a rebound (反弹): reopened by its transition, dated by its record entry
    from ecobureau.core import records
    from ecobureau.core.models import Record

    with records_at(_moment(date(year, 9, 1))):
        records.append(
            action="rectification.rectificationtask.reopen",
            target=late_done,
            actor=office_staff,
            before="filed",
            after="rectifying",
        )
    RectificationTask.objects.filter(pk=late_done.pk).update(reopen_reason="扬尘复发")
    assert Record.objects.filter(action__endswith=".reopen").count() == 1

    with CaptureQueriesContext(connection) as ctx:
        found = selectors.overdue_items_for_enterprises([plant_a.pk], start, end)
    assert len(ctx.captured_queries) <= 5
    by = {(i.number, i.situation): i for i in found}
    assert set(by) == {
        ("LATE", "overdue"),
        ("LATE-DONE", "overdue"),
        ("C-LATE", "overdue"),
        ("LATE-DONE", "reopened"),
    }
    assert {i.enterprise_id for i in found} == {plant_a.pk}
    assert by[("LATE", "overdue")].label == (
        f"整改任务LATE（完成时限{year}-03-31）逾期未完成整改"
    )
    assert "逾期完成" in by[("LATE-DONE", "overdue")].label
    assert by[("C-LATE", "overdue")].label.startswith("信访案件C-LATE（办结时限")
    rebound = by[("LATE-DONE", "reopened")]
    assert rebound.on == date(year, 9, 1) and "扬尘复发" in rebound.label
    assert rebound.ref == f"rectification.rectificationtask:{late_done.pk}"
    assert late.pk == by[("LATE", "overdue")].pk
    assert selectors.overdue_items_for_enterprises([], start, end) == []


class records_at:
    """Freeze `timezone.now` for the record entry written inside (its `at`)."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __enter__(self) -> None:
        from unittest import mock

        self.patch = mock.patch.object(timezone, "now", return_value=self.moment)
        self.patch.start()

    def __exit__(self, *args: object) -> None:
        self.patch.stop()
