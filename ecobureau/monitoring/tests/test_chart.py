"""Charts of an outlet over a period: the values stored by the gateway, drawn for
whoever may see the enterprise, and for nobody else."""

import pytest
from django.urls import reverse

from ecobureau.monitoring import selectors

from .test_evaluation import DAY, store_hours

pytestmark = pytest.mark.django_db


def test_hourly_series_and_chart_of_an_outlet(
    client, instrument_a, monitoring_staff, district_b_officer
) -> None:
    store_hours(instrument_a, "w01018", [("31.5", "N"), ("60", "N"), ("33", "M")])
    points = selectors.series(
        instrument_ids=[instrument_a.pk],
        code="w01018",
        kind="hourly",
        start=DAY,
        end=DAY.replace(day=21),
    )
    assert [(p.value, p.flag) for p in points] == [
        (31.5, "N"),
        (60.0, "N"),
        (33.0, "M"),
    ]
    url = reverse("monitoring:outlet-chart", args=[instrument_a.outlet_id])
    query = {
        "code": "w01018",
        "kind": "hourly",
        "start": "2026-11-20",
        "end": "2026-11-21",
    }
    client.force_login(monitoring_staff)
    page = client.get(url, query)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    client.force_login(district_b_officer)
    assert client.get(url, query).status_code == 404
