"""Statistics per item and unit: applications, on-time rate, average days,
supplements per application, refusals with reasons; Excel export."""

import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from .helpers import act, login, submitted

MEDICAL = {"route": "营口港—大连港", "reason": "陆路中断"}


@pytest.fixture
def handled(
    catalogue, enterprise_user_a, enterprise_user_b, window, waste_staff, waste_head
):
    """Three 医疗废物水路运输 applications: granted on time, refused twice."""
    with time_machine.travel("2026-11-02 09:00 +0800", tick=False):
        granted = submitted(
            enterprise_user_a, "medical-waste-waterway", answers=MEDICAL
        )
        refused = submitted(
            enterprise_user_b, "medical-waste-waterway", answers=MEDICAL
        )
        act(granted, "accept", window)
        act(refused, "request_supplement", window, supplement_materials=["proof"])
    with time_machine.travel("2026-11-04 09:00 +0800", tick=False):
        from ecobureau.permits import services

        from .helpers import pdf_file

        services.material_add(
            application=refused,
            material=refused.item.materials.get(code="proof"),
            file=pdf_file(),
            by=enterprise_user_b,
        )
        services.application_supply(application=refused, by=enterprise_user_b)
        act(refused, "accept", window)
        act(refused, "propose", waste_staff, opinion="不符合")
        act(refused, "refuse", waste_head, reasons=["运输船舶无防渗漏措施"])
        act(granted, "propose", waste_staff, opinion="同意")
        act(granted, "grant", waste_head)
    with time_machine.travel("2026-11-05 09:00 +0800", tick=False):
        third = submitted(
            enterprise_user_a, "medical-waste-waterway", answers=MEDICAL, key="3"
        )
        act(third, "refuse_acceptance", window, reasons=["运输船舶无防渗漏措施"])
    return granted, refused, third


@pytest.mark.django_db
def test_the_statistics_page_counts_each_item(client, handled, city_leader):
    login(client, city_leader)
    with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
        page = client.get(reverse("permits:statistics")).content.decode()
    row = page.split("必需经水路运输医疗废物审批")[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0].split(">")[-1] for cell in row.split("<td")[1:]]
    # unit, applications, finished, on-time rate, average days, supplements, refusals
    assert cells[1:4] == ["3", "3", "100.0%"]
    assert cells[5] == "0.3" and cells[6] == "2"
    assert "运输船舶无防渗漏措施（2）" in cells[7]


@pytest.mark.django_db
def test_the_export_is_a_real_workbook(client, handled, city_leader):
    login(client, city_leader)
    response = client.get(reverse("permits:statistics"), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "事项" and rows[0][6] == "按期率"
    medical = next(r for r in rows if r[0] == "必需经水路运输医疗废物审批")
    # numbers are numbers (they sum and chart in Excel), the rate a fraction
    # (the one refused at acceptance had no decision clock to meet or miss)
    assert medical[2:7] == (3, 3, 2, 0, 1.0) and medical[8] == 0.3
    assert medical[9] == 2 and "运输船舶无防渗漏措施（2）" in medical[10]
    assert sheet["G2"].number_format == "0.0%" and sheet.freeze_panes == "A2"
    assert rows[-1][0] == "合计" and rows[-1][2] >= 3


@pytest.mark.django_db
def test_a_district_sees_only_its_own_figures(client, handled, district_b_leader_stats):
    login(client, district_b_leader_stats)
    page = client.get(reverse("permits:statistics")).content.decode()
    row = page.split("必需经水路运输医疗废物审批")[1].split("</tr>")[0]
    # only enterprise B's application lies in district B
    assert '<td data-label="办件数">1</td>' in row
    assert '<td data-label="平均补正次数">1.0</td>' in row


@pytest.fixture
def district_b_leader_stats(sub_bureau_b, district_b):
    from ecobureau.accounts.tests.factories import UserFactory

    return UserFactory(
        username="tiexi-head",
        unit=sub_bureau_b,
        scope="division",
        scope_division=district_b,
        role_codes=["sub_bureau_head"],
    )


@pytest.mark.django_db
def test_staff_without_the_permission_get_no_statistics(
    client, catalogue, district_b_officer, citizen
):
    for person in (district_b_officer, citizen):
        login(client, person)
        assert client.get(reverse("permits:statistics")).status_code == 403


@pytest.mark.django_db
def test_the_service_promise_counts_errors_per_item(client, handled, city_leader):
    """服务承诺 (A26): finished in time with no error. An error is a follow-up
    opened on the application's clock; the refusal at acceptance had no clock."""
    from ecobureau.casework import services as casework
    from ecobureau.casework.models import Clock

    granted = handled[0]

    def promise() -> tuple[object, object]:
        response = client.get(reverse("permits:statistics"), {"format": "xlsx"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        row = next(
            r
            for r in sheet.iter_rows(values_only=True)
            if r[0] == "必需经水路运输医疗废物审批"
        )
        return row[11], row[12]

    login(client, city_leader)
    errors, rate = promise()
    assert errors == 0 and rate == pytest.approx(2 / 3)

    clock = Clock.objects.get(
        target_type="permits.application", target_id=granted.pk, step="decision"
    )
    casework.accountability_open(
        source=("casework.clock", clock.pk),
        source_label="审批过程差错",
        lapse="审查意见未附依据",
        person_responsible=None,
        by=None,
    )
    errors, rate = promise()
    assert errors == 1 and rate == pytest.approx(1 / 3)
