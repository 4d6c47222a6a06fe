from django.conf import settings
from django.db import models

from ecobureau.core.models import Division, TimeStampedModel


class CaseModel(TimeStampedModel):
    """What every case of every module has: a status moved only by
    `casework.services.case_transition`, a version for optimistic concurrency, and
    the place and people the data scope and the workbench need."""

    status = models.CharField("状态", max_length=30)
    version = models.PositiveIntegerField("版本", default=0)
    district = models.ForeignKey(
        Division,
        verbose_name="区县",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 2},
    )
    township = models.ForeignKey(
        Division,
        verbose_name="乡镇街道",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 3},
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True
