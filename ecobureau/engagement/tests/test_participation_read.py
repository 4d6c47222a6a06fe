"""A76: `selectors.participation_for_user(user, start=, end=, by=)` — the read
leadership may call for a period and the reader's scope: one row per unit or
cadre keyed by id (two cadres of one name stay apart), outside the period and
outside the scope not counted."""

from datetime import date
from typing import cast

import pytest

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.engagement import selectors, services
from ecobureau.engagement.models import Visit

pytestmark = pytest.mark.django_db


def test_rows_keyed_by_id_for_a_period_and_scope(
    district_a_officer, district_b_officer, city_leader, enterprise_a, enterprise_b
):
    namesake = cast(
        User,
        UserFactory(
            username="namesake",
            full_name=district_a_officer.full_name,
            unit=district_a_officer.unit,
            scope=district_a_officer.scope,
            scope_division=district_a_officer.scope_division,
            role_codes=["sub_bureau_staff"],
        ),
    )
    for person, day in (
        (district_a_officer, date(2026, 3, 5)),
        (district_a_officer, date(2026, 3, 20)),
        (namesake, date(2026, 3, 6)),
        (namesake, date(2026, 4, 2)),  # outside the period
    ):
        services.visit_record(
            by=person,
            enterprise=enterprise_a,
            kind=Visit.Kind.HUNDRED_CADRES,
            visited_on=day,
            difficulties="融资困难",
        )
    period = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}
    cadres = selectors.participation_for_user(city_leader, by="cadre", **period)
    assert [(row.key, row.visits, row.total) for row in cadres] == [
        (district_a_officer.pk, 2, 2),
        (namesake.pk, 1, 1),
    ]
    units = selectors.participation_for_user(city_leader, **period)
    assert [(row.key, row.label, row.visits) for row in units] == [
        (district_a_officer.unit_id, district_a_officer.unit.name, 3)
    ]
    # Another district's reader sees none of it; an unknown grouping is refused.
    assert selectors.participation_for_user(district_b_officer, **period) == []
    with pytest.raises(ValueError):
        selectors.participation_for_user(city_leader, by="person", **period)
