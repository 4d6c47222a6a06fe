"""The public form (map point, photos, anonymous), tracking and rating."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecobureau.casework.models import Attachment
from ecobureau.complaints.models import Complaint

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def test_anyone_files_anonymously_with_a_point_and_a_photo(client, desk):
    response = client.post(
        reverse("complaints:new"),
        {
            "text": "河边有人倾倒建筑垃圾",
            "place": "千山区鞍千路",
            "latitude": "41.072000",
            "longitude": "123.050500",
            "anonymous": "on",
            "photos": [SimpleUploadedFile("现场.png", PNG, content_type="image/png")],
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.anonymous, str(complaint.latitude)) == (
        "portal",
        True,
        "41.072000",
    )
    assert response["Location"].endswith(f"?code={complaint.tracking_code}")
    assert Attachment.objects.filter(target_id=complaint.pk, kind="photo").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert complaint.tracking_code in page and "已收到您的投诉" in page


def test_a_real_name_complaint_needs_a_way_to_answer_and_keeps_what_was_typed(
    client, desk
):
    response = client.post(
        reverse("complaints:new"),
        {"text": "工厂冒黑烟", "place": "某路", "contact_name": "李四"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "请留下手机号码或电子邮箱" in page and "工厂冒黑烟" in page
    assert not Complaint.objects.exists()


def test_the_tracking_page_shows_status_never_the_complainant(client, desk):
    from .conftest import submit

    complaint = submit()
    response = client.get(
        reverse("complaints:track") + f"?code={complaint.tracking_code.lower()}"
    )
    page = response.content.decode()
    assert response.status_code == 200 and "待受理" in page
    assert "张三" not in page and "13900000001" not in page
    assert client.get(reverse("complaints:track") + "?code=NOPE").status_code == 404


def test_the_complainant_rates_a_closed_complaint_once(client, desk):
    from .conftest import submit

    complaint = submit()
    Complaint.objects.filter(pk=complaint.pk).update(
        status="closed", reply_text="已整改"
    )
    url = reverse("complaints:track")
    response = client.post(
        url, {"code": complaint.tracking_code, "satisfaction": "satisfied"}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.satisfaction == "satisfied"
    response = client.post(
        url, {"code": complaint.tracking_code, "satisfaction": "unsatisfied"}
    )
    complaint.refresh_from_db()
    assert complaint.satisfaction == "satisfied"


def test_the_staff_import_writes_nothing_when_a_row_is_wrong(
    client, desk, desk_officer, district_a
):
    from ecobureau.complaints.services import imports

    header = ",".join(imports.HEADERS)
    good = "全国生态环境投诉举报平台,LN1,2026-11-01 09:30,化工厂排放刺鼻气味,胜利路88号,铁东区,华信化工,,,大气,,,是"
    bad = "8890,,2026-13-01 09:30,,胜利路,火星区,,abc,,烟,,,也许"
    content = "\n".join([header, good, bad]).encode("utf-8")
    client.force_login(desk_officer)
    url = reverse("complaints:import")
    response = client.post(url, {"file": SimpleUploadedFile("转办.csv", content)})
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "第3行" in page
        and "缺少来源编号" in page
        and "火星区" in page
        and "也许" not in page.split("第2行")[0]
    )
    assert not Complaint.objects.exists()
    content = "\n".join(
        [
            header,
            good,
            good.replace("LN1", "LN2").replace(
                "化工厂排放刺鼻气味", "华信化工半夜排废气"
            ),
        ]
    ).encode("gb18030")
    response = client.post(url, {"file": SimpleUploadedFile("转办.csv", content)})
    assert response.status_code == 302
    assert Complaint.objects.filter(channel="platform_12369").count() == 2
    # The second repeats the first: merged.
    assert Complaint.objects.filter(status="merged").count() == 1


def test_the_import_template_is_an_excel_file(client, desk_officer, district_b_officer):
    from openpyxl import load_workbook

    client.force_login(desk_officer)
    response = client.get(reverse("complaints:import-template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "来源渠道"
    client.force_login(district_b_officer)
    assert client.get(reverse("complaints:import-template")).status_code == 403
