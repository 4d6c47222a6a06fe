import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from pypdf import PdfReader

from ecobureau.casework import services
from ecobureau.casework.models import Attachment, Document, DocumentCounter
from ecobureau.core import records
from ecobureau.lib.dates import SHANGHAI

from .files_support import enterprise_target, media_root  # noqa: F401

pytestmark = [
    pytest.mark.urls("ecobureau.casework.tests.files_support"),
    pytest.mark.usefixtures("enterprise_target"),
]

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=SHANGHAI)
APPLICATION = {
    "applicant": "鞍山市华信精细化工有限公司（法定代表人刘堃）",
    "matter": "建设项目环境影响报告表审批",
    "received_on": date(2026, 11, 20),
}


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def issue(kind, target, by, unit=None, **context):
    return services.document_issue(
        kind=kind,
        unit=unit or by.unit,
        target=target,
        by=by,
        context={**APPLICATION, **context} if kind != "service_receipt" else context,
    )


def pdf_pages(document: Document) -> list[str]:
    with services.attachment_open(document.attachment) as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return [page.extract_text() for page in reader.pages]


def pdf_text(document: Document) -> str:
    return "".join(pdf_pages(document)).replace("\n", "")


# --- Issuing --------------------------------------------------------------------


@pytest.mark.usefixtures("frozen_now")
def test_issue_numbers_renders_stores_and_records(enterprise_a, district_a_officer):
    document = issue(
        "acceptance_notice",
        enterprise_a,
        district_a_officer,
        time_limit="20个工作日",
        contact="王喆",
        phone="0412-5555555",
    )

    # numbered in the unit's series for the year
    assert (document.year, document.number) == (2026, 1)
    assert document.reference == "鞍环铁东受〔2026〕1号"
    assert document.title == "受理通知书"
    # the PDF is an attachment of the target, and its hash is in the record
    attachment = document.attachment
    assert attachment.kind == Attachment.Kind.DOCUMENT
    assert (attachment.target_type, attachment.target_id) == (
        "enterprises.enterprise",
        enterprise_a.pk,
    )
    with services.attachment_open(attachment) as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == attachment.blob_id
    (entry,) = records.history(enterprise_a).filter(action="document.issue")
    data = records.payload_of(entry)["data"]
    assert data["sha256"] == [attachment.blob_id]
    assert data["reference"] == "鞍环铁东受〔2026〕1号"
    assert "刘堃" not in entry.payload  # names stay out of the record
    # the PDF carries the unit, the 文号, the applicant and the date in Chinese
    text = pdf_text(document)
    for expected in (
        "鞍山市生态环境局铁东分局",
        "受理通知书",
        "鞍环铁东受〔2026〕1号",
        "鞍山市华信精细化工有限公司（法定代表人刘堃）：",
        "本机关决定予以受理",
        "自受理之日起20个工作日内作出决定",
        "联系人：王喆",
        "二〇二六年十一月二十二日",
    ):
        assert expected in text


def test_numbers_follow_each_other_per_unit_series_and_year(sub_bureau_a, sub_bureau_b):
    def take(unit, series, year=2026):
        with transaction.atomic():
            return services.document_number_take(unit=unit, series=series, year=year)

    assert [take(sub_bureau_a, "受") for _ in range(3)] == [1, 2, 3]
    assert take(sub_bureau_a, "补") == 1
    assert take(sub_bureau_b, "受") == 1
    assert take(sub_bureau_a, "受", year=2027) == 1
    assert take(sub_bureau_a, "受") == 4


def test_the_year_is_the_local_year_of_issue(enterprise_a, district_a_officer):
    # given: 1 a.m. on 1 January 2027 in Shanghai, still 31 December in UTC
    with time_machine.travel(datetime(2026, 12, 31, 17, 0, tzinfo=UTC), tick=False):
        document = issue("acceptance_notice", enterprise_a, district_a_officer)

    assert (document.year, document.reference) == (2027, "鞍环铁东受〔2027〕1号")
    assert "二〇二七年一月一日" in pdf_text(document)


