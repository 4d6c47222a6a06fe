"""Pages, through the client: who sees what, bad input keeps what was typed,
the Excel export."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecobureau.credit import services

from .conftest import move, pdf

pytestmark = pytest.mark.django_db


def publish(evaluation, prescorer, officer) -> None:
    services.commitment_submit(evaluation=evaluation, file=pdf(), by=officer)
    services.evaluation_prescore(evaluation=evaluation, note="初审", by=prescorer)
    for step in ("review", "consult", "publish"):
        move(evaluation, step, by=officer)


def test_staff_pages_render(client, evaluations, credit_officer):
    client.force_login(credit_officer)
    assert "2025" in client.get(reverse("credit:index")).content.decode()
    page = client.get(reverse("credit:schemes")).content.decode()
    assert "示例配置，需按省厅文件核定" in page and "N21" in page and "严重失信" in page
    page = client.get(reverse("credit:year", args=[2025])).content.decode()
    assert "鞍山市华信精细化工有限公司" in page
    page = client.get(
        reverse("credit:evaluation", args=[evaluations["a"].pk])
    ).content.decode()
    assert "评分明细" in page and "按当前记录预评" in page
    assert (
        client.get(reverse("credit:year", args=[2025]) + "?candidates=1").status_code
        == 200
    )


def test_other_district_gets_404(client, evaluations, district_b_officer):
    client.force_login(district_b_officer)
    assert (
        client.get(reverse("credit:evaluation", args=[evaluations["a"].pk])).status_code
        == 404
    )
    page = client.get(reverse("credit:year", args=[2025])).content.decode()
    assert "鞍山市华信精细化工有限公司" not in page


def test_enterprise_sees_only_its_own(client, evaluations, enterprise_user_b):
    client.force_login(enterprise_user_b)
    assert (
        client.get(
            reverse("credit:mine-detail", args=[evaluations["a"].pk])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("credit:mine-detail", args=[evaluations["b"].pk])
        ).status_code
        == 200
    )
    assert (
        client.get(reverse("credit:evaluation", args=[evaluations["b"].pk])).status_code
        == 403
    )
    page = client.get(reverse("credit:mine")).content.decode()
    assert "2025" in page


def test_enterprise_uploads_commitment(client, evaluations, enterprise_user_a):
    client.force_login(enterprise_user_a)
    url = reverse("credit:mine-detail", args=[evaluations["a"].pk])
    response = client.post(url, {"action": "commitment", "c-file": pdf()})
    assert response.status_code == 302
    evaluations["a"].refresh_from_db()
    assert evaluations["a"].commitment_at is not None


def test_public_list_only_after_publication(
    client, evaluations, credit_officer, district_a_officer, enterprise_user_a
):
    url = reverse("credit:public")
    assert "鞍山市华信精细化工有限公司" not in client.get(url).content.decode()
    publish(evaluations["a"], district_a_officer, credit_officer)
    assert "鞍山市华信精细化工有限公司" in client.get(url).content.decode()
    assert "鞍山市兴达商品混凝土有限公司" not in client.get(url).content.decode()


def test_repair_before_publication_refused_in_chinese(
    client, evaluations, enterprise_user_a
):
    client.force_login(enterprise_user_a)
    evaluation = evaluations["a"]
    url = reverse("credit:mine-detail", args=[evaluation.pk])
    # Not yet published: the service refuses in Chinese; the page shows no form.
    response = client.post(
        url,
        {
            "action": "repair",
            "r-decision_date": "2025-01-01",
            "r-corrected": "已整改完毕",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "只有已公布且尚未修复的评价结果可以申请信用修复" in page


def test_repair_too_early_keeps_input(
    client, evaluations, credit_officer, district_a_officer, enterprise_user_a
):
    evaluation = evaluations["a"]
    services.commitment_submit(evaluation=evaluation, file=pdf(), by=credit_officer)
    services.adjustment_add(
        evaluation=evaluation,
        indicator_code="L09",
        points=30,
        reason="未按要求公开环境信息（示例）",
        by=district_a_officer,
    )
    publish_rest = ("review", "consult", "publish")
    services.evaluation_prescore(
        evaluation=evaluation, note="初审", by=district_a_officer
    )
    for step in publish_rest:
        move(evaluation, step, by=credit_officer)
    client.force_login(enterprise_user_a)
    url = reverse("credit:mine-detail", args=[evaluation.pk])
    response = client.post(
        url,
        {
            "action": "repair",
            "r-decision_date": "2099-01-01",
            "r-corrected": "已整改完毕",
        },
    )
    page = response.content.decode()
    assert "起方可申请信用修复" in page
    assert "已整改完毕" in page


def test_export(client, evaluations, credit_officer):
    client.force_login(credit_officer)
    response = client.get(reverse("credit:year-export", args=[2025]))
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_leader_cannot_act_through_page(
    client, evaluations, city_leader, credit_officer
):
    services.commitment_submit(
        evaluation=evaluations["a"], file=pdf(), by=credit_officer
    )
    client.force_login(city_leader)
    url = reverse("credit:evaluation", args=[evaluations["a"].pk])
    response = client.post(url, {"action": "prescore", "n-note": "x"})
    assert response.status_code == 403


def test_enterprise_file_section(
    client, evaluations, credit_officer, district_b_officer, enterprise_a
):
    from ecobureau.credit import selectors

    assert (
        len(
            selectors.enterprise_section_context(credit_officer, enterprise_a)[
                "evaluations"
            ]
        )
        == 1
    )
    assert (
        selectors.enterprise_section_context(district_b_officer, enterprise_a)[
            "evaluations"
        ]
        == []
    )
