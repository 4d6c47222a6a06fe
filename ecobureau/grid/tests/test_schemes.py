"""C29: each county/district and township files its grid implementation scheme
(《网格化环境监管体系建设实施方案》) with the level above, which records the filing,
and publishes it (seed 002 七)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.grid import selectors, services
from ecobureau.grid.models import ImplementationScheme

from .conftest import photo

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
TITLE = "站前街道网格化环境监管体系建设实施方案"


def pdf(name: str = "实施方案.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-23 10:00 +0800", tick=False):
        yield


def file_scheme(cells, township_official):
    return services.scheme_file(
        cell=cells["210302001"],
        title=TITLE,
        issued_on=date(2026, 11, 1),
        file=pdf(),
        by=township_official,
    )


def test_filed_accepted_published_and_downloadable_by_anyone(
    client, cells, township_official, district_a_leader
):
    scheme = file_scheme(cells, township_official)
    assert scheme.filed_with == cells["210302"]
    assert scheme.status == ImplementationScheme.Status.FILED
    # Not public before the level above has filed it.
    with pytest.raises(ValidationError, match="上级备案后"):
        services.scheme_publish(scheme=scheme, by=township_official)
    assert TITLE not in client.get(reverse("grid:public-schemes")).content.decode()
    url = reverse("grid:public-scheme-file", args=[scheme.pk])
    assert client.get(url).status_code == 404

    services.scheme_decide(scheme=scheme, accept=True, note="", by=district_a_leader)
    services.scheme_publish(scheme=scheme, by=township_official)
    actions = list(
        Record.objects.filter(
            target_id=str(scheme.pk), action__startswith="grid.scheme"
        )
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["grid.scheme_file", "grid.scheme_decide", "grid.scheme_publish"]
    assert TITLE in client.get(reverse("grid:public-schemes")).content.decode()
    assert TITLE in client.get(reverse("grid:public-cells")).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_the_filing_level_cannot_accept_its_own_scheme_nor_a_neighbour_see_it(
    client, cells, township_official, grid_officer_a2, district_b_officer
):
    scheme = file_scheme(cells, township_official)
    with pytest.raises(PermissionDenied, match="上级网格"):
        services.scheme_decide(
            scheme=scheme, accept=True, note="", by=township_official
        )
    for outsider in (grid_officer_a2, district_b_officer):
        assert not selectors.scheme_list_for_user(outsider).exists()
        client.force_login(outsider)
        detail = reverse("grid:scheme-detail", args=[scheme.pk])
        assert client.get(detail).status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        services.scheme_file(
            cell=cells["210302001"],
            title=TITLE,
            issued_on=date(2026, 11, 1),
            file=pdf(),
            by=district_b_officer,
        )
    scheme.refresh_from_db()
    assert scheme.status == ImplementationScheme.Status.FILED


def test_returned_for_changes_needs_a_note_and_is_never_published(
    cells, township_official, district_a_leader
):
    scheme = file_scheme(cells, township_official)
    with pytest.raises(ValidationError, match="须写明意见"):
        services.scheme_decide(
            scheme=scheme, accept=False, note=" ", by=district_a_leader
        )
    services.scheme_decide(
        scheme=scheme, accept=False, note="未明确三级网格人员配备", by=district_a_leader
    )
    assert scheme.status == ImplementationScheme.Status.RETURNED
    with pytest.raises(ValidationError):
        services.scheme_publish(scheme=scheme, by=township_official)
    with pytest.raises(ValidationError, match="已处理"):
        services.scheme_decide(
            scheme=scheme, accept=True, note="", by=district_a_leader
        )


def test_bad_input_loses_nothing(cells, township_official, city_leader):
    with pytest.raises(ValidationError):  # a photo is not a PDF
        services.scheme_file(
            cell=cells["210302001"],
            title=TITLE,
            issued_on=date(2026, 11, 1),
            file=photo(),
            by=township_official,
        )
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.scheme_file(
            cell=cells["210302001"],
            title=TITLE,
            issued_on=date(2026, 12, 1),
            file=pdf(),
            by=township_official,
        )
    with pytest.raises(ValidationError, match="县区和乡镇"):
        services.scheme_file(
            cell=cells["210300"],
            title="全市方案",
            issued_on=date(2026, 11, 1),
            file=pdf(),
            by=city_leader,
        )
    assert not ImplementationScheme.objects.exists()
    assert not Record.objects.filter(action="grid.scheme_file").exists()


def test_the_pages_file_and_decide(client, cells, township_official, district_a_leader):
    client.force_login(township_official)
    response = client.post(
        reverse("grid:scheme-new", args=[cells["210302001"].pk]),
        {"title": TITLE, "issued_on": "2026-11-01", "file": pdf()},
    )
    scheme = ImplementationScheme.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("grid:scheme-detail", args=[scheme.pk])).content.decode()
    assert "受理备案" not in page  # the filing level does not decide
    client.force_login(district_a_leader)
    detail = reverse("grid:scheme-detail", args=[scheme.pk])
    assert "受理备案" in client.get(detail).content.decode()
    client.post(detail, {"form": "decide", "decision": "accept", "note": ""})
    scheme.refresh_from_db()
    assert scheme.status == ImplementationScheme.Status.ACCEPTED
    client.force_login(township_official)
    client.post(detail, {"form": "publish"})
    scheme.refresh_from_db()
    assert scheme.published_at is not None
