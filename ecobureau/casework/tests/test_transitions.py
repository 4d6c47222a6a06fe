import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.casework import services
from ecobureau.casework.models import Accountability, Clock, WorkItem
from ecobureau.casework.processes import ACCOUNTABILITY
from ecobureau.core.models import Record

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal_reviewer(bureau):
    """法制科审核人员: handles accountability follow-ups city-wide."""
    legal = UnitFactory(code="legal", name="法制科", parent=bureau)
    return UserFactory(
        username="fazhi",
        full_name="周审核",
        unit=legal,
        scope="city",
        role_codes=["legal_reviewer"],
    )


@pytest.fixture
def followup(legal_reviewer, district_a, district_a_officer) -> Accountability:
    opened = services.accountability_open(
        source=("casework.clock", 1),
        source_label="受理审查期限超期",
        lapse="超期2日",
        person_responsible=district_a_officer,
        by=None,
        district_id=district_a.pk,
    )
    assert opened is not None
    return opened


def test_opening_starts_the_first_step_with_clock_and_work_item(
    followup, legal_reviewer
) -> None:
    assert followup.status == "open" and followup.unit.code == "legal"
    clock = Clock.objects.get(
        target_type="casework.accountability", target_id=followup.pk
    )
    assert (clock.step, clock.amount, clock.unit) == ("open", 15, "workdays")
    item = WorkItem.objects.get(target_id=followup.pk)
    assert item.unit == legal_reviewer.unit and item.clock == clock
    assert Record.objects.filter(action="casework.accountability.create").exists()


def test_transition_moves_step_stops_clock_and_records(
    followup, legal_reviewer
) -> None:
    services.case_transition(
        process=ACCOUNTABILITY,
        case=followup,
        transition="investigate",
        by=legal_reviewer,
    )
    followup.refresh_from_db()
    assert (followup.status, followup.version) == ("investigating", 1)
    assert Clock.objects.get(step="open").state == Clock.State.MET
    assert WorkItem.objects.get(step="open").state == WorkItem.State.DONE
    assert WorkItem.objects.get(step="investigating").state == WorkItem.State.OPEN
    entry = Record.objects.get(action="casework.accountability.investigate")
    assert entry.actor_id == legal_reviewer.pk and '"before":"open"' in entry.payload


def test_required_fields_are_named_in_chinese(followup, legal_reviewer) -> None:
    services.case_transition(
        process=ACCOUNTABILITY,
        case=followup,
        transition="investigate",
        by=legal_reviewer,
    )
    with pytest.raises(ValidationError, match="核查情况、处理结果"):
        services.case_transition(
            process=ACCOUNTABILITY,
            case=followup,
            transition="conclude",
            by=legal_reviewer,
        )
    followup.refresh_from_db()
    assert followup.status == "investigating"
    services.case_transition(
        process=ACCOUNTABILITY,
        case=followup,
        transition="conclude",
        by=legal_reviewer,
        changes={"findings": "系统故障导致逾期，已说明。", "outcome": "criticism"},
    )
    followup.refresh_from_db()
    assert (followup.status, followup.outcome) == ("concluded", "criticism")
    assert not WorkItem.objects.filter(state=WorkItem.State.OPEN).exists()


def test_a_transition_from_the_wrong_step_is_refused(followup, legal_reviewer) -> None:
    with pytest.raises(ValidationError, match="当前状态为“待核查”，不能执行“办结”"):
        services.case_transition(
            process=ACCOUNTABILITY,
            case=followup,
            transition="conclude",
            by=legal_reviewer,
            changes={"findings": "x", "outcome": "criticism"},
        )


def test_someone_without_the_role_may_not_act(followup, district_a_leader) -> None:
    with pytest.raises(PermissionDenied, match="权限"):
        services.case_transition(
            process=ACCOUNTABILITY,
            case=followup,
            transition="investigate",
            by=district_a_leader,
        )


def test_someone_outside_the_scope_may_not_act_even_with_the_role(
    followup, district_b, sub_bureau_b
) -> None:
    outsider = UserFactory(
        username="tiexi-legal",
        unit=sub_bureau_b,
        scope="division",
        scope_division=district_b,
        role_codes=["legal_reviewer"],
    )
    with pytest.raises(PermissionDenied, match="数据范围"):
        services.case_transition(
            process=ACCOUNTABILITY, case=followup, transition="investigate", by=outsider
        )


def test_the_second_of_two_people_acting_on_a_stale_copy_is_told(
    followup, legal_reviewer
) -> None:
    # given two people who opened the same follow-up
    mine = Accountability.objects.get(pk=followup.pk)
    theirs = Accountability.objects.get(pk=followup.pk)
    # when both act, one after the other, each on their own copy
    services.case_transition(
        process=ACCOUNTABILITY, case=theirs, transition="investigate", by=legal_reviewer
    )
    with pytest.raises(ValidationError, match="已被他人处理") as error:
        services.case_transition(
            process=ACCOUNTABILITY,
            case=mine,
            transition="dismiss",
            by=legal_reviewer,
            changes={"findings": "不属实"},
        )
    # then exactly one transition happened
    assert error.value.code == "stale"
    followup.refresh_from_db()
    assert followup.status == "investigating" and followup.version == 1
    assert (
        Record.objects.filter(action__startswith="casework.accountability.").count()
        == 2
    )
