"""The applicant's side of an application: the draft, its files per checklist
entry, and submission (online, or registered by the window for a paper or oral
application).

A draft is not yet a case: it has no clock and no work item, and only its author
sees it. Submission checks the season, the answers and the checklist, then puts
the case into the first step of its item's process.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any, BinaryIO, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Attachment
from ecobureau.core import calendar as core_calendar
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import filetypes, service_window
from ecobureau.lib.dates import local_date, local_datetime

from .. import details as item_details
from .. import processes
from ..models import Application, ApplicationMaterial, Material, ServiceItem
from . import clocks
from .handling import after_entering, unit_for_step
from .owners import owner_claim

# What applicants may upload for a checklist entry, decided from the content:
# scans and photos (PDF, JPEG, PNG, TIFF) and office documents.
SCAN_TYPES = (filetypes.PDF, filetypes.JPEG, filetypes.PNG, filetypes.TIFF)
OFFICE_TYPES = (filetypes.DOCX, filetypes.XLSX, filetypes.OLE)
UPLOAD_TYPES = SCAN_TYPES + OFFICE_TYPES
DEFAULT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
MAX_FILES_PER_MATERIAL = 10


def upload_max_bytes() -> int:
    return int(getattr(settings, "PERMITS_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES))


def size_text(size: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + unit
    return f"{size}字节"


# --- Drafts -----------------------------------------------------------------------


def applicant_party(user: User) -> tuple[Enterprise | None, str]:
    """The enterprise an account applies for (once verified) and the name."""
    enterprise = enterprise_selectors.enterprise_for_account(user)
    if enterprise is not None:
        return enterprise, enterprise.name
    return None, user.full_name or user.username


def check_may_apply(*, item: ServiceItem, user: User) -> None:
    if not item.online:
        raise ValidationError(f"“{item.name}”不在本平台网上办理，请按办事指南办理。")
    if user.kind == User.Kind.ENTERPRISE and not item.accepts_enterprises:
        raise ValidationError("本事项不接受企业网上申请。")
    if user.kind == User.Kind.CITIZEN and not item.accepts_citizens:
        raise ValidationError(
            f"本事项的申请对象为{item.applicable_parties or '企业'}，请以企业账户申请。"
        )
    if not user.is_public:
        raise PermissionDenied("网上申请请使用企业或公众账户。")


@transaction.atomic
def application_create(
    *,
    item: ServiceItem,
    by: User,
    submission_key: str,
    district: Division | None,
    contact_name: str,
    contact_phone: str,
    condition: str = "",
    answers: dict[str, Any] | None = None,
) -> tuple[Application, bool]:
    """Create the applicant's draft, or find the one this form already created.

    Returns (application, created). The form carries a one-time key: pressing
    submit twice, or going back and submitting again, does not make a second
    application.
    """
    existing = Application.objects.filter(
        created_by=by, submission_key=submission_key
    ).first()
    if existing is not None:
        return existing, False
    check_may_apply(item=item, user=by)
    _check_condition(item, condition)
    enterprise, name = applicant_party(by)
    application = Application(
        item=item,
        applicant=by,
        created_by=by,
        enterprise=enterprise,
        applicant_name=name,
        contact_name=contact_name,
        contact_phone=contact_phone,
        condition=condition,
        details=item_details.to_json(answers or {}),
        submission_key=submission_key,
        status=Application.DRAFT,
        channel=Application.Channel.ONLINE,
        district=_district(enterprise, district),
        township=enterprise.township if enterprise else None,
        unit=item.unit,
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # The same form submitted twice at the same moment: the other request
        # created it.
        return Application.objects.get(
            created_by=by, submission_key=submission_key
        ), False
    records.append(
        action="permits.application.draft",
        target=application,
        actor=by,
        data={"item": item.code, "channel": application.channel},
    )
    return application, True


def _district(
    enterprise: Enterprise | None, chosen: Division | None
) -> Division | None:
    if enterprise is not None and enterprise.district_id:
        return enterprise.district
    return chosen


def _check_condition(item: ServiceItem, condition: str) -> None:
    if item.condition_choices and condition not in item.condition_choices:
        raise ValidationError(
            f"请选择{item.condition_question}：{'、'.join(item.condition_choices)}。"
        )


@transaction.atomic
def application_update_draft(
    *,
    application: Application,
    by: User,
    contact_name: str,
    contact_phone: str,
    condition: str,
    answers: dict[str, Any],
    district: Division | None = None,
) -> Application:
    _check_author(application, by)
    if not application.is_draft:
        raise ValidationError("申请已提交，不能再修改；需要更正时请按补正通知补正。")
    _check_condition(application.item, condition)
    application.contact_name = contact_name
    application.contact_phone = contact_phone
    application.condition = condition
    application.details = item_details.to_json(answers)
    if application.enterprise is None and district is not None:
        application.district = district
    application.save(
        update_fields=[
            "contact_name",
            "contact_phone",
            "condition",
            "details",
            "district",
            "updated_at",
        ]
    )
    return application


def _check_author(application: Application, by: User) -> None:
    if application.created_by_id != by.pk:
        raise PermissionDenied("只能修改自己填报的申请。")


# --- Files per checklist entry ---------------------------------------------------


@transaction.atomic
def material_add(
    *, application: Application, material: Material, file: File[bytes], by: User
) -> ApplicationMaterial:
    """Store one file for one checklist entry of a draft, or of an application
    waiting for the applicant's supplement.

    Refused, with the reason in Chinese: a file of a type not accepted (decided
    from its content, not its name), a file over the size limit, an entry that
    is not on this item's checklist, too many files for one entry.
    """
    if material.item_id != application.item_id:
        raise ValidationError("该材料不属于本事项的办理要件。")
    if material.kind != Material.Kind.UPLOAD:
        raise ValidationError(f"“{material.name}”为网上填报内容，无需上传文件。")
    _check_may_upload(application, by)
    count = application.files.filter(material=material).count()
    if count >= MAX_FILES_PER_MATERIAL:
        raise ValidationError(
            f"“{material.name}”最多上传{MAX_FILES_PER_MATERIAL}个文件。"
        )
    file_type = _check_file(file)
    attachment = casework.attachment_add(
        file=file,
        target=application,
        kind=Attachment.Kind.SCAN if file_type in SCAN_TYPES else Attachment.Kind.OTHER,
        by=by,
        note=material.name[:200],
    )
    return ApplicationMaterial.objects.create(
        application=application,
        material=material,
        attachment=attachment,
        round=application.supplements,
    )


def _check_may_upload(application: Application, by: User) -> None:
    waiting = application.status in processes.APPLICANT_STEPS
    if application.is_draft or waiting:
        if application.created_by_id == by.pk or application.assignee_id == by.pk:
            return
        # The window records a paper supplement for a window application.
        if by.is_staff_member and application.channel != Application.Channel.ONLINE:
            return
        raise PermissionDenied("只能为自己的申请上传材料。")
    raise ValidationError("申请已提交，当前不能上传材料；收到补正通知后再补正。")


def _check_file(file: File[bytes]) -> filetypes.FileType:
    limit = upload_max_bytes()
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            f"文件过大：申请材料每个文件不超过{size_text(limit)}，"
            f"该文件为{size_text(size)}。"
        )
    if size == 0:
        raise ValidationError("文件为空，请重新选择。")
    file.seek(0)
    file_type = filetypes.detect(cast(BinaryIO, file))
    file.seek(0)
    if file_type is None or file_type not in UPLOAD_TYPES:
        names = "、".join(t.name for t in UPLOAD_TYPES)
        actual = file_type.label if file_type else "无法识别的格式"
        raise ValidationError(
            f"文件类型不符：申请材料只接受{names}格式，该文件实际为{actual}。"
        )
    return file_type


@transaction.atomic
def material_remove(*, application_material: ApplicationMaterial, by: User) -> None:
    """Take a file off a draft (the stored content stays, as every file does)."""
    application = application_material.application
    if not application.is_draft:
        raise ValidationError("申请已提交，已提交的材料不能删除。")
    _check_author(application, by)
    records.append(
        action="permits.material.remove",
        target=application,
        actor=by,
        data={
            "material": application_material.material_id,
            "attachment": application_material.attachment_id,
        },
    )
    application_material.delete()


def missing_materials(application: Application) -> list[Material]:
    """Required checklist entries of the applicant's situation with no file yet."""
    given = set(application.files.values_list("material_id", flat=True))
    return [
        material
        for material in application.item.materials.all()
        if material.required
        and material.kind == Material.Kind.UPLOAD
        and material.applies(application.condition)
        and material.pk not in given
    ]


