"""Demo step: inspections of the demo city (示例数据), built through the services.

For a few tasks of the grid's double-random draw still planned: the enterprise's
QR code, an inspection with both officers scanned in and out, the record from the
checklist, a health-check sheet for a problem fixed on the spot, the finish (with
the reason recording was not possible, since the demo ships no video), and a case
registered from the inspection awaiting its program-start approval.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.enterprises.models import Enterprise
from ecobureau.grid import selectors as grid_selectors
from ecobureau.grid.models import InspectionTask
from ecobureau.lib import dates

from . import checklists, selectors, services
from .models import (
    EnforcementCase,
    InspectionReason,
    MinorViolationItem,
    PenaltyDecision,
)

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
    _committee(city, head)
    _reason_inspection(city, head)
    case = _minor_case(city, head)
    if case is not None:
        _decision_case(city, head, case)
    _measure_case(city, head)
    if done is not None:
        done.refresh_from_db()
        opened = services.case_open(
            enterprise=done.enterprise,
            source=EnforcementCase.Source.INSPECTION,
            inspection=done,
            start_reason=f"现场检查发现雨水排口有异常排水（{DEMO_LABEL}）。",
            facts=f"雨水排口检出COD 120mg/L，疑似生产废水混入（{DEMO_LABEL}）。",
            officers=list(done.officers.order_by("pk")),
            by=head,
        )
        _listed_supervision(opened, head)


def _listed_supervision(case: EnforcementCase, head: User) -> None:
    """The inspection's case listed for supervision by the provincial department
    (挂牌督办, A93), so the portal's list has an entry: listed ten days ago,
    60 days to finish; open."""
    from .services import supervision

    today = dates.local_date(timezone.now())
    supervision.supervision_list(
        case=case,
        authority=f"辽宁省生态环境厅（{DEMO_LABEL}）",
        reference=f"辽环督〔{today.year}〕示例1号",
        listed_on=today - timedelta(days=10),
        deadline=today + timedelta(days=50),
        matter=f"雨水排口疑似混入生产废水，查清来源、依法查处并完成整改（{DEMO_LABEL}）。",
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
    one statement point answered: waiting for the head's decision. Then two more
    of the same party, decided and served: one waiting for payment (the browser
    test pays it), one paid in full (执行完毕)."""
    if _proposed_case(city, head, first, 18, "150000") is None:
        return
    served = _proposed_case(city, head, first, 19, "120000")
    if served is not None:
        _decide_and_serve(head, *served)
    paid = _proposed_case(city, head, first, 20, "130000")
    if paid is not None:
        decision = _decide_and_serve(head, *paid)
        _pay(decision, paid[1])
    _archived_case(city, head, first)
    _major_case(city, head, first)
    _supersede_case(city, head, first)


def _archived_case(city: DemoCity, head: User, first: EnforcementCase) -> None:
    """One more of the same party, paid, filed with the legal section (法制审核
    制度 第十四条) and archived with its 卷内目录: a file the legal section can draw
    for 案卷评查 (the browser test test_enforcement_file_review.py reviews it)."""
    from .services import archive

    proposed = _proposed_case(city, head, first, 23, "110000")
    if proposed is None:
        return
    decision = _decide_and_serve(head, *proposed)
    _pay(decision, proposed[1])
    archive.legal_filing_record(decision=decision, by=proposed[1])
    archive.case_archive(case=decision.case, by=proposed[1])


def _proposed_case(
    city: DemoCity,
    head: User,
    first: EnforcementCase,
    number: int,
    fine: str,
    *,
    level: str = "较轻",
    notice: bool = True,
) -> tuple[PenaltyDecision, User] | None:
    from datetime import timedelta

    from django.utils import timezone

    from .models import DiscretionStandard
    from .services import decisions

    leader = city.people.get("leader")
    standard = DiscretionStandard.objects.filter(code="固废-危废贮存").first()
    officers = list(first.officers.order_by("pk"))
    if leader is None or standard is None or len(officers) < 2:
        return None
    handler = officers[0] if officers[0].pk != head.pk else officers[1]
    case = services.case_open(
        enterprise=first.enterprise,
        source=EnforcementCase.Source.TRANSFER,
        reference=f"辽环执法〔2026〕{number}号（{DEMO_LABEL}）",
        start_reason=f"省厅交办：危险废物贮存场所未设置识别标志（{DEMO_LABEL}）。",
        facts=f"危废贮存间未设置识别标志，约1.2吨废矿物油露天堆放（{DEMO_LABEL}）。",
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
        penalty=decisions.Penalty(fine=fine),
        facts=f"危险废物贮存场所未设置识别标志，约1.2吨废矿物油露天堆放（{DEMO_LABEL}）。",
        legal_basis="《中华人民共和国固体废物污染环境防治法》第七十七条、第一百一十二条第一款第（三）项",
        standard=standard,
        discretion_level=level,
        discretion_reasons=f"首次发现，已于次日转入危废间并设置标志（{DEMO_LABEL}）。",
        by=handler,
    )
    if not notice:
        return decision, handler
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
    return decision, handler


