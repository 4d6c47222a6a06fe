"""Demo step: inspections of the demo city (示例数据), built through the services.

For a few tasks of the grid's double-random draw still planned: the enterprise's
QR code, an inspection with both officers scanned in and out, the record from the
checklist, a health-check sheet for a problem fixed on the spot, the finish (with
the reason recording was not possible, since the demo ships no video), and a case
registered from the inspection awaiting its program-start approval.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.enterprises.models import Enterprise
from ecobureau.grid import selectors as grid_selectors
from ecobureau.grid.models import InspectionTask

from . import checklists, selectors, services
from .models import EnforcementCase, InspectionReason, MinorViolationItem

ORDER = 70  # after the grid's draw (45), monitoring (60) and complaints (50)


def build(city: DemoCity) -> None:
    head = city.people.get("team-head")
    if head is None:
        return
    tasks = (
        InspectionTask.objects.filter(
            status=InspectionTask.Status.PLANNED,
            kind=InspectionTask.Kind.ROUTINE,
            draw__isnull=False,
        )
        .select_related("enterprise")
        .order_by("pk")[:3]
    )
    done = None
    for index, task in enumerate(tasks):
        officers = list(task.inspectors.order_by("pk"))
        if len(officers) < 2:
            continue
        try:
            inspection = services.inspection_plan(by=head, officers=officers, task=task)
        except ValidationError:
            continue  # a task the rules refuse (conflict, positive list) is skipped
        code = services.code_issue(enterprise=task.enterprise, by=head)
        if index > 0:
            continue  # the others stay planned, waiting for the officers' scan
        for officer in officers:
            services.inspection_check_in(
                inspection=inspection, by=officer, token=code.token
            )
        checklist = checklists.for_industry(task.enterprise.industry_code)
        services.inspection_record_save(
            inspection=inspection,
            by=officers[0],
            checklist=checklist.code,
            answers=[
                services.ChecklistAnswer(
                    item,
                    "problem" if n == 4 else "ok",
                    f"危废贮存间标识缺失（{DEMO_LABEL}）" if n == 4 else "",
                )
                for n, item in enumerate(checklist.items)
            ],
            findings=f"污染防治设施正常运行；危废贮存间标识缺失，已当场整改（{DEMO_LABEL}）。",
            present_name="钱立明",
            present_title="环保负责人",
            credentials_shown=True,
            rights_told="当场口头告知申请回避的权利，当事人不申请回避",
            party_signed=True,
        )
        services.healthcheck_issue(
            inspection=inspection,
            by=officers[1],
            items=[
                services.HealthItem(
                    "危险废物贮存间未设置识别标志",
                    "危险废物识别标志设置技术规范（HJ 1276—2022）",
                    True,
                )
            ],
            advice=f"危险废物贮存间应设置识别标志，管理台账每日记录（{DEMO_LABEL}）。",
        )
        for officer in officers:
            services.inspection_check_out(
                inspection=inspection, by=officer, token=code.token
            )
        services.inspection_finish(
            inspection=inspection,
            by=officers[0],
            no_recording_reason=f"示例数据不含音像文件（{DEMO_LABEL}）",
        )
        done = inspection
    _reason_inspection(city, head)
    case = _minor_case(city, head)
    if case is not None:
        _decision_case(city, head, case)
    if done is not None:
        done.refresh_from_db()
        services.case_open(
            enterprise=done.enterprise,
            source=EnforcementCase.Source.INSPECTION,
            inspection=done,
            start_reason=f"现场检查发现雨水排口有异常排水（{DEMO_LABEL}）。",
            facts=f"雨水排口检出COD 120mg/L，疑似生产废水混入（{DEMO_LABEL}）。",
            officers=list(done.officers.order_by("pk")),
            by=head,
        )


def _reason_inspection(city: DemoCity, head: User) -> None:
    """An ad-hoc inspection on an approved reason, by two officers who can log in,
    of the first demo enterprise with an account: left planned, for the phone's
    QR check-in (browser test)."""
    leader = city.people.get("leader")
    enterprise = (
        Enterprise.objects.filter(accounts__verified=True).order_by("pk").first()
    )
    if leader is None or enterprise is None:
        return
    candidates = [
        city.people[key]
        for key in ("officer-1", "officer-2", "team-head")
        if key in city.people
    ]
    barred = {
        inspector
        for inspector, _ in grid_selectors.conflict_pairs(
            [user.pk for user in candidates], [enterprise.pk]
        )
    }
    officers = [user for user in candidates if user.pk not in barred][:2]
    if len(officers) < 2:
        return
    handler = officers[1] if officers[1].pk != head.pk else officers[0]
    reason = services.reason_request(
        enterprise=enterprise,
        source=InspectionReason.Source.SUPERIOR,
        reference=f"辽环执法〔2026〕12号（{DEMO_LABEL}）",
        reason=f"省厅交办：核查群众反映的夜间异味问题（{DEMO_LABEL}）。",
        by=handler,
    )
    approval = selectors.reason_approval(reason)
    if approval is None:
        return
    casework_services.approval_review(approval=approval, opinion="同意提请", by=leader)
    casework_services.approval_decide(
        approval=approval, decision="approve", opinion="同意现场检查", by=head
    )
    services.inspection_plan(by=handler, officers=officers, reason=reason)
    services.code_issue(enterprise=enterprise, by=head)


def _minor_case(city: DemoCity, head: User) -> EnforcementCase | None:
    """A filed case of the first enterprise with an account (transferred by the
    province): a minor-violation check against list item 7 waiting for the head's
    decision, and the enterprise's application to consult its record."""
    leader = city.people.get("leader")
    enterprise = (
        Enterprise.objects.filter(accounts__verified=True).order_by("pk").first()
    )
    if leader is None or enterprise is None:
        return None
    candidates = [
        city.people[key] for key in ("officer-1", "officer-2") if key in city.people
    ]
    barred = {
        inspector
        for inspector, _ in grid_selectors.conflict_pairs(
            [user.pk for user in candidates], [enterprise.pk]
        )
    }
    officers = [user for user in candidates if user.pk not in barred] + [head]
    officers = officers[:2]
    if len(officers) < 2:
        return None
    handler = officers[0] if officers[0].pk != head.pk else officers[1]
    case = services.case_open(
        enterprise=enterprise,
        source=EnforcementCase.Source.TRANSFER,
        reference=f"辽环执法〔2026〕15号（{DEMO_LABEL}）",
        start_reason=f"省厅交办：企业危险废物贮存不规范（{DEMO_LABEL}）。",
        facts=f"约0.08吨废矿物油桶未按规定贮存于危废间外，经现场指出当日改正（{DEMO_LABEL}）。",
        officers=officers,
        by=handler,
    )
    approval = selectors.case_start_approval(case)
    if approval is None:
        return None
    casework_services.approval_review(approval=approval, opinion="拟同意", by=head)
    casework_services.approval_decide(
        approval=approval, decision="approve", opinion="同意启动", by=leader
    )
    services.case_file(case=case, by=head)
    item = MinorViolationItem.objects.filter(number=7, part=2).first()
    if item is not None:
        services.minor_check(
            case=case,
            item=item,
            facts={
                "quantity_t": "0.08",
                "not_high_risk": True,
                "no_external": True,
                "corrected_in_time": True,
            },
            by=handler,
        )
    account = enterprise.accounts.filter(verified=True).select_related("user").first()
    if account is not None:
        services.access_apply(
            case=case,
            kind="consult",
            purpose=f"核对案件材料，准备陈述申辩（{DEMO_LABEL}）",
            by=account.user,
        )
    return case