def missing_supplements(application: Application) -> list[Material]:
    """Entries named in the correction notice with no file since it was sent."""
    wanted = set(application.supplement_items)
    given = set(
        application.files.filter(round=application.supplements).values_list(
            "material__code", flat=True
        )
    )
    return [
        material
        for material in application.item.materials.filter(code__in=wanted)
        if material.kind == Material.Kind.UPLOAD and material.code not in given
    ]


# --- Submission ------------------------------------------------------------------


def check_answers(application: Application, today: date) -> list[str]:
    """Every problem with the answers, as sentences for the applicant."""
    problems = []
    stored = application.details or {}
    answers = item_details.from_json(application.item.code, stored)
    for spec in item_details.specs_for(application.item.code):
        if spec.required and answers.get(spec.name) in (None, "", []):
            problems.append(f"请填写“{spec.label}”。")
    for message in item_details.check(application.item.code, answers, today).values():
        problems.append(message)
    if application.district_id is None:
        problems.append("请选择所在区县。")
    return problems


@transaction.atomic
def application_submit(*, application: Application, by: User) -> Application:
    """Submit a draft: season, answers and checklist are checked, then the case
    enters the first step of its item's process with its clock and work item.

    A second submission of the same draft is refused: the first one changed its
    status (a conditional update on status and version).
    """
    _check_submitter(application, by)
    if not application.is_draft:
        raise ValidationError("该申请已提交，请勿重复提交。")
    item = application.item
    now = timezone.now()
    today = local_date(now)
    problems = []
    if item.seasonal:
        season = service_window.Season(
            item.season_start_month or 1,
            item.season_end_month or 12,
            item.season_workdays_only,
        )
        window = service_window.season_check(today, season, core_calendar.current())
        if not window.open:
            problems.append(window.reason)
    problems += check_answers(application, today)
    missing = missing_materials(application)
    if missing:
        problems.append(
            "以下必需材料尚未上传：" + "；".join(m.name for m in missing) + "。"
        )
    if problems:
        raise ValidationError(problems)
    received = application.received_at or now
    claimed = Application.objects.filter(
        pk=application.pk, status=Application.DRAFT, version=application.version
    ).update(
        version=F("version") + 1, submitted_at=now, received_at=received, updated_at=now
    )
    if not claimed:
        raise ValidationError("该申请已提交，请勿重复提交。")
    application.version += 1
    application.submitted_at, application.received_at = now, received
    return _start_case(application=application, by=by)