@pytest.mark.usefixtures("frozen_now")
def test_correction_notice_lists_every_material_and_pauses_the_clock(
    enterprise_a, district_a_officer
):
    materials = ["建设项目环境影响报告表（全本）", "删除涉密内容的公示本", "委托书"]

    document = issue(
        "correction_notice",
        enterprise_a,
        district_a_officer,
        materials=materials,
        supply_by=date(2026, 12, 4),
    )

    text = pdf_text(document)
    assert "补正材料通知书" in text
    assert "一次告知" in text
    for number, material in zip("一二三", materials, strict=True):
        assert f"{number}、{material}" in text
    assert "并于2026年12月4日前提交" in text
    assert "办理时限暂停计算" in text


@pytest.mark.usefixtures("frozen_now")
def test_service_receipt_is_a_table_with_signature_boxes(
    enterprise_a, district_a_officer
):
    receipt = issue(
        "service_receipt",
        enterprise_a,
        district_a_officer,
        served_title="受理通知书",
        served_reference="鞍环铁东受〔2026〕1号",
        recipient="刘堃",
        place="铁东区胜利路88号",
        method="直接送达",
        servers=["张科员", "李喆"],
    )

    text = pdf_text(receipt)
    assert receipt.reference == "鞍环铁东送〔2026〕1号"
    for expected in (  # label and value of each row, as two cells
        "送达文书名称及文号 受理通知书（鞍环铁东受〔2026〕1号）",
        "受送达人 刘堃",
        "送达地点 铁东区胜利路88号",
        "送达方式 直接送达",
        "送达人 张科员、李喆",
        "受送达人签收",
        "见证人",
    ):
        assert expected in text
    assert text.count("签名或盖章：") == 4
    assert len(pdf_pages(receipt)) == 1  # a form on one page


def test_service_by_leaving_must_state_the_reason(enterprise_a, district_a_officer):
    with pytest.raises(ValidationError) as refused:
        issue(
            "service_receipt",
            enterprise_a,
            district_a_officer,
            served_title="受理通知书",
            recipient="刘堃",
            place="铁东区",
            method="留置送达",
            servers=["张科员"],
        )

    assert refused.value.messages == ["留置送达须在备注中记明事由。"]


def test_missing_fields_are_all_named_and_no_number_is_used(
    enterprise_a, district_a_officer
):
    with pytest.raises(ValidationError) as refused:
        services.document_issue(
            kind="correction_notice",
            unit=district_a_officer.unit,
            target=enterprise_a,
            by=district_a_officer,
            context={"applicant": "刘堃", "materials": []},
        )

    assert refused.value.messages == [
        "请填写申请事项。",
        "请填写收到申请日期。",
        "请至少填写一项需补正的材料。",
    ]
    assert not DocumentCounter.objects.exists()


def test_refused_document_gives_its_number_back(enterprise_a, district_a_officer):
    # given: a document whose text the font cannot set is refused
    with pytest.raises(ValidationError) as refused:
        issue("acceptance_notice", enterprise_a, district_a_officer, applicant="𠮷田")
    assert refused.value.messages == [
        "以下字符在文书字库中没有，无法排版：𠮷。请核对后重新填写。"
    ]

    # when
    document = issue("acceptance_notice", enterprise_a, district_a_officer)

    # then: it took no number with it
    assert document.number == 1
    assert Document.objects.count() == 1


def test_unit_without_document_prefix_cannot_issue(
    enterprise_a, district_a_officer, sub_bureau_a
):
    sub_bureau_a.document_prefix = ""
    sub_bureau_a.save()

    with pytest.raises(ValidationError) as refused:
        issue("acceptance_notice", enterprise_a, district_a_officer)

    assert refused.value.messages == [
        "鞍山市生态环境局铁东分局未设置文号代字，不能制发文书。"
    ]


# --- Pages ----------------------------------------------------------------------


