"""The instrument registry pages: the list (scoped, a fixed number of queries),
registering and editing an instrument (bad input shown in Chinese, what was
typed kept, nothing written), and who may do what."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.monitoring import services
from ecobureau.monitoring.models import Instrument, Operator

from .conftest import _outlet

pytestmark = pytest.mark.django_db


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "mn": "88888880000001",
        "name": "COD在线监测仪",
        "vendor": "聚光科技",
        "model_name": "CODmax",
        "system_code": "32",
        "installed_on": "2026-10-01",
        "accepted_on": "2026-10-20",
        "note": "",
    }
    data.update(changes)
    return data


def test_list_is_scoped_and_its_queries_do_not_grow(
    client, instrument_a, instrument_b, district_a_officer, monitoring_staff
) -> None:
    client.force_login(district_a_officer)
    body = client.get(reverse("monitoring:instrument-list")).content.decode()
    assert instrument_a.mn in body
    assert instrument_b.mn not in body

    client.force_login(monitoring_staff)
    url = reverse("monitoring:instrument-list")
    client.get(url)  # warm caches (session, permissions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(3):
        services.instrument_register(
            outlet=instrument_a.outlet,
            data=services.InstrumentData(mn=f"MORE{n:020d}"),
            by=None,
        )
    with CaptureQueriesContext(connection) as more:
        body = client.get(url).content.decode()
    assert "MORE00000000000000000002" in body
    assert len(more.captured_queries) == len(few.captured_queries)


def test_filter_by_text(client, instrument_a, instrument_b, monitoring_staff) -> None:
    client.force_login(monitoring_staff)
    body = client.get(
        reverse("monitoring:instrument-list"), {"q": instrument_b.mn[:8]}
    ).content.decode()
    assert instrument_b.mn in body
    assert instrument_a.mn not in body


def test_register_an_instrument(client, water_outlet_a, monitoring_staff) -> None:
    client.force_login(monitoring_staff)
    url = reverse("monitoring:instrument-new", args=[water_outlet_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data())
    instrument = Instrument.objects.get(mn="88888880000001")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "monitoring:instrument-detail", args=[instrument.pk]
    )
    assert instrument.outlet == water_outlet_a
    assert instrument.vendor == "聚光科技"
    assert Record.objects.filter(
        action="monitoring.instrument_register", target_id=str(instrument.pk)
    ).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mn": "MN with spaces"}, "MN应为1至64位字母、数字"),
        ({"installed_on": "2026-13-45"}, "日期"),
        ({"system_code": "99x"}, "选择一个有效的选项"),
    ],
)
def test_bad_input_is_shown_and_what_was_typed_kept(
    client, water_outlet_a, monitoring_staff, changes, message
) -> None:
    client.force_login(monitoring_staff)
    url = reverse("monitoring:instrument-new", args=[water_outlet_a.pk])
    response = client.post(url, form_data(**changes))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "聚光科技" in body
    assert not Instrument.objects.exists()


def test_edit_refuses_an_mn_taken_by_another_instrument(
    client, instrument_a, gas_instrument_a, monitoring_staff
) -> None:
    client.force_login(monitoring_staff)
    url = reverse("monitoring:instrument-edit", args=[gas_instrument_a.pk])
    response = client.post(
        url, form_data(mn=instrument_a.mn, system_code="31", vendor="先河环保")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "已登记给其他设施" in body
    assert "先河环保" in body
    gas_instrument_a.refresh_from_db()
    assert gas_instrument_a.mn == "GAS0000000000000000000A1"
    assert gas_instrument_a.vendor == ""


def test_edit_saves_and_records_the_change(
    client, instrument_a, monitoring_staff
) -> None:
    client.force_login(monitoring_staff)
    url = reverse("monitoring:instrument-edit", args=[instrument_a.pk])
    response = client.post(url, form_data(mn=instrument_a.mn, vendor="先河环保"))
    assert response.status_code == 302
    instrument_a.refresh_from_db()
    assert instrument_a.vendor == "先河环保"


def test_who_may_not_register_or_edit(
    client,
    instrument_a,
    water_outlet_a,
    enterprise_b,
    district_a_officer,
    district_b_officer,
    enterprise_user_a,
    citizen,
    monitoring_staff,
) -> None:
    new_url = reverse("monitoring:instrument-new", args=[water_outlet_a.pk])
    edit_url = reverse("monitoring:instrument-edit", args=[instrument_a.pk])
    detail_url = reverse("monitoring:instrument-detail", args=[instrument_a.pk])
    # A sub-bureau sees its district's instruments but keeps no registry.
    client.force_login(district_a_officer)
    assert client.get(detail_url).status_code == 200
    assert client.post(new_url, form_data()).status_code == 403
    assert client.post(edit_url, form_data(vendor="x")).status_code == 403
    # The other district sees nothing of A.
    client.force_login(district_b_officer)
    assert client.get(detail_url).status_code == 404
    assert client.post(edit_url, form_data(vendor="x")).status_code in (403, 404)
    # An enterprise and the public never reach the staff pages.
    for outsider in (enterprise_user_a, citizen):
        client.force_login(outsider)
        for url in (reverse("monitoring:instrument-list"), new_url, edit_url):
            assert client.get(url).status_code in (302, 403)
    assert not Instrument.objects.exclude(pk=instrument_a.pk).exists()
    instrument_a.refresh_from_db()
    assert instrument_a.vendor == ""
    # The monitoring centre may register at any enterprise's outlet.
    client.force_login(monitoring_staff)
    outlet_b = _outlet(enterprise_b, "DW009", "water")
    url = reverse("monitoring:instrument-new", args=[outlet_b.pk])
    assert client.post(url, form_data()).status_code == 302


# --- The operators' register (D16) ----------------------------------------------------


def test_operators_register_linked_to_the_instruments_they_run(
    client, instrument_a, monitoring_staff, district_a_officer
) -> None:
    client.force_login(monitoring_staff)
    url = reverse("monitoring:operator-list")
    response = client.post(
        url,
        {"name": "鞍山市蓝天环境监测运维有限公司", "credit_code": "912103000000000010"},
    )
    assert response.status_code == 302
    operator = Operator.objects.get()
    services.instrument_update(
        instrument=instrument_a,
        data=services.InstrumentData(mn=instrument_a.mn, operator=operator),
        by=monitoring_staff,
    )
    body = client.get(url).content.decode()
    assert "鞍山市蓝天环境监测运维有限公司" in body
    assert "<td>1</td>" in body  # runs one instrument
    again = client.post(url, {"name": "鞍山市蓝天环境监测运维有限公司"})
    assert again.status_code == 400
    assert "已登记" in again.content.decode()
    # A sub-bureau sees the register but keeps none.
    client.force_login(district_a_officer)
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "另一家运维公司"}).status_code == 403
    assert Operator.objects.count() == 1
    assert Record.objects.filter(action="monitoring.operator_add").count() == 1
