"""An inspection from plan to record: QR check-in by two officers, the record from
the checklist with a photo, the health-check sheet (no case), the recording the
finish step needs, the grid task completed, and the enterprise's rating."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ecobureau.casework.models import Attachment, UnrecordedStep
from ecobureau.grid.models import InspectionTask

from .. import selectors, services
from ..models import CheckIn, HealthCheckSheet, Inspection, VisitRating
from .conftest import photo, video, write_record


def test_two_officers_scanning_in_start_the_inspection(planned, officers, code_a):
    services.inspection_check_in(inspection=planned, by=officers[0], token=code_a.token)
    planned.refresh_from_db()
    assert planned.status == "planned"  # one officer alone does not start it
    services.inspection_check_in(inspection=planned, by=officers[1], token=code_a.token)
    planned.refresh_from_db()
    assert planned.status == "on_site"
    assert planned.arrived_at is not None
    rows = list(CheckIn.objects.filter(inspection=planned).order_by("pk"))
    assert [row.credential_no for row in rows] == [o.credential_no for o in officers]


def test_wrong_code_is_refused(
    planned, officers, code_a, enterprise_b, enforcement_head
):
    # the code of another enterprise
    services.code_issue(enterprise=enterprise_b, by=enforcement_head)
    other = selectors.code_for(enterprise_b)
    assert other is not None
    with pytest.raises(ValidationError, match="二维码与被检查企业不符"):
        services.inspection_check_in(
            inspection=planned, by=officers[0], token=other.token
        )
    assert not CheckIn.objects.exists()


def test_reissued_code_voids_the_old_one(planned, officers, code_a, enforcement_head):
    old = code_a.token
    services.code_issue(
        enterprise=planned.enterprise, by=enforcement_head, reissue=True
    )
    with pytest.raises(ValidationError):
        services.inspection_check_in(inspection=planned, by=officers[0], token=old)


def test_only_the_team_scans_in(planned, other_officer, code_a):
    with pytest.raises(PermissionDenied):
        services.inspection_check_in(
            inspection=planned, by=other_officer, token=code_a.token
        )


def test_officer_whose_credential_was_withdrawn_cannot_scan_in(
    planned, officers, code_a
):
    officers[0].credential_no = ""
    officers[0].save(update_fields=["credential_no"])
    with pytest.raises(PermissionDenied, match="执法证件"):
        services.inspection_check_in(
            inspection=planned, by=officers[0], token=code_a.token
        )


def test_scanning_in_twice_is_refused(planned, officers, code_a):
    services.inspection_check_in(inspection=planned, by=officers[0], token=code_a.token)
    with pytest.raises(ValidationError, match="重复"):
        services.inspection_check_in(
            inspection=planned, by=officers[0], token=code_a.token
        )


def test_record_needs_every_item_and_a_note_for_each_problem(on_site, officers):
    from .. import checklists

    checklist = checklists.for_industry(on_site.enterprise.industry_code)
    answers = [services.ChecklistAnswer(item, "ok") for item in checklist.items[:-1]]
    with pytest.raises(ValidationError, match="逐项"):
        write_record(on_site, officers[0], answers=answers)
    answers = [services.ChecklistAnswer(item, "problem") for item in checklist.items]
    with pytest.raises(ValidationError, match="说明具体情况"):
        write_record(on_site, officers[0], answers=answers)


def test_record_states_credentials_shown_and_signature_or_refusal(on_site, officers):
    with pytest.raises(ValidationError, match="出示执法证件"):
        write_record(on_site, officers[0], credentials_shown=False)
    with pytest.raises(ValidationError, match="拒绝签字"):
        write_record(on_site, officers[0], party_signed=False)
    write_record(
        on_site, officers[0], party_signed=False, refusal="当事人拒绝在笔录上签字。"
    )
    assert on_site.record.refusal == "当事人拒绝在笔录上签字。"


def test_record_only_while_on_site(planned, officers):
    with pytest.raises(ValidationError, match="待入企检查"):
        write_record(planned, officers[0])


def test_health_sheet_only_for_problems_fixed_on_the_spot(on_site, officers):
    with pytest.raises(ValidationError, match="不适用体检单"):
        services.healthcheck_issue(
            inspection=on_site,
            by=officers[0],
            items=[
                services.HealthItem(
                    "危废标识缺失", "危险废物识别标志设置技术规范", False
                )
            ],
            advice="规范危废贮存。",
        )
    assert not HealthCheckSheet.objects.exists()


def test_finish_needs_record_checkout_and_recording(on_site, officers, code_a):
    # given the record is written but nobody scanned out
    write_record(on_site, officers[0])
    with pytest.raises(ValidationError, match="未扫码离企"):
        services.inspection_finish(inspection=on_site, by=officers[0])
    for officer in officers:
        services.inspection_check_out(
            inspection=on_site, by=officer, token=code_a.token
        )
    # when finished without a recording or a reason, then it is refused
    with pytest.raises(ValidationError):
        services.inspection_finish(inspection=on_site, by=officers[0])
    on_site.refresh_from_db()
    assert on_site.status == "on_site"
    # a stated reason lets it finish, and the reason is kept for the legal section
    services.inspection_finish(
        inspection=on_site,
        by=officers[0],
        no_recording_reason="涉及商业秘密车间，企业拒绝录像",
    )
    on_site.refresh_from_db()
    assert on_site.status == "done"
    assert UnrecordedStep.objects.filter(target_id=on_site.pk).exists()


def test_inspection_from_plan_to_record_with_a_health_check_sheet(
    on_site, officers, code_a, enterprise_user_a
):
    # given both officers are on site: a photo, the record, the health sheet
    services.inspection_file_add(
        inspection=on_site, by=officers[0], file=photo(), kind="photo", note="危废间"
    )
    write_record(on_site, officers[0])
    sheet = services.healthcheck_issue(
        inspection=on_site,
        by=officers[1],
        items=[
            services.HealthItem(
                "危险废物贮存间标识缺失",
                "危险废物识别标志设置技术规范（HJ 1276）",
                True,
            ),
            services.HealthItem("", "", False),  # an empty row is ignored
        ],
        advice="危废贮存间应设置识别标志，台账每日记录。",
    )
    assert len(sheet.items) == 1
    # the recording of the on-site inspection, made during the visit
    services.inspection_file_add(
        inspection=on_site,
        by=officers[0],
        file=video(),
        kind="video",
        captured_at=timezone.now() - timedelta(minutes=30),
    )
    for officer in officers:
        services.inspection_check_out(
            inspection=on_site, by=officer, token=code_a.token
        )
    # when the inspection is finished
    services.inspection_finish(inspection=on_site, by=officers[0])
    # then it is done, the grid's plan task is completed, and no case was opened
    on_site.refresh_from_db()
    assert on_site.status == "done"
    task = InspectionTask.objects.get(pk=on_site.plan_task_id)
    assert task.status == InspectionTask.Status.DONE
    assert f"现场检查#{on_site.pk}" in task.result
    kinds = set(
        Attachment.objects.filter(
            target_type="enforcement.inspection", target_id=on_site.pk
        ).values_list("kind", flat=True)
    )
    assert kinds == {"photo", "video"}
    assert Inspection.objects.count() == 1
    # and the enterprise sees who came and rates the visit, once
    visitors = selectors.visitors_for(on_site)
    assert [v.credential_no for v in visitors] == [o.credential_no for o in officers]
    assert all(v.valid for v in visitors)
    services.inspection_rate(
        inspection=on_site,
        by=enterprise_user_a,
        overall="satisfied",
        credentials_shown=True,
        civil=True,
    )
    with pytest.raises(ValidationError, match="已评价"):
        services.inspection_rate(
            inspection=on_site,
            by=enterprise_user_a,
            overall="satisfied",
            credentials_shown=True,
            civil=True,
        )
    assert VisitRating.objects.get().overall == "satisfied"


def test_rating_only_by_the_inspected_enterprise_after_the_visit(
    on_site, enterprise_user_a, enterprise_user_b
):
    with pytest.raises(ValidationError, match="检查结束后"):
        services.inspection_rate(
            inspection=on_site,
            by=enterprise_user_a,
            overall="satisfied",
            credentials_shown=True,
            civil=True,
        )
    with pytest.raises(PermissionDenied):
        services.inspection_rate(
            inspection=on_site,
            by=enterprise_user_b,
            overall="satisfied",
            credentials_shown=True,
            civil=True,
        )


def test_unsatisfied_rating_needs_a_reason(
    on_site, officers, code_a, enterprise_user_a
):
    write_record(on_site, officers[0])
    for officer in officers:
        services.inspection_check_out(
            inspection=on_site, by=officer, token=code_a.token
        )
    services.inspection_finish(
        inspection=on_site, by=officers[0], no_recording_reason="设备故障"
    )
    with pytest.raises(ValidationError, match="说明原因"):
        services.inspection_rate(
            inspection=on_site,
            by=enterprise_user_a,
            overall="unsatisfied",
            credentials_shown=False,
            civil=False,
        )


def test_services_read_the_current_status_not_the_callers_copy(
    planned, officers, code_a
):
    # the caller keeps its copy from before the scan-in moved the inspection on
    for officer in officers:
        services.inspection_check_in(inspection=planned, by=officer, token=code_a.token)
    assert planned.status == "planned"  # stale in memory
    write_record(planned, officers[0])
    assert Inspection.objects.get(pk=planned.pk).record.findings
