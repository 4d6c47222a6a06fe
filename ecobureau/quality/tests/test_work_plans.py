"""工作计划及其完成情况 (D19): the city bureau registers the year's plan and its
items and publishes it; progress is reported item by item (the city bureau, or the
sub-bureau of the item's district), each write on the record; refused input
answers 400 with what was typed; another district's head cannot report; the portal
list shows published plans only, with the completion rate, to anyone, and its
exports read back."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.quality import services
from ecobureau.quality.models import WorkPlan, WorkPlanItem

pytestmark = pytest.mark.django_db

PUBLIC = reverse("portal:disclosure-list", args=["work-plans"])


@pytest.fixture
def district_b_head(sub_bureau_b, district_b) -> User:
    return UserFactory(
        username="tiexi-head",
        full_name="钱局长",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=district_b,
        role_codes=["sub_bureau_head"],
    )


def _plan(monitor, district_a) -> tuple[WorkPlan, WorkPlanItem, WorkPlanItem]:
    now = timezone.now()
    year = timezone.localdate().year
    plan = services.work_plan_create(
        actor=monitor,
        year=year,
        title=f"{year}年生态环境保护工作计划",
        issuer="市生态环境局",
        now=now,
    )
    city = services.work_plan_item_add(
        actor=monitor,
        plan=plan,
        task="完成饮用水水源地规范化建设",
        responsible_unit="水生态环境科",
        deadline=date(year, 12, 31),
    )
    district = services.work_plan_item_add(
        actor=monitor,
        plan=plan,
        task="淘汰10蒸吨以下燃煤锅炉",
        responsible_unit="铁东分局",
        district=district_a,
        deadline=date(year, 12, 31),
    )
    return plan, city, district


def test_plan_registered_reported_and_published_with_its_rate(
    client, monitor, district_a_head, district_a
):
    client.force_login(monitor)
    year = timezone.localdate().year
    made = client.post(
        reverse("quality:work-plans"),
        {"year": year, "title": f"{year}年工作计划", "issuer": "市生态环境局"},
    )
    assert made.status_code == 302
    plan = WorkPlan.objects.get()
    url = reverse("quality:work-plan", args=[plan.pk])
    for task, unit, district in (
        ("完成饮用水水源地规范化建设", "水生态环境科", ""),
        ("淘汰10蒸吨以下燃煤锅炉", "铁东分局", district_a.pk),
    ):
        added = client.post(
            url,
            {
                "action": "add",
                "add-task": task,
                "add-responsible_unit": unit,
                "add-district": district,
                "add-deadline": date(year, 12, 31).isoformat(),
            },
        )
        assert added.status_code == 302
    assert client.post(url, {"action": "publish"}).status_code == 302
    boiler = WorkPlanItem.objects.get(task__startswith="淘汰")
    # the district's head reports its item done
    client.force_login(district_a_head)
    today = timezone.localdate()
    reported = client.post(
        reverse("quality:work-plan-item", args=[boiler.pk]),
        {"status": "done", "completed_on": today.isoformat(), "note": "12台已拆除"},
    )
    assert reported.status_code == 302
    boiler.refresh_from_db()
    assert (boiler.status, boiler.completed_on) == ("done", today)
    actions = list(
        Record.objects.filter(target_type="quality.workplan").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "quality.work_plan_create",
        "quality.work_plan_item_add",
        "quality.work_plan_item_add",
        "quality.work_plan_publish",
        "quality.work_plan_item_progress",
    ]
    assert records.verify()[1] is None
    page = client.get(url).content.decode()
    assert "1/2（50.0%）" in page
    # the public list: anonymous, both items, the rate, no person
    client.logout()
    html = client.get(PUBLIC).content.decode()
    assert "淘汰10蒸吨以下燃煤锅炉" in html and "12台已拆除" in html
    assert "1/2（50.0%）" in html
    for name in (monitor.full_name, district_a_head.full_name):
        assert name not in html
    book = load_workbook(io.BytesIO(client.get(PUBLIC + "?format=xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("年度", "计划名称", "序号", "工作任务")
    by_task = {r[3]: r for r in rows[1:]}
    assert by_task["淘汰10蒸吨以下燃煤锅炉"][6] == "已完成"
    assert by_task["完成饮用水水源地规范化建设"][6] == "未开始"
    assert {r[9] for r in rows[1:]} == {"1/2（50.0%）"}
    csv = client.get(PUBLIC + f"?format=csv&q={year}年").content.decode("utf-8-sig")
    assert csv.count("\n") == 3  # header and both items
    catalogue = client.get(reverse("portal:disclosure")).content.decode()
    assert 'data-key="work-plans"' in catalogue


def test_refused_progress_answers_400_with_what_was_typed(client, monitor, district_a):
    plan, city, _ = _plan(monitor, district_a)
    client.force_login(monitor)
    item_url = reverse("quality:work-plan-item", args=[city.pk])
    no_date = client.post(item_url, {"status": "done", "note": "水源地标志已设置"})
    assert no_date.status_code == 400
    html = no_date.content.decode()
    assert "已完成的工作请填写完成日期" in html and "水源地标志已设置" in html
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    later = client.post(
        item_url, {"status": "done", "completed_on": future, "note": "提前"}
    )
    assert later.status_code == 400 and "完成日期不能晚于今天" in later.content.decode()
    bad_deadline = client.post(
        reverse("quality:work-plan", args=[plan.pk]),
        {
            "action": "add",
            "add-task": "跨年任务",
            "add-responsible_unit": "综合科",
            "add-deadline": date(plan.year + 1, 1, 31).isoformat(),
        },
    )
    assert bad_deadline.status_code == 400
    assert "完成时限应在" in bad_deadline.content.decode()
    assert "跨年任务" in bad_deadline.content.decode()
    city.refresh_from_db()
    assert city.status == "planned" and plan.items.count() == 2


def test_another_district_cannot_report_and_the_public_sees_only_published(
    client, monitor, district_a_head, district_b_head, district_a, district_a_officer
):
    plan, city, district = _plan(monitor, district_a)
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        services.work_plan_item_progress(
            actor=district_b_head,
            item=district,
            status="in_progress",
            note="x",
            now=now,
        )
    with pytest.raises(PermissionDenied):  # the city's item: city bureau only
        services.work_plan_item_progress(
            actor=district_a_head, item=city, status="in_progress", note="x", now=now
        )
    client.force_login(district_b_head)
    url = reverse("quality:work-plan-item", args=[district.pk])
    refused = client.post(url, {"status": "in_progress", "note": "越权"})
    assert refused.status_code == 403
    # district staff without the manage permission: no plan writes
    client.force_login(district_a_officer)
    assert (
        client.post(
            reverse("quality:work-plans"),
            {"year": plan.year, "title": "x", "issuer": "x"},
        ).status_code
        == 403
    )
    district.refresh_from_db()
    assert district.status == "planned"
    # unpublished: the public list is empty; published: shown
    client.logout()
    assert client.get(reverse("quality:work-plans")).status_code == 302
    assert "淘汰10蒸吨" not in client.get(PUBLIC).content.decode()
    services.work_plan_publish(actor=monitor, plan=plan, now=now)
    assert "淘汰10蒸吨" in client.get(PUBLIC).content.decode()
