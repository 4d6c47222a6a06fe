"""Duplicates and repeat visits: the labelled pairs (precision and recall), the
candidate index, and what intake does with a match (seed 000 12369 常见问题2; seed
001 附件1 重复访)."""

import json
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from ecobureau.casework.models import WorkItem
from ecobureau.complaints import selectors, services
from ecobureau.complaints.models import Complaint, ComplaintKey
from ecobureau.complaints.services import intake
from ecobureau.core.models import OutboxMessage
from ecobureau.lib import rules
from ecobureau.lib.dates import SHANGHAI
from ecobureau.lib.workdays import Calendar

from .conftest import submit

FIXTURES = Path(__file__).parent / "fixtures"
SETS = ("match_pairs.jsonl", "match_pairs_holdout.jsonl", "match_pairs_holdout2.jsonl")


def _pairs(name: str) -> list[dict]:
    return [
        json.loads(line)
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    ]


def test_the_labelled_set_reaches_the_precision_and_recall_aimed_for(capsys) -> None:
    today = timezone.localdate()
    rule = rules.get("complaint-match", today)
    ctx = rules.RuleContext(as_of=today, calendar=Calendar())
    total = tp = fp = fn = 0
    groups: set[str] = set()
    for name in SETS:
        for pair in _pairs(name):
            total += 1
            groups.add(pair["group"])
            decided = rule.run(pair["input"], ctx)["duplicate"]
            tp += decided and pair["label"]
            fp += decided and not pair["label"]
            fn += (not decided) and pair["label"]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    with capsys.disabled():
        print(  # noqa: T201 (the figures the issue asks to report)
            f"\ncomplaint-match: {total} pairs, precision {precision:.3f}, recall {recall:.3f}"
        )
    assert total >= 200
    assert precision >= 0.9 and recall >= 0.9
    # Every kind of pair the issue lists is in the set.
    for kind in (
        "paraphrase",
        "typos-pinyin-traditional",
        "other-kind",
        "other-spot",
        "coordinates-far",
        "outside-window",
        "other-source",
        "reporters-far",
    ):
        assert any(kind in group for group in groups), kind


def _unsaved(side: dict) -> Complaint:
    at = datetime.fromisoformat(side["at"]).replace(tzinfo=SHANGHAI)
    complaint = Complaint(
        text=side["text"],
        place=side["place"],
        enterprise_name=side.get("enterprise") or "",
        received_at=at,
        latitude=Decimal(str(side["lat"])) if side.get("lat") is not None else None,
        longitude=Decimal(str(side["lng"])) if side.get("lng") is not None else None,
    )
    return complaint


def test_the_index_finds_every_labelled_duplicate(settings) -> None:
    """Completeness of the candidate index: for every pair the rule calls a
    duplicate, the new complaint's search keys meet the earlier one's keys."""
    rule = rules.get("complaint-match", timezone.localdate())
    ctx = rules.RuleContext(as_of=timezone.localdate(), calendar=Calendar())
    checked = 0
    for name in SETS:
        for pair in _pairs(name):
            data = pair["input"]
            if not rule.run(data, ctx)["duplicate"]:
                continue
            a, b = _unsaved(data["a"]), _unsaved(data["b"])
            radius = data.get("radius_m", 300)
            assert intake.search_keys(b, radius) & intake.own_keys(a), pair["id"]
            checked += 1
    assert checked > 100


pytestmark = pytest.mark.django_db


def test_an_open_duplicate_is_merged_and_the_complainant_told(desk, district_a):
    first = submit(district=district_a, enterprise_name="鞍山市华信精细化工有限公司")
    second = submit(
        district=district_a,
        text="華信化工夜裡排放廢氣，味道刺鼻",
        place="胜利路",
        enterprise_name="华信化工",
        contact_phone="13900000002",
    )
    second.refresh_from_db()
    assert second.status == Complaint.Status.MERGED
    assert second.duplicate_of == first
    assert second.match_score >= 0.5
    assert not second.repeat_visit  # the first is open and not overdue
    # Not handled twice: no acceptance clock or work item for the merged one.
    assert not WorkItem.objects.filter(
        target_id=second.pk, target_type="complaints.complaint"
    ).exists()
    assert not ComplaintKey.objects.filter(complaint=second).exists()
    told = OutboxMessage.objects.filter(payload__complaint=second.pk).get()
    assert first.tracking_code in told.payload["text"]


