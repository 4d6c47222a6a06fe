"""Refused credit forms answer 400 and show the page again with what was typed
(COMMON: a refused form is never a 200 or a redirect)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecobureau.credit import services
from ecobureau.credit.models import Evaluation, EvaluationYear, Objection

pytestmark = pytest.mark.django_db


def _publish(evaluation: Evaluation) -> None:
    Evaluation.objects.filter(pk=evaluation.pk).update(
        status="published", explanation={"lines": [], "vetoes": []}
    )
    evaluation.refresh_from_db()


def test_launch_refused_answers_400_with_the_notice_kept(
    client, credit_officer, liaoning
):
    client.force_login(credit_officer)
    response = client.post(
        reverse("credit:index"),
        {"year": "1999", "scheme": liaoning.pk, "notice": "鞍环发〔2026〕7号"},
    )
    assert response.status_code == 400
    assert "鞍环发〔2026〕7号" in response.content.decode()
    assert not EvaluationYear.objects.filter(year=1999).exists()
    # A plain visit is still 200.
    assert client.get(reverse("credit:index")).status_code == 200


def test_evaluation_adjustment_refused_answers_400_with_the_reason_kept(
    client, credit_officer, evaluations
):
    client.force_login(credit_officer)
    url = reverse("credit:evaluation", args=[evaluations["a"].pk])
    response = client.post(
        url,
        {
            "action": "adjust",
            "adj-indicator_code": "no-such-indicator",
            "adj-points": "3",
            "adj-reason": "现场检查发现台账缺失",
        },
    )
    assert response.status_code == 400
    assert "现场检查发现台账缺失" in response.content.decode()
    assert client.get(url).status_code == 200


def test_objection_decision_refused_answers_400_on_the_evaluation_page(
    client, credit_officer, evaluations, enterprise_user_a
):
    """Deciding an objection without a conclusion: not a redirect with a message
    any more — the evaluation page again, the opinion typed kept, nothing decided."""
    evaluation = evaluations["a"]
    _publish(evaluation)
    objection = services.objection_submit(
        evaluation=evaluation, text="该投诉经复查不属实", by=enterprise_user_a
    )
    client.force_login(credit_officer)
    response = client.post(
        reverse("credit:objection-decide", args=[objection.pk]),
        {"accept": "", "decision": "经复查，投诉属实，维持原评分"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "经复查，投诉属实，维持原评分" in page
    assert f'data-testid="objection-decide-{objection.pk}"' in page
    objection.refresh_from_db()
    assert objection.status == Objection.Status.SUBMITTED
    # Filled in: decided, back to the page.
    response = client.post(
        reverse("credit:objection-decide", args=[objection.pk]),
        {"accept": "0", "decision": "经复查，投诉属实，维持原评分"},
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.status != Objection.Status.SUBMITTED


def test_enterprise_objection_refused_answers_400_with_the_text_kept(
    client, evaluations, enterprise_user_a
):
    """The enterprise objects to a record not in its score: refused, the page
    answers 400 with the form and the text typed."""
    _publish(evaluations["a"])
    client.force_login(enterprise_user_a)
    response = client.post(
        reverse("credit:mine-detail", args=[evaluations["a"].pk]),
        {
            "action": "objection",
            "o-record_ref": "complaints.complaint:999",
            "o-text": "扣分依据的投诉已撤回",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="objection-form"' in page and "扣分依据的投诉已撤回" in page
    assert not Objection.objects.exists()
