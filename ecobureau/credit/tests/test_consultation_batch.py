"""征求部门（科室）意见: withdrawing a request a unit never answers (else
`consult` would wait for good), and asking units on a whole year's reviewed
results at once (seed 000: the units are consulted on the year's evaluation
results before reporting to the province)."""

from __future__ import annotations

import json
from typing import cast

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.core.models import Record
from ecobureau.credit import services
from ecobureau.credit.models import DepartmentOpinion, Evaluation, EvaluationYear
from ecobureau.notifications.models import Notification

from .conftest import pdf
from .test_consultation import consult

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre() -> Unit:
    return cast(Unit, UnitFactory(code="jiance", name="监测站", kind=Unit.Kind.CENTRE))


@pytest.fixture
def centre_member(centre: Unit) -> User:
    return cast(
        User,
        UserFactory(
            username="jiance",
            full_name="周站员",
            unit=centre,
            scope=User.Scope.UNIT,
            role_codes=["section_staff"],
        ),
    )


@pytest.fixture
def both_reviewed(
    evaluations: dict[str, Evaluation],
    reviewed: Evaluation,
    credit_officer: User,
    district_b_officer: User,
) -> list[Evaluation]:
    other = evaluations["b"]
    services.commitment_submit(evaluation=other, file=pdf(), by=credit_officer)
    services.evaluation_prescore(evaluation=other, note="初审", by=district_b_officer)
    services.evaluation_move(
        evaluation=other, transition="review", note="复核同意", by=credit_officer
    )
    other.refresh_from_db()
    return [reviewed, other]


# --- Withdrawal -----------------------------------------------------------------


def test_withdraw_unblocks_consult(
    reviewed,
    credit_officer,
    legal,
    legal_member,
    centre,
):
    by_unit = {
        o.unit_id: o
        for o in services.opinions_request(
            evaluation=reviewed, units=[legal, centre], by=credit_officer
        )
    }
    services.opinion_answer(
        opinion=by_unit[legal.pk], verdict="none", text="", by=legal_member
    )
    with pytest.raises(ValidationError, match="尚未答复意见：监测站"):
        consult(reviewed, credit_officer)
    withdrawn = services.opinion_withdraw(
        opinion=by_unit[centre.pk], reason="监测站三个月未答复", by=credit_officer
    )
    assert withdrawn.withdrawn_by == credit_officer
    assert withdrawn.status_label == "已撤回"
    record = Record.objects.get(action="credit.opinion.withdraw")
    assert record.target_id == str(withdrawn.pk)
    assert "监测站三个月未答复" in json.loads(record.payload)["data"]["reason"]
    consult(reviewed, credit_officer)
    reviewed.refresh_from_db()
    assert reviewed.status == "reported"


def test_everything_withdrawn_still_blocks(
    reviewed,
    credit_officer,
    legal,
):
    (opinion,) = services.opinions_request(
        evaluation=reviewed, units=[legal], by=credit_officer
    )
    services.opinion_withdraw(opinion=opinion, reason="误选", by=credit_officer)
    with pytest.raises(ValidationError, match="未征求任何部门（科室）意见"):
        consult(reviewed, credit_officer)


def test_withdrawn_cannot_be_answered_and_the_unit_may_be_asked_again(
    client,
    reviewed,
    credit_officer,
    legal,
    legal_member,
):
    (opinion,) = services.opinions_request(
        evaluation=reviewed, units=[legal], by=credit_officer
    )
    services.opinion_withdraw(opinion=opinion, reason="征求对象有误", by=credit_officer)
    with pytest.raises(ValidationError, match="已由信用评价人员撤回"):
        services.opinion_answer(
            opinion=opinion, verdict="none", text="", by=legal_member
        )
    client.force_login(legal_member)
    # gone from 待答复 (list and index count), its page says so, no answer form
    listing = client.get(reverse("credit:opinions")).content.decode()
    assert "暂无待答复的征求意见" in listing and "已撤回" in listing
    detail = reverse("credit:opinion", args=[opinion.pk])
    page = client.get(detail).content.decode()
    assert 'data-testid="opinion-withdrawn-note"' in page and "征求对象有误" in page
    assert 'data-testid="opinion-answer-form"' not in page
    response = client.post(detail, {"verdict": "has", "opinion": "迟到的意见"})
    assert response.status_code == 400
    assert "已由信用评价人员撤回" in response.content.decode()
    assert "迟到的意见" in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.answered_at is None
    # asked again afterwards
    (again,) = services.opinions_request(
        evaluation=reviewed, units=[legal], by=credit_officer
    )
    assert again.pk != opinion.pk and again.is_open