def test_another_matter_at_the_same_plant_is_not_merged(desk):
    submit(enterprise_name="华信化工")
    other = submit(text="华信化工通过暗管往河里偷排废水", enterprise_name="华信化工")
    assert other.status == Complaint.Status.RECEIVED and other.duplicate_of is None


def test_unmerge_makes_it_a_case_of_its_own(desk, desk_officer):
    first = submit(enterprise_name="华信化工")
    second = submit(enterprise_name="华信化工", text="华信化工晚上有刺鼻气味")
    services.complaint_unmerge(complaint=second, by=desk_officer, note="两个不同车间")
    second.refresh_from_db()
    assert (second.status, second.duplicate_of) == (Complaint.Status.RECEIVED, None)
    assert ComplaintKey.objects.filter(complaint=second).exists()
    assert first.duplicates.count() == 0


def test_a_complaint_on_a_closed_case_is_a_repeat_visit_via_12369(desk):
    first = submit(enterprise_name="华信化工")
    Complaint.objects.filter(pk=first.pk).update(
        status=Complaint.Status.CLOSED, closed_at=timezone.now(), unit=desk
    )
    again = submit(
        channel="platform_12369",
        channel_reference="P1",
        enterprise_name="华信化工",
        text="华信化工又排放刺鼻气味了",
    )
    again.refresh_from_db()
    assert again.status == Complaint.Status.RECEIVED  # handled again
    assert (again.repeat_of, again.repeat_visit) == (first, True)
    # B37: 5 points off the original's petition-case score per repeat.
    deduction = selectors.repeat_visit_deduction(first)
    assert (deduction.count, deduction.points) == (1, 5)
    # Through the portal it is linked too, but the seed does not count it.
    Complaint.objects.filter(pk=again.pk).update(status=Complaint.Status.CLOSED)
    via_portal = submit(
        channel="portal", enterprise_name="华信化工", text="华信化工的刺鼻气味又来了"
    )
    via_portal.refresh_from_db()
    assert via_portal.repeat_of in (first, again) and not via_portal.repeat_visit


def test_a_complaint_on_an_overdue_case_is_merged_and_counts_as_repeat(desk):
    first = submit(enterprise_name="华信化工")
    Complaint.objects.filter(pk=first.pk).update(
        status=Complaint.Status.DISPATCHED,
        handling_due_at=timezone.now() - timedelta(days=1),
    )
    again = submit(
        channel="hotline_12345",
        channel_reference="H1",
        enterprise_name="华信化工",
        text="华信化工刺鼻气味一直没解决",
    )
    again.refresh_from_db()
    assert (again.status, again.duplicate_of, again.repeat_visit) == (
        Complaint.Status.MERGED,
        first,
        True,
    )


def test_nearby_points_are_found_without_an_enterprise(desk):
    first = submit(
        text="烧烤摊油烟很大",
        place="二道街",
        latitude=Decimal("41.103100"),
        longitude=Decimal("123.001200"),
    )
    near = submit(
        text="二道街烧烤摊烟熏火燎的",
        place="二道街口",
        latitude=Decimal("41.103500"),
        longitude=Decimal("123.001000"),
    )
    far = submit(
        text="烧烤摊油烟很大",
        place="山南街",
        latitude=Decimal("41.095000"),
        longitude=Decimal("123.020000"),
    )
    near.refresh_from_db(), far.refresh_from_db()
    assert near.duplicate_of == first
    assert far.duplicate_of is None


def test_the_window_is_a_setting(desk, settings):
    settings.COMPLAINT_DUPLICATE_WINDOW_DAYS = 2
    submit(enterprise_name="华信化工", received_at=timezone.now() - timedelta(days=3))
    later = submit(enterprise_name="华信化工", text="华信化工晚上排放刺鼻的气味")
    assert later.status == Complaint.Status.RECEIVED


def test_match_input_is_the_rule_contract(desk):
    first = submit(
        enterprise_name="华信化工", latitude=Decimal("41.1"), longitude=Decimal("123.0")
    )
    data = intake.match_input(first, first, window_days=30, radius_m=300)
    assert set(data["a"]) == {
        "text",
        "place",
        "enterprise",
        "at",
        "category",
        "lat",
        "lng",
    }
    assert data["a"]["at"] == f"{first.received_at.astimezone(SHANGHAI):%Y-%m-%dT%H:%M}"
