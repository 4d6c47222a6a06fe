"""The reporter's identity: shown in clear only to the reward handlers, each view
written to the record without the identity itself (实施细则 第十一条; 全过程记录
第三十五条), and the key rotation."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework.models import Document
from ecobureau.core import records
from ecobureau.lib import identity_crypto, pdf
from ecobureau.lib.dates import local_date

from .. import documents, keyring
from ..models import Reporter, RewardReport
from .procedure import context_for


@dataclass(frozen=True)
class ClearIdentity:
    name: str
    id_number: str
    phone: str
    bank_account: str


def may_see_identity(user: User) -> bool:
    return user.is_staff_member and user.has_perm("rewards.view_identity")


def _open(reporter: Reporter) -> ClearIdentity:
    ring = keyring.ring()

    def clear(token: str, field: str) -> str:
        return identity_crypto.decrypt(ring, token, field=field) if token else ""

    return ClearIdentity(
        name=clear(reporter.name_enc, "name"),
        id_number=clear(reporter.id_number_enc, "id_number"),
        phone=clear(reporter.phone_enc, "phone"),
        bank_account=clear(reporter.bank_account_enc, "bank_account"),
    )


@transaction.atomic
def identity_reveal(
    *, report: RewardReport, by: User, purpose: str
) -> list[ClearIdentity]:
    """The reporters of a report in clear, for a reward handler; the view (who,
    when, which report, why) goes to the record, the identity does not."""
    if not may_see_identity(by):
        raise PermissionDenied("只有举报奖励经办人可以查看举报人身份信息。")
    if not purpose.strip():
        raise ValidationError("请说明查看事由。")
    links = report.report_reporters.select_related("reporter").order_by("order")
    revealed = [_open(link.reporter) for link in links]
    records.append(
        action="confidential.view",
        target=report,
        actor=by,
        data={
            "what": "reporter_identity",
            "reporters": [link.reporter_id for link in links],
            "purpose": purpose.strip()[:100],
        },
    )
    return revealed


@transaction.atomic
def identified_pdf(*, report: RewardReport, kind: str, by: User) -> bytes:
    """The issued document of `kind` rendered again with the reporters named, for
    the reward handler to serve or file: not stored, the printing recorded."""
    if not may_see_identity(by):
        raise PermissionDenied("只有举报奖励经办人可以打印载有举报人身份的文书。")
    if kind not in documents.IDENTIFIED:
        raise ValidationError("该文书不载举报人身份。")
    document = (
        Document.objects.filter(
            target_type="rewards.rewardreport", target_id=report.pk, kind=kind
        )
        .order_by("-issued_at")
        .first()
    )
    if document is None:
        raise ValidationError("该文书尚未制作。")
    clear = identity_reveal(report=report, by=by, purpose=f"打印{document.title}")
    context = _document_context(report, kind, document)
    names = "、".join(person.name for person in clear)
    if "reporters" in context:
        context["reporters"] = [
            f"{person.name}（身份证件{person.id_number}，电话{person.phone}"
            + (f"，银行账户{person.bank_account}" if person.bank_account else "")
            + "）"
            for person in clear
        ]
    if "addressee" in context:
        context["addressee"] = f"{names}（登记号{report.registration_no}）"
    spec = documents.KINDS_BY_CODE[kind]
    layout = pdf.Layout(
        issuer=document.unit.name,
        title=spec.title,
        reference=document.reference,
        issued_on=local_date(document.issued_at),
        blocks=spec.blocks(spec.clean(context)),
    )
    try:
        return pdf.render(layout, created_at=timezone.now())
    except pdf.MissingGlyphs as error:
        raise ValidationError(
            f"以下字符在文书字库中没有：{'、'.join(error.characters)}"
        ) from None


def _document_context(
    report: RewardReport, kind: str, document: Document
) -> dict[str, object]:
    if kind == "reward_notice":
        claim = (
            report.claim_due_at.date() if report.claim_due_at else timezone.localdate()
        )
        return context_for(report, kind, claim_by=claim)
    return context_for(report, kind)


@transaction.atomic
def identities_rotate(*, by: User | None = None) -> int:
    """Re-encrypt every stored identity under the ring's current key and recompute
    the blind indexes (docs/modules/rewards.md, key rotation). Safe to run again."""
    ring = keyring.ring()
    current = ring.current[0]
    changed = 0
    for reporter in Reporter.objects.select_for_update().order_by("pk"):
        fields = {
            "name_enc": "name",
            "id_number_enc": "id_number",
            "phone_enc": "phone",
            "bank_account_enc": "bank_account",
        }
        clear = {
            attr: identity_crypto.decrypt(ring, getattr(reporter, attr), field=field)
            if getattr(reporter, attr)
            else ""
            for attr, field in fields.items()
        }
        for attr, field in fields.items():
            value = clear[attr]
            setattr(
                reporter,
                attr,
                identity_crypto.encrypt(ring, value, field=field) if value else "",
            )
        reporter.id_index = identity_crypto.blind_index(
            ring, clear["id_number_enc"], field="id_number"
        )
        reporter.phone_index = identity_crypto.blind_index(
            ring, clear["phone_enc"], field="phone"
        )
        reporter.key_version = current
        reporter.save()
        changed += 1
    for report in RewardReport.objects.exclude(proxy_name_enc="").select_for_update():
        report.proxy_name_enc = identity_crypto.encrypt(
            ring,
            identity_crypto.decrypt(ring, report.proxy_name_enc, field="proxy_name"),
            field="proxy_name",
        )
        report.proxy_id_enc = identity_crypto.encrypt(
            ring,
            identity_crypto.decrypt(ring, report.proxy_id_enc, field="proxy_id_number"),
            field="proxy_id_number",
        )
        report.save(update_fields=["proxy_name_enc", "proxy_id_enc"])
    records.append(
        action="rewards.identity.rotate",
        target=("rewards.reporter", "all"),
        actor=by,
        data={"key_version": current, "reporters": changed},
    )
    return changed
