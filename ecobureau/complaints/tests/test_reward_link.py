"""A complaint whose complainant registered a reward report (举报奖励): the
complainant is a reporter under 实施细则 第十一条 (A126), hidden from everyone but
the reward handlers — enforcement staff, grid officers, sub-bureau staff and
heads, the 12369 desk, leaders and the public — on the page, the dispatch page,
the API, the Open311 answer, the public tracking page, the written reply PDF and
the ranking export."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.casework.models import Document
from ecobureau.complaints import selectors, services
from ecobureau.core.models import Record
from ecobureau.lib import identity_crypto
from ecobureau.rewards import services as reward_services

from .conftest import submit

pytestmark = pytest.mark.django_db
SECRETS = ("张三", "张*", "13900000001", "139****0001", "zhang@example.com")


@pytest.fixture(autouse=True)
def _key(settings):
    settings.REWARD_IDENTITY_KEY = identity_crypto.generate_key("k1")


@pytest.fixture
def reward_handler(bureau) -> User:
    section = UnitFactory(
        code="enforcement-section",
        name="生态环境执法科",
        kind=Unit.Kind.SECTION,
        parent=bureau,
    )
    return UserFactory(
        username="reward",
        full_name="许文",
        unit=section,
        scope=User.Scope.CITY,
        role_codes=["reward_handler"],
    )


@pytest.fixture
def township_unit(township_a1) -> Unit:
    return UnitFactory(
        code="tw-a1", name="某街道办事处", kind=Unit.Kind.TOWNSHIP, division=township_a1
    )


@pytest.fixture
def grid_officer(township_unit, township_a1) -> User:
    return UserFactory(
        username="grid",
        full_name="网格员",
        unit=township_unit,
        scope=User.Scope.DIVISION,
        scope_division=township_a1,
        role_codes=["grid_officer"],
    )


@pytest.fixture
def linked(
    desk, district_a, township_a1, desk_officer, reward_handler, team, township_unit
):
    complaint = submit(
        district=district_a,
        township=township_a1,
        by=desk_officer,
        contact_email="zhang@example.com",
        wants_written_reply=True,
    )
    reward_services.report_register(
        data=reward_services.ReportData(
            channel="visit",
            reported_party="鞍山市华信化工有限公司",
            reported_address="铁东区胜利路88号",
            facts="夜间排放刺鼻气味",
            reporters=[
                reward_services.Identity(
                    name="张三", id_number="210302198001011234", phone="13900000001"
                )
            ],
            complaint_id=complaint.pk,
        ),
        by=reward_handler,
    )
    complaint.refresh_from_db()
    services.complaint_accept(complaint=complaint, by=desk_officer)
    services.complaint_dispatch(
        complaint=complaint,
        orders=[
            services.DispatchOrder(unit=team, kind="team", days=10, lead=True),
            services.DispatchOrder(unit=township_unit, kind="grid", days=10),
        ],
        by=desk_officer,
    )
    return complaint


def _clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def test_registering_the_reward_report_seals_the_complaint(linked, reward_handler):
    assert linked.reward_linked
    assert Record.objects.filter(
        action="complaints.complaint.reward_link", target_id=linked.pk
    ).exists()
    # The reward handler is the one who may know (and sees it in the reward file).
    contact = selectors.contact_for(reward_handler, linked)
    assert contact.name == "张三" and not contact.masked


def test_staff_without_the_reward_role_never_see_the_complainant(
    client,
    linked,
    enforcement_officer,
    grid_officer,
    district_a_officer,
    district_a_leader,
    desk_officer,
    city_leader,
):
    detail = reverse("complaints:detail", args=[linked.pk])
    for person in (
        enforcement_officer,
        district_a_officer,
        district_a_leader,
        desk_officer,
        city_leader,
    ):
        client.force_login(person)
        page = client.get(detail)
        assert page.status_code == 200, person
        text = page.content.decode()
        _clean(text)
        assert selectors.SEALED_NAME in text
        api = client.get(f"/api/complaints/{linked.pk}")
        assert api.status_code == 200
        _clean(api.content.decode())
        _clean(client.get("/api/complaints/").content.decode())
    # The grid officer sees the dispatch to their township, without the person.
    client.force_login(grid_officer)
    dispatches = client.get(reverse("complaints:dispatch-list")).content.decode()
    _clean(dispatches)
    dispatch = linked.dispatches.get(unit=grid_officer.unit)
    page = client.get(reverse("complaints:dispatch-detail", args=[dispatch.pk]))
    assert page.status_code == 200
    _clean(page.content.decode())
    assert client.get(f"/api/complaints/{linked.pk}").status_code in (200, 404)
    _clean(client.get(f"/api/complaints/{linked.pk}").content.decode())


def test_the_public_pages_and_open311_never_show_the_complainant(
    client, linked, citizen
):
    for person in (None, citizen):
        if person is None:
            client.logout()
        else:
            client.force_login(person)
        track = client.get(
            reverse("complaints:track") + f"?code={linked.tracking_code}"
        )
        assert track.status_code == 200
        _clean(track.content.decode())
        for fmt in ("json", "xml"):
            answer = client.get(f"/open311/v2/requests/{linked.tracking_code}.{fmt}")
            _clean(answer.content.decode())
        assert client.get(
            reverse("complaints:detail", args=[linked.pk])
        ).status_code in (
            302,
            403,
            404,
        )


def test_the_written_reply_and_the_ranking_export_hold_no_identity(
    client,
    linked,
    desk_officer,
    team,
    enforcement_officer,
    township_unit,
    grid_officer,
    district_a_leader,
):
    for dispatch in linked.dispatches.all():
        who = enforcement_officer if dispatch.unit == team else grid_officer
        services.dispatch_feedback(
            dispatch=dispatch, by=who, feedback="已核查", finding="true"
        )
    linked.refresh_from_db()
    services.complaint_handle(
        complaint=linked,
        by=desk_officer,
        survey="现场核查",
        finding="true",
        measures="责令整改",
    )
    services.complaint_reply(
        complaint=linked,
        by=desk_officer,
        reply_text="已责令整改。",
        reply_method="written",
        no_enforcement_reason="责令整改，未发现应予处罚的违法行为",
    )
    document = Document.objects.get(kind="complaint_reply", target_id=linked.pk)
    client.force_login(enforcement_officer)
    response = client.get(reverse("casework:document-pdf", args=[document.pk]))
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    _clean(text.replace("\n", ""))
    client.force_login(district_a_leader)
    export = client.get(reverse("complaints:ranking-export"))
    assert export.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export.content)).active
    _clean(" ".join(str(c.value) for row in sheet.iter_rows() for c in row))
