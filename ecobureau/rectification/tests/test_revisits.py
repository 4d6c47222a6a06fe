"""Closed petition cases re-checked and revisited at 10 % a month, reproducibly;
a rebound goes back for rectification (seed 001 三(一)2; B3, B4, A85)."""

from datetime import date

from django.core.management import call_command
from django.utils import timezone

from .. import services
from ..models import PetitionCase, Revisit, Supervision
from .conftest import make_case


def _closed_cases(by, district, n):
    cases = []
    for i in range(n):
        case = make_case(by, number=f"C-{i:02d}", district=district)
        PetitionCase.objects.filter(pk=case.pk).update(
            status="filed", closed_at=timezone.now()
        )
        cases.append(case)
    return cases


def test_ten_percent_drawn_reproducibly_once_a_month(office_staff, district_a):
    _closed_cases(office_staff, district_a, 23)
    month = timezone.localdate().replace(day=1)
    drawn = services.revisits_draw(month=month)
    assert len(drawn) == 3  # 10 % of 23, rounded up
    assert services.revisits_draw(month=month) == []
    numbers = sorted(r.case.number for r in drawn)
    Revisit.objects.all().delete()
    assert sorted(r.case.number for r in services.revisits_draw(month=month)) == numbers


def test_nothing_closed_nothing_drawn(office_staff, district_a):
    make_case(office_staff, district=district_a)
    assert services.revisits_draw(month=date(2026, 1, 1)) == []


def test_rebound_found_by_the_office_reopens_the_case(office_staff, district_a):
    (case,) = _closed_cases(office_staff, district_a, 1)
    (revisit,) = services.revisits_draw(month=timezone.localdate())
    services.revisit_record(
        by=office_staff,
        revisit=revisit,
        findings="油烟再次扰民",
        satisfied=False,
        rebound=True,
    )
    case.refresh_from_db()
    assert case.status == "handling" and "油烟再次扰民" in case.reopen_reason
    assert case.reopen_category == "rebound"  # B4: 问题反弹 unless told


def test_rebound_found_by_a_handler_warns_the_office(
    office_staff, district_a, district_a_officer
):
    (case,) = _closed_cases(office_staff, district_a, 1)
    (revisit,) = services.revisits_draw(month=timezone.localdate())
    services.revisit_record(
        by=district_a_officer,
        revisit=revisit,
        findings="反弹",
        satisfied=False,
        rebound=True,
    )
    case.refresh_from_db()
    assert case.status == "filed"
    assert Supervision.objects.filter(
        case=case, kind="warning", automatic=True
    ).exists()


def test_command_draws(office_staff, district_a, capsys):
    _closed_cases(office_staff, district_a, 2)
    call_command("draw_rectification_revisits")
    assert "抽取复查回访1件" in capsys.readouterr().out


def test_each_responsible_unit_revisits_ten_percent_of_its_cases(
    office_staff, district_a, sub_bureau_a, sub_bureau_b
):
    # A85: each responsible unit, at least 10 % of its own cases each month.
    # given 12 closed cases of unit A and 3 of unit B (city-wide 10 % of 15
    # would be 2, which could all fall on A)
    for i in range(12):
        case = make_case(office_staff, number=f"A-{i:02d}", unit=sub_bureau_a)
        PetitionCase.objects.filter(pk=case.pk).update(
            status="filed", closed_at=timezone.now()
        )
    for i in range(3):
        case = make_case(office_staff, number=f"B-{i:02d}", unit=sub_bureau_b)
        PetitionCase.objects.filter(pk=case.pk).update(
            status="closed", closed_at=timezone.now()
        )
    month = timezone.localdate().replace(day=1)

    # when
    drawn = services.revisits_draw(month=month)

    # then 2 of A's (10 % of 12, rounded up) and 1 of B's
    units = sorted(r.case.unit_id or 0 for r in drawn)
    assert units == sorted([sub_bureau_a.pk, sub_bureau_a.pk, sub_bureau_b.pk])
    coverage = {row["unit"]: row for row in services.revisit_coverage(month)}
    assert coverage[sub_bureau_a.name]["needed"] == 2
    assert coverage[sub_bureau_b.name]["drawn"] == 1
    assert coverage[sub_bureau_b.name]["short"]  # drawn, not yet done
    services.revisit_record(
        by=office_staff,
        revisit=next(r for r in drawn if r.case.unit_id == sub_bureau_b.pk),
        findings="群众满意",
        satisfied=True,
        rebound=False,
    )
    coverage = {row["unit"]: row for row in services.revisit_coverage(month)}
    assert not coverage[sub_bureau_b.name]["short"]
    assert coverage[sub_bureau_a.name]["short"]
