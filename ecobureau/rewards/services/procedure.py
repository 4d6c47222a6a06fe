"""The steps of the reward procedure after registration (实施细则 第九条、第十条).

Each status change goes through `casework.services.case_transition` with
`processes.REWARD`; documents are issued first where a step requires them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Approval, Clock, Document
from ecobureau.core import calendar as core_calendar
from ecobureau.core import records
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import identity_crypto, reward, workdays
from ecobureau.lib.dates import SHANGHAI, local_date

from .. import keyring
from ..models import Publication, ReportReporter, RewardMatter, RewardReport
from ..processes import BASIS, REWARD
from . import stop_orders

APPROVAL_SUBJECT = "举报奖励审批：{no}"
NOT_FIRST_REASON = (
    "同一违法行为被多人（次）举报的，只对第一有效举报人给予奖励（实施细则第十条）"
)
PROXY_PAPERS = (
    ("notice", "《举报奖励通知书》"),
    ("authorization", "授权委托书"),
    ("reporter_id", "举报人身份证件复印件"),
    ("proxy_id", "受托人身份证件复印件"),
    ("bank_account", "银行账户复印件"),
    ("originals", "原件已核对"),
)


def office_address() -> str:
    """Where rewards are claimed: the seed gives two addresses (requirements A115),
    so it is a setting; the default is the service standard's, 示例配置."""
    return str(
        getattr(
            settings,
            "REWARD_OFFICE_ADDRESS",
            "鞍山市生态环境保护综合行政执法队（鞍山市铁东区千山中路153号软件园4楼403房间）",
        )
    )


def bureau_unit() -> Unit:
    unit = (
        Unit.objects.filter(kind=Unit.Kind.BUREAU)
        .exclude(document_prefix="")
        .order_by("pk")
        .first()
    )
    if unit is None:
        raise ValidationError("没有设置文号代字的局单位，不能制发举报奖励文书。")
    return unit


def add_workdays(start: date, amount: int) -> date:
    return workdays.deadline(
        start=start, amount=amount, unit="workdays", calendar=core_calendar.current()
    ).due


# --- Documents -------------------------------------------------------------------------


def masked_reporters(report: RewardReport) -> list[str]:
    return [
        f"{link.reporter.name_mask}（证件{link.reporter.id_mask}，电话{link.reporter.phone_mask}）"
        for link in report.report_reporters.select_related("reporter").order_by("order")
    ]


def addressee(report: RewardReport) -> str:
    return f"举报人（登记号{report.registration_no}）"


def context_for(report: RewardReport, kind: str, **extra: Any) -> dict[str, Any]:
    """The document's fields, with the identity masked (what is stored)."""
    registered_on = local_date(report.registered_at)
    common = {
        "registration_no": report.registration_no,
        "party": report.reported_party,
    }
    if kind == "reward_registration":
        return {
            **common,
            "registered": f"{report.registered_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M:%S}",
            "channel": report.get_channel_display(),
            "reporters": masked_reporters(report),
            "address": report.reported_address,
            "facts": report.facts,
            "occurred": report.occurred,
            "evidence": report.evidence_note,
        }
    if kind == "reward_dispatch_note":
        return {
            **common,
            "unit": report.unit.name if report.unit else "",
            "address": report.reported_address,
            "facts": report.facts,
            "survey_by": extra["survey_by"],
        }
    if kind == "reward_exclusion_notice":
        return {
            **common,
            "addressee": addressee(report),
            "registered_on": registered_on,
            "reasons": exclusion_reasons(report),
        }
    if kind == "reward_approval_form":
        award = award_for(report)
        return {
            **common,
            "facts": report.facts,
            "categories": [
                _category_text(report, item) for item in sorted(report.categories)
            ],
            "decision": _decision_text(report),
            "reporters": masked_reporters(report),
            "amount": f"{award.total}元",
            "explain": list(award.explain),
        }
    if kind == "reward_notice":
        return {
            **common,
            "addressee": addressee(report),
            "registered_on": registered_on,
            "amount": str(report.amount),
            "claim_by": extra["claim_by"],
            "office": office_address(),
        }
    raise ValueError(kind)