def _check_submitter(application: Application, by: User) -> None:
    if application.channel == Application.Channel.ONLINE:
        _check_author(application, by)
        return
    # A paper or oral application is submitted by the staff member who
    # registered it, or its owner after a hand-over.
    if not by.is_staff_member or by.pk not in (
        application.created_by_id,
        application.owner_id,
    ):
        raise PermissionDenied("只能提交本人登记或负责的申请。")


def _start_case(*, application: Application, by: User) -> Application:
    procedure = processes.procedure_for(application)
    first = procedure.first_step
    application.unit = unit_for_step(application, first)
    Application.objects.filter(pk=application.pk).update(unit=application.unit)
    casework.case_start(process=procedure.process, case=application, step=first, by=by)
    if procedure.acceptance_clock:
        clocks.start_acceptance(application=application, by=by)
    else:
        # 即办 and the filings reviewed up the chain: the item's own limit runs
        # from receipt.
        clocks.start_decision(
            application=application, by=by, started_at=application.received_at
        )
    after_entering(application=application, step=first, by=by)
    return application


@transaction.atomic
def application_register(
    *,
    item: ServiceItem,
    by: User,
    submission_key: str,
    channel: str,
    applicant_name: str,
    contact_name: str,
    contact_phone: str,
    district: Division,
    enterprise: Enterprise | None = None,
    condition: str = "",
    answers: dict[str, Any] | None = None,
    together_with: list[User] | None = None,
    received_on: date | None = None,
) -> tuple[Application, bool]:
    """The window registers a paper, posted or oral application (seed 000
    全过程记录 第七条: 申请登记、口头申请 are recorded). The receiving staff member
    — or the higher-ranked of those who received it together — owns it (首问负责制).
    A letter counts from the day it arrived (`received_on`)."""
    existing = Application.objects.filter(
        created_by=by, submission_key=submission_key
    ).first()
    if existing is not None:
        return existing, False
    if channel not in (
        Application.Channel.WINDOW,
        Application.Channel.LETTER,
        Application.Channel.ORAL,
    ):
        raise ValidationError("请选择窗口申请、信函申请或口头申请。")
    today = local_date(timezone.now())
    if received_on is not None and received_on > today:
        raise ValidationError("收到申请材料的日期不能晚于今天。")
    received_at = (
        local_datetime(received_on, time(9, 0))
        if received_on is not None and received_on < today
        else None
    )
    if not item.online:
        raise ValidationError(f"“{item.name}”不在本平台办理。")
    _check_condition(item, condition)
    application = Application.objects.create(
        item=item,
        applicant=None,
        created_by=by,
        enterprise=enterprise,
        applicant_name=applicant_name,
        contact_name=contact_name,
        contact_phone=contact_phone,
        condition=condition,
        details=item_details.to_json(answers or {}),
        submission_key=submission_key,
        status=Application.DRAFT,
        channel=channel,
        received_at=received_at,
        district=enterprise.district if enterprise else district,
        township=enterprise.township if enterprise else None,
        unit=item.unit,
    )
    records.append(
        action="permits.application.register",
        target=application,
        actor=by,
        data={"item": item.code, "channel": channel},
    )
    owner_claim(target=application, by=by, together_with=together_with or [])
    return application, True


def refuse_deleting_permanent_records(
    sender: type[Application], instance: Application, **kwargs: object
) -> None:
    """pre_delete: a submitted record of an item kept permanently (建设用地土壤污染
    filings) is never deleted — not by a page, the admin, or a queryset."""
    from ..processes import procedure_for

    if not instance.is_draft and procedure_for(instance).keep_permanently:
        raise PermissionDenied(f"{instance.item.name}的备案档案永久保存，不能删除。")
