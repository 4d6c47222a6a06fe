"""Pages through their URLs: the overview, detail actions, import with per-row
errors, exports and the weekly/monthly reports."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from .. import ledger
from ..models import RectificationTask
from .conftest import make_case, make_task, today


def test_index_shows_headline_and_pins_queries(
    client, office_staff, district_a, django_assert_max_num_queries
):
    for n in range(5):
        make_task(office_staff, number=f"T-{n}", district=district_a)
        make_case(office_staff, number=f"C-{n}", district=district_a)
    client.force_login(office_staff)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("rectification:index"))
    text = response.content.decode()
    assert "5项整改任务已按时保质完成0项，剩余5项" in text
    assert text.count('data-testid="task-row"') == 5


def test_index_refused_to_the_public(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("rectification:index")).status_code == 403


def test_transition_error_shown_and_status_kept(client, office_staff, district_a):
    task = make_task(office_staff, district=district_a)
    client.force_login(office_staff)
    url = reverse("rectification:task-transition", args=[task.pk])
    response = client.post(
        url, {"transition": "approve", "approval_meeting": "党工委会议"}, follow=True
    )
    assert "请先填写：审议通过日期" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "draft"
    client.post(
        url,
        {
            "transition": "approve",
            "approval_meeting": "党工委会议",
            "approved_on": today().isoformat(),
        },
    )
    task.refresh_from_db()
    assert task.status == "rectifying"


def test_measure_form_keeps_what_was_typed(client, office_staff, district_a):
    task = make_task(office_staff, district=district_a, kinds=("policy",))
    task.status = "rectifying"
    RectificationTask.objects.filter(pk=task.pk).update(status="rectifying")
    measure = task.measures.get()
    client.force_login(office_staff)
    response = client.post(
        reverse("rectification:measure-evidence", args=[task.pk, measure.pk]),
        {
            f"m{measure.pk}-c_issued": "鞍千景发〔2021〕9号",
            f"m{measure.pk}-done_on": today().isoformat(),
        },
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "已开始实施或落实" in text and "鞍千景发〔2021〕9号" in text
    measure.refresh_from_db()
    assert measure.done_on is None


def test_import_page_lists_each_bad_row(client, office_staff, district_a):
    make_task(office_staff, district=district_a)
    workbook = load_workbook(io.BytesIO(ledger.task_export(office_staff)))
    workbook["整改任务"]["I2"] = "不是日期"
    out = io.BytesIO()
    workbook.save(out)
    client.force_login(office_staff)
    response = client.post(
        reverse("rectification:import"),
        {"kind": "tasks", "file": SimpleUploadedFile("台账.xlsx", out.getvalue())},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "未导入任何数据" in text and "“整改任务”第2行" in text


def test_exports_and_reports_download(client, office_staff, district_a):
    task = make_task(
        office_staff, district=district_a, deadline=today() + timedelta(days=3)
    )
    client.force_login(office_staff)
    for kind in ("tasks", "cases"):
        response = client.get(reverse("rectification:export", args=[kind]))
        assert response.status_code == 200
        load_workbook(io.BytesIO(response.content))
    xlsx = client.get(reverse("rectification:report", args=["week", "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content))["整改进展"]
    assert "督察整改工作周报" in sheet["A1"].value
    pdf = client.get(reverse("rectification:report", args=["month", "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert task.number  # the report covered the user's scope


def test_other_district_cannot_post_to_a_task(
    client, office_staff, district_a, district_b_officer
):
    task = make_task(office_staff, district=district_a)
    client.force_login(district_b_officer)
    response = client.post(
        reverse("rectification:task-progress", args=[task.pk]), {"text": "进展"}
    )
    assert response.status_code == 404
    assert not task.reports.exists()
