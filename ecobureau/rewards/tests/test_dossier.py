"""有奖举报奖金核发管理档案 (实施细则 第十二条, A127): after payment the papers are
assembled into one numbered PDF, seen and downloaded by the reward handlers only,
recorded, and holding no identity in clear."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ecobureau.casework import services as casework
from ecobureau.casework.models import Document
from ecobureau.core.models import Record
from ecobureau.lib import pdf
from ecobureau.rewards import services
from ecobureau.rewards.models import RewardDossier

from .conftest import ZHANG, register

pytestmark = pytest.mark.django_db
SECRETS = ("张建国", "210302198001011234", "13800000011", "6222000011112222")


def _text(content: bytes) -> str:
    return (
        "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        .replace("\n", "")
        .replace(" ", "")
    )


@pytest.fixture
def paid(handler, team, team_officer, section_head, city_leader):
    report = register(handler)
    services.report_dispatch(report=report, unit=team, by=handler)
    services.report_survey(report=report, note="现场发现暗管", by=team_officer)
    services.report_penalty(
        report=report,
        decided_on=timezone.localdate(),
        categories=[4],
        by=handler,
        decision_reference="鞍环罚〔2026〕12号",
    )
    approval = services.report_propose(report=report, by=handler, reasons="")
    casework.approval_review(approval=approval, opinion="同意", by=section_head)
    casework.approval_decide(
        approval=approval, decision="approve", opinion="同意", by=city_leader
    )
    services.report_after_approval(report=report, by=handler)
    services.report_notify(
        report=report, service="written", served_on=timezone.localdate(), by=handler
    )
    services.report_pay(
        report=report,
        claim=services.Claim(claimed_by="self", id_number=ZHANG.id_number),
        by=handler,
    )
    return report


def test_payment_files_the_papers_as_one_numbered_dossier(paid, handler):
    dossier = RewardDossier.objects.get(report=paid)
    assert dossier.document is not None
    titles = [p["title"] for p in dossier.papers]
    assert titles == [
        "鞍山市生态环境违法行为举报受理登记表",
        "鞍山市生态环境违法行为举报受理交办单",
        "调查处理情况",
        "鞍山市生态环境违法行为举报奖励审批表",
        "鞍山市生态环境违法行为举报奖励通知书",
        "奖金发放记录",
    ]
    stored = Document.objects.filter(
        target_type="rewards.rewardreport", target_id=paid.pk
    )
    references = {d.reference for d in stored}
    assert {p["reference"] for p in dossier.papers if p["reference"]} == references
    assert dossier.document.kind == "reward_dossier"
    assert dossier.document.target_type == "rewards.rewarddossier"
    assert Record.objects.filter(
        action="rewards.dossier.assemble", target_id=paid.pk
    ).exists()
    # A second call returns the same dossier.
    assert services.dossier_assemble(report=paid, by=handler).pk == dossier.pk


def test_the_dossier_pdf_lists_and_numbers_the_papers_without_the_identity(
    client, paid, handler
):
    dossier = RewardDossier.objects.get(report=paid)
    client.force_login(handler)
    page = client.get(reverse("rewards:detail", args=[paid.pk])).content.decode()
    assert reverse("rewards:dossier", args=[dossier.pk]) in page
    response = client.get(reverse("rewards:dossier", args=[dossier.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    text = _text(content)
    assert "卷内目录" in text and "奖金发放记录" in text
    for number in range(1, 7):
        assert f"{pdf.chinese_number(number)}、" in text
    assert paid.registration_no in text and "鞍环罚〔2026〕12号" in text
    assert "张**" in text  # the mask only
    for secret in SECRETS:
        assert secret not in text
    assert b"/FontFile2" in content  # the Chinese font is embedded
    assert (
        Record.objects.filter(
            action="rewards.dossier.download", target_id=paid.pk, actor_id=handler.pk
        ).count()
        == 1
    )


def test_nobody_but_the_reward_handlers_sees_the_dossier(
    client,
    paid,
    team_officer,
    grid_officer,
    district_a_officer,
    section_head,
    city_leader,
    citizen,
):
    dossier = RewardDossier.objects.get(report=paid)
    assert dossier.document is not None
    url = reverse("rewards:dossier", args=[dossier.pk])
    document_url = reverse("casework:document-pdf", args=[dossier.document.pk])
    for person in (
        team_officer,
        grid_officer,
        district_a_officer,
        section_head,
        city_leader,
        citizen,
    ):
        client.force_login(person)
        assert client.get(url).status_code in (403, 404), person
        assert client.get(document_url).status_code in (403, 404), person
        assert (
            url
            not in client.get(
                reverse("rewards:detail", args=[paid.pk])
            ).content.decode()
        )
    client.logout()
    assert client.get(url).status_code in (302, 403, 404)
    with pytest.raises(PermissionDenied):
        services.dossier_download_record(dossier=dossier, by=team_officer)


def test_a_dossier_only_after_payment(report, handler, team_officer):
    with pytest.raises(ValidationError):
        services.dossier_assemble(report=report, by=handler)
    with pytest.raises(PermissionDenied):
        services.dossier_assemble(report=report, by=team_officer)