def _decision_case(city: DemoCity, head: User, first: EnforcementCase) -> None:
    """A second case of the same party, investigated, with an ordinary penalty
    proposed (示例配置 discretion standard), the prior notice served 14 days ago and
    one statement point answered: waiting for the head's decision."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import DiscretionStandard
    from .services import decisions

    leader = city.people.get("leader")
    standard = DiscretionStandard.objects.filter(code="固废-危废贮存").first()
    officers = list(first.officers.order_by("pk"))
    if leader is None or standard is None or len(officers) < 2:
        return
    handler = officers[0] if officers[0].pk != head.pk else officers[1]
    case = services.case_open(
        enterprise=first.enterprise,
        source=EnforcementCase.Source.TRANSFER,
        reference=f"辽环执法〔2026〕18号（{DEMO_LABEL}）",
        start_reason=f"省厅交办：危险废物贮存场所未设置识别标志（{DEMO_LABEL}）。",
        facts=f"危废贮存间未设置识别标志，约1.2吨废矿物油露天堆放（{DEMO_LABEL}）。",
        officers=officers,
        by=handler,
    )
    approval = selectors.case_start_approval(case)
    if approval is None:
        return
    casework_services.approval_review(approval=approval, opinion="拟同意", by=head)
    casework_services.approval_decide(
        approval=approval, decision="approve", opinion="同意启动", by=leader
    )
    services.case_file(case=case, by=head)
    services.document_make(
        case=case,
        kind="inquiry",
        fields={
            "place": "企业会议室",
            "period": "2026-11-10 09:00至09:40",
            "person": "企业环保负责人",
            "person_role": "当事人委托人",
            "content": f"问：废矿物油为何露天堆放？答：危废间维修（{DEMO_LABEL}）。",
        },
        officers=officers,
        credentials_shown=True,
        rights_told="书面告知陈述、申辩、申请回避的权利",
        signed=True,
        by=handler,
    )
    services.case_conclude(case=case, by=handler)
    decision = decisions.decision_propose(
        case=case,
        procedure="ordinary",
        penalty=decisions.Penalty(fine="150000"),
        facts=f"危险废物贮存场所未设置识别标志，约1.2吨废矿物油露天堆放（{DEMO_LABEL}）。",
        legal_basis="《中华人民共和国固体废物污染环境防治法》第七十七条、第一百一十二条第一款第（三）项",
        standard=standard,
        discretion_level="较轻",
        discretion_reasons=f"首次发现，已于次日转入危废间并设置标志（{DEMO_LABEL}）。",
        by=handler,
    )
    decisions.notice_issue(
        decision=decision, served_at=timezone.now() - timedelta(days=14), by=handler
    )
    decisions.statement_record(
        decision=decision,
        channel="written",
        point=f"危废间维修期间临时堆放，已整改（{DEMO_LABEL}）。",
        answer="整改属实，已在较轻档次内考虑，不再减轻。",
        adopted=False,
        by=handler,
    )