def _major_case(city: DemoCity, head: User, first: EnforcementCase) -> None:
    """A fourth case of the same party with a 350,000-yuan fine, a major decision
    (集体审议规则 第三条1), reviewed by three legal reviewers (法制审核制度 第五条;
    the demo city has one, two more are added here without a login) and signed by
    the leader: waiting for the team's 集体审议申请表. The browser test
    (test_enforcement_review.py) applies, notifies and records the meeting."""
    from ecobureau.accounts import services as account_services

    from .services import reviews
    from .services.decision_common import REVIEW_PACKAGE

    legal, leader = city.people.get("legal"), city.people.get("leader")
    unit = city.units.get("legal")
    if legal is None or leader is None or unit is None:
        return
    proposed = _proposed_case(
        city, head, first, 21, "350000", level="一般", notice=False
    )
    if proposed is None:
        return
    decision, handler = proposed
    reviewers = [legal] + [
        account_services.user_create(
            username=f"demo-legal-{n}",
            password=None,
            kind=User.Kind.STAFF,
            full_name=name,
            by=city.people.get("admin"),
            unit=unit,
            role_codes=["legal_reviewer"],
            scope=User.Scope.CITY,
            title=f"法制审核人员（{DEMO_LABEL}）",
        )
        for n, name in ((2, "韩立新"), (3, "唐静"))
    ]
    review = reviews.review_submit(
        decision=decision,
        package={code: f"{label}（{DEMO_LABEL}）" for code, label in REVIEW_PACKAGE},
        by=handler,
    )
    reviews.review_assign(review=review, reviewers=reviewers, by=legal)
    reviews.review_opinion(
        review=review,
        opinion="agree",
        text=f"主体合法，事实清楚，证据确凿，适用依据正确，程序合法，裁量适当（{DEMO_LABEL}）。",
        checklist={code: True for code, _ in reviews.REVIEW_CHECKLIST},
        by=legal,
    )
    reviews.review_sign(review=review, by=leader)


def _supersede_case(city: DemoCity, head: User, first: EnforcementCase) -> None:
    """A fifth case of 华信, a major decision of 320,000 yuan (集体审议规则 第三条1):
    reviewed by the three legal reviewers, agreed by the 审委会, decided, served
    and published. In execution the team asked for a 复审 on new facts
    (第十条1) and the 复审 decided 修改后作出决定 with 380,000 yuan — heavier, so
    no 变更决定: the browser test (test_enforcement_supersede.py) supersedes the
    served decision from the decision page, serves the 撤销行政处罚决定书, takes
    the new penalty through review, notice and committee, and serves and
    publishes the new decision."""
    from .services import committee, decisions, publication, reviews
    from .services.decision_common import REVIEW_PACKAGE

    leader, legal = city.people.get("leader"), city.people.get("legal")
    members = [
        city.people[key]
        for key in ("leader", "team-head", "legal", "tiedong-head", "tiexi-head")
        if key in city.people
    ]
    reviewers = list(User.objects.filter(username__in=["demo-legal-2", "demo-legal-3"]))
    if leader is None or legal is None or len(members) < 5 or len(reviewers) < 2:
        return
    proposed = _proposed_case(
        city, head, first, 22, "320000", level="一般", notice=False
    )
    if proposed is None:
        return
    decision, handler = proposed
    review = reviews.review_submit(
        decision=decision,
        package={code: f"{label}（{DEMO_LABEL}）" for code, label in REVIEW_PACKAGE},
        by=handler,
    )
    reviews.review_assign(review=review, reviewers=[legal, *reviewers], by=legal)
    reviews.review_opinion(
        review=review,
        opinion="agree",
        text=f"事实清楚，证据确凿，适用依据正确，程序合法，裁量适当（{DEMO_LABEL}）。",
        checklist={code: True for code, _ in reviews.REVIEW_CHECKLIST},
        by=legal,
    )
    reviews.review_sign(review=review, by=leader)

    def meeting(
        agenda: str,
        vote: str,
        outcome_text: str = "",
        amended: decisions.Penalty | None = None,
    ) -> None:
        application = committee.open_application(decision)
        if application is None:
            return
        committee.deliberation_notify(
            application=application,
            meeting_at=timezone.now() + timedelta(hours=1),
            place="市局三楼会议室",
            agenda=f"{agenda}（{DEMO_LABEL}）",
            agreed_by=leader,
            by=head,
        )
        decisions.deliberation_record(
            decision=decision,
            chair=leader,
            held_at=timezone.now(),
            members=[decisions.MemberVote(m, "present", vote) for m in members],
            minutes=f"承办人员汇报；执法科提出初步意见；讨论（{DEMO_LABEL}）。",
            by=head,
            outcome_text=outcome_text,
            amended=amended,
        )

    committee.deliberation_apply(decision=decision, by=handler)
    meeting("审议华信危险废物贮存案拟作出的处罚", "agree")
    decisions.notice_issue(
        decision=decision, served_at=timezone.now() - timedelta(days=1), by=handler
    )
    decisions.hearing_waive(
        decision=decision, how=f"当事人书面声明放弃（{DEMO_LABEL}）", by=handler
    )
    decision = _decide_and_serve(head, decision, handler)
    publication.decision_publish(decision=decision, by=head)
    committee.deliberation_review_request(
        decision=decision,
        reason=f"执行中查明废矿物油露天堆放约3.5吨，较原认定多出两倍（{DEMO_LABEL}）。",
        by=handler,
    )
    meeting(
        "复审华信危险废物贮存案的处罚决定",
        "amend",
        outcome_text="修改后作出决定：罚款380000元。",
        amended=decisions.Penalty(fine="380000"),
    )