def _category_text(report: RewardReport, item: int) -> str:
    """A category found true as the approval form names it; 第（九）项 with the
    stop order the party did not carry out."""
    text = f"第六条第（{reward.item_text(item)}）项"
    if item == stop_orders.CATEGORY and report.stop_order_text:
        text += f"（未执行：{report.stop_order_text}）"
    return text


def _decision_text(report: RewardReport) -> str:
    who = "司法机关追究法律责任" if report.judicial else "行政处罚决定"
    ref = f"（{report.decision_reference}）" if report.decision_reference else ""
    day = report.penalty_decided_on
    return f"{day:%Y年%m月%d日}{who}{ref}" if day else who


def exclusion_reasons(report: RewardReport) -> list[str]:
    reasons = [
        f"属于实施细则第八条第（{reward.item_text(item)}）项：{reward.EXCLUSIONS[item]}。"
        for item in sorted(report.exclusions)
    ]
    if report.not_first:
        reasons.append(NOT_FIRST_REASON + "。")
    if report.exclusion_note:
        reasons.append(report.exclusion_note)
    return reasons


def issue(*, report: RewardReport, kind: str, by: User, **extra: Any) -> Document:
    return casework.document_issue(
        kind=kind,
        unit=bureau_unit(),
        target=report,
        by=by,
        context=context_for(report, kind, **extra),
    )


def _public_party(report: RewardReport) -> str:
    """The reported party as a public notice may name it: a unit of the
    enterprise register by its name; anyone else (a private person, an
    unregistered shop) not at all — the registration number identifies the
    matter to the reporter."""
    name = report.reported_party.strip()
    return name if Enterprise.objects.filter(name=name).exists() else ""


def _publish(
    *, report: RewardReport, kind: str, served_on: date, by: User
) -> Publication:
    """网站公示: the notice without anything that identifies the reporter, nor a
    reported private person."""
    party = _public_party(report)
    if kind == Publication.Kind.NOTICE:
        title = f"举报奖励通知（登记号{report.registration_no}）"
        body = (
            f"{addressee(report)}：你举报的{party}生态环境违法行为经查证属实，"
            f"决定给予奖励人民币{report.amount}元。请于"
            f"{add_workdays(served_on, 30):%Y年%m月%d日}前凭有效身份证件到{office_address()}领取。"
            "无正当理由逾期未领取的，视为放弃。"
        )
    else:
        title = f"举报奖励不予奖励告知（登记号{report.registration_no}）"
        body = (
            f"{addressee(report)}：你举报的{party}生态环境违法行为，经调查核实不予奖励。理由："
            + "".join(exclusion_reasons(report))
        )
    publication = Publication.objects.create(
        report=report,
        kind=kind,
        title=title,
        body=body,
        published_on=served_on,
        published_by=by,
    )
    records.append(
        action="rewards.publication.create",
        target=report,
        actor=by,
        data={"publication": publication.pk, "kind": kind},
    )
    return publication


def _transition(
    report: RewardReport, code: str, by: User, **changes: Any
) -> RewardReport:
    casework.case_transition(
        process=REWARD, case=report, transition=code, by=by, changes=changes
    )
    return report


# --- Steps ------------------------------------------------------------------------------


@transaction.atomic
def report_dispatch(*, report: RewardReport, unit: Unit, by: User) -> RewardReport:
    """交办: the 交办单 to the handling unit, whose 10-working-day survey clock starts."""
    if unit.kind not in (Unit.Kind.TEAM, Unit.Kind.SUB_BUREAU, Unit.Kind.SECTION):
        raise ValidationError("承办单位应为执法队、分局或科室。")
    casework.check_may_act(
        process=REWARD, transition=REWARD.transition("dispatch"), case=report, by=by
    )
    report.unit = unit
    division = unit.division if unit.division and unit.division.level == 2 else None
    RewardReport.objects.filter(pk=report.pk).update(unit=unit, district=division)
    report.district = division
    issue(
        report=report,
        kind="reward_dispatch_note",
        by=by,
        survey_by=add_workdays(timezone.localdate(), 10),
    )
    casework.case_transition(
        process=REWARD, case=report, transition="dispatch", by=by, unit=unit
    )
    return report


@transaction.atomic
def report_redirect(
    *, report: RewardReport, redirect_to: str, by: User
) -> RewardReport:
    """对不属于生态环境部门职能范围内的举报事项，告知举报人相应举报途径 (第九条)."""
    return _transition(report, "redirect", by, redirect_to=redirect_to.strip())


