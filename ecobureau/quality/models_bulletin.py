"""Issued monthly bulletins (环境质量月报发布, issue 13 item 6): the figures of a
month frozen when the bulletin is issued, so a published month no longer changes
when its data are corrected later. A correction issues a new revision with its
reason; the earlier one is kept and marked superseded. Written only by
`services.bulletin_issue`."""

from __future__ import annotations

from django.db import models


class BulletinIssue(models.Model):
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    # 1 = the first issue; 2 = 第1次更正, …
    revision = models.PositiveSmallIntegerField("版次", default=1)
    issued_at = models.DateTimeField("发布时间")
    # None: issued by the scheduler (command issue_bulletin).
    issued_by = models.ForeignKey(
        "accounts.User",
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The public figures as `bulletin.figures_public` returns them (a list of
    # {part, label, value, source, drill}), in Chinese (the official text) and
    # in English (the public page's English reading).
    figures = models.JSONField("公报数值")
    figures_en = models.JSONField("公报数值（英文）", default=list)
    pdf = models.BinaryField("PDF")
    sha256 = models.CharField("PDF SHA-256", max_length=64)
    note = models.TextField("说明", blank=True)
    reason = models.TextField("更正理由", blank=True)
    superseded_at = models.DateTimeField("被更正时间", null=True, blank=True)

    class Meta:
        verbose_name = "环境质量月报（已发布）"
        verbose_name_plural = "环境质量月报（已发布）"
        ordering = ["-year", "-month", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "month", "revision"], name="quality_bulletin_revision"
            )
        ]

    def __str__(self) -> str:
        return f"环境质量月报 {self.year}年{self.month}月 第{self.revision}版"

    @property
    def correction(self) -> int:
        """0 for the first issue, N for the Nth correction (第N次更正)."""
        return self.revision - 1

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None
