"""C22, reporting on time: each level files its monthly work report to the level
above by its configured day, with figures generated from the month's data; late
and missing reports are flagged once and the level above told; a problem found
on patrol is clocked against the level's report hours."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from pypdf import PdfReader

from ecobureau.core.models import Record
from ecobureau.grid import checklists, selectors, services
from ecobureau.grid.models import Patrol, Problem, WorkReport
from ecobureau.lib.dates import SHANGHAI
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db
STANDARD = {
    "patrol_days": 3,
    "report_hours": 12,
    "accept_workdays": 1,
    "handle_workdays": 7,
    "transfer_workdays": 4,
    "work_report_day": 3,
}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def patrol(cell, by, when: datetime, *, problem: bool) -> Patrol:
    items = checklists.CHECKLISTS["general"].items
    answers = dict.fromkeys(items, "ok")
    if problem:
        answers[items[0]] = "problem"
    return services.patrol_record(
        data=services.PatrolData(
            cell=cell,
            kind="routine",
            started_at=when,
            place="胜利路",
            checklist_code="general",
            answers=answers,
            findings="工地裸土未苫盖" if problem else "",
        ),
        photos=[],
        by=by,
    )


def report_problem(cell, by, found: Patrol | None = None) -> Problem:
    return services.problem_report(
        data=services.ProblemData(
            cell=cell,
            category=Problem.Category.DUST,
            description="工地裸土未苫盖",
            place="胜利路",
            patrol=found,
        ),
        by=by,
    )


@pytest.fixture
def october(cells, grid_officer, district_a_leader):
    """October in 站前街道: three patrols (one found a problem, reported and
    closed), and one problem in the neighbouring township."""
    township = cells["210302001"]
    with time_machine.travel(at("2026-10-12 09:00"), tick=False):
        found = patrol(township, grid_officer, at("2026-10-12 08:00"), problem=True)
        patrol(township, grid_officer, at("2026-10-12 08:30"), problem=False)
        problem = report_problem(township, grid_officer, found)
        services.problem_act(problem=problem, transition="accept", by=district_a_leader)
        services.problem_act(
            problem=problem, transition="close", result="已苫盖", by=district_a_leader
        )
    with time_machine.travel(at("2026-10-20 09:00"), tick=False):
        patrol(township, grid_officer, at("2026-10-20 08:00"), problem=False)
    return township


def test_the_report_is_generated_from_the_month_and_filed_on_time(
    october, township_official, district_a_leader
):
    with time_machine.travel(at("2026-11-02 10:00"), tick=False):
        report = services.work_report_prepare(
            cell=october, year=2026, month=10, by=township_official
        )
        assert report.upper_cell.division.code == "210302"
        assert report.due_on.isoformat() == "2026-11-05"  # GRID_WORK_REPORT_DAY
        figures = report.figures
        assert figures["patrols"] == 3
        assert figures["patrols_with_problem"] == 1
        assert figures["problems_reported"] == 1
        assert figures["problems_closed"] == 1
        assert figures["patrols_by_kind"] == {"日常巡查": 3}
        with pytest.raises(ValidationError, match="工作开展情况"):
            services.work_report_submit(
                report=report,
                summary=" ",
                issues="",
                next_plan="",
                by=township_official,
            )
        report = services.work_report_submit(
            report=report,
            summary="完成巡查3次，发现并上报扬尘问题1件，已办结。",
            issues="",
            next_plan="秸秆禁烧巡查",
            by=township_official,
        )
    assert report.status == WorkReport.Status.SUBMITTED and not report.late
    entry = Record.objects.get(action="grid.work_report_submit")
    assert (entry.target_type, entry.target_id) == ("grid.workreport", str(report.pk))
    assert Notification.objects.filter(
        recipient=district_a_leader, title__contains="网格工作月报"
    ).exists()
    with pytest.raises(ValidationError, match="已报送"):
        services.work_report_submit(
            report=report, summary="再报", issues="", next_plan="", by=township_official
        )
    with pytest.raises(PermissionDenied):  # the filer cannot review its own
        services.work_report_review(
            report=report, decision="received", note="", by=township_official
        )
    with pytest.raises(ValidationError, match="理由"):
        services.work_report_review(
            report=report, decision="returned", note="", by=district_a_leader
        )
    report = services.work_report_review(
        report=report,
        decision="returned",
        note="补充问题整改情况",
        by=district_a_leader,
    )
    assert report.status == WorkReport.Status.RETURNED
    with time_machine.travel(at("2026-11-04 10:00"), tick=False):
        report = services.work_report_submit(
            report=report,
            summary="完成巡查3次，问题已整改并复查。",
            issues="",
            next_plan="",
            by=township_official,
        )
    report = services.work_report_review(
        report=report, decision="received", note="", by=district_a_leader
    )
    assert report.status == WorkReport.Status.RECEIVED and not report.late


def test_only_the_cells_own_level_files_and_only_past_months(
    october, township_official, district_a_leader
):
    with time_machine.travel(at("2026-11-02 10:00"), tick=False):
        with pytest.raises(PermissionDenied):  # the district does not file for it
            services.work_report_prepare(
                cell=october, year=2026, month=10, by=district_a_leader
            )
        with pytest.raises(ValidationError, match="已结束"):
            services.work_report_prepare(
                cell=october, year=2026, month=11, by=township_official
            )
        district = october.parent
        own = services.work_report_prepare(
            cell=district, year=2026, month=10, by=district_a_leader
        )
    assert own.figures["patrols"] == 3  # the district's figures cover its townships
    assert own.upper_cell.level == 1


def test_missing_reports_are_flagged_once_and_late_filing_is_marked(
    cells, october, township_official, district_a_leader, city_leader
):
    services.standard_set(
        cell=cells["210302"],
        values=STANDARD,
        standards="按时上报",
        rewards_penalties="逾期通报",
        by=district_a_leader,
    )
    with time_machine.travel(at("2026-11-03 20:00"), tick=False):
        assert services.work_reports_check() == 0  # due on the 3rd: not yet late
    with time_machine.travel(at("2026-11-04 08:00"), tick=False):
        flagged = services.work_reports_check()
        # 站前, 解放 (day 3 from the district) and 铁东 (its own day 3); 铁西
        # follows the setting (day 5), not yet due.
        assert flagged == 3
        assert services.work_reports_check() == 0
        call_command("check_grid_reports", stdout=open("/dev/null", "w"))  # noqa: SIM115
    late = WorkReport.objects.get(cell=october, year=2026, month=10)
    assert late.status == WorkReport.Status.DRAFT and late.late
    assert late.overdue_flagged_on == date(2026, 11, 4)
    assert late.figures["patrols"] == 3
    assert Record.objects.filter(action="grid.work_report_overdue").count() == 3
    assert Notification.objects.filter(
        recipient=district_a_leader, title__contains="逾期未报"
    ).exists()
    assert Notification.objects.filter(
        recipient=city_leader, title__contains="铁东区"
    ).exists()  # the district's own report: the city is told
    with time_machine.travel(at("2026-11-05 09:00"), tick=False):
        filed = services.work_report_submit(
            report=late,
            summary="补报十月工作情况",
            issues="",
            next_plan="",
            by=township_official,
        )
    assert filed.late and filed.status == WorkReport.Status.SUBMITTED


def test_a_problem_reported_after_the_report_hours_is_late(
    cells, grid_officer, district_a_leader
):
    township = cells["210302001"]
    services.standard_set(
        cell=cells["210302"],
        values=STANDARD,
        standards="问题12小时内上报",
        rewards_penalties="超时通报",
        by=district_a_leader,
    )
    with time_machine.travel(at("2026-11-23 10:00"), tick=False):
        found = patrol(township, grid_officer, at("2026-11-23 09:00"), problem=True)
        assert found.report_due_at == at("2026-11-23 21:00")  # 12 h, the district's
        on_time = report_problem(township, grid_officer, found)
    assert not on_time.reported_late and on_time.found_at == at("2026-11-23 09:00")
    with time_machine.travel(at("2026-11-24 10:00"), tick=False):
        old = patrol(township, grid_officer, at("2026-11-23 08:00"), problem=True)
        late = report_problem(township, grid_officer, old)
    assert late.reported_late
    assert late.report_due_at == at("2026-11-23 20:00")
    entries = Record.objects.filter(action="grid.problem_reported_late")
    assert list(entries.values_list("target_id", flat=True)) == [str(late.pk)]
    assert Notification.objects.filter(title__contains="超过12小时上报时限").exists()


def test_a_patrol_problem_never_reported_is_flagged_once(
    cells, grid_officer, district_a_leader
):
    township = cells["210302001"]
    with time_machine.travel(at("2026-11-23 10:00"), tick=False):
        silent = patrol(township, grid_officer, at("2026-11-23 09:00"), problem=True)
        reported = patrol(township, grid_officer, at("2026-11-23 09:30"), problem=True)
        report_problem(township, grid_officer, reported)
        clean = patrol(township, grid_officer, at("2026-11-23 09:40"), problem=False)
        assert services.patrol_reports_check() == 0  # within 24 h (setting)
    with time_machine.travel(at("2026-11-24 09:30"), tick=False):
        assert services.patrol_reports_check() == 1
        assert services.patrol_reports_check() == 0
    silent.refresh_from_db()
    reported.refresh_from_db()
    clean.refresh_from_db()
    assert silent.report_overdue_flagged_at is not None
    assert reported.report_overdue_flagged_at is None
    assert clean.report_due_at is None
    assert Notification.objects.filter(
        recipient=grid_officer, title__contains="超时未上报"
    ).exists()
    assert Notification.objects.filter(
        recipient=district_a_leader, title__contains="超时未上报"
    ).exists()
    assert Record.objects.filter(action="grid.patrol_report_overdue").count() == 1


def test_reports_are_scoped_and_the_pages_work(
    client,
    october,
    township_official,
    district_a_leader,
    district_b_officer,
    grid_officer_a2,
):
    with time_machine.travel(at("2026-11-02 10:00"), tick=False):
        client.force_login(township_official)
        new = reverse("grid:work-report-new", args=[october.pk])
        bad = client.post(new, {"month": "十月"})
        assert bad.status_code == 400
        assert "2026-10" in bad.content.decode() and "十月" in bad.content.decode()
        response = client.post(new, {"month": "2026-10"})
        report = WorkReport.objects.get(cell=october)
        assert response.url == reverse("grid:work-report-detail", args=[report.pk])
        detail = client.get(response.url)
        assert "巡查次数" in detail.content.decode()
        kept = client.post(
            response.url, {"form": "submit", "summary": "", "issues": "雨天多"}
        )
        assert "雨天多" in kept.content.decode()
        done = client.post(
            response.url, {"form": "submit", "summary": "完成巡查", "issues": ""}
        )
        assert done.status_code == 302
        assert client.get(reverse("grid:work-report-list")).status_code == 200
    client.force_login(district_a_leader)
    page = client.get(reverse("grid:work-report-detail", args=[report.pk]))
    assert "上级审阅" in page.content.decode()
    client.post(
        reverse("grid:work-report-detail", args=[report.pk]),
        {"form": "review", "decision": "received", "note": ""},
    )
    report.refresh_from_db()
    assert report.status == WorkReport.Status.RECEIVED
    for outsider in (district_b_officer, grid_officer_a2):
        assert not selectors.work_report_list_for_user(outsider).exists()
        with pytest.raises(Http404):
            selectors.work_report_get_for_user(outsider, report.pk)
    client.force_login(district_b_officer)
    assert (
        client.get(reverse("grid:work-report-detail", args=[report.pk])).status_code
        == 404
    )


def test_a_districts_report_breaks_down_by_township_and_downloads(
    client, october, district_a_leader, township_official, district_b_officer
):
    with time_machine.travel(at("2026-11-02 10:00"), tick=False):
        report = services.work_report_prepare(
            cell=october.parent, year=2026, month=10, by=district_a_leader
        )
        services.work_report_submit(
            report=report,
            summary="全区完成巡查3次。\n扬尘问题已办结。",
            issues="",
            next_plan="秸秆禁烧巡查",
            by=district_a_leader,
        )
    rows = {row["name"]: row for row in report.figures["townships"]}
    assert rows[october.name]["patrols"] == 3
    assert rows[october.name]["problems_reported"] == 1
    assert rows[october.name]["problems_closed"] == 1
    others = [row for name, row in rows.items() if name != october.name]
    assert others and all(row["patrols"] == 0 for row in others)
    assert sum(row["patrols"] for row in rows.values()) == report.figures["patrols"]

    client.force_login(district_a_leader)
    page = client.get(reverse("grid:work-report-detail", args=[report.pk]))
    assert 'data-testid="townships"' in page.content.decode()
    pdf = client.get(reverse("grid:work-report-download", args=[report.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and b"NotoSerifSC" in pdf.content
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert october.name in text and "秸秆禁烧巡查" in text

    sheet = client.get(reverse("grid:work-report-download", args=[report.pk, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(sheet.content))
    assert book.sheetnames == ["本月工作数据", "各乡镇（街道）", "工作情况"]
    figures = {
        row[0]: row[1] for row in book["本月工作数据"].iter_rows(values_only=True)
    }
    assert str(figures["巡查次数"]) == "3"
    townships = list(book["各乡镇（街道）"].iter_rows(values_only=True))
    assert townships[0][:2] == ("乡镇（街道）", "巡查次数")
    assert [str(r[1]) for r in townships if r[0] == october.name] == ["3"]
    assert (
        client.get(
            reverse("grid:work-report-download", args=[report.pk, "doc"])
        ).status_code
        == 404
    )

    # The township reads the district's report? No: it is the level above's.
    client.force_login(township_official)
    assert (
        client.get(
            reverse("grid:work-report-download", args=[report.pk, "pdf"])
        ).status_code
        == 404
    )
    client.force_login(district_b_officer)
    assert (
        client.get(
            reverse("grid:work-report-download", args=[report.pk, "xlsx"])
        ).status_code
        == 404
    )
    client.logout()
    assert (
        client.get(
            reverse("grid:work-report-download", args=[report.pk, "pdf"])
        ).status_code
        == 302
    )