@transaction.atomic
def report_survey(*, report: RewardReport, note: str, by: User) -> RewardReport:
    return _transition(
        report, "survey", by, survey_note=note.strip(), surveyed_at=timezone.now()
    )


@transaction.atomic
def report_exclude(
    *,
    report: RewardReport,
    exclusions: Sequence[int],
    not_first: bool,
    note: str,
    by: User,
) -> RewardReport:
    """不予奖励 (第八条 seven cases, or not the first valid reporter, 第十条); the
    告知书 is then due within 5 working days."""
    items = sorted(set(exclusions))
    if any(item not in reward.EXCLUSIONS for item in items):
        raise ValidationError("不予奖励情形应为第八条第（一）至（七）项。")
    if not items and not not_first:
        raise ValidationError("请选择不予奖励的情形。")
    summary = note.strip() or "；".join(
        [reward.EXCLUSIONS[item] for item in items]
        + ([NOT_FIRST_REASON] if not_first else [])
    )
    return _transition(
        report,
        "exclude",
        by,
        exclusions=items,
        not_first=not_first,
        exclusion_note=summary,
    )


@transaction.atomic
def report_serve_exclusion(
    *, report: RewardReport, service: str, served_on: date, by: User
) -> RewardReport:
    _check_service(service, served_on)
    report.service, report.served_on = service, served_on
    issue(report=report, kind="reward_exclusion_notice", by=by)
    if service == RewardReport.Service.PUBLICATION:
        _publish(
            report=report, kind=Publication.Kind.EXCLUSION, served_on=served_on, by=by
        )
    return _transition(
        report, "serve_exclusion", by, service=service, served_on=served_on
    )


def _check_service(service: str, served_on: date) -> None:
    if service not in RewardReport.Service.values:
        raise ValidationError("请选择送达方式：书面送达或网站公示。")
    if served_on > timezone.localdate():
        raise ValidationError("送达或公示日期不能晚于今天。")


def first_valid(matter: RewardMatter) -> RewardReport | None:
    """The first valid report of a violation, by registration order (第十条):
    not excluded, not redirected, not a reporter's repeat."""
    return (
        RewardReport.objects.filter(matter=matter, duplicate_of=None)
        .exclude(
            status__in=[
                RewardReport.Status.EXCLUDING,
                RewardReport.Status.EXCLUDED,
                RewardReport.Status.REDIRECTED,
            ]
        )
        .order_by("position")
        .first()
    )


@transaction.atomic
def report_penalty(
    *,
    report: RewardReport,
    decided_on: date,
    categories: Sequence[int],
    by: User,
    decision_reference: str = "",
    judicial: bool = False,
    enforcement_case_id: int | None = None,
) -> RewardReport:
    """The penalty (or judicial) decision on the violation: the 审批表 is due within
    5 working days of it. Only the first valid reporter goes on (第十条)."""
    items = sorted(set(categories))
    if not items or any(not 1 <= item <= 18 for item in items):
        raise ValidationError("请选择查实的违法情形（第六条第（一）至（十八）项）。")
    if decided_on > timezone.localdate():
        raise ValidationError("决定日期不能晚于今天。")
    stop_orders.check_category(report, items)
    first = first_valid(report.matter)
    if first is not None and first.pk != report.pk:
        raise ValidationError(
            f"本违法行为的第一有效举报为登记号{first.registration_no}（登记次序第{first.position}），"
            "本件应以“非第一有效举报人”不予奖励（实施细则第十条）。"
        )
    _transition(
        report,
        "penalty",
        by,
        penalty_decided_on=decided_on,
        categories=items,
        decision_reference=decision_reference.strip(),
        judicial=judicial,
        enforcement_case_id=enforcement_case_id,
    )
    started = datetime.combine(decided_on, time(12, 0), tzinfo=SHANGHAI)
    casework.clock_start(
        target=report,
        step="penalty_decided",
        label="审批表填报期限",
        amount=5,
        unit=Clock.Unit.WORKDAYS,
        basis=BASIS + "（作出处罚决定或司法机关追究责任决定后5个工作日）",
        by=by,
        started_at=started,
        responsible=by,
        responsible_unit=report.unit,
        district=report.district,
    )
    return report


