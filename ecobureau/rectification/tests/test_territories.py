"""B23 second sentence (seed 001 附件1 (二) "多属地分别考核计分"): a case that
spans several territories is scored separately for each — one CaseScore per
case and unit — and each territory's annual mean and ranking count it; a case
of one territory keeps working as before (migration 0011)."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.core.models import Record

from .. import scoring, services
from ..models import CaseScore
from .conftest import make_case, today
from .test_entry_views import SCORE_POST
from .test_scoring import FULL

pytestmark = pytest.mark.django_db

LAST_YEAR = today().year - 1


@pytest.fixture
def gov_b(district_b) -> Unit:
    """铁西区人民政府: the second territory of a case handled in district A."""
    return UnitFactory(
        code="gov-210303",
        name="铁西区人民政府",
        kind=Unit.Kind.GOVERNMENT,
        division=district_b,
    )


@pytest.fixture
def gov_b_user(gov_b) -> User:
    return UserFactory(
        username="tiexi-gov",
        full_name="钱干事",
        kind=User.Kind.EXTERNAL,
        unit=gov_b,
        scope=User.Scope.UNIT,
        role_codes=["department_handler"],
    )


def _case(by, number, unit, district):
    return make_case(
        by, number=number, unit=unit, district=district, deadline=date(LAST_YEAR, 6, 30)
    )


def test_two_territories_are_scored_and_assessed_separately(
    office_staff, district_a_officer, sub_bureau_a, gov_b
):
    district_a = sub_bureau_a.division
    shared = _case(office_staff, "X-1", sub_bureau_a, district_a)
    services.petition_territories(by=office_staff, case=shared, units=[gov_b])
    own = _case(office_staff, "X-2", sub_bureau_a, district_a)
    assert services.case_territories(shared) == [sub_bureau_a, gov_b]

    services.case_score_record(by=district_a_officer, case=shared, inputs=FULL)
    services.case_score_record(
        by=district_a_officer, case=own, inputs={**FULL, "fake": True}
    )
    # the second territory is not scored yet: its year cannot be computed
    with pytest.raises(ValidationError, match="X-1"):
        services.assessment_compute(unit=gov_b, year=LAST_YEAR)
    services.case_score_record(
        by=district_a_officer,
        case=shared,
        inputs={**FULL, "satisfied": False},
        unit=gov_b,
    )
    assert CaseScore.objects.filter(case=shared).count() == 2

    a = services.assessment_compute(unit=sub_bureau_a, year=LAST_YEAR)
    b = services.assessment_compute(unit=gov_b, year=LAST_YEAR)
    assert (float(a.score), a.cases) == (50.0, 2)  # (100 + 0) / 2
    assert (float(b.score), b.cases) == (75.0, 1)  # only its own score of X-1
    marked = [e for e in b.explanation if e.get("territory")]
    assert [e["item"] for e in marked] == ["信访案件X-1"]
    ranked = scoring.rank_units({"a": float(a.score), "b": float(b.score)})
    assert [r.unit for r in ranked] == ["b", "a"]

    # scoring a territory again replaces its score (unique per case and unit)
    services.case_score_record(
        by=district_a_officer, case=shared, inputs=FULL, unit=gov_b
    )
    assert CaseScore.objects.filter(case=shared).count() == 2
    assert float(CaseScore.objects.get(case=shared, unit=gov_b).score) == 100.0
    with transaction.atomic(), pytest.raises(IntegrityError):
        CaseScore.objects.create(
            case=shared, unit=gov_b, inputs=FULL, score=1, parts={}, by=office_staff
        )
    entry = Record.objects.filter(action="rectification.case_score").last()
    assert entry is not None and "铁西区人民政府" in entry.payload


def test_territory_rules(
    office_staff, district_a_officer, sub_bureau_a, sub_bureau_b, gov_b
):
    case = _case(office_staff, "X-3", sub_bureau_a, sub_bureau_a.division)
    with pytest.raises(ValidationError, match="不是本案件的属地"):
        services.case_score_record(
            by=district_a_officer, case=case, inputs=FULL, unit=sub_bureau_b
        )
    with pytest.raises(ValidationError, match="承办单位"):
        services.petition_territories(by=office_staff, case=case, units=[sub_bureau_a])
    services.petition_territories(by=office_staff, case=case, units=[gov_b])
    with pytest.raises(ValidationError, match="没有变化"):
        services.petition_territories(by=office_staff, case=case, units=[gov_b])
    services.case_score_record(
        by=district_a_officer, case=case, inputs=FULL, unit=gov_b
    )
    with pytest.raises(ValidationError, match="已为本案件评分"):
        services.petition_territories(by=office_staff, case=case, units=[])
    assert list(case.territories.all()) == [gov_b]
    assert Record.objects.filter(action="rectification.case_territories").count() == 1


def test_territories_and_scores_through_the_pages(
    client,
    office_staff,
    district_a_officer,
    district_b_officer,
    sub_bureau_a,
    gov_b,
    gov_b_user,
):
    case = _case(office_staff, "X-4", sub_bureau_a, sub_bureau_a.division)
    url = reverse("rectification:case-territories", args=[case.pk])
    client.force_login(office_staff)
    response = client.post(url, {"territories": [sub_bureau_a.pk]})
    assert response.status_code == 400  # the handling unit is not a territory choice
    response = client.post(url, {"territories": [gov_b.pk]})
    assert response.status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    assert "多个属地" in page and "铁西区人民政府" in page
    assert f"?unit={gov_b.pk}" in page

    # the second territory's own user reaches the case and scores its part
    client.force_login(gov_b_user)
    assert client.get(case.get_absolute_url()).status_code == 200
    score_url = reverse("rectification:case-score", args=[case.pk])
    response = client.post(f"{score_url}?unit={gov_b.pk}", SCORE_POST)
    assert response.status_code == 302
    assert CaseScore.objects.get(case=case, unit=gov_b).score == 99
    assert not CaseScore.objects.filter(case=case, unit=sub_bureau_a).exists()
    # a unit that is not a territory of the case: no page
    client.force_login(district_a_officer)
    other = Unit.objects.create(
        code="gov-x", name="立山区人民政府", kind=Unit.Kind.GOVERNMENT
    )
    assert client.get(f"{score_url}?unit={other.pk}").status_code == 404
    # another district's officer sees neither the case nor its territories page
    client.force_login(district_b_officer)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.post(url, {"territories": []}).status_code in (403, 404)
    # a handler may not set the territories
    client.force_login(district_a_officer)
    assert client.post(url, {"territories": []}).status_code == 403
    assert list(case.territories.all()) == [gov_b]


def test_migration_gives_an_existing_score_its_case_unit(
    office_staff, district_a_officer, sub_bureau_a
):
    case = _case(office_staff, "X-5", sub_bureau_a, sub_bureau_a.division)
    score = services.case_score_record(by=district_a_officer, case=case, inputs=FULL)
    CaseScore.objects.filter(pk=score.pk).update(unit=None)  # as before 0011
    migration = importlib.import_module(
        "ecobureau.rectification.migrations.0011_case_score_territories"
    )
    migration.score_unit_forwards(django_apps, None)
    score.refresh_from_db()
    assert score.unit == sub_bureau_a
    assert (
        float(services.assessment_compute(unit=sub_bureau_a, year=LAST_YEAR).score)
        == 100.0
    )