def test_only_credit_staff_withdraw_only_open_requests(
    reviewed,
    credit_officer,
    district_a_officer,
    legal,
    legal_member,
    centre,
):
    first, second = services.opinions_request(
        evaluation=reviewed, units=[legal, centre], by=credit_officer
    )
    for outsider in (district_a_officer, legal_member):
        with pytest.raises(PermissionDenied):
            services.opinion_withdraw(opinion=first, reason="x", by=outsider)
    with pytest.raises(ValidationError, match="请填写撤回理由"):
        services.opinion_withdraw(opinion=first, reason="  ", by=credit_officer)
    services.opinion_answer(opinion=first, verdict="none", text="", by=legal_member)
    with pytest.raises(ValidationError, match="已答复，不能撤回"):
        services.opinion_withdraw(opinion=first, reason="x", by=credit_officer)
    services.opinion_withdraw(opinion=second, reason="x", by=credit_officer)
    with pytest.raises(ValidationError, match="已撤回"):
        services.opinion_withdraw(opinion=second, reason="y", by=credit_officer)
    assert not Record.objects.filter(action="credit.opinion.withdraw").exclude(
        target_id=str(second.pk)
    )


def test_withdraw_page_shows_the_reason_and_refusals_keep_it(
    client,
    reviewed,
    credit_officer,
    district_a_officer,
    legal,
    legal_member,
    centre,
):
    first, second = services.opinions_request(
        evaluation=reviewed, units=[legal, centre], by=credit_officer
    )
    url = reverse("credit:evaluation", args=[reviewed.pk])
    client.force_login(credit_officer)
    page = client.get(url).content.decode()
    assert f'data-testid="opinion-withdraw-{first.pk}"' in page
    # no reason: 400
    withdraw = reverse("credit:opinion-withdraw", args=[second.pk])
    assert client.post(withdraw, {"reason": ""}).status_code == 400
    # refused by the service (answered meanwhile): 400, the reason typed kept
    services.opinion_answer(opinion=first, verdict="none", text="", by=legal_member)
    response = client.post(
        reverse("credit:opinion-withdraw", args=[first.pk]), {"reason": "久未答复"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "已答复，不能撤回" in page and "久未答复" in page
    # withdrawn: shown as 已撤回 with the reason, no withdraw form left
    assert client.post(withdraw, {"reason": "监测站不涉及"}).status_code == 302
    page = client.get(url).content.decode()
    assert "已撤回" in page and "监测站不涉及" in page
    assert f'data-testid="opinion-withdraw-{second.pk}"' not in page
    # a pre-scorer who sees the evaluation may not withdraw
    client.force_login(district_a_officer)
    (third,) = services.opinions_request(
        evaluation=reviewed, units=[centre], by=credit_officer
    )
    response = client.post(
        reverse("credit:opinion-withdraw", args=[third.pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    third.refresh_from_db()
    assert third.withdrawn_at is None


# --- A year's batch -------------------------------------------------------------


def test_batch_asks_every_reviewed_evaluation_once_per_unit(
    both_reviewed,
    year_2025: EvaluationYear,
    credit_officer,
    legal,
    legal_member,
    centre,
    centre_member,
):
    first, second = both_reviewed
    # 法制科 already waits on the first: skipped there
    services.opinions_request(evaluation=first, units=[legal], by=credit_officer)
    before = Notification.objects.filter(recipient=legal_member).count()
    made = services.opinions_request_year(
        year=year_2025, units=[legal, centre], by=credit_officer
    )
    assert made == 3
    pairs = sorted(DepartmentOpinion.objects.values_list("evaluation_id", "unit_id"))
    assert pairs == sorted(
        [
            (first.pk, legal.pk),
            (second.pk, legal.pk),
            (first.pk, centre.pk),
            (second.pk, centre.pk),
        ]
    )
    assert Record.objects.filter(action="credit.opinion.request").count() == 4
    # one message per unit, naming the count, to the unit's 待答复 list
    (to_centre,) = Notification.objects.filter(recipient=centre_member)
    assert "2家" in to_centre.title and to_centre.url == reverse("credit:opinions")
    assert Notification.objects.filter(recipient=legal_member).count() == before + 1
    assert (
        "1家" in Notification.objects.filter(recipient=legal_member).latest("pk").title
    )
    # again: nothing left to ask
    with pytest.raises(ValidationError, match="均已有待答复或已答复的征求意见"):
        services.opinions_request_year(
            year=year_2025, units=[legal, centre], by=credit_officer
        )
    # a withdrawn request does not count as open: asked again
    withdrawn = DepartmentOpinion.objects.get(evaluation=second, unit=centre)
    services.opinion_withdraw(opinion=withdrawn, reason="重发", by=credit_officer)
    assert (
        services.opinions_request_year(
            year=year_2025, units=[centre], by=credit_officer
        )
        == 1
    )
    # a unit that has answered is not asked again in bulk
    for opinion in DepartmentOpinion.objects.filter(
        unit=legal, answered_at__isnull=True
    ):
        services.opinion_answer(
            opinion=opinion, verdict="none", text="", by=legal_member
        )
    with pytest.raises(ValidationError, match="均已有待答复或已答复的征求意见"):
        services.opinions_request_year(year=year_2025, units=[legal], by=credit_officer)


def test_batch_refusals(
    evaluations,
    year_2025,
    credit_officer,
    district_a_officer,
    legal,
    bureau,
):
    with pytest.raises(PermissionDenied):
        services.opinions_request_year(
            year=year_2025, units=[legal], by=district_a_officer
        )
    with pytest.raises(ValidationError, match="请至少选择"):
        services.opinions_request_year(year=year_2025, units=[], by=credit_officer)
    with pytest.raises(ValidationError, match="不能向以下单位征求意见"):
        services.opinions_request_year(
            year=year_2025, units=[bureau], by=credit_officer
        )
    with pytest.raises(ValidationError, match="2025年度没有复核审定后"):
        services.opinions_request_year(year=year_2025, units=[legal], by=credit_officer)
    assert not DepartmentOpinion.objects.exists()


def test_year_page_batch_form(
    client,
    both_reviewed,
    year_2025,
    credit_officer,
    district_a_officer,
    legal,
    legal_member,
    centre,
):
    url = reverse("credit:year", args=[2025])
    post = reverse("credit:opinions-request-year", args=[2025])
    client.force_login(credit_officer)
    page = client.get(url).content.decode()
    assert 'data-testid="opinion-year-request-form"' in page
    # no unit ticked: 400
    assert client.post(post, {}).status_code == 400
    response = client.post(post, {"yop-units": [legal.pk, centre.pk]})
    assert response.status_code == 302
    assert DepartmentOpinion.objects.count() == 4
    # refused by the service: 400, the units ticked kept
    response = client.post(post, {"yop-units": [centre.pk]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "均已有待答复或已答复的征求意见" in page
    assert f'value="{centre.pk}"' in page and "checked" in page
    # the unit's list: both, paged
    client.force_login(legal_member)
    listing = client.get(reverse("credit:opinions")).content.decode()
    assert 'data-testid="opinions-pending-count"' in listing
    for evaluation in both_reviewed:
        assert str(evaluation) in listing
    # a pre-scorer sees the year but may not ask
    client.force_login(district_a_officer)
    assert 'opinion-year-request-form"' not in client.get(url).content.decode()
    assert client.post(post, {"yop-units": [legal.pk]}).status_code == 403
    assert DepartmentOpinion.objects.count() == 4