def award_for(
    report: RewardReport, approved_amount: Decimal | None = None
) -> reward.Award:
    reporters = report.report_reporters.count()
    try:
        return reward.award(
            categories=list(report.categories),
            reporters=max(1, reporters),
            approved_amount=approved_amount
            if approved_amount is not None
            else report.approved_amount,
        )
    except reward.RewardError as error:
        raise ValidationError(str(error)) from None


@transaction.atomic
def report_propose(
    *,
    report: RewardReport,
    by: User,
    reasons: str,
    approved_amount: Decimal | None = None,
) -> Approval:
    """审批表 and its internal approval (逐级审批): the handler proposes, a head reviews,
    a bureau leader approves. The amount follows 第七条 (highest item only)."""
    award = award_for(report, approved_amount)
    RewardReport.objects.filter(pk=report.pk).update(
        approved_amount=approved_amount, amount=award.total
    )
    report.approved_amount, report.amount = approved_amount, award.total
    issue(report=report, kind="reward_approval_form", by=by)
    _transition(
        report, "propose", by, amount=award.total, approved_amount=approved_amount
    )
    return casework.approval_propose(
        target=report,
        subject=APPROVAL_SUBJECT.format(no=report.registration_no),
        proposal=f"拟给予举报人奖励人民币{award.total}元。",
        reasons=reasons.strip() or "；".join(award.explain),
        by=by,
        approver_roles=["bureau_leader"],
    )


def latest_approval(report: RewardReport) -> Approval | None:
    return (
        Approval.objects.filter(
            target_type=report._meta.label_lower,
            target_id=report.pk,
            subject=APPROVAL_SUBJECT.format(no=report.registration_no),
        )
        .order_by("-proposed_at", "-pk")
        .first()
    )


@transaction.atomic
def report_after_approval(*, report: RewardReport, by: User) -> RewardReport:
    """Move on once the approval is decided: approved → the 通知书 is due within 5
    working days; rejected or returned → the 审批表 is filled in again."""
    approval = latest_approval(report)
    if approval is None or approval.is_open:
        raise ValidationError("审批尚未作出决定。")
    if approval.status == Approval.Status.APPROVED:
        return _transition(report, "approve", by)
    return _transition(report, "reconsider", by)


@transaction.atomic
def report_notify(
    *, report: RewardReport, service: str, served_on: date, by: User
) -> RewardReport:
    """通知书, served in writing or published on the website (without identifying the
    reporter); the 30-working-day claim period runs from that day."""
    _check_service(service, served_on)
    claim_by = add_workdays(served_on, 30)
    issue(report=report, kind="reward_notice", by=by, claim_by=claim_by)
    if service == RewardReport.Service.PUBLICATION:
        _publish(
            report=report, kind=Publication.Kind.NOTICE, served_on=served_on, by=by
        )
    _transition(report, "notify", by, service=service, served_on=served_on)
    clock = casework.clock_start(
        target=report,
        step="notified",
        label="奖金领取期限",
        amount=30,
        unit=Clock.Unit.WORKDAYS,
        basis=BASIS + "（送达或公示起30个工作日，因财务结算等原因可顺延）",
        by=by,
        started_at=datetime.combine(served_on, time(12, 0), tzinfo=SHANGHAI),
        responsible=by,
        responsible_unit=by.unit,
        district=report.district,
    )
    RewardReport.objects.filter(pk=report.pk).update(claim_due_at=clock.due_at)
    report.claim_due_at = clock.due_at
    return report


def claim_clock(report: RewardReport) -> Clock | None:
    return (
        Clock.objects.filter(
            target_type=report._meta.label_lower, target_id=report.pk, step="notified"
        )
        .order_by("-started_at")
        .first()
    )


