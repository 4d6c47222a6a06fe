from django.db import models


class Installation(models.Model):
    """What this database is (issue 16 item 5). `migrate` with ENVIRONMENT=production
    marks it a production database, and nothing unmarks it, so demo data is refused by
    the database itself, not only by one process's settings; a database that ever
    held demo data cannot be marked production."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    production_since = models.DateTimeField("标记为生产库的时间", null=True, blank=True)
    demo_loaded_at = models.DateTimeField("载入示例数据的时间", null=True, blank=True)

    class Meta:
        verbose_name = "本库标识"
        verbose_name_plural = "本库标识"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="installation_one_row"
            )
        ]

    def __str__(self) -> str:
        return "生产库" if self.production_since else "非生产库"