def _decide_and_serve(
    head: User, decision: PenaltyDecision, handler: User
) -> PenaltyDecision:
    from django.utils import timezone

    from .services import decisions

    decisions.decision_make(decision=decision, by=head)
    return decisions.decision_serve(
        decision=decision,
        method="direct",
        served_at=timezone.now(),
        proof={"recipient": f"企业环保负责人（送达回证签名，{DEMO_LABEL}）"},
        by=handler,
    )


def _pay(decision: PenaltyDecision, handler: User) -> None:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from ecobureau.lib import dates

    from .services import execution

    execution.payment_record(
        decision=decision,
        amount=decision.fine,
        paid_on=dates.local_date(timezone.now()),
        receipt=ContentFile(b"%PDF-1.4 demo receipt", name="缴款凭证-示例.pdf"),
        by=handler,
    )


def _measure_case(city: DemoCity, head: User) -> None:
    """Issue 9 leftovers (示例数据), on the second enterprise with an account: a
    filed case with a seal approved and carried out (decision and list as
    numbered PDFs), a second proposal waiting for approval, the enterprise's own
    facility-failure report (A98) filed 6 hours after the failure began, and a
    minor-violation check against item 4 reading that report, waiting for the
    head's decision."""
    from datetime import timedelta

    from django.utils import timezone

    from ecobureau.monitoring import services as monitoring_services

    leader = city.people.get("leader")
    account_user = city.people.get("enterprise-b")
    enterprise = (
        Enterprise.objects.filter(
            accounts__user=account_user, accounts__verified=True
        ).first()
        if account_user is not None
        else None
    )
    if leader is None or enterprise is None or account_user is None:
        return
    candidates = [
        city.people[key] for key in ("officer-1", "officer-2") if key in city.people
    ]
    barred = {
        inspector
        for inspector, _ in grid_selectors.conflict_pairs(
            [user.pk for user in candidates], [enterprise.pk]
        )
    }
    officers = ([u for u in candidates if u.pk not in barred] + [head])[:2]
    if len(officers) < 2:
        return
    handler = officers[0] if officers[0].pk != head.pk else officers[1]
    now = timezone.now()
    failure = monitoring_services.failure_report(
        enterprise=enterprise,
        data=monitoring_services.FailureData(
            facility=f"脱硫塔浆液循环泵（{DEMO_LABEL}）",
            cause=f"循环泵电机突发烧毁，脱硫效率下降（{DEMO_LABEL}）。",
            began_at=now - timedelta(hours=6),
            measures=["limit"],
            measures_note="烧结机降负荷至60%",
            repair=f"已联系设备厂家，当日到场更换电机（{DEMO_LABEL}）。",
        ),
        by=account_user,
    )
    case = services.case_open(
        enterprise=enterprise,
        source=EnforcementCase.Source.TRANSFER,
        reference=f"辽环执法〔2026〕21号（{DEMO_LABEL}）",
        start_reason=f"在线监控数据超标线索，经研判立案（{DEMO_LABEL}）。",
        facts=f"二氧化硫小时均值超标约0.08倍，持续约2小时（{DEMO_LABEL}）。",
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
    seal = services.measure_propose(
        case=case,
        kind="seal",
        items=[f"危险废物贮存间1间（{DEMO_LABEL}）", "废矿物油桶12只（200L）"],
        place="企业东侧危险废物贮存间",
        reason=f"危险废物可能被转移（{DEMO_LABEL}）。",
        basis="《中华人民共和国固体废物污染环境防治法》第二十七条",
        by=handler,
    )
    measure_approval = selectors.measure_approval(seal)
    if measure_approval is None:
        return
    casework_services.approval_review(
        approval=measure_approval, opinion="拟同意", by=head
    )
    casework_services.approval_decide(
        approval=measure_approval, decision="approve", opinion="同意查封", by=leader
    )
    services.measure_carry_out(
        measure=seal,
        officers=officers,
        served_to=f"企业环保负责人（{DEMO_LABEL}）",
        signed=True,
        by=handler,
    )
    services.measure_propose(
        case=case,
        kind="seize",
        items=[f"台账资料一宗（{DEMO_LABEL}）"],
        place="企业环保办公室",
        reason=f"防止证据灭失（{DEMO_LABEL}）。",
        basis="《中华人民共和国行政强制法》第九条",
        by=handler,
    )
    item = MinorViolationItem.objects.filter(number=4, part=1).first()
    if item is not None:
        services.minor_check(
            case=case,
            item=item,
            facts={"sudden_failure": True},
            failure=failure,
            by=handler,
        )
    _major_measure(city, case, handler)


def _major_measure(city: DemoCity, case: EnforcementCase, handler: User) -> None:
    """A third measure of the same case (示例数据): a seal in a serious case, a
    major decision (集体审议规则 第三条3), reviewed by the three legal reviewers
    and signed by the leader — its 法制审核意见表 issued — so it waits on
    `measures/major/` for the team's 集体审议申请表."""
    from .services import measures_major
    from .services.reviews import MEASURE_REVIEW_CHECKLIST

    leader, legal = city.people.get("leader"), city.people.get("legal")
    # The demo's legal reviewer and the two `_major_case` added.
    added = User.objects.filter(username__in=["demo-legal-2", "demo-legal-3"])
    if leader is None or legal is None or added.count() != 2:
        return
    reviewers = [legal, *added]
    major = services.measure_propose(
        case=case,
        kind="seal",
        items=[f"烧结机脱硫系统旁路烟道阀门1处（{DEMO_LABEL}）"],
        place="企业烧结车间",
        reason=f"脱硫设施故障期间仍在生产，防止继续违法排放（{DEMO_LABEL}）。",
        basis="《中华人民共和国大气污染防治法》第三十条",
        serious=True,
        serious_reason=f"故障期间持续超标排放，周边居民集中投诉（{DEMO_LABEL}）。",
        by=handler,
    )
    measures_major.measure_review_record(
        measure=major,
        reviewers=reviewers,
        opinion="agree",
        text=f"事实清楚，证据确凿，依据正确，程序合法（{DEMO_LABEL}）。",
        checklist={code: True for code, _ in MEASURE_REVIEW_CHECKLIST},
        by=reviewers[0],
    )
    measures_major.measure_review_sign(measure=major, by=leader)


def _committee(city: DemoCity, head: User) -> None:
    """The 审委会 roster by office (集体审议规则 第五条) and one training record of
    the minor-violation list (A72), both through the services."""
    from .models import CommitteeMember
    from .services import committee, training

    leader = city.people.get("leader")
    if leader is None or CommitteeMember.objects.exists():
        return
    start = timezone.localdate() - timedelta(days=90)
    Office = CommitteeMember.Office
    for key, office in (
        ("leader", Office.DIRECTOR),
        ("team-head", Office.DEPUTY_TEAM),
        ("legal", Office.ENFORCEMENT_SECTION),
        ("tiedong-head", Office.SUB_BUREAU),
        ("tiexi-head", Office.SUB_BUREAU),
    ):
        person = city.people.get(key)
        if person is not None:
            committee.committee_member_add(
                user=person, office=office, started_on=start, by=leader, note=DEMO_LABEL
            )
    trainee = training.trainable_staff().exclude(pk=head.pk).first()
    if trainee is not None:
        training.training_record(
            trainee=trainee,
            held_on=timezone.localdate() - timedelta(days=30),
            course=f"轻微违法行为目录清单及执法纪律规定（{DEMO_LABEL}）",
            topic="both",
            hours="3",
            organiser="市生态环境局执法科",
            by=head,
        )
