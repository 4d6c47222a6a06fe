"""The privacy crawl with the pages full (issue 15 "done means"): on top of the
private data of `test_privacy`, a citizen party's penalty (facts naming the person
with ID number) is published through `enforcement.services.publication.
decision_publish`, so the public decisions page and its exports are not empty; the
air API and each complaint's single Open311 request are fetched too. No name, ID
number, phone or address of a private person may appear anywhere.

Two leaks found this way in other modules are fixed by their owners and checked
here: a petition case's content on the rectification 公示 page (masked), and a
reward notice on a private person (the reported party is named only when it is a
registered enterprise)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.lib import identity_crypto
from ecobureau.lib.dates import local_date

from .conftest import CITIZEN_PARTY, COMPLAINANT, REPORTER
from .test_privacy import (
    SECRETS,
    _local_links,
    _normal,
    _public_urls,
    _text,
    private_data,
)

pytestmark = pytest.mark.django_db
__all__ = ["private_data"]  # the fixture, shared with test_privacy

KEY = identity_crypto.generate_key("portal-test")


def _publish_the_citizen_penalty(bureau) -> None:
    """The citizen party's decision of `private_data`: its 当场处罚决定书 issued,
    served and published by an enforcement head."""
    from ecobureau.casework import services as casework
    from ecobureau.enforcement.models import PenaltyDecision
    from ecobureau.enforcement.services import publication

    head = UserFactory(
        username="enf-head",
        full_name="赵队长",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["enforcement_head"],
    )
    decision = PenaltyDecision.objects.select_related("case__enterprise").get(
        party_kind=PenaltyDecision.PartyKind.CITIZEN
    )
    casework.document_issue(
        kind="enf_summary_decision",
        unit=bureau,
        target=decision.case,
        by=head,
        context={
            "party": decision.case.enterprise.name,
            "facts": decision.facts,
            "basis": decision.legal_basis,
            "penalty": decision.penalty_text(),
            "payment": "自收到本决定书之日起十五日内缴至指定银行",
        },
    )
    decision.served_at = timezone.now()
    decision.save(update_fields=["served_at"])
    published = publication.decision_publish(decision=decision, by=head)
    assert published.party == publication.CITIZEN_LABEL


def _publish_a_petition_case(district) -> None:
    """A petition case transferred by an inspection team whose content names the
    complainant, published for 公示 before close-out."""
    from ecobureau.rectification.models import PetitionCase, Source

    PetitionCase.objects.create(
        status="publishing",
        district=district,
        number="D2100000202611001",
        round="第三轮中央生态环境保护督察",
        source=Source.CENTRAL,
        received_on=local_date(timezone.now()),
        content=(
            f"{COMPLAINANT.name}（身份证{COMPLAINANT.id_number}，电话"
            f"{COMPLAINANT.phone}）反映其住所{COMPLAINANT.address}附近烧烤店油烟扰民。"
        ),
        category=PetitionCase.Category.NEARBY,
        truth=PetitionCase.Truth.TRUE,
        responsible_units="铁东区人民政府",
        deadline=local_date(timezone.now()),
        complainant_name=COMPLAINANT.name,
        complainant_phone=COMPLAINANT.phone,
        published_at=timezone.now(),
    )


def _publish_a_reward_exclusion(bureau) -> None:
    """A report on a private person (露天焚烧), registered with the reporter's
    identity and not rewarded: the 不予奖励告知书 served by publication."""
    from ecobureau.rewards import services as rewards

    section = UnitFactory(
        code="enforcement-section", name="生态环境执法科", parent=bureau
    )
    handler = UserFactory(
        username="reward",
        unit=section,
        scope=User.Scope.CITY,
        role_codes=["reward_handler"],
    )
    team = UnitFactory(code="team", name="综合行政执法队", parent=bureau)
    report = rewards.report_register(
        data=rewards.ReportData(
            channel="visit",
            reported_party=CITIZEN_PARTY.name,
            reported_address=CITIZEN_PARTY.address,
            facts=f"{CITIZEN_PARTY.name}在{CITIZEN_PARTY.address}院内露天焚烧垃圾",
            occurred="2026年10月",
            evidence_note="照片2张",
            reporters=[
                rewards.Identity(
                    name=REPORTER.name,
                    id_number=REPORTER.id_number,
                    phone=REPORTER.phone,
                )
            ],
        ),
        by=handler,
    )
    rewards.report_dispatch(report=report, unit=team, by=handler)
    rewards.report_exclude(
        report=report, exclusions=[4], not_first=False, note="", by=handler
    )
    rewards.report_serve_exclusion(
        report=report,
        service="publication",
        served_on=local_date(timezone.now()),
        by=handler,
    )


@pytest.fixture
def penalty_published(private_data, bureau):
    _publish_the_citizen_penalty(bureau)


def _extra_urls() -> list[str]:
    from ecobureau.complaints.models import Complaint

    urls = [
        "/api/air/forecast/latest",
        "/api/air/forecasts",
        "/api/air/daily",
        "/api/air/warnings",
        "/open311/v2/services.json",
    ]
    for code in Complaint.objects.values_list("tracking_code", flat=True):
        urls += [
            f"/open311/v2/requests/{code}.json",
            f"/open311/v2/requests/{code}.xml",
        ]
    return urls


def _crawl(client, start: list[str]) -> tuple[set[str], dict[str, list[str]]]:
    """Every URL of `start` and every local page they link to, once: the URLs seen
    and, for each that showed any, the private values it showed."""
    seen: set[str] = set()
    queue = [_normal(url) for url in start]
    leaks: dict[str, list[str]] = {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (302, 403, 404, 405):
            continue
        assert response.status_code == 200, url
        text = _text(response)
        found = [secret for secret in SECRETS if secret in text]
        if found:
            leaks[url] = found
        if len(seen) < 400 and response["Content-Type"].startswith("text/html"):
            queue.extend(_local_links(text, url) - seen)
    return seen, leaks


def test_a_published_citizen_penalty_the_air_api_and_open311_show_no_identity(
    client, penalty_published
):
    from ecobureau.enforcement.models import PublishedDecision

    seen, leaks = _crawl(client, _public_urls() + _extra_urls())
    assert not leaks, leaks
    assert len(seen) > 40
    # the decisions page was not empty: the citizen's decision is on it, de-identified
    published = PublishedDecision.objects.get()
    url = reverse("enforcement:public_decisions")
    assert published.reference in client.get(url).content.decode()
    assert published.facts.startswith("周**（身份证210***********3456）")
    assert url in seen
    for fmt in ("csv", "xlsx"):
        assert not [s for s in SECRETS if s in _text(client.get(f"{url}?format={fmt}"))]
    # the single Open311 requests were read
    assert sum(u.startswith("/open311/v2/requests/") for u in seen) >= 4


KNOWN_GAP = (
    "Known leak outside the portal (reported in issue 15's helper report): the "
    "owning module publishes this text verbatim"
)


def test_a_published_petition_case_shows_no_identity(client, district_a):
    _publish_a_petition_case(district_a)
    html = client.get(reverse("rectification:public")).content.decode()
    assert "D2100000202611001" in html
    assert not [s for s in COMPLAINANT.values() if s in html]


def test_a_reward_notice_on_a_private_person_shows_no_identity(
    client, settings, bureau
):
    settings.REWARD_IDENTITY_KEY = KEY
    _publish_a_reward_exclusion(bureau)
    html = client.get(reverse("rewards:publications")).content.decode()
    assert "登记号" in html
    assert not [s for s in (*REPORTER.values(), *CITIZEN_PARTY.values()) if s in html]
