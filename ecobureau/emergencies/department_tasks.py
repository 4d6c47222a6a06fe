"""Response tasks given to another government department (处置任务, issue 14 item 1:
"tasks to departments with deadlines").

A task names its department by text; when the department is a unit of the registry
(`accounts.Unit`, kind 其他政府部门), that department's handlers (role 部门承办人) are
told at once, see their department's tasks and nothing else, and give the feedback
themselves. The feedback is written by `services.task_feedback`, the one service
for it, whoever gives it.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.notifications import services as notifications

from .models import Task

DEPARTMENT_ROLE = "department_handler"


def department_units() -> QuerySet[Unit]:
    """The departments a task may be given to through the registry."""
    return Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).order_by("name")


def is_department_handler(user: User) -> bool:
    """A 部门承办人 of a registered unit (permission granted in apps.py)."""
    return bool(
        user.is_active
        and user.unit_id is not None
        and user.has_perm("emergencies.answer_task")
    )


def handles_task(user: User, task: Task) -> bool:
    """The task's own department's handler: the only outsider who may answer it."""
    return (
        task.unit_id is not None
        and task.unit_id == user.unit_id
        and is_department_handler(user)
    )


def task_list_for_department_user(user: User) -> QuerySet[Task]:
    """The tasks given to the user's department; none for anybody else."""
    unit_id = user.unit_id
    if unit_id is None or not is_department_handler(user):
        return Task.objects.none()
    return (
        Task.objects.filter(unit_id=unit_id)
        .select_related("incident")
        .order_by("feedback_at", "due_at", "pk")
    )


def task_get_for_department_user(user: User, pk: int) -> Task:
    return get_object_or_404(task_list_for_department_user(user), pk=pk)


def tell_department(task: Task) -> None:
    """Inbox and SMS to the department's handlers, in the caller's transaction
    (the SMS is an outbox row: it goes out even if a worker dies)."""
    if task.unit_id is None:
        return
    handlers = User.objects.filter(
        unit_id=task.unit_id, is_active=True, roles__code=DEPARTMENT_ROLE
    ).distinct()
    due = timezone.localtime(task.due_at)
    notifications.send(
        recipients=handlers,
        title=f"突发环境事件处置任务：请于{due:%Y-%m-%d %H:%M}前完成并反馈",
        body=f"事件：{task.incident.title}\n任务：{task.content}",
        url=reverse("emergencies:department-tasks"),
        channels=(notifications.INBOX, notifications.SMS),
        dedupe_key=f"emergencies:task:{task.pk}:assign",
    )


def tell_handler(task: Task) -> None:
    """The incident's handler learns that the department answered."""
    assignee = task.incident.assignee
    if assignee is None or not assignee.is_active:
        return
    notifications.send(
        recipients=[assignee],
        title=f"{task.department}已反馈处置任务",
        body=f"事件：{task.incident.title}\n反馈：{task.feedback[:200]}",
        url=reverse("emergencies:incident-detail", args=[task.incident_id]) + "#tasks",
        channels=(notifications.INBOX,),
        dedupe_key=f"emergencies:task:{task.pk}:feedback",
    )
