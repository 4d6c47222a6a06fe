"""征求部门（科室）意见 before reporting (seed 000 企业环境信用评价 办理基本流程:
市级生态环境部门复核审定 → 征求部门（科室）意见后报省厅): the credit section asks
units, a member of each answers, every 有意见 is handled, and only then may
`consult` report; nobody else asks, answers, handles or reads another unit's
request."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.core.models import Record
from ecobureau.credit import services
from ecobureau.credit.models import DepartmentOpinion, Evaluation
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db


def consult(evaluation: Evaluation, by: User) -> None:
    services.evaluation_move(
        evaluation=evaluation, transition="consult", note="意见已处理", by=by
    )


def test_request_answer_handle_then_consult(
    reviewed, credit_officer, legal, legal_member, sub_bureau_b, district_b_officer
):
    opinions = services.opinions_request(
        evaluation=reviewed, units=[legal, sub_bureau_b], by=credit_officer
    )
    by_unit = {o.unit_id: o for o in opinions}
    assert Notification.objects.filter(recipient=legal_member).count() == 1
    services.opinion_answer(
        opinion=by_unit[legal.pk], verdict="none", text="", by=legal_member
    )
    services.opinion_answer(
        opinion=by_unit[sub_bureau_b.pk],
        verdict="has",
        text="该企业年内另有一起处罚未计入",
        by=district_b_officer,
    )
    with pytest.raises(ValidationError, match="尚未处理"):
        consult(reviewed, credit_officer)
    services.opinion_handle(
        opinion=by_unit[sub_bureau_b.pk],
        adopted=False,
        note="该处罚属上一年度，不计入本年度",
        by=credit_officer,
    )
    consult(reviewed, credit_officer)
    reviewed.refresh_from_db()
    assert reviewed.status == "reported"
    handled = DepartmentOpinion.objects.get(unit=sub_bureau_b)
    assert handled.status_label == "有意见，不采纳"
    actions = list(
        Record.objects.filter(action__startswith="credit.opinion.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == sorted(
        ["credit.opinion.request"] * 2
        + ["credit.opinion.answer"] * 2
        + ["credit.opinion.handle"]
    )


def test_consult_refused_without_any_request(reviewed, credit_officer):
    with pytest.raises(ValidationError, match="未征求任何部门（科室）意见"):
        consult(reviewed, credit_officer)


def test_consult_refused_while_an_opinion_is_unanswered(
    reviewed, credit_officer, legal, legal_member
):
    services.opinions_request(evaluation=reviewed, units=[legal], by=credit_officer)
    with pytest.raises(ValidationError, match="尚未答复意见：法制科"):
        consult(reviewed, credit_officer)
    reviewed.refresh_from_db()
    assert reviewed.status == "reviewed"


def test_consult_refused_while_an_opinion_is_unhandled(
    reviewed, credit_officer, legal, legal_member
):
    (opinion,) = services.opinions_request(
        evaluation=reviewed, units=[legal], by=credit_officer
    )
    services.opinion_answer(
        opinion=opinion, verdict="has", text="建议复核扣分", by=legal_member
    )
    with pytest.raises(ValidationError, match="尚未处理（采纳或不采纳）：法制科"):
        consult(reviewed, credit_officer)


def test_request_only_reviewed_only_credit_only_bureau_units(
    evaluations, reviewed, credit_officer, district_a_officer, legal, bureau
):
    with pytest.raises(PermissionDenied):
        services.opinions_request(
            evaluation=reviewed, units=[legal], by=district_a_officer
        )
    with pytest.raises(ValidationError, match="复核审定后"):
        services.opinions_request(
            evaluation=evaluations["b"], units=[legal], by=credit_officer
        )
    with pytest.raises(ValidationError, match="不能向以下单位征求意见"):
        services.opinions_request(
            evaluation=reviewed, units=[bureau], by=credit_officer
        )
    services.opinions_request(evaluation=reviewed, units=[legal], by=credit_officer)
    with pytest.raises(ValidationError, match="尚待答复：法制科"):
        services.opinions_request(evaluation=reviewed, units=[legal], by=credit_officer)


def test_only_a_member_of_the_consulted_unit_answers(
    reviewed,
    credit_officer,
    legal,
    legal_member,
    district_a_officer,
    enterprise_user_a,
    citizen,
):
    (opinion,) = services.opinions_request(
        evaluation=reviewed, units=[legal], by=credit_officer
    )
    for outsider in (district_a_officer, credit_officer, enterprise_user_a, citizen):
        with pytest.raises(PermissionDenied):
            services.opinion_answer(
                opinion=opinion, verdict="none", text="", by=outsider
            )
    with pytest.raises(ValidationError, match="请填写意见内容"):
        services.opinion_answer(
            opinion=opinion, verdict="has", text="  ", by=legal_member
        )
    services.opinion_answer(opinion=opinion, verdict="none", text="", by=legal_member)
    with pytest.raises(ValidationError, match="已答复"):
        services.opinion_answer(
            opinion=opinion, verdict="has", text="补充", by=legal_member
        )


def test_only_the_credit_section_handles_and_only_opinions(
    reviewed, credit_officer, legal, legal_member, district_a_officer
):
    (opinion,) = services.opinions_request(
        evaluation=reviewed, units=[legal], by=credit_officer
    )
    with pytest.raises(ValidationError, match="只有“有意见”"):
        services.opinion_handle(
            opinion=opinion, adopted=True, note="x", by=credit_officer
        )
    services.opinion_answer(
        opinion=opinion, verdict="has", text="建议复核", by=legal_member
    )
    with pytest.raises(PermissionDenied):
        services.opinion_handle(
            opinion=opinion, adopted=True, note="x", by=district_a_officer
        )
    with pytest.raises(PermissionDenied):
        services.opinion_handle(
            opinion=opinion, adopted=True, note="x", by=legal_member
        )
    with pytest.raises(ValidationError, match="请填写处理说明"):
        services.opinion_handle(
            opinion=opinion, adopted=False, note=" ", by=credit_officer
        )
    services.opinion_handle(
        opinion=opinion, adopted=True, note="已复核", by=credit_officer
    )
    with pytest.raises(ValidationError, match="已处理"):
        services.opinion_handle(
            opinion=opinion, adopted=False, note="再议", by=credit_officer
        )


# --- Pages --------------------------------------------------------------------


def test_pages_request_answer_handle_consult(
    client, reviewed, credit_officer, legal, legal_member
):
    url = reverse("credit:evaluation", args=[reviewed.pk])
    client.force_login(credit_officer)
    page = client.get(url).content.decode()
    assert "征求部门（科室）意见" in page and "未征求任何部门（科室）意见" in page
    response = client.post(
        reverse("credit:opinions-request", args=[reviewed.pk]), {"op-units": [legal.pk]}
    )
    assert response.status_code == 302
    opinion = DepartmentOpinion.objects.get()

    client.force_login(legal_member)
    assert client.get(reverse("credit:index")).status_code == 403  # no credit role
    listing = client.get(reverse("credit:opinions")).content.decode()
    assert str(reviewed) in listing
    detail = reverse("credit:opinion", args=[opinion.pk])
    assert 'data-testid="opinion-answer-form"' in client.get(detail).content.decode()
    response = client.post(detail, {"verdict": "has", "opinion": "建议复核扣分依据"})
    assert response.status_code == 302

    client.force_login(credit_officer)
    page = client.get(url).content.decode()
    assert "建议复核扣分依据" in page and "有意见，待处理" in page
    response = client.post(
        reverse("credit:opinion-handle", args=[opinion.pk]),
        {"adopted": "1", "note": "已复核扣分依据"},
    )
    assert response.status_code == 302
    response = client.post(url, {"action": "consult", "n-note": "意见已采纳"})
    assert response.status_code == 302
    reviewed.refresh_from_db()
    assert reviewed.status == "reported"


def test_refused_forms_answer_400_and_keep_input(
    client, reviewed, credit_officer, legal, legal_member
):
    url = reverse("credit:evaluation", args=[reviewed.pk])
    client.force_login(credit_officer)
    # consult while nobody was asked: refused, the note typed kept
    response = client.post(url, {"action": "consult", "n-note": "拟报省的说明"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "未征求任何部门（科室）意见" in page
    # no unit ticked
    response = client.post(reverse("credit:opinions-request", args=[reviewed.pk]), {})
    assert response.status_code == 400
    (opinion,) = services.opinions_request(
        evaluation=reviewed, units=[legal], by=credit_officer
    )

    client.force_login(legal_member)
    detail = reverse("credit:opinion", args=[opinion.pk])
    response = client.post(detail, {"verdict": "has", "opinion": ""})
    assert response.status_code == 400
    assert re.search(r'value="has"[^>]*checked', response.content.decode())
    services.opinion_answer(
        opinion=opinion, verdict="has", text="建议复核", by=legal_member
    )

    client.force_login(credit_officer)
    response = client.post(
        reverse("credit:opinion-handle", args=[opinion.pk]),
        {"adopted": "0", "note": ""},
    )
    assert response.status_code == 400
    assert 'value="0" selected' in response.content.decode()
    response = client.post(url, {"action": "consult", "n-note": "拟报省的说明"})
    assert response.status_code == 400
    assert "尚未处理" in response.content.decode()


def test_answer_refused_by_the_service_keeps_the_text(
    client, reviewed, credit_officer, legal, legal_member
):
    (opinion,) = services.opinions_request(
        evaluation=reviewed, units=[legal], by=credit_officer
    )
    services.opinion_answer(opinion=opinion, verdict="none", text="", by=legal_member)
    client.force_login(legal_member)
    response = client.post(
        reverse("credit:opinion", args=[opinion.pk]),
        {"verdict": "has", "opinion": "补充一条意见"},
    )
    assert response.status_code == 400
    assert "补充一条意见" in response.content.decode()
    assert "已答复" in response.content.decode()


def test_others_neither_open_nor_act(
    client,
    reviewed,
    credit_officer,
    legal,
    legal_member,
    district_a_officer,
    district_b_officer,
    citizen,
    enterprise_user_a,
):
    (opinion,) = services.opinions_request(
        evaluation=reviewed, units=[legal], by=credit_officer
    )
    detail = reverse("credit:opinion", args=[opinion.pk])
    answer = {"verdict": "none", "opinion": ""}
    # another unit's member: not in their list, 404 on the request
    for outsider in (district_a_officer, district_b_officer):
        client.force_login(outsider)
        assert (
            str(reviewed) not in client.get(reverse("credit:opinions")).content.decode()
        )
        assert client.get(detail).status_code == 404
        assert client.post(detail, answer).status_code == 404
        assert (
            client.post(
                reverse("credit:opinion-handle", args=[opinion.pk]),
                {"adopted": "1", "note": "x"},
            ).status_code
            == 404
        )
    # a pre-scorer who sees the evaluation may not ask units
    client.force_login(district_a_officer)
    response = client.post(
        reverse("credit:opinions-request", args=[reviewed.pk]), {"op-units": [legal.pk]}
    )
    assert response.status_code == 403
    # the consulted member reads the request, not the evaluation page (scope)
    client.force_login(legal_member)
    assert (
        client.get(reverse("credit:evaluation", args=[reviewed.pk])).status_code == 404
    )
    # the public and enterprises: 403 everywhere
    for outsider in (citizen, enterprise_user_a):
        client.force_login(outsider)
        assert client.get(reverse("credit:opinions")).status_code == 403
        assert client.get(detail).status_code == 403
        assert client.post(detail, answer).status_code == 403
        assert (
            client.post(
                reverse("credit:opinions-request", args=[reviewed.pk]),
                {"op-units": [legal.pk]},
            ).status_code
            == 403
        )
    opinion.refresh_from_db()
    assert opinion.answered_at is None
    assert DepartmentOpinion.objects.count() == 1
