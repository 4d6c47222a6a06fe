"""Supervisors: 3-year term, age rule with a stated exception, participation inside
the term, per-year counts; only the enforcement team head manages them."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.engagement import rules, selectors, services
from ecobureau.engagement.models import Participation, Supervisor

pytestmark = pytest.mark.django_db


_numbers = iter(range(1, 1000))


def _appoint(by, **extra):
    values = {
        "group": Supervisor.Group.ENFORCEMENT,
        "name": "孙监督",
        "source": Supervisor.Source.NPC,
        "appointed_on": date(2026, 1, 1),
        "birth_date": date(1975, 3, 1),
        "certificate_no": f"AS-JD-{next(_numbers):03d}",
        "conditions": rules.SUPERVISOR_CONDITION_CODES,
    }
    values.update(extra)
    return services.supervisor_appoint(by=by, **values)


def test_term_renewal_and_participation(team_head, city_leader):
    supervisor = _appoint(team_head)
    assert supervisor.term_end == date(2028, 12, 31)
    with pytest.raises(ValidationError, match="聘期内"):
        services.participation_record(
            by=team_head,
            supervisor=supervisor,
            kind=Participation.Kind.INSPECTION,
            held_on=date(2025, 12, 1),
        )
    services.participation_record(
        by=team_head,
        supervisor=supervisor,
        kind=Participation.Kind.INSPECTION,
        held_on=date(2026, 3, 1),
        certificate_shown=supervisor.certificate_no,
    )
    services.supervisor_renew(by=team_head, supervisor=supervisor)
    assert supervisor.term_end == date(2031, 12, 31)
    assert selectors.participation_counts_for_user(city_leader, year=2026) == {
        "生态环境执法监督员": 1
    }


def test_age_over_60_needs_a_reason(team_head):
    with pytest.raises(ValidationError, match="60周岁"):
        _appoint(team_head, birth_date=date(1960, 1, 1))
    supervisor = _appoint(
        team_head, birth_date=date(1960, 1, 1), age_exception="连任人大代表，身体健康"
    )
    assert supervisor.age_exception
    # The business-environment group has no such rule in the seeds.
    _appoint(team_head, group=Supervisor.Group.BUSINESS, birth_date=date(1950, 1, 1))


def test_others_cannot_manage_or_see(district_a_officer, team_head):
    with pytest.raises(PermissionDenied):
        _appoint(district_a_officer)
    _appoint(team_head)
    assert not selectors.supervisor_list_for_user(district_a_officer).exists()
