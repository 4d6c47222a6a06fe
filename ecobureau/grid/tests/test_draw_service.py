"""The draw as the bureau runs it: pools frozen and the seed committed first,
positive-list and capped enterprises left out, conflicted and uncredentialed
people never sent, the result public and re-runnable."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.casework import services as casework_services
from ecobureau.core.models import Record
from ecobureau.enterprises import services as enterprise_services
from ecobureau.grid import services
from ecobureau.grid.models import Draw, InspectionTask
from ecobureau.lib import draw as lib_draw
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db
ALL = {"A": Decimal(100), "B": Decimal(100), "C": Decimal(100)}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-22 10:00 +0800", tick=False):
        yield


@pytest.fixture
def classified(cells, enterprises_a):
    services.supervision_sync(by=None)
    return enterprises_a


def spec(division, **kw) -> services.DrawSpec:
    values = {
        "title": "2026年第四季度双随机抽查",
        "year": 2026,
        "division": division,
        "due_by": date(2026, 12, 31),
        "percents": ALL,
        "team_size": 2,
    }
    values.update(kw)
    return services.DrawSpec(**values)


def test_commit_hides_the_seed_and_the_draw_reveals_a_verifiable_result(
    client, classified, enforcement_head, inspectors, city
):
    # when: the pools are frozen and the seed committed
    draw = services.draw_commit(spec=spec(city), by=enforcement_head)

    # then: the public sees the hash, not the seed
    page = client.get(reverse("grid:public-draw", args=[draw.pk]))
    text = page.content.decode()
    assert draw.seed_sha256 in text and draw.seed not in text
    assert (
        client.get(reverse("grid:public-draw-json", args=[draw.pk])).status_code == 404
    )
    entry = Record.objects.get(action="grid.draw_commit")
    assert draw.seed_sha256 in entry.payload and draw.seed not in entry.payload

    # when: drawn with a public value announced after the commitment
    services.draw_execute(
        draw=draw, public_entropy="体彩 07 19 23", by=enforcement_head
    )
    draw.refresh_from_db()
    assert draw.status == Draw.Status.DRAWN and draw.drawn_count == 12

    # then: anyone can download the file and re-run it
    response = client.get(reverse("grid:public-draw-json", args=[draw.pk]))
    data = json.loads(response.content)
    assert lib_draw.verify(data) == []
    assert data["seed"] == draw.seed and data["public_entropy"] == "体彩 07 19 23"
    page = client.get(reverse("grid:public-draw", args=[draw.pk])).content.decode()
    assert draw.seed in page and classified[0].name in page

    tasks = InspectionTask.objects.filter(draw=draw)
    assert tasks.count() == 12
    assert all(task.inspectors.count() == 2 for task in tasks)
    assert Notification.objects.filter(recipient__in=inspectors).exists()


def test_positive_list_enterprises_are_left_out_unless_the_head_approves(
    classified, enforcement_head, inspectors, city, bureau, city_leader
):
    listed = classified[0]
    enterprise_services.positive_list_add(
        enterprise=listed, reason="守法记录良好，在线监控全覆盖", by=enforcement_head
    )
    draw = services.draw_commit(spec=spec(city), by=enforcement_head)
    pool_ids = [pk for pk, _ in json.loads(draw.pools)["enterprises"]]
    assert listed.pk not in pool_ids and len(pool_ids) == 11

    # An officer asks; a head reviews; the head of enforcement approves.
    request = services.listed_request_create(
        enterprise=listed, year=2026, reason="群众反映夜间异味", by=inspectors[0]
    )
    approval = casework_services.approval_propose  # noqa: F841 (proposed by the service)
    from ecobureau.casework.models import Approval

    pending = Approval.objects.get(target_id=request.pk)
    casework_services.approval_review(approval=pending, opinion="同意", by=city_leader)
    pending.refresh_from_db()
    casework_services.approval_decide(
        approval=pending, decision="approve", opinion="同意检查", by=enforcement_head
    )
    draw = services.draw_commit(spec=spec(city, title="复查"), by=enforcement_head)
    pool_ids = [pk for pk, _ in json.loads(draw.pools)["enterprises"]]
    assert listed.pk in pool_ids


def test_enterprises_at_the_yearly_cap_are_left_out(
    classified, enforcement_head, inspectors, city, settings
):
    settings.GRID_ROUTINE_CHECK_CAP = 1
    only_c = {"C": Decimal(100), "B": Decimal(0), "A": Decimal(0)}
    first = services.draw_commit(spec=spec(city, percents=only_c), by=enforcement_head)
    services.draw_execute(draw=first, public_entropy="", by=enforcement_head)
    checked = set(
        InspectionTask.objects.filter(draw=first).values_list(
            "enterprise_id", flat=True
        )
    )
    assert len(checked) == 3  # the three C-class key sources

    second = services.draw_commit(spec=spec(city, title="第二次"), by=enforcement_head)
    pool_ids = {pk for pk, _ in json.loads(second.pools)["enterprises"]}
    assert pool_ids.isdisjoint(checked) and len(pool_ids) == 9
    entry = Record.objects.filter(action="grid.draw_commit").last()
    assert entry is not None and '"capped_excluded":3' in entry.payload


def test_second_draw_refused_when_nothing_is_left(
    classified, enforcement_head, inspectors, city, settings
):
    settings.GRID_ROUTINE_CHECK_CAP = 1
    first = services.draw_commit(spec=spec(city), by=enforcement_head)
    services.draw_execute(draw=first, public_entropy="", by=enforcement_head)
    with pytest.raises(ValidationError, match="没有可抽取的企业"):
        services.draw_commit(spec=spec(city, title="第二次"), by=enforcement_head)


def test_complaint_checks_do_not_count_against_the_cap(
    classified, enforcement_head, inspectors, settings
):
    settings.GRID_ROUTINE_CHECK_CAP = 1
    target = classified[4]
    for n in range(3):
        services.task_create(
            enterprise=target,
            kind=InspectionTask.Kind.COMPLAINT,
            inspectors=inspectors[:2],
            due_by=date(2026, 12, 10),
            by=enforcement_head,
            source=("complaints.complaint", str(100 + n)),
        )
    from ecobureau.grid import selectors

    assert selectors.routine_checks_count(target, 2026) == 0
    assert selectors.onsite_check_allowed(target, 2026) == (True, "")


def test_conflicted_inspectors_are_never_sent(
    classified, enforcement_head, inspectors, city
):
    target = classified[0]
    for inspector in inspectors[:4]:
        services.conflict_declare(
            inspector=inspector,
            enterprise=target,
            reason="近亲属在该企业任职",
            by=enforcement_head,
        )
    draw = services.draw_commit(spec=spec(city), by=enforcement_head)
    services.draw_execute(draw=draw, public_entropy="", by=enforcement_head)
    task = InspectionTask.objects.get(draw=draw, enterprise=target)
    free = {inspectors[4].pk, inspectors[5].pk, enforcement_head.pk}
    assert set(task.inspectors.values_list("pk", flat=True)) <= free
    # Planning by hand is refused too.
    with pytest.raises(ValidationError, match="应当回避"):
        services.task_create(
            enterprise=target,
            kind=InspectionTask.Kind.DATA,
            inspectors=inspectors[:2],
            due_by=date(2026, 12, 10),
            by=enforcement_head,
            source=("monitoring.clue", "8"),
        )


def test_grid_officers_and_uncredentialed_staff_never_inspect(
    classified, enforcement_head, inspectors, grid_officer, district_a_officer, city
):
    draw = services.draw_commit(spec=spec(city), by=enforcement_head)
    pool = json.loads(draw.pools)["inspectors"]
    assert grid_officer.pk not in pool and district_a_officer.pk not in pool
    assert sorted(pool) == sorted([u.pk for u in inspectors] + [enforcement_head.pk])

    grid_officer.credential_no = "21039999999"
    grid_officer.save(update_fields=["credential_no"])
    with pytest.raises(ValidationError, match="网格员不得从事涉企行政检查"):
        services.task_create(
            enterprise=classified[1],
            kind=InspectionTask.Kind.COMPLAINT,
            inspectors=[inspectors[0], grid_officer],
            due_by=date(2026, 12, 10),
            by=enforcement_head,
            source=("complaints.complaint", "5"),
        )
    with pytest.raises(ValidationError, match="不得少于2人"):
        services.task_create(
            enterprise=classified[1],
            kind=InspectionTask.Kind.COMPLAINT,
            inspectors=[inspectors[0]],
            due_by=date(2026, 12, 10),
            by=enforcement_head,
            source=("complaints.complaint", "5"),
        )
    task = services.task_create(
        enterprise=classified[1],
        kind=InspectionTask.Kind.COMPLAINT,
        inspectors=inspectors[:2],
        due_by=date(2026, 12, 10),
        by=enforcement_head,
        source=("complaints.complaint", "5"),
    )
    with pytest.raises(PermissionDenied, match="网格员不得从事涉企行政检查"):
        services.task_complete(
            task=task, done_on=date(2026, 11, 22), result="正常", by=grid_officer
        )
    services.task_complete(
        task=task, done_on=date(2026, 11, 22), result="未发现问题", by=inspectors[0]
    )
    task.refresh_from_db()
    assert task.status == InspectionTask.Status.DONE


def test_a_district_head_draws_only_in_their_district(
    classified, district_a_leader, district_b, inspectors
):
    from ecobureau.accounts.tests.factories import role

    district_a_leader.roles.add(role("sub_bureau_head"))
    with pytest.raises(PermissionDenied):
        services.draw_commit(spec=spec(district_b), by=district_a_leader)
    assert Draw.objects.count() == 0


def test_a_draw_is_drawn_once(classified, enforcement_head, inspectors, city):
    draw = services.draw_commit(spec=spec(city), by=enforcement_head)
    services.draw_execute(draw=draw, public_entropy="", by=enforcement_head)
    stale = Draw.objects.get(pk=draw.pk)
    stale.status = Draw.Status.COMMITTED
    with pytest.raises(ValidationError, match="已被他人抽取"):
        services.draw_execute(draw=stale, public_entropy="", by=enforcement_head)
    assert InspectionTask.objects.filter(draw=draw).count() == 12


def test_embargoed_results_stay_hidden_until_the_date(
    client, classified, enforcement_head, inspectors, city
):
    draw = services.draw_commit(
        spec=spec(city, embargo_until=date(2027, 1, 5)), by=enforcement_head
    )
    services.draw_execute(draw=draw, public_entropy="", by=enforcement_head)
    page = client.get(reverse("grid:public-draw", args=[draw.pk])).content.decode()
    assert "保密至2027-01-05" in page and draw.seed not in page
    with time_machine.travel("2027-01-05 09:00 +0800", tick=False):
        page = client.get(reverse("grid:public-draw", args=[draw.pk])).content.decode()
        assert draw.seed in page
