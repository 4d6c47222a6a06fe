"""Pollution-control facilities (污染防治设施, requirement A92): the enterprise's own
verified account and staff of its district write them through one service each,
with the record entry; a stop or removal needs its reason (环境保护法 第四十二条);
nobody else writes them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.core import records
from ecobureau.enterprises import services
from ecobureau.enterprises.models import Facility, Outlet

pytestmark = pytest.mark.django_db

BUILT = date(2020, 5, 1)
COMMISSIONED = date(2021, 1, 15)


def _data(**overrides: object) -> services.FacilityData:
    values: dict[str, object] = {
        "name": "污水处理站",
        "kind": "water",
        "pollutants": "化学需氧量、氨氮",
        "process": "A/O生化+混凝沉淀",
        "capacity": Decimal("500"),
        "capacity_unit": "t/d",
        "built_on": BUILT,
        "commissioned_on": COMMISSIONED,
    }
    values.update(overrides)
    return services.FacilityData(**values)


def _add(enterprise, by, **overrides: object) -> Facility:
    return services.facility_add(
        enterprise=enterprise,
        data=_data(**overrides),
        status="running",
        on=COMMISSIONED,
        by=by,
    )


def _form(**overrides: str) -> dict[str, str]:
    values = {
        "name": "脱硫塔",
        "kind": "gas",
        "pollutants": "二氧化硫",
        "process": "石灰石-石膏湿法脱硫",
        "capacity": "120000",
        "capacity_unit": "m³/h",
        "built_on": "2019-03-01",
        "commissioned_on": "2019-09-01",
        "status": "running",
        "on": "2019-09-01",
        "reason": "",
    }
    values.update(overrides)
    return values


# --- Service ---------------------------------------------------------------------


def test_enterprise_account_adds_a_facility_with_history_and_record(
    enterprise_a, enterprise_user_a
):
    facility = _add(enterprise_a, enterprise_user_a)

    assert facility.status == Facility.Status.RUNNING
    assert facility.status_since == COMMISSIONED
    assert facility.capacity_text == "500 t/d"
    [first] = facility.status_changes.all()
    assert (first.old_status, first.new_status) == ("", "running")
    entry = records.history(enterprise_a).order_by("-seq").first()
    assert entry is not None and entry.action == "enterprise.facility_add"
    assert entry.actor_id == enterprise_user_a.pk


def test_stopping_needs_a_reason_and_is_kept_as_history(
    enterprise_a, district_a_officer
):
    facility = _add(enterprise_a, district_a_officer)
    stop_on = timezone.localdate() - timedelta(days=3)

    with pytest.raises(ValidationError) as refused:
        services.facility_status_change(
            facility=facility,
            status="stopped",
            on=stop_on,
            reason="  ",
            by=district_a_officer,
        )
    assert "第四十二条" in str(refused.value)
    facility.refresh_from_db()
    assert facility.status == "running"

    services.facility_status_change(
        facility=facility,
        status="stopped",
        on=stop_on,
        reason="计划检修，已同步限产",
        by=district_a_officer,
    )
    facility.refresh_from_db()
    assert (facility.status, facility.status_since) == ("stopped", stop_on)
    latest = facility.status_changes.order_by("-pk").first()
    assert latest is not None
    assert (latest.old_status, latest.new_status) == ("running", "stopped")
    assert latest.reason == "计划检修，已同步限产"
    entry = records.history(enterprise_a).order_by("-seq").first()
    assert entry is not None and entry.action == "enterprise.facility_status"
    assert records.payload_of(entry)["data"]["reason"] == latest.reason


def test_status_date_cannot_go_back_or_ahead_and_removal_is_final(
    enterprise_a, district_a_officer
):
    facility = _add(enterprise_a, district_a_officer)
    for on in (COMMISSIONED - timedelta(days=1), timezone.localdate() + timedelta(1)):
        with pytest.raises(ValidationError):
            services.facility_status_change(
                facility=facility,
                status="stopped",
                on=on,
                reason="检修",
                by=district_a_officer,
            )
    services.facility_status_change(
        facility=facility,
        status="removed",
        on=timezone.localdate(),
        reason="工艺改造，设施整体更换",
        by=district_a_officer,
    )
    with pytest.raises(ValidationError, match="已拆除"):
        services.facility_status_change(
            facility=facility,
            status="running",
            on=timezone.localdate(),
            reason="",
            by=district_a_officer,
        )
    with pytest.raises(ValidationError, match="已拆除"):
        services.facility_update(
            facility=facility, data=_data(name="新名称"), by=district_a_officer
        )


def test_outlet_of_another_enterprise_and_bad_dates_are_refused(
    enterprise_a, enterprise_b, district_a_officer
):
    foreign = Outlet.objects.create(
        enterprise=enterprise_b, code="DW001", name="总排口", kind="water"
    )
    with pytest.raises(ValidationError) as refused:
        _add(
            enterprise_a,
            district_a_officer,
            outlet=foreign,
            commissioned_on=BUILT - timedelta(days=1),
            capacity=Decimal("10"),
            capacity_unit="",
        )
    errors = refused.value.message_dict
    assert set(errors) == {"outlet", "commissioned_on", "capacity_unit"}
    assert not Facility.objects.exists()


def test_update_records_what_changed(enterprise_a, enterprise_user_a):
    facility = _add(enterprise_a, enterprise_user_a)
    services.facility_update(
        facility=facility,
        data=_data(process="A²/O+MBR", capacity=Decimal("800")),
        by=enterprise_user_a,
    )
    entry = records.history(enterprise_a).order_by("-seq").first()
    assert entry is not None and entry.action == "enterprise.facility_update"
    changed = records.payload_of(entry)["data"]["after"]
    assert set(changed) == {"process", "capacity"}


@pytest.mark.parametrize(
    "intruder",
    ["enterprise_user_b", "citizen", "district_b_officer", "township_official"],
)
def test_others_may_not_write_the_facilities(request, enterprise_a, intruder):
    by = request.getfixturevalue(intruder)
    with pytest.raises(PermissionDenied):
        _add(enterprise_a, by)
    assert not services.facility_may_write(by, enterprise_a)


def test_an_unverified_account_may_not_write(enterprise_a, enterprise_user_a):
    enterprise_user_a.enterprise_account.verified = False
    enterprise_user_a.enterprise_account.save()
    with pytest.raises(PermissionDenied):
        _add(enterprise_a, enterprise_user_a)


# --- Pages -----------------------------------------------------------------------


def test_enterprise_adds_a_facility_from_its_own_file(
    client, enterprise_a, enterprise_user_a
):
    client.force_login(enterprise_user_a)
    mine = client.get(reverse("enterprises:mine")).content.decode()
    add_url = reverse("enterprises:facility_add", args=[enterprise_a.pk])
    assert add_url in mine

    response = client.post(add_url, _form())

    assert response.status_code == 302
    assert response["Location"] == reverse("enterprises:mine")
    facility = Facility.objects.get(enterprise=enterprise_a)
    assert facility.name == "脱硫塔" and facility.status == "running"
    page = client.get(reverse("enterprises:mine")).content.decode()
    assert "脱硫塔" in page and "石灰石-石膏湿法脱硫" in page


def test_refused_form_answers_400_and_keeps_what_was_typed(
    client, enterprise_a, enterprise_user_a
):
    client.force_login(enterprise_user_a)
    url = reverse("enterprises:facility_add", args=[enterprise_a.pk])

    response = client.post(
        url, _form(status="stopped", on="2020-01-01", process="生物滤池除臭")
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "第四十二条" in html
    assert "生物滤池除臭" in html
    assert not Facility.objects.exists()


def test_status_change_page_keeps_input_when_refused(
    client, enterprise_a, district_a_officer
):
    facility = _add(enterprise_a, district_a_officer)
    client.force_login(district_a_officer)
    url = reverse("enterprises:facility_status", args=[enterprise_a.pk, facility.pk])
    today = timezone.localdate().isoformat()

    refused = client.post(url, {"status": "stopped", "on": today, "reason": ""})
    assert refused.status_code == 400
    assert today in refused.content.decode()

    done = client.post(url, {"status": "stopped", "on": today, "reason": "检修"})
    assert done.status_code == 302
    assert done["Location"] == reverse("enterprises:detail", args=[enterprise_a.pk])
    facility.refresh_from_db()
    assert facility.status == "stopped"


def test_staff_page_shows_facilities_with_status_and_history(
    client, enterprise_a, district_a_officer
):
    facility = _add(enterprise_a, district_a_officer)
    services.facility_status_change(
        facility=facility,
        status="stopped",
        on=timezone.localdate(),
        reason="格栅故障抢修",
        by=district_a_officer,
    )
    client.force_login(district_a_officer)
    html = client.get(
        reverse("enterprises:detail", args=[enterprise_a.pk])
    ).content.decode()
    assert "污水处理站" in html and "A/O生化+混凝沉淀" in html and "500 t/d" in html
    assert "停运" in html and "格栅故障抢修" in html
    status_url = reverse(
        "enterprises:facility_status", args=[enterprise_a.pk, facility.pk]
    )
    assert status_url in html
    assert "变更污染防治设施状态" in html  # the file's history names the change


@pytest.mark.parametrize(
    ("intruder", "expected"),
    [
        ("enterprise_user_b", 404),
        ("citizen", 404),
        ("district_b_officer", 404),
        ("township_official", 403),  # sees the file (its township), may not write
    ],
)
def test_facility_pages_refuse_others(
    client, request, enterprise_a, district_a_officer, intruder, expected
):
    facility = _add(enterprise_a, district_a_officer)
    client.force_login(request.getfixturevalue(intruder))
    urls = [
        reverse("enterprises:facility_add", args=[enterprise_a.pk]),
        reverse("enterprises:facility_edit", args=[enterprise_a.pk, facility.pk]),
        reverse("enterprises:facility_status", args=[enterprise_a.pk, facility.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == expected, url
        assert client.post(url, _form()).status_code == expected, url
    assert Facility.objects.count() == 1
    facility.refresh_from_db()
    assert facility.status == "running"


def test_anonymous_is_sent_to_log_in(client, enterprise_a):
    url = reverse("enterprises:facility_add", args=[enterprise_a.pk])
    response = client.post(url, _form())
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not Facility.objects.exists()


def test_demo_gives_key_sources_labelled_facilities(
    key_enterprise_with_outlets, city_leader
):
    from types import SimpleNamespace

    from ecobureau.demo.city import DEMO_LABEL
    from ecobureau.enterprises import demo

    city = SimpleNamespace(seed=7)
    demo._facilities(city, [key_enterprise_with_outlets], city_leader)

    facilities = Facility.objects.filter(enterprise=key_enterprise_with_outlets)
    assert facilities.count() == 3  # one behind the water outlet, two behind gas
    assert all(DEMO_LABEL in f.process for f in facilities)
    assert {f.outlet.kind for f in facilities if f.outlet} == {"water", "gas"}
    assert all(f.status_changes.exists() for f in facilities)


@pytest.fixture
def key_enterprise_with_outlets(enterprise_a):
    """Enterprise A (a provincial key source) with a water and a gas outlet."""
    Outlet.objects.create(
        enterprise=enterprise_a, code="DW001", name="废水总排口", kind="water"
    )
    Outlet.objects.create(
        enterprise=enterprise_a, code="DA001", name="1号废气排放口", kind="gas"
    )
    return enterprise_a