@transaction.atomic
def report_extend_claim(
    *, report: RewardReport, days: int, reason: str, by: User
) -> RewardReport:
    """因财务结算等原因可顺延: the claim period is extended for a stated reason."""
    if not by.has_perm("rewards.manage_reward"):
        raise PermissionDenied("只有举报奖励经办人可以顺延领取期限。")
    clock = claim_clock(report)
    if (
        report.status != RewardReport.Status.NOTIFIED
        or clock is None
        or not clock.is_open
    ):
        raise ValidationError("只有待领取的奖励可以顺延领取期限。")
    if not 1 <= days <= 60:
        raise ValidationError("顺延为1至60个工作日。")
    casework.clock_extend(clock=clock, amount=days, reason=reason, approved_by=by)
    RewardReport.objects.filter(pk=report.pk).update(
        claim_due_at=clock.due_at, claim_extension_reason=reason.strip()[:200]
    )
    report.claim_due_at = clock.due_at
    return report


@dataclass(frozen=True)
class Claim:
    claimed_by: str  # RewardReport.ClaimBy
    id_number: str = ""  # the reporter's ID shown when they claim in person
    papers: Sequence[str] = ()  # proxy: the PROXY_PAPERS codes checked
    proxy_name: str = ""
    proxy_id_number: str = ""
    agreed_shares: Sequence[Decimal] | None = None  # in reporter order


@transaction.atomic
def report_pay(*, report: RewardReport, claim: Claim, by: User) -> RewardReport:
    """发放: the reporter claims with valid ID, or a proxy with the listed papers;
    joint reporters share as they agreed, else equally (第十条)."""
    links = list(report.report_reporters.select_related("reporter").order_by("order"))
    ring = keyring.ring()
    changes: dict[str, Any] = {
        "claimed_by": claim.claimed_by,
        "paid_at": timezone.now(),
    }
    if claim.claimed_by == RewardReport.ClaimBy.SELF:
        shown = identity_crypto.blind_indexes(ring, claim.id_number, field="id_number")
        if not any(link.reporter.id_index in shown for link in links):
            raise ValidationError("所持身份证件号码与举报人登记的不一致，不能领取。")
    elif claim.claimed_by == RewardReport.ClaimBy.PROXY:
        missing = [
            label for code, label in PROXY_PAPERS if code not in set(claim.papers)
        ]
        if missing:
            raise ValidationError(f"委托代领须核对：{'、'.join(missing)}。")
        if (
            not claim.proxy_name.strip()
            or len(identity_crypto.normalise(claim.proxy_id_number, field="id_number"))
            != 18
        ):
            raise ValidationError("请填写受托人姓名和18位身份证件号码。")
        changes.update(
            proxy_papers=list(claim.papers),
            proxy_name_enc=identity_crypto.encrypt(
                ring, claim.proxy_name.strip(), field="proxy_name"
            ),
            proxy_id_enc=identity_crypto.encrypt(
                ring,
                identity_crypto.normalise(claim.proxy_id_number, field="id_number"),
                field="proxy_id_number",
            ),
        )
    else:
        raise ValidationError("请选择领取方式。")
    amount = report.amount or Decimal("0")
    if claim.agreed_shares is not None:
        shares = [
            Decimal(share).quantize(Decimal("0.01")) for share in claim.agreed_shares
        ]
        if (
            len(shares) != len(links)
            or sum(shares) != amount
            or any(s < 0 for s in shares)
        ):
            raise ValidationError(f"协商份额须逐人填写，合计应为{amount}元。")
    else:
        shares = list(reward.split(amount, len(links)))
    for link, share in zip(links, shares, strict=True):
        link.share = share
        link.agreed_share = share if claim.agreed_shares is not None else None
    ReportReporter.objects.bulk_update(links, ["share", "agreed_share"])
    _transition(report, "pay", by, **changes)
    RewardMatter.objects.filter(pk=report.matter_id).update(
        status=RewardMatter.Status.CLOSED
    )
    # 第十二条: the papers are filed as the 奖金核发管理档案 once paid.
    from .dossier import dossier_assemble

    dossier_assemble(report=report, by=by)
    return report


@transaction.atomic
def report_forfeit(*, report: RewardReport, by: User) -> RewardReport:
    """无正当理由逾期未领取的，视为放弃: only once the claim period has run out."""
    clock = claim_clock(report)
    if clock is None or timezone.now() <= clock.due_at:
        raise ValidationError("领取期限尚未届满，不能视为放弃。")
    _transition(report, "forfeit", by, forfeited_at=timezone.now())
    RewardMatter.objects.filter(pk=report.matter_id).update(
        status=RewardMatter.Status.CLOSED
    )
    return report
