from django.conf import settings
from django.db import models


class DocumentCounter(models.Model):
    """The last number issued in one series of one unit in one year. Incremented in
    the issuing transaction, so numbers have no gaps and no duplicates."""

    unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="+"
    )
    series = models.CharField("文书系列", max_length=20, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = "文号计数"
        verbose_name_plural = "文号计数"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "series", "year"], name="counter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.series} {self.year}: {self.last}"


class Document(models.Model):
    """An official document (文书) issued by a unit: numbered, rendered to PDF, the
    PDF attached and hashed into the record."""

    kind = models.CharField("文书类型", max_length=40)
    title = models.CharField("标题", max_length=120)
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="制发单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    series = models.CharField("文书系列", max_length=20, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveIntegerField("序号")
    reference = models.CharField("文号", max_length=60)
    target_type = models.CharField("对象类型", max_length=60)
    target_id = models.BigIntegerField("对象编号")
    attachment = models.ForeignKey(
        "casework.Attachment",
        verbose_name="PDF",
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField("签发时间")

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "series", "year", "number"],
                name="document_number_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="document_target")
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.reference}"