@pytest.mark.usefixtures("frozen_now")
def test_document_page_and_pdf_for_someone_who_may_see_the_target(
    client, enterprise_a, district_a_officer
):
    document = issue("acceptance_notice", enterprise_a, district_a_officer)
    client.force_login(district_a_officer)

    page = client.get(reverse("casework:document-detail", args=[document.pk]))
    pdf = client.get(reverse("casework:document-pdf", args=[document.pk]))

    assert page.status_code == 200
    assert "鞍环铁东受〔2026〕1号" in page.content.decode()
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_document_is_refused_outside_the_targets_scope(
    client, enterprise_a, district_a_officer, district_b_officer
):
    document = issue("acceptance_notice", enterprise_a, district_a_officer)
    client.force_login(district_b_officer)

    page = client.get(reverse("casework:document-detail", args=[document.pk]))
    pdf = client.get(reverse("casework:document-pdf", args=[document.pk]))

    assert (page.status_code, pdf.status_code) == (404, 404)


# --- Numbering under concurrency ------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.slow
def test_numbers_are_gapless_and_unique_under_20_parallel_issuers_on_postgresql(
    enterprise_a, district_a_officer
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under concurrency need PostgreSQL")
    issuers = 20
    start = threading.Barrier(issuers)
    numbers: list[int] = []
    errors: list[BaseException] = []

    def issuer() -> None:
        # Each thread has its own database connection.
        try:
            start.wait()
            numbers.append(
                issue("acceptance_notice", enterprise_a, district_a_officer).number
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issuer) for _ in range(issuers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == list(range(1, issuers + 1))
    assert DocumentCounter.objects.get().last == issuers
    references = set(Document.objects.values_list("reference", flat=True))
    assert len(references) == issuers


# Run by each process of the SQLite test: get ready (Django, the font), say so,
# issue documents as soon as the start file appears, print the numbers obtained.
_ISSUER = """
import json, pathlib, sys, time
from datetime import date
import django
django.setup()
from django.conf import settings
from ecobureau.accounts.models import User
from ecobureau.casework import services
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import pdf

media, user_id, target_id, count, start = sys.argv[1:]
settings.MEDIA_ROOT = pathlib.Path(media)
user = User.objects.select_related("unit").get(pk=user_id)
target = Enterprise.objects.get(pk=target_id)
context = {"applicant": "刘堃", "matter": "排污许可", "received_on": date(2026, 11, 20)}
pdf.font_characters()
pathlib.Path(f"{start}.ready.{user_id}.{time.monotonic_ns()}").touch()
while not pathlib.Path(start).exists():
    time.sleep(0.01)
numbers = [
    services.document_issue(
        kind="acceptance_notice", unit=user.unit, target=target, by=user,
        context=context,
    ).number
    for _ in range(int(count))
]
print(json.dumps(numbers))
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_numbers_are_gapless_and_unique_across_processes_on_a_sqlite_file(
    enterprise_a, district_a_officer, tmp_path
):
    if connection.vendor != "sqlite":
        pytest.skip("this test copies the SQLite test database to a file")
    # given: the test database copied to a file, shared by three processes
    database = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    start = tmp_path / "start"
    processes, per_process = 2, 3
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "ecobureau.settings_test",
    }
    arguments = [tmp_path / "media", district_a_officer.pk, enterprise_a.pk]
    issuers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _ISSUER,
                *map(str, arguments),
                str(per_process),
                str(start),
            ],
            cwd=django_settings.BASE_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]

    # when: all start issuing at once, once all are ready
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("start.ready.*"))) < processes:
        assert time.monotonic() < deadline, [i.poll() for i in issuers]
        time.sleep(0.05)
    start.touch()
    outputs = [issuer.communicate(timeout=120) for issuer in issuers]

    # then
    for issuer, (_, stderr) in zip(issuers, outputs, strict=True):
        assert issuer.returncode == 0, stderr[-2000:]
    numbers = [n for stdout, _ in outputs for n in json.loads(stdout.splitlines()[-1])]
    total = processes * per_process
    assert sorted(numbers) == list(range(1, total + 1))
    with sqlite3.connect(database) as shared:
        stored = [
            row[0] for row in shared.execute("SELECT number FROM casework_document")
        ]
        (last,) = shared.execute("SELECT last FROM casework_documentcounter").fetchone()
    assert sorted(stored) == list(range(1, total + 1))
    assert last == total
