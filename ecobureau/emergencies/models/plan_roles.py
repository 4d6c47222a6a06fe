"""The roles of a plan's emergency organisation (应急组织机构及职责) as data.

A plan names who leads, who handles the site, who monitors, who informs, and how
to reach them (seed 002 四(三)2(1) "编制突发环境事件应急预案并组织实施"; the seeds
give no plan's content, so the roles are whatever the registered plan lists, typed
by the officer). `Plan.contacts` stays as the free text it was; these rows are what
the incident's contact page reads.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

from ecobureau.lib import canonical_json


class PlanRole(models.Model):
    """One role in a plan: the role, the person holding it, a phone and the duty."""

    plan = models.ForeignKey(
        "emergencies.Plan", on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField("应急职务", max_length=60)
    person = models.CharField("姓名", max_length=40)
    unit = models.CharField("单位及职务", max_length=120, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    duty = models.TextField("职责")
    position = models.PositiveSmallIntegerField("排序", default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "预案应急职务"
        verbose_name_plural = "预案应急职务"
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.role}：{self.person}"


class PlanChange(models.Model):
    """The old and new names, phones and contact text of one change to a plan's
    roles or contacts.

    The record entry of the change (`record_seq`) holds the role, the fields changed
    and the old and new values that are not personal (unit and post, duty); names,
    phones and the free contact text are personal data, which never go into the
    hashed record in clear, so they are kept here. The entry carries the SHA-256 of
    this row's values with its random `salt` (`values_digest`), so an edited row no
    longer matches the chain, while the digest alone reveals nothing guessable.

    Rows are deleted after `EMERGENCY_PLAN_CHANGE_RETENTION_DAYS`
    (`preparedness.plan_changes_prune`); the entry and its digest stay, and the
    plan's history then names the fields changed without their values.
    """

    # Personal data: kept here, never in the hashed record in clear.
    PERSONAL_FIELDS = ("person", "phone", "contacts")

    plan = models.ForeignKey(
        "emergencies.Plan", on_delete=models.CASCADE, related_name="changes"
    )
    record_seq = models.PositiveBigIntegerField("记录序号", unique=True)
    before = models.JSONField("修改前", default=dict)
    after = models.JSONField("修改后", default=dict)
    salt = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "预案联系人修改"
        verbose_name_plural = "预案联系人修改"
        ordering = ["record_seq"]

    def __str__(self) -> str:
        return f"预案修改#{self.record_seq}"

    def digest(self) -> str:
        """The digest the change's record entry carries, computed from this row."""
        text = canonical_json.dumps(
            {"salt": self.salt, "before": self.before, "after": self.after}
        )
        return hashlib.sha256(text.encode()).hexdigest()
