"""Enforcement personas over the root conftest's places and enterprises.

The team (综合行政执法队) has a head and three credentialed officers with city
scope; 铁东分局负责人 (root conftest) reviews approvals in district A. Each
persona's docstring says what that person may see.
"""

from __future__ import annotations

import base64
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.casework import services as casework_services
from ecobureau.enterprises.models import Enterprise
from ecobureau.grid.models import InspectionTask

from .. import selectors, services
from ..models import Inspection, InspectionReason

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def photo(name: str = "现场.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def video(name: str = "执法记录仪.mp4") -> SimpleUploadedFile:
    # An ISO base media file: an "ftyp" box with MP4 brands, then the media data.
    data = (
        b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41"
        + b"\x00\x00\x00\x48mdat"
        + b"\x00" * 64
    )
    return SimpleUploadedFile(name, data, content_type="video/mp4")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def team(bureau: Unit) -> Unit:
    return UnitFactory(
        code="team", name="综合行政执法队", kind=Unit.Kind.TEAM, parent=bureau
    )


@pytest.fixture
def enforcement_head(team: Unit) -> User:
    """执法队负责人: sees every inspection in the city, approves ad-hoc checks."""
    return UserFactory(
        username="team-head",
        full_name="赵队长",
        unit=team,
        scope=User.Scope.CITY,
        credential_no="21030000001",
        role_codes=["enforcement_head"],
    )


def make_officer(team: Unit, n: int, **extra: object) -> User:
    return UserFactory(
        username=f"officer-{n}",
        full_name=f"执法员{n}",
        unit=team,
        scope=User.Scope.CITY,
        credential_no=f"2103{n:07d}",
        role_codes=["enforcement_officer"],
        **extra,
    )


@pytest.fixture
def officers(team: Unit) -> list[User]:
    """Two credentialed officers: see only the inspections they are on."""
    return [make_officer(team, 11), make_officer(team, 12)]


@pytest.fixture
def other_officer(team: Unit) -> User:
    """A credentialed officer on no inspection: must see none of them."""
    return make_officer(team, 13)


def approve(item: InspectionReason, reviewer: User, approver: User) -> None:
    approval = selectors.reason_approval(item)
    assert approval is not None
    casework_services.approval_review(approval=approval, opinion="同意。", by=reviewer)
    casework_services.approval_decide(
        approval=approval, decision="approve", opinion="同意。", by=approver
    )


def plan_task(
    enterprise: Enterprise,
    inspectors: list[User],
    by: User,
    *,
    kind: str = InspectionTask.Kind.ROUTINE,
    year: int | None = None,
) -> InspectionTask:
    """A task as the grid's double-random draw leaves it (the draw is the grid
    module's; its own tests cover it)."""
    today = timezone.localdate()
    task = InspectionTask.objects.create(
        enterprise=enterprise,
        year=year or today.year,
        kind=kind,
        due_by=today + timedelta(days=30),
        created_by=by,
        district_id=enterprise.district_id,
        township_id=enterprise.township_id,
    )
    task.inspectors.set(inspectors)
    return task


@pytest.fixture
def code_a(enterprise_a: Enterprise, enforcement_head: User):
    return services.code_issue(enterprise=enterprise_a, by=enforcement_head)


@pytest.fixture
def planned(
    enterprise_a: Enterprise, officers: list[User], enforcement_head: User
) -> Inspection:
    """A routine inspection of enterprise A from the plan, not yet started."""
    task = plan_task(enterprise_a, officers, enforcement_head)
    return services.inspection_plan(by=enforcement_head, officers=officers, task=task)


@pytest.fixture
def on_site(planned: Inspection, officers: list[User], code_a) -> Inspection:
    """The same inspection with both officers scanned in."""
    for officer in officers:
        services.inspection_check_in(inspection=planned, by=officer, token=code_a.token)
    planned.refresh_from_db()
    return planned


def write_record(inspection: Inspection, by: User, **extra: object) -> None:
    from .. import checklists

    checklist = checklists.for_industry(inspection.enterprise.industry_code)
    answers = [services.ChecklistAnswer(item, "ok") for item in checklist.items]
    values: dict[str, object] = {
        "inspection": inspection,
        "by": by,
        "checklist": checklist.code,
        "answers": answers,
        "findings": "生产设施与污染防治设施正常运行。",
        "present_name": "钱经理",
        "present_title": "环保负责人",
        "credentials_shown": True,
        "party_signed": True,
    }
    values.update(extra)
    services.inspection_record_save(**values)


def a_reason(enterprise: Enterprise, by: User) -> InspectionReason:
    return services.reason_request(
        enterprise=enterprise,
        source=InspectionReason.Source.SUPERIOR,
        reference="辽环执法〔2026〕12号",
        reason="省厅交办：核查该企业夜间异味问题。",
        by=by,
    )


__all__ = ["date"]


@pytest.fixture
def filed_case(
    enterprise_a: Enterprise,
    officers: list[User],
    enforcement_head: User,
    district_a_leader: User,
    city_leader: User,
):
    """A case of enterprise A transferred by the province, approved and filed: in
    investigation, with the two officers."""
    from ..models import EnforcementCase

    case = services.case_open(
        enterprise=enterprise_a,
        source=EnforcementCase.Source.TRANSFER,
        reference="辽环执法〔2026〕12号",
        start_reason="省厅交办：企业危险废物贮存不规范。",
        facts="危险废物贮存间未设置识别标志，约0.08吨废矿物油桶露天堆放。",
        officers=officers,
        by=enforcement_head,
    )
    approval = selectors.case_start_approval(case)
    assert approval is not None
    casework_services.approval_review(
        approval=approval, opinion="拟同意。", by=district_a_leader
    )
    casework_services.approval_decide(
        approval=approval, decision="approve", opinion="同意启动。", by=city_leader
    )
    services.case_file(case=case, by=enforcement_head)
    case.refresh_from_db()
    return case


def legal_user(username: str, unit: Unit) -> User:
    return UserFactory(
        username=username,
        full_name=username,
        unit=unit,
        scope=User.Scope.CITY,
        role_codes=["legal_reviewer"],
    )


@pytest.fixture
def investigated(filed_case, officers):
    services.document_make(
        case=filed_case,
        kind="inquiry",
        fields={
            "place": "企业会议室",
            "period": "2026-11-20 09:00至09:40",
            "person": "钱经理",
            "person_role": "当事人环保负责人",
            "content": "问：超标期间生产情况？答：除尘布袋破损。",
        },
        officers=officers,
        credentials_shown=True,
        rights_told="书面告知陈述申辩权利",
        signed=True,
        by=officers[0],
    )
    services.case_conclude(case=filed_case, by=officers[0])
    filed_case.refresh_from_db()
    assert filed_case.status == "investigated"
    return filed_case


@pytest.fixture
def reviewers(bureau: Unit) -> list[User]:
    """Three legal reviewers of the legal section: see only what is before them."""
    return [legal_user(f"法制审核员{n}", bureau) for n in range(1, 5)]
