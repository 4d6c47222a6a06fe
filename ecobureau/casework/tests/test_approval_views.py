"""The approval page and the actions of `casework/_approval.html`, through URLs."""

import pytest
from django.urls import reverse

from ecobureau.casework import selectors, services
from ecobureau.casework.models import Approval

from .files_support import enterprise_target  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("enterprise_target")]

HTMX = {"HX-Request": "true"}


@pytest.fixture
def approval(enterprise_a, district_a_officer):
    return services.approval_propose(
        target=enterprise_a,
        subject="立案审批",
        proposal="建议立案调查。",
        reasons="废气处理设施未运行。",
        by=district_a_officer,
    )


def url(name, approval):
    return reverse(f"casework:{name}", args=[approval.pk])


def test_the_page_shows_the_chain_and_the_reviewers_form(
    client, approval, district_a_leader
):
    client.force_login(district_a_leader)

    response = client.get(url("approval-detail", approval))

    page = response.content.decode()
    assert response.status_code == 200
    assert "立案审批" in page and "建议立案调查。" in page and "张科员" in page
    assert url("approval-review", approval) in page
    assert url("approval-decide", approval) not in page


def test_the_handler_sees_no_form_to_review_their_own(
    client, approval, district_a_officer
):
    client.force_login(district_a_officer)

    page = client.get(url("approval-detail", approval)).content.decode()

    assert url("approval-review", approval) not in page


def test_the_page_is_refused_outside_scope_and_to_the_public(
    client, approval, district_b_officer, citizen
):
    client.force_login(district_b_officer)
    assert client.get(url("approval-detail", approval)).status_code == 404
    client.force_login(citizen)
    assert client.get(url("approval-detail", approval)).status_code == 403


def test_review_then_decide_through_the_forms_and_back_to_the_page(
    client, approval, district_a_leader, deputy_head_a
):
    client.force_login(district_a_leader)
    response = client.post(
        url("approval-review", approval),
        {"opinion": "同意立案。", "next": "/enterprises/1/"},
    )
    assert response.status_code == 302 and response["Location"] == "/enterprises/1/"

    client.force_login(deputy_head_a)
    response = client.post(
        url("approval-decide", approval),
        {"decision": "approve", "opinion": "", "next": "https://evil.example/"},
    )
    assert response["Location"] == url("approval-detail", approval)
    approval.refresh_from_db()
    assert (approval.status, approval.reviewer, approval.approver) == (
        "approved",
        district_a_leader,
        deputy_head_a,
    )


def test_htmx_gets_the_panel_back(client, approval, district_a_leader):
    client.force_login(district_a_leader)

    response = client.post(
        url("approval-review", approval),
        {"opinion": "同意立案。"},
        headers=HTMX,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="approval-{approval.pk}"' in page and "待批准" in page
    assert "<html" not in page


def test_the_handler_posting_a_review_is_forbidden(
    client, approval, district_a_officer
):
    client.force_login(district_a_officer)

    response = client.post(url("approval-review", approval), {"opinion": "自己同意"})

    assert response.status_code == 403
    approval.refresh_from_db()
    assert approval.status == "proposed" and approval.reviewer is None


def test_the_reviewer_posting_a_decision_is_forbidden(
    client, approval, district_a_leader
):
    services.approval_review(approval=approval, opinion="同意", by=district_a_leader)
    client.force_login(district_a_leader)

    response = client.post(
        url("approval-decide", approval), {"decision": "approve", "opinion": ""}
    )

    assert response.status_code == 403
    approval.refresh_from_db()
    assert approval.status == "reviewed"


def test_outside_scope_and_public_may_not_act(
    client, approval, district_b_head, citizen
):
    client.force_login(district_b_head)
    response = client.post(url("approval-review", approval), {"opinion": "同意"})
    assert response.status_code == 404
    client.force_login(citizen)
    response = client.post(url("approval-review", approval), {"opinion": "同意"})
    assert response.status_code == 403
    approval.refresh_from_db()
    assert approval.status == "proposed"


def test_a_return_without_reasons_is_shown_with_what_was_typed(
    client, approval, district_a_leader, deputy_head_a
):
    services.approval_review(approval=approval, opinion="同意", by=district_a_leader)
    client.force_login(deputy_head_a)

    full = client.post(
        url("approval-decide", approval), {"decision": "return", "opinion": ""}
    )
    fragment = client.post(
        url("approval-decide", approval),
        {"decision": "return", "opinion": "  "},
        headers={**HTMX, "HX-Current-URL": "http://testserver/enterprises/1/"},
    )

    assert full.status_code == 400 and "须说明理由" in full.content.decode()
    assert fragment.status_code == 200 and "须说明理由" in fragment.content.decode()
    # the swapped-in form comes back to the page it is on, not to the action
    assert 'name="next" value="/enterprises/1/"' in fragment.content.decode()
    approval.refresh_from_db()
    assert approval.status == "reviewed"


def test_the_handler_resubmits_a_returned_proposal(
    client, approval, district_a_officer, district_a_leader, deputy_head_a
):
    services.approval_review(approval=approval, opinion="同意", by=district_a_leader)
    services.approval_decide(
        approval=approval, decision="return", opinion="补充数据", by=deputy_head_a
    )
    client.force_login(district_a_officer)
    assert url("approval-resubmit", approval) in (
        client.get(url("approval-detail", approval)).content.decode()
    )

    response = client.post(
        url("approval-resubmit", approval),
        {"proposal": "建议立案（已补充）。", "reasons": "监测超标。"},
        headers=HTMX,
    )

    again = Approval.objects.get(previous=approval)
    page = response.content.decode()
    assert (
        f'id="approval-{again.pk}"' in page and f'id="approval-{approval.pk}"' in page
    )
    assert again.status == "proposed" and again.handler == district_a_officer


def test_the_workbench_item_leads_to_the_approval(client, approval, district_a_leader):
    client.force_login(district_a_leader)

    response = client.get(
        reverse("casework:target-open", args=["casework.approval", approval.pk])
    )

    assert response.status_code == 302
    assert response["Location"] == url("approval-detail", approval)


def test_a_module_page_can_include_the_partial(
    rf, approval, enterprise_a, district_a_leader
):
    from django.template.loader import render_to_string

    request = rf.get("/enterprises/1/")
    request.user = district_a_leader
    panels = selectors.approval_panels_for_target(district_a_leader, enterprise_a)

    html = render_to_string(
        "casework/_approval.html", {"approvals": panels}, request=request
    )

    assert "内部审批" in html and "提交审核意见" in html
    assert 'name="next" value="/enterprises/1/"' in html
