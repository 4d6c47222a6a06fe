from django.conf import settings
from django.db import models


class Blob(models.Model):
    """File content, stored once under its SHA-256 and never modified."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("类型", max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "文件内容"
        verbose_name_plural = "文件内容"

    def __str__(self) -> str:
        return self.sha256

    @property
    def relative_path(self) -> str:
        return f"blobs/{self.sha256[:2]}/{self.sha256[2:4]}/{self.sha256}"


class Attachment(models.Model):
    """A file attached to an object of any module: evidence, a recording, a scan, a
    document's PDF. The content lives in `Blob`; its hash is in the record."""

    class Kind(models.TextChoices):
        PHOTO = "photo", "照片"
        AUDIO = "audio", "录音"
        VIDEO = "video", "录像"
        DOCUMENT = "document", "文书"
        SCAN = "scan", "扫描件"
        SPREADSHEET = "spreadsheet", "表格"
        OTHER = "other", "其他"

    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="attachments")
    target_type = models.CharField("对象类型", max_length=60)
    target_id = models.BigIntegerField("对象编号")
    kind = models.CharField("类别", max_length=20, choices=Kind)
    name = models.CharField("文件名", max_length=200)
    note = models.CharField("说明", max_length=200, blank=True)
    confidential = models.BooleanField(
        "涉密/隐私",
        default=False,
        help_text="涉及国家秘密、商业秘密或个人隐私：仅有权限者可查看，每次查看均记录。",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    # The uploader's unit when the file was stored, so reports per unit (requirements
    # A48) do not move when a person changes unit.
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="上传单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Audio and video: 全过程记录实施办法 第三十二条 — stored within 24 hours of the
    # recording, or of the officer's return to the unit after continuous or
    # remote work.
    captured_at = models.DateTimeField("录制时间", null=True, blank=True)
    returned_at = models.DateTimeField("回到本单位时间", null=True, blank=True)
    storage_due_at = models.DateTimeField("应存储期限", null=True, blank=True)
    late = models.BooleanField("逾期存储", default=False)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at"]
        # 全过程记录实施办法 第三十五条 (requirements A47): confidential files only
        # for those whose permissions allow it.
        permissions = [("view_confidential", "可查看涉密/隐私附件")]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="attachment_target"),
            models.Index(
                fields=["late"], name="attachment_late", condition=models.Q(late=True)
            ),
        ]

    def __str__(self) -> str:
        return self.name
