"""The credit grade as an input of the class (示例配置): yellow or red → C, green
lowers B to A but never a C the seed's rule requires, blue or no grade leaves the
rule's class. Grid reads the grade only through the lookup registered in its
selectors (credit registers it at start-up; grid never imports credit)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date

import pytest
import time_machine

from ecobureau.grid import selectors, services
from ecobureau.grid.models import EnterpriseSupervision
from ecobureau.grid.selectors import classes as class_selectors
from ecobureau.grid.services import classes

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel("2026-11-22 10:00 +0800", tick=False):
        yield


class FakeLookup:
    """Colours by enterprise id; counts its calls (one per batch, not per row)."""

    def __init__(self, colours: dict[int, str]) -> None:
        self.colours = colours
        self.calls: list[tuple[list[int], date]] = []

    def __call__(self, ids: Sequence[int], on: date) -> Mapping[int, str]:
        self.calls.append((list(ids), on))
        return {pk: c for pk, c in self.colours.items() if pk in set(ids)}


@pytest.fixture
def lookup() -> Iterator[FakeLookup]:
    saved = class_selectors.CREDIT_COLOUR_LOOKUP
    fake = FakeLookup({})
    selectors.register_credit_colour_lookup(fake)
    yield fake
    selectors.register_credit_colour_lookup(saved)


def _decide(enterprise, colour=None):
    return classes.decide(
        enterprise=enterprise,
        pollution=EnterpriseSupervision.Pollution.MINOR,
        violations_3y=0,
        on=TODAY,
        credit_colour=colour,
    )


def test_decide_takes_the_credit_colour(enterprises_a):
    key, medium, small = enterprises_a[0], enterprises_a[3], enterprises_a[7]
    # without a grade: the rule alone, explanation unchanged
    plain = _decide(small)
    assert plain.klass == "A" and not any("信用" in line for line in plain.explain)
    # red and yellow raise any class to C, with the reason and the example label
    for colour, name in (("red", "红牌"), ("yellow", "黄牌")):
        raised = _decide(small, colour)
        assert raised.klass == "C"
        assert raised.explain[-1] == (
            f"企业环境信用评价{name}（失信惩戒）：由A类提高为C类（示例配置，需按省厅文件核定）。"
        )
        assert raised.explain[:-1] == plain.explain
    # green lowers B to A …
    assert _decide(medium).klass == "B"
    lowered = _decide(medium, "green")
    assert lowered.klass == "A" and "由B类降为A类" in lowered.explain[-1]
    # … but never a C the seed's rule requires (a provincial key source)
    assert _decide(key).klass == "C"
    kept = _decide(key, "green")
    assert kept.klass == "C" and "附件1规定为C类" in kept.explain[-1]
    # blue: the rule's class, said so
    blue = _decide(medium, "blue")
    assert blue.klass == "B" and "不改变分类" in blue.explain[-1]


def test_refresh_and_sync_read_the_grade_through_the_hook(cells, enterprises_a, lookup):
    small, medium = enterprises_a[7], enterprises_a[3]
    lookup.colours = {small.pk: "red", medium.pk: "green"}
    row = services.supervision_refresh(enterprise=small, by=None)
    assert row.klass == row.computed_class == "C"
    assert any("红牌" in line for line in row.explain)
    assert lookup.calls == [([small.pk], TODAY)]

    lookup.calls.clear()
    services.supervision_sync(by=None, batch_size=5)
    klass = dict(EnterpriseSupervision.objects.values_list("enterprise_id", "klass"))
    assert klass[small.pk] == "C" and klass[medium.pk] == "A"
    total = EnterpriseSupervision.objects.count()
    # one lookup per batch of five, never one per enterprise
    assert len(lookup.calls) == -(-total // 5)
    # the grade is repaired (no longer in force): the nightly sync restores the rule
    lookup.colours = {}
    result = services.supervision_sync(by=None)
    assert result.changed == 2
    klass = dict(EnterpriseSupervision.objects.values_list("enterprise_id", "klass"))
    assert klass[small.pk] == "A" and klass[medium.pk] == "B"


def test_without_a_registered_lookup_grid_uses_its_rule_alone(cells, enterprises_a):
    saved = class_selectors.CREDIT_COLOUR_LOOKUP
    selectors.register_credit_colour_lookup(None)
    try:
        assert selectors.credit_colours([enterprises_a[7].pk], TODAY) == {}
        row = services.supervision_refresh(enterprise=enterprises_a[7], by=None)
        assert row.klass == "A"
    finally:
        selectors.register_credit_colour_lookup(saved)
