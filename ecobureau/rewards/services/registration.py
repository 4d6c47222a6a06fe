"""Registering a real-name report (实施细则 第二条、第五条、第九条): the reporters'
identities encrypted, the violation it reports, and its place in the order of
registration that decides the first valid reporter (第十条)."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.core import records
from ecobureau.lib import complaint_text, identity_crypto
from ecobureau.lib.dates import SHANGHAI

from .. import keyring
from ..models import Reporter, ReportReporter, RewardMatter, RewardReport
from ..processes import REWARD

CHANNELS = (RewardReport.Channel.LETTER, RewardReport.Channel.VISIT)
# A registration that loses a race on the database (SQLite: "database is locked";
# either engine: the (matter, position) constraint) runs again from the start,
# for at most this many seconds (a registration with its PDF takes well under one).
REGISTER_RETRY_SECONDS = 30.0


@dataclass(frozen=True)
class Identity:
    """A reporter as they gave themselves (第五条: 真实姓名、身份证件、联系方式)."""

    name: str
    id_number: str
    phone: str
    bank_account: str = ""


@dataclass(frozen=True)
class ReportData:
    channel: str
    reported_party: str
    reported_address: str
    facts: str
    reporters: Sequence[Identity]
    occurred: str = ""
    evidence_note: str = ""
    complaint_id: int | None = None


def check_identity(identity: Identity, number: int) -> list[str]:
    problems = []
    who = f"第{number}位举报人"
    if not identity.name.strip():
        problems.append(f"{who}：请填写真实姓名。")
    id_number = identity_crypto.normalise(identity.id_number, field="id_number")
    if not (
        len(id_number) == 18
        and id_number[:17].isdigit()
        and id_number[17] in "0123456789X"
    ):
        problems.append(f"{who}：身份证件号码应为18位。")
    phone = identity_crypto.normalise(identity.phone, field="phone")
    if not 7 <= len(phone) <= 15:
        problems.append(f"{who}：请填写联系电话。")
    account = identity_crypto.normalise(identity.bank_account, field="bank_account")
    if identity.bank_account.strip() and not 12 <= len(account) <= 30:
        problems.append(f"{who}：银行账户应为12至30位数字。")
    return problems


def check(data: ReportData) -> None:
    problems: list[str] = []
    if data.channel not in CHANNELS:
        # 第二条、第五条: rewards are for reports by letter or visit only.
        problems.append("有奖举报限于来信、来访两种方式（实施细则第五条）。")
    for label, value in (
        ("被举报单位的准确名称", data.reported_party),
        ("详细地址", data.reported_address),
        ("违法事实", data.facts),
    ):
        if not value.strip():
            problems.append(f"请填写{label}（实施细则第五条）。")
    if not data.reporters:
        problems.append("有奖举报须实名，请填写举报人信息。")
    numbers = set()
    for number, identity in enumerate(data.reporters, start=1):
        problems += check_identity(identity, number)
        key = identity_crypto.normalise(identity.id_number, field="id_number")
        if key in numbers:
            problems.append(f"第{number}位举报人与前面的举报人身份证件号码相同。")
        numbers.add(key)
    if problems:
        raise ValidationError(problems)


def reporter_for(identity: Identity) -> Reporter:
    """The reporter with this ID number (found by blind index, under any key of the
    ring), with their contact details brought up to date; or a new one."""
    ring = keyring.ring()
    candidates = identity_crypto.blind_indexes(
        ring, identity.id_number, field="id_number"
    )
    reporter = Reporter.objects.filter(id_index__in=candidates).order_by("pk").first()
    fields = encrypted_fields(identity)
    if reporter is None:
        return Reporter.objects.create(**fields)
    for name, value in fields.items():
        setattr(reporter, name, value)
    reporter.save()
    return reporter


def encrypted_fields(identity: Identity) -> dict[str, str]:
    ring = keyring.ring()

    def seal(value: str, field: str) -> str:
        return (
            identity_crypto.encrypt(ring, value.strip(), field=field)
            if value.strip()
            else ""
        )

    return {
        "name_enc": seal(identity.name, "name"),
        "id_number_enc": seal(
            identity_crypto.normalise(identity.id_number, field="id_number"),
            "id_number",
        ),
        "phone_enc": seal(identity.phone, "phone"),
        "bank_account_enc": seal(identity.bank_account, "bank_account"),
        "key_version": ring.current[0],
        "id_index": identity_crypto.blind_index(
            ring, identity.id_number, field="id_number"
        ),
        "phone_index": identity_crypto.blind_index(ring, identity.phone, field="phone"),
        "name_mask": identity_crypto.mask_name(identity.name),
        "id_mask": identity_crypto.mask_id_number(identity.id_number),
        "phone_mask": identity_crypto.mask_phone(identity.phone),
    }


def party_key(reported_party: str) -> str:
    return (
        complaint_text.enterprise_name(reported_party).key[:60]
        or reported_party.strip()[:60]
    )


def _matter_locked(reported_party: str) -> RewardMatter:
    """The open matter of this party, locked until the transaction ends, so that
    two reports registered at the same moment get consecutive positions."""
    key = party_key(reported_party)
    try:
        with transaction.atomic():
            RewardMatter.objects.get_or_create(
                party_key=key,
                status=RewardMatter.Status.OPEN,
                defaults={"reported_party": reported_party.strip()[:120]},
            )
    except IntegrityError:
        pass  # created by a concurrent registration: it is there now
    return RewardMatter.objects.select_for_update().get(
        party_key=key, status=RewardMatter.Status.OPEN
    )


def registration_number(registered_at: datetime) -> str:
    bureau = Unit.objects.filter(kind=Unit.Kind.BUREAU).order_by("pk").first()
    if bureau is None:
        raise ValidationError("没有局单位，无法编登记号。")
    year = registered_at.astimezone(SHANGHAI).year
    number = casework.document_number_take(
        unit=bureau, series="有奖举报登记", year=year
    )
    return f"JB{year}-{number:04d}"


def _retryable(error: Exception) -> bool:
    text = str(error).lower()
    if isinstance(error, OperationalError):
        return "locked" in text or "deadlock" in text or "serializ" in text
    return "position" in text or "one_open_matter" in text or "party_key" in text


def report_register(*, data: ReportData, by: User) -> RewardReport:
    """Register one report (登记表), in the order the bureau receives it.

    1. Check the report and each reporter; only letters and visits qualify.
    2. Find or create each reporter by the blind index of their ID number.
    3. Lock the violation's open matter and claim the next position with one
       conditional increment of its counter; the unique constraint (matter,
       position) refuses a second report in the same place. Of two reports
       registered at the same moment, exactly one is first.
    4. A report by someone who already reported this matter is marked as their
       duplicate (it does not take a new place in the queue of first reporters).
    5. Start the case; issue the 登记表 (identity masked); record without identity.

    All in one transaction; one that loses a race on the database is rolled back
    and run again (when the caller has not opened a transaction of its own).
    """
    if not by.has_perm("rewards.manage_reward"):
        raise PermissionDenied("只有举报奖励经办人可以登记有奖举报。")
    check(data)
    if connection.in_atomic_block:
        return _register(data=data, by=by)
    deadline = time.monotonic() + REGISTER_RETRY_SECONDS
    while True:
        try:
            with transaction.atomic():
                return _register(data=data, by=by)
        except (OperationalError, IntegrityError) as error:
            if time.monotonic() > deadline or not _retryable(error):
                raise
            time.sleep(random.uniform(0.05, 0.25))  # noqa: S311


def _register(*, data: ReportData, by: User) -> RewardReport:
    reporters = [reporter_for(identity) for identity in data.reporters]
    matter = _matter_locked(data.reported_party)
    # Compare-and-set: the position is ours only if nobody took it since we read.
    claimed = RewardMatter.objects.filter(
        pk=matter.pk, last_position=matter.last_position
    ).update(last_position=F("last_position") + 1)
    if claimed != 1:
        raise IntegrityError("rewards: position taken by a concurrent registration")
    matter.last_position += 1
    registered_at = timezone.now()
    earlier = (
        RewardReport.objects.filter(
            matter=matter, report_reporters__reporter__in=reporters, duplicate_of=None
        )
        .order_by("position")
        .first()
    )
    report = RewardReport.objects.create(
        status="",
        registration_no=registration_number(registered_at),
        registered_at=registered_at,
        channel=data.channel,
        matter=matter,
        position=matter.last_position,
        duplicate_of=earlier,
        reported_party=data.reported_party.strip()[:120],
        reported_address=data.reported_address.strip()[:200],
        facts=data.facts.strip(),
        occurred=data.occurred.strip()[:80],
        evidence_note=data.evidence_note.strip(),
        complaint_id=data.complaint_id,
        unit=by.unit,
    )
    ReportReporter.objects.bulk_create(
        [
            ReportReporter(report=report, reporter=reporter, order=order)
            for order, reporter in enumerate(reporters, start=1)
        ]
    )
    casework.case_start(process=REWARD, case=report, step="registered", by=by)
    records.append(
        action="rewards.report.register",
        target=report,
        actor=by,
        data={
            "matter": matter.pk,
            "position": report.position,
            "reporters": [r.pk for r in reporters],
            "duplicate_of": earlier.pk if earlier else None,
        },
    )
    if data.complaint_id is not None:
        # The complainant is now a reward reporter: sealed on the complaint too
        # (实施细则 第十一条).
        from ecobureau.complaints import services as complaint_services

        complaint_services.complaint_link_reward(complaint_id=data.complaint_id, by=by)
    from .procedure import issue

    issue(report=report, kind="reward_registration", by=by)
    return report
