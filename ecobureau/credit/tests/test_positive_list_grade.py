"""Grid's positive-list review (监督执法正面清单, A73) shows the credit grade in
force and refuses a listing the grade rules out (守信激励，失信惩戒), through the
lookup credit registers in grid's selectors (grid never imports credit)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.credit import selectors, services
from ecobureau.credit.models import Evaluation
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise, PositiveListEntry
from ecobureau.grid import selectors as grid_selectors
from ecobureau.grid import services as grid_services
from ecobureau.lib import dates

from .conftest import move, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def red_in_force(
    evaluations: dict[str, Evaluation], district_a_officer: User, credit_officer: User
) -> Evaluation:
    """A's 2025 result, 严重失信 (红牌) through a 一票否决 item, published."""
    evaluation = evaluations["a"]
    services.adjustment_add(
        evaluation=evaluation,
        indicator_code="V6",
        points="0",
        reason="私设暗管偷排（执法案件）",
        by=district_a_officer,
    )
    services.commitment_submit(evaluation=evaluation, file=pdf(), by=credit_officer)
    services.evaluation_prescore(
        evaluation=evaluation, note="初审", by=district_a_officer
    )
    for step in ("review", "consult", "publish"):
        move(evaluation, step, by=credit_officer)
    evaluation.refresh_from_db()
    assert evaluation.colour == "red"
    return evaluation


def test_lookup_gives_the_grade_and_its_consequence(
    red_in_force: Evaluation, enterprise_a: Enterprise, enterprise_b: Enterprise
) -> None:
    day = dates.local_date(red_in_force.published_at)
    grades = grid_selectors.credit_grades([enterprise_a.pk, enterprise_b.pk], day)
    assert set(grades) == {enterprise_a.pk}  # B has no published result
    grade = grades[enterprise_a.pk]
    assert (grade.year, grade.grade_name, grade.colour_name) == (
        2025,
        "严重失信",
        "红牌",
    )
    assert not grade.positive_list_eligible and "不得列入正面清单" in grade.text
    assert "示例配置，需按省厅文件核定" in grade.basis
    # the same answer as the single read other modules use
    single = selectors.grade_for(enterprise_a, day)
    assert single is not None and single.grade_name == grade.grade_name


def test_review_flags_and_refuses_an_ineligible_grade(
    client: Client,
    red_in_force: Evaluation,
    enterprise_a: Enterprise,
    city_leader: User,
    district_a_officer: User,
    district_b_officer: User,
) -> None:
    # given: A, operating with no violation, is a candidate with a red grade
    page = reverse("grid:positive-list") + "?show=candidates"
    client.force_login(city_leader)

    # when: the review screen is opened
    body = client.get(page).content.decode()

    # then: the grade and its consequence are shown and the row is flagged
    assert enterprise_a.name in body
    assert "2025年度严重失信（红牌）" in body
    assert "不得列入或保留" in body and "暂不宜列入" in body
    rows = grid_selectors.review_rows(city_leader, [enterprise_a])
    assert rows[0].credit_bars_listing
    assert rows[0].flags[0].startswith("2025年度环境信用严重失信（红牌）")

    # when: the head tries to list it anyway, the form is refused and kept
    refused = client.post(
        page, {"enterprise": enterprise_a.pk, "action": "add", "reason": "守法良好"}
    )
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "不能列入正面清单" in text and "守法良好" in text
    assert not PositiveListEntry.objects.filter(enterprise=enterprise_a).exists()
    with pytest.raises(ValidationError):
        grid_services.positive_list_add_reviewed(
            enterprise=enterprise_a, reason="守法良好", by=city_leader
        )

    # the district's own officer sees the grade; another district's does not
    client.force_login(district_a_officer)
    assert "严重失信（红牌）" in client.get(page).content.decode()
    client.force_login(district_b_officer)
    other = client.get(page).content.decode()
    assert enterprise_a.name not in other and "严重失信" not in other
    assert not grid_selectors.review_queryset(
        district_b_officer, show="candidates"
    ).filter(pk=enterprise_a.pk)


def test_a_repaired_grade_no_longer_bars_the_listing(
    red_in_force: Evaluation, enterprise_a: Enterprise, city_leader: User
) -> None:
    from django.utils import timezone

    Evaluation.objects.filter(pk=red_in_force.pk).update(repaired_at=timezone.now())
    rows = grid_selectors.review_rows(city_leader, [enterprise_a])
    assert rows[0].credit is None and not rows[0].credit_bars_listing
    grid_services.positive_list_add_reviewed(
        enterprise=enterprise_a, reason="信用已修复，守法良好", by=city_leader
    )
    assert enterprise_selectors.on_positive_list(enterprise_a)
