"""The reward pages end to end through their URLs: the list and its export, the
detail, the decisions (dispatch, survey, penalty or exclusion, approval, notice)
and the payment, each refused for the person who must not act, with a clear
Chinese error that keeps what was typed."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ecobureau.casework import services as casework
from ecobureau.core.models import Record
from ecobureau.rewards import services
from ecobureau.rewards.models import Publication, RewardReport

from .conftest import register

pytestmark = pytest.mark.django_db
SECRETS = ("张建国", "210302198001011234", "13800000011", "6222000011112222")


def _page(client, report) -> str:
    response = client.get(reverse("rewards:detail", args=[report.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _post(client, name, report, data=None):
    return client.post(reverse(f"rewards:{name}", args=[report.pk]), data or {})


def _status(report) -> str:
    report.refresh_from_db()
    return report.status


def test_from_registration_to_payment_through_the_pages(
    client, handler, team, team_officer, section_head, city_leader
):
    report = register(handler)
    client.force_login(handler)
    page = _page(client, report)
    assert "交办（制作交办单）" in page and "张**" in page
    assert _post(client, "dispatch", report, {"unit": team.pk}).status_code == 302
    assert _status(report) == "dispatched"

    # The handling team surveys; it may not decide or pay.
    client.force_login(team_officer)
    page = _page(client, report)
    assert "完成现场勘验" in page and "发放奖金" not in page
    assert _post(client, "penalty", report, {}).status_code in (400, 403)
    assert _post(client, "survey", report, {"text": "现场发现暗管"}).status_code == 302
    assert _status(report) == "surveyed"

    client.force_login(handler)
    refused = _post(
        client,
        "penalty",
        report,
        {"decided_on": "2026-09-15", "decision_reference": "鞍环罚〔2026〕9号"},
    )
    assert refused.status_code == 400
    assert "鞍环罚〔2026〕9号" in refused.content.decode()  # kept what was typed
    assert _status(report) == "surveyed"
    response = _post(
        client,
        "penalty",
        report,
        {
            "decided_on": "2026-09-15",
            "decision_reference": "鞍环罚〔2026〕9号",
            "categories": ["4", "15"],
        },
    )
    assert response.status_code == 302 and _status(report) == "penalty_decided"
    assert _post(client, "propose", report, {"reasons": "查实"}).status_code == 302
    assert _status(report) == "approving"
    # Review and decision happen on casework's approval pages.
    approval = services.latest_approval(report)
    casework.approval_review(approval=approval, opinion="同意", by=section_head)
    casework.approval_decide(
        approval=approval, decision="approve", opinion="同意", by=city_leader
    )
    assert _post(client, "after-approval", report).status_code == 302
    assert _status(report) == "approved"
    assert report.amount == 3000  # 第七条: items 4–9 pay 3,000 (highest item only)
    response = _post(
        client, "notify", report, {"service": "written", "served_on": "2026-09-21"}
    )
    assert response.status_code == 302 and _status(report) == "notified"

    # Payment: a wrong ID is refused with the reason, the typed choice kept.
    wrong = _post(
        client,
        "pay",
        report,
        {"claimed_by": "self", "id_number": "210302198001019999"},
    )
    assert wrong.status_code == 400
    assert "不一致" in wrong.content.decode() and _status(report) == "notified"
    paid = _post(
        client, "pay", report, {"claimed_by": "self", "id_number": "210302198001011234"}
    )
    assert paid.status_code == 302 and _status(report) == "paid"
    page = _page(client, report)
    assert "3000.00元" in page and "已发放" in page
    for secret in SECRETS:
        assert secret not in page
    actions = set(
        Record.objects.filter(target_id=str(report.pk)).values_list("action", flat=True)
    )
    assert {"rewards.report.register"} <= actions


def test_the_exclusion_decision_and_its_publication_through_the_pages(
    client, handler, team
):
    report = register(handler)
    client.force_login(handler)
    _post(client, "dispatch", report, {"unit": team.pk})
    response = _post(client, "exclude", report, {"exclusions": ["4"], "note": "已掌握"})
    assert response.status_code == 302 and _status(report) == "excluding"
    response = _post(
        client,
        "serve-exclusion",
        report,
        {"service": "publication", "served_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302 and _status(report) == "excluded"
    client.logout()
    public = client.get(reverse("rewards:publications")).content.decode()
    assert report.registration_no in public
    assert Publication.objects.get().kind == "exclusion"
    for secret in SECRETS:
        assert secret not in public


def test_a_report_outside_the_remit_is_answered_with_the_route(client, handler):
    report = register(handler)
    client.force_login(handler)
    response = _post(
        client, "redirect", report, {"text": "交通噪声请向公安交警部门反映"}
    )
    assert response.status_code == 302 and _status(report) == "redirected"
    assert "交通噪声请向公安交警部门反映" in _page(client, report)


def test_the_list_filters_and_exports_masked(client, handler, team_officer, team):
    paid_like = register(handler)
    other = register(handler, party="鞍山市鑫丰化工有限公司")
    client.force_login(handler)
    _post(client, "dispatch", paid_like, {"unit": team.pk})
    listed = client.get(reverse("rewards:list") + "?status=dispatched")
    page = listed.content.decode()
    assert paid_like.registration_no in page and other.registration_no not in page
    export = client.get(reverse("rewards:export"))
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "登记号" and len(rows) == 3
    text = "".join(str(v) for row in rows for v in row if v is not None)
    assert "张**" in text
    for secret in SECRETS:
        assert secret not in text
    # The handling team exports only what was handed to it, masked too.
    client.force_login(team_officer)
    rows = list(
        load_workbook(
            io.BytesIO(client.get(reverse("rewards:export")).content)
        ).active.iter_rows(values_only=True)
    )
    assert [r[0] for r in rows[1:]] == [paid_like.registration_no]


def test_the_public_and_grid_officers_cannot_export(client, grid_officer, citizen):
    for person in (grid_officer, citizen):
        client.force_login(person)
        assert client.get(reverse("rewards:export")).status_code in (302, 403)
    client.logout()
    assert client.get(reverse("rewards:export")).status_code in (302, 403)
    assert RewardReport.objects.count() == 0


def test_a_report_outside_the_rules_year_is_flagged(client, handler):
    """第十五条: valid one year from publication; the date is entered (A128)."""
    from datetime import date, timedelta

    from ecobureau.rewards.models import RulesEdition

    report = register(handler)
    client.force_login(handler)
    assert "未录入举报奖励实施细则的发布日期" in _page(client, report)
    day = timezone.localdate()
    edition = RulesEdition.objects.create(published_on=day - timedelta(days=30))
    assert 'data-testid="rules-warning"' not in _page(client, report)
    edition.published_on = date(day.year - 2, 1, 1)
    edition.save()
    assert "已过有效期" in _page(client, report)
