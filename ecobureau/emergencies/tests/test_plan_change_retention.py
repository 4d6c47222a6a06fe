"""Old names and phones of plan contacts (`PlanChange`) are deleted after their
retention period; the record keeps its digests, the chain still verifies, and the
plan history names the fields changed without their values."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.core.schedule import SCHEDULE
from ecobureau.emergencies import preparedness
from ecobureau.emergencies.models import Plan, PlanChange, PlanRole

pytestmark = pytest.mark.django_db

ROLE = {
    "role": "总指挥",
    "person": "张指挥",
    "unit": "铁东区人民政府 副区长",
    "phone": "0412-5550001",
    "duty": "统一领导、指挥本区突发环境事件应对",
}


@pytest.fixture
def plan_a(duty_officer: User, district_a) -> Plan:
    """District A's government plan with free-text contacts."""
    return preparedness.plan_register(
        by=duty_officer,
        holder_kind="government",
        holder_name="铁东区政府",
        title="铁东区突发环境事件应急预案",
        filed_on=date(2022, 3, 1),
        district=district_a,
        contacts="值班室 0412-5550000",
    )


def _change_role(role: PlanRole, by: User, **values: str) -> PlanChange:
    current = {name: getattr(role, name) for name in preparedness.ROLE_FIELDS}
    preparedness.plan_role_change(entry=role, by=by, **{**current, **values})
    return PlanChange.objects.latest("record_seq")


def _age(change: PlanChange, days: int) -> None:
    PlanChange.objects.filter(pk=change.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )


def test_old_values_are_pruned_newer_kept_history_and_chain_hold(
    client: Client, duty_officer: User, plan_a: Plan
) -> None:
    # given: 总指挥 changed holder, post and phone, and the contacts text, 1096 days
    # ago; then the holder again 10 days ago
    role = preparedness.plan_role_add(plan=plan_a, by=duty_officer, **ROLE)
    old = _change_role(
        role,
        duty_officer,
        person="钱新任",
        phone="13800000077",
        unit="铁东区人民政府 区长",
    )
    preparedness.plan_contacts_change(
        plan=plan_a, by=duty_officer, contacts="值班室 0412-5559999"
    )
    old_contacts = PlanChange.objects.latest("record_seq")
    role.refresh_from_db()
    new = _change_role(role, duty_officer, person="李三", phone="13900000088")
    _age(old, 1096)
    _age(old_contacts, 1096)
    _age(new, 10)

    # when: the scheduled job runs
    out = StringIO()
    call_command("prune_plan_changes", stdout=out)

    # then: the two old rows are gone, the newer one kept
    assert "2条" in out.getvalue()
    assert set(PlanChange.objects.values_list("pk", flat=True)) == {new.pk}
    # one record entry by the system lists the changes whose values went
    entry = Record.objects.get(action="emergencies.plan.changes_pruned")
    data = records.payload_of(entry)["data"]
    assert data == {
        "record_seqs": sorted([old.record_seq, old_contacts.record_seq]),
        "retention_days": 1095,
    }
    assert entry.actor_id is None
    # the chain still verifies: the change entries and their digests are untouched
    assert records.verify() == (Record.objects.count(), None)

    # the history page still renders: the fields without values for the pruned,
    # from → to for the kept
    client.force_login(duty_officer)
    response = client.get(reverse("emergencies:plan-drills", args=[plan_a.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "姓名、联系电话：修改前后的值已按保存期限删除" in body
    assert "应急组织与联系人：修改前后的值已按保存期限删除" in body
    assert "单位及职务：铁东区人民政府 副区长 → 铁东区人民政府 区长" in body
    assert "姓名：钱新任 → 李三" in body
    assert "按保存期限删除联系人修改前后的值" in body
    for gone in ("张指挥", "0412-5550001", "0412-5550000"):
        assert gone not in body
    assert "与记录摘要不符" not in body

    # a second run finds nothing and records nothing
    call_command("prune_plan_changes", stdout=StringIO())
    assert Record.objects.filter(action="emergencies.plan.changes_pruned").count() == 1
    assert PlanChange.objects.filter(pk=new.pk).exists()


def test_retention_setting_and_a_row_missing_without_the_job(
    client: Client, duty_officer: User, plan_a: Plan
) -> None:
    role = preparedness.plan_role_add(plan=plan_a, by=duty_officer, **ROLE)
    change = _change_role(role, duty_officer, person="钱新任")
    _age(change, 40)
    # 0 keeps everything; a shorter period prunes what is older
    with override_settings(EMERGENCY_PLAN_CHANGE_RETENTION_DAYS=0):
        assert preparedness.plan_changes_prune() == 0
    with override_settings(EMERGENCY_PLAN_CHANGE_RETENTION_DAYS=30):
        assert preparedness.plan_changes_prune() == 1
    assert not PlanChange.objects.exists()

    # a kept row deleted other than by the job is flagged, not passed off as pruned
    role.refresh_from_db()
    _change_role(role, duty_officer, person="李三")
    PlanChange.objects.all().delete()
    client.force_login(duty_officer)
    body = client.get(reverse("emergencies:plan-drills", args=[plan_a.pk]))
    assert "与记录摘要不符" in body.content.decode()


def test_the_job_is_scheduled_daily() -> None:
    job = next(job for job in SCHEDULE if job.name == "prune_plan_changes")
    assert (job.cron, job.command) == ("55 3 * * *", "prune_plan_changes")
