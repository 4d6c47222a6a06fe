"""The one schedule table: every periodic job, when it runs (cron, Asia/Shanghai),
and the management command it calls — the same command a systemd timer would call
in production. `run_schedule` claims each due slot with a unique (job, slot) row,
so two schedulers never run one slot twice. docs/operations.md lists every job; a
test keeps it in step with this table. Every job is safe to run twice."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str
    cron: str
    command: str
    args: tuple[str, ...]
    description: str


SCHEDULE: list[Job] = [
    Job(
        "mark_clocks",
        "*/5 * * * *",
        "mark_clocks",
        (),
        "标记临期、超期的法定时限并提醒责任人及其负责人",
    ),
    Job(
        "deliver_outbox",
        "* * * * *",
        "deliver_outbox",
        (),
        "补发未送达的邮件、短信等待执行事务",
    ),
    Job(
        "verify_records", "30 2 * * *", "verify_records", (), "每日校验全过程记录哈希链"
    ),
    Job(
        "prune_tasks",
        "15 3 * * *",
        "prune_db_task_results",
        ("--min-age-days", "30"),
        "清理30天前已完成的后台任务结果",
    ),
    Job("clear_sessions", "45 3 * * *", "clearsessions", (), "清理过期会话"),
]


def register(job: Job) -> None:
    """Modules add their periodic jobs (the 14:00 forecast, monthly revisits …)."""
    if any(existing.name == job.name for existing in SCHEDULE):
        return
    SCHEDULE.append(job)
