"""B4 (seed 001 三(一)2 "对整改不到位或出现反弹的问题实行分类处置、台帐式管理 …
重新整改，重新销号"): a closed item reopened under its category (整改不到位 /
问题反弹 / 其他) goes back with its history, and is closed out a second time."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.casework import selectors as casework_selectors
from ecobureau.core import records
from ecobureau.core.models import Record

from .. import services
from ..models import PetitionCase, ReopenCategory
from .conftest import make_case, make_task
from .test_case_flow import _accept, _apply, _sign_all
from .test_ledger_locked import approve, file_task

pytestmark = pytest.mark.django_db


def _closeouts(item) -> list[dict]:
    return [
        entry.data
        for entry in casework_selectors.history_for(item)
        if entry.data.get("after") == "closed"
    ]


def test_reopened_task_is_closed_out_again_with_both_in_its_history(
    client, office_staff, district_a_leader, district_a_officer, district_a
):
    # given: a task filed once
    task = make_task(office_staff, district=district_a)
    approve(task, office_staff)
    file_task(task, office_staff, district_a_leader, district_a_officer)
    url = reverse("rectification:task-detail", args=[task.pk])
    action = reverse("rectification:task-transition", args=[task.pk])
    client.force_login(office_staff)
    page = client.get(url).content.decode()
    assert 'name="reopen_category"' in page
    for label in ("整改不到位", "问题反弹", "其他"):
        assert f">{label}</option>" in page

    # when: reopened without a category: refused with 400, the reason kept
    response = client.post(
        action, {"transition": "reopen", "reopen_reason": "回头看发现违建复建"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "请选择反弹类别（整改不到位、问题反弹或其他）" in body
    assert "回头看发现违建复建" in body
    task.refresh_from_db()
    assert task.status == "filed"

    # when: reopened as 问题反弹
    response = client.post(
        action,
        {
            "transition": "reopen",
            "reopen_category": "rebound",
            "reopen_reason": "回头看发现违建复建",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "rectifying"
    assert task.reopen_category == ReopenCategory.REBOUND
    entry = Record.objects.filter(
        action="rectification.rectificationtask.reopen", target_id=task.pk
    ).get()
    assert records.payload_of(entry)["data"]["note"] == (
        "反弹类别：问题反弹；回头看发现违建复建"
    )
    assert "【问题反弹】回头看发现违建复建" in client.get(url).content.decode()

    # then: rectified again and closed out again (重新整改，重新销号)
    file_task(task, office_staff, district_a_leader, district_a_officer)
    task.refresh_from_db()
    assert task.status == "filed"
    assert len(_closeouts(task)) == 2
    history = client.get(url).content.decode()
    assert history.count("反弹类别：问题反弹") == 1


def test_reopened_case_is_closed_out_again_with_both_in_its_history(
    office_staff, office_head, district_a_leader, district_a_officer, district_a
):
    case = make_case(office_staff, district=district_a)

    def close_out() -> None:
        _apply(case, district_a_officer)
        _accept(case, district_a_leader)
        services.petition_transition(
            by=district_a_leader, case=case, transition="request_review"
        )
        services.petition_transition(
            by=office_head,
            case=case,
            transition="organise",
            changes={"review_leader": "吴科长"},
        )
        _sign_all(case, office_head)
        services.petition_transition(
            by=office_head,
            case=case,
            transition="pass_review",
            changes={"reviewed_on": case.received_on},
        )
        services.petition_transition(
            by=office_staff,
            case=case,
            transition="publish",
            changes={"publication_note": "门户公示"},
        )
        services.petition_transition(by=office_staff, case=case, transition="close")

    close_out()
    with pytest.raises(ValidationError, match="请选择反弹类别"):
        services.petition_transition(
            by=office_staff,
            case=case,
            transition="reopen",
            changes={"reopen_reason": "回访群众反映", "reopen_category": "again"},
        )
    assert PetitionCase.objects.get(pk=case.pk).status == "closed"
    services.petition_transition(
        by=office_staff,
        case=case,
        transition="reopen",
        changes={
            "reopen_reason": "回访发现污水仍间歇直排",
            "reopen_category": ReopenCategory.INCOMPLETE,
        },
    )
    case.refresh_from_db()
    assert case.status == "handling" and case.review_round == 2
    assert case.get_reopen_category_display() == "整改不到位"

    close_out()
    case.refresh_from_db()
    assert case.status == "closed"
    assert len(_closeouts(case)) == 2
    notes = [e.data.get("note", "") for e in casework_selectors.history_for(case)]
    assert "反弹类别：整改不到位；回访发现污水仍间歇直排" in notes
    # both rounds of the review kept
    assert set(case.signoffs.values_list("round_no", flat=True)) == {1, 2}


def test_a_revisit_reopens_under_its_category(office_staff, district_a):
    from django.utils import timezone

    from .test_revisits import _closed_cases

    (case,) = _closed_cases(office_staff, district_a, 1)
    (revisit,) = services.revisits_draw(month=timezone.localdate())
    services.revisit_record(
        by=office_staff,
        revisit=revisit,
        findings="油烟净化器未运行",
        satisfied=False,
        rebound=True,
        category=ReopenCategory.INCOMPLETE,
    )
    case.refresh_from_db()
    assert case.status == "handling"
    assert case.reopen_category == ReopenCategory.INCOMPLETE
