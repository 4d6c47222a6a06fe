"""Results are issued as documents (证照/文书) and appear in the applicant's
account: the night-construction permit, granted through the staff pages, is a
real PDF with the application's particulars in Chinese and its fonts embedded,
listed on the applicant's own pages and nobody else's."""

import io
from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from ecobureau.casework.models import Document

from .helpers import draft, login, post_act, ui_submit

NIGHT = {
    "project": "站前综合体二期",
    "site": "铁东区站前街1号",
    "starts_on": date(2026, 12, 14),
    "ends_on": date(2026, 12, 20),
    "hours": "22:00至次日2:00",
}


def _fonts(reader: PdfReader) -> list[Any]:
    fonts = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            fonts[ref.idnum] = ref.get_object()
    return list(fonts.values())


def _embedded(font: Any) -> bool:
    descendants = font.get("/DescendantFonts")
    target = descendants[0].get_object() if descendants else font
    descriptor = target["/FontDescriptor"].get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_the_permit_is_a_pdf_in_the_applicants_account_only(
    client,
    catalogue,
    enterprise_user_a,
    enterprise_user_b,
    window,
    air_staff,
    air_head,
):
    # the enterprise applies on its pages; staff accept, check on site, approve
    application = draft(
        enterprise_user_a, "night-construction", condition="生产工艺要求", answers=NIGHT
    )
    assert ui_submit(client, enterprise_user_a, application).status_code == 302
    for user, code, data in (
        (window, "accept", {}),
        (air_staff, "schedule_site_check", {}),
        (
            air_staff,
            "complete_site_check",
            {
                "inspectors": "钱科员、孙科员",
                "site_findings": "围挡完好，降噪措施到位",
                "opinion": "符合夜间连续施工条件",
                "no_recording_reason": "夜间照明不足，无法录像",
            },
        ),
        (air_head, "grant", {}),
    ):
        assert post_act(client, user, application, code, **data).status_code == 302
    application.refresh_from_db()
    assert application.status == "granted"
    permit = Document.objects.get(
        target_id=application.pk, kind="night_construction_permit"
    )

    # the permit is listed on the applicant's page and downloads as a PDF
    login(client, enterprise_user_a)
    page = client.get(
        reverse("permits:my-application", args=[application.pk])
    ).content.decode()
    url = reverse("permits:my-document", args=[application.pk, permit.pk])
    assert "夜间建筑施工许可证" in page and url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(body))
    text = "".join(p.extract_text() for p in reader.pages).replace("\n", "")
    for expected in (
        "夜间建筑施工许可证",
        "站前综合体二期",
        "铁东区站前街1号",
        "22:00至次日2:00",
        enterprise_user_a.full_name,
        permit.reference,
    ):
        assert expected in text, expected
    fonts = _fonts(reader)
    assert fonts and all(_embedded(font) for font in fonts)

    # another enterprise neither sees it listed nor downloads it
    login(client, enterprise_user_b)
    assert client.get(url).status_code == 404
    mine = client.get(reverse("permits:my-applications")).content.decode()
    assert application.number not in mine and permit.reference not in mine
