"""有奖举报奖金核发管理档案 (实施细则 第十二条 "建立有奖举报奖金核发管理档案", A127).

After payment, the papers of the report — registration (登记表), acceptance and
dispatch (交办单), investigation (勘验, 处罚或追责决定), approval (审批表 and the
internal approval), notice (通知书) and payment (发放记录) — are assembled into one
PDF issued through `casework.documents`: a numbered catalogue (卷内目录) with each
stored paper's 文号, date and SHA-256, then each paper's content in order. Only
masks of the reporters appear in it. The dossier is its own object, visible to
the reward handlers only; assembling and downloading it are recorded.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework
from ecobureau.casework.documents import kind_get
from ecobureau.casework.models import Document
from ecobureau.core import records
from ecobureau.lib import pdf, reward
from ecobureau.lib.dates import SHANGHAI, local_date

from ..models import RewardDossier, RewardReport
from . import procedure

PAPER_ORDER = (
    "reward_registration",
    "reward_dispatch_note",
    "reward_exclusion_notice",
    "reward_approval_form",
    "reward_notice",
)


def _day(moment: datetime | date | None) -> str:
    if moment is None:
        return "—"
    day = local_date(moment) if isinstance(moment, datetime) else moment
    return f"{day:%Y-%m-%d}"


def _row(label: str, value: object) -> str:
    text = " ".join(str(value or "—").split())
    return f"R:{label}\t{text}"


def _paper_rows(report: RewardReport, document: Document) -> list[str]:
    """The content of one stored paper, rebuilt from the same (masked) context it
    was issued with."""
    kind = document.kind
    issued_on = local_date(document.issued_at)
    if kind == "reward_dispatch_note":
        context = procedure.context_for(
            report, kind, survey_by=procedure.add_workdays(issued_on, 10)
        )
    elif kind == "reward_notice":
        served = report.served_on or issued_on
        context = procedure.context_for(
            report, kind, claim_by=procedure.add_workdays(served, 30)
        )
    else:
        context = procedure.context_for(report, kind)
    spec = kind_get(kind)
    rows = []
    for field in spec.fields:
        value = context.get(field.name)
        if isinstance(value, list | tuple):
            value = "；".join(str(v) for v in value)
        rows.append(_row(field.label, value))
    return rows


def _approval_rows(report: RewardReport) -> list[str]:
    approval = procedure.latest_approval(report)
    if approval is None:
        return []
    rows = [
        _row(
            "承办人意见",
            f"{approval.handler}（{_day(approval.proposed_at)}）：{approval.proposal}",
        ),
    ]
    if approval.reviewer_id:
        rows.append(
            _row(
                "审核意见",
                f"{approval.reviewer}（{_day(approval.reviewed_at)}）：{approval.review_opinion}",
            )
        )
    if approval.approver_id:
        rows.append(
            _row(
                "批准意见",
                f"{approval.approver}（{_day(approval.decided_at)}）："
                f"{approval.get_status_display()}，{approval.decision_opinion}",
            )
        )
    return rows


def _investigation_rows(report: RewardReport) -> list[str]:
    return [
        _row("承办单位", report.unit.name if report.unit else ""),
        _row("现场勘验情况", report.survey_note),
        _row("勘验完成时间", _day(report.surveyed_at)),
        _row("处罚或追责决定", procedure._decision_text(report)),
        _row(
            "查实情形",
            "；".join(
                f"第六条第（{reward.item_text(item)}）项"
                for item in sorted(report.categories)
            ),
        ),
    ]


def _payment_rows(report: RewardReport) -> list[str]:
    rows = [
        _row("奖励金额", f"{report.amount}元"),
        _row("送达方式", report.get_service_display() if report.service else ""),
        _row("送达或公示日期", _day(report.served_on)),
        _row(
            "领取方式",
            report.get_claimed_by_display() if report.claimed_by else "",
        ),
    ]
    if report.claimed_by == RewardReport.ClaimBy.PROXY:
        labels = dict(procedure.PROXY_PAPERS)
        rows.append(
            _row(
                "代领材料核对", "、".join(labels.get(p, p) for p in report.proxy_papers)
            )
        )
    if report.claim_extension_reason:
        rows.append(_row("领取期限顺延理由", report.claim_extension_reason))
    for link in report.report_reporters.select_related("reporter").order_by("order"):
        agreed = "（协商份额）" if link.agreed_share is not None else ""
        rows.append(
            _row(
                f"举报人{link.order}",
                f"{link.reporter.name_mask}：{link.share}元{agreed}",
            )
        )
    rows.append(
        _row(
            "发放时间",
            f"{report.paid_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"
            if report.paid_at
            else "",
        )
    )
    return rows


def dossier_contents(report: RewardReport) -> tuple[list[dict[str, str]], list[str]]:
    """The catalogue (one entry per paper, numbered in order) and the body lines."""
    documents = list(
        Document.objects.filter(
            target_type=report._meta.label_lower,
            target_id=report.pk,
            kind__in=PAPER_ORDER,
        )
        .select_related("attachment")
        .order_by("issued_at", "pk")
    )
    papers: list[dict[str, str]] = []
    body: list[str] = []

    def add(title: str, reference: str, day: str, digest: str, rows: list[str]) -> None:
        number = len(papers) + 1
        papers.append(
            {"title": title, "reference": reference, "date": day, "sha256": digest}
        )
        body.append(
            f"H:{pdf.chinese_number(number)}、{title}"
            + (f"（{reference}）" if reference else "")
        )
        body.extend(rows)

    by_kind: dict[str, list[Document]] = {}
    for document in documents:
        by_kind.setdefault(document.kind, []).append(document)
    for kind in PAPER_ORDER:
        for document in by_kind.get(kind, []):
            if kind == "reward_approval_form":
                # The investigation's findings come before the approval.
                add(
                    "调查处理情况",
                    "",
                    _day(report.penalty_decided_on or report.surveyed_at),
                    "",
                    _investigation_rows(report),
                )
            rows = _paper_rows(report, document)
            if kind == "reward_approval_form":
                rows += _approval_rows(report)
            add(
                document.title,
                document.reference,
                _day(document.issued_at),
                document.attachment.blob_id[:16],
                rows,
            )
    add("奖金发放记录", "", _day(report.paid_at), "", _payment_rows(report))
    return papers, body


def may_see_dossier(user: User) -> bool:
    return user.is_staff_member and user.has_perm("rewards.view_identity")


@transaction.atomic
def dossier_assemble(*, report: RewardReport, by: User) -> RewardDossier:
    """Assemble the dossier of a paid report (once; a second call returns it)."""
    if not by.has_perm("rewards.manage_reward"):
        raise PermissionDenied("只有举报奖励经办人可以立卷归档。")
    existing = RewardDossier.objects.filter(report=report).first()
    if existing is not None:
        return existing
    if report.status != RewardReport.Status.PAID:
        raise ValidationError("奖金发放后才能建立奖金核发管理档案。")
    papers, body = dossier_contents(report)
    dossier = RewardDossier.objects.create(
        report=report,
        papers=papers,
        assembled_at=timezone.now(),
        assembled_by=by,
        district=report.district,
    )
    document = casework.document_issue(
        kind="reward_dossier",
        unit=procedure.bureau_unit(),
        target=dossier,
        by=by,
        context={
            "registration_no": report.registration_no,
            "party": report.reported_party,
            "catalogue": [
                "\t".join(
                    (p["title"], p["reference"] or "—", p["date"], p["sha256"] or "—")
                )
                for p in papers
            ],
            "body": body,
        },
    )
    RewardDossier.objects.filter(pk=dossier.pk).update(document=document)
    dossier.document = document
    records.append(
        action="rewards.dossier.assemble",
        target=report,
        actor=by,
        data={"dossier": dossier.pk, "document": document.pk, "papers": len(papers)},
    )
    return dossier


@transaction.atomic
def dossier_download_record(*, dossier: RewardDossier, by: User) -> None:
    """Each download of the dossier is recorded (who, which report)."""
    if not may_see_dossier(by):
        raise PermissionDenied("只有举报奖励经办人可以查看奖金核发管理档案。")
    records.append(
        action="rewards.dossier.download",
        target=dossier.report,
        actor=by,
        data={"dossier": dossier.pk},
    )
