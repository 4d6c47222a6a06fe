"""No disclosure page, export, API answer or PDF shows a private person's identity
(issue 15 "done means"; 举报奖励实施细则 and 政府信息公开条例 第十五条: personal
privacy is not disclosed). Known complainants, reporters, a citizen party and
private persons named in an enterprise's file are seeded; every public URL of the
disclosure catalogue and of public participation, every export, the Open311 API and
any PDF linked from those pages is fetched, and none of their names, ID numbers,
phones or addresses may appear."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta
from html import unescape
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.complaints import services as complaint_services
from ecobureau.enterprises.tests.factories import EnterpriseFactory, make_credit_code
from ecobureau.lib.dates import local_date
from ecobureau.portal import disclosure, services, tables
from ecobureau.portal.models import Opinion

from .conftest import CITIZEN_PARTY, COMPLAINANT, OFFICER_PHONE, REPORTER

pytestmark = pytest.mark.django_db


def today() -> date:
    return local_date(timezone.now())


SECRETS = (
    *COMPLAINANT.values(),
    *REPORTER.values(),
    *CITIZEN_PARTY.values(),
    OFFICER_PHONE,
)


@pytest.fixture
def private_data(key_discharger, district_a, bureau, answerer, reviewer, citizen):
    """Given: every place a private person's identity sits in the data."""
    desk = UnitFactory(
        code="emergency", name="应急科", kind=Unit.Kind.SECTION, parent=bureau
    )
    officer = UserFactory(
        username="desk",
        full_name="值守员",
        unit=desk,
        scope=User.Scope.CITY,
        role_codes=["emergency_staff"],
        phone=OFFICER_PHONE,
        credential_no="21030020269999",
    )
    # a real-name complaint and a report naming the enterprise
    for person in (COMPLAINANT, REPORTER):
        complaint_services.complaint_submit(
            data=complaint_services.ComplaintData(
                channel="phone_12369",
                text=f"我是{person.name}，身份证{person.id_number}，住{person.address}，"
                f"{key_discharger.name}夜间排放刺鼻气味。",
                place=person.address,
                contact_name=person.name,
                contact_phone=person.phone,
                district=district_a,
                enterprise=key_discharger,
            ),
            by=officer,
            notify=False,
        )
    _citizen_penalty(district_a, officer)
    # a letter and an opinion carrying the identity; published only in clean form
    citizen.full_name = REPORTER.name
    citizen.phone = REPORTER.phone
    citizen.save()
    letter = services.letter_submit(
        by=citizen,
        kind="mailbox",
        subject=f"{REPORTER.name}反映噪声",
        text=f"我是{REPORTER.name}，电话{REPORTER.phone}，住{REPORTER.address}。",
        publish_consent=True,
    )
    services.letter_draft_answer(
        letter=letter,
        by=answerer,
        answer=f"{REPORTER.name}您好：已转属地分局核查。",
        public_subject="反映噪声扰民",
        # staff-typed public text with numbers left in: masked when published
        public_text=f"来信反映居住地附近噪声扰民（{REPORTER.phone}，"
        f"身份证{CITIZEN_PARTY.id_number}）。",
    )
    services.letter_review(letter=letter, by=reviewer, approve=True)
    consultation = services.consultation_create(
        by=answerer,
        title="餐饮油烟管理办法（征求意见稿）",
        summary="征集意见",
        draft_text="全文",
        opens_on=today(),
        closes_on=today() + timedelta(days=29),
    )
    services.consultation_publish(consultation=consultation, by=answerer)
    _registers(key_discharger, district_a, officer, answerer)
    Opinion.objects.create(
        consultation=consultation,
        author=citizen,
        text=f"{COMPLAINANT.name} {COMPLAINANT.phone} 建议加强检查",
    )
    return officer


def _registers(enterprise, district, officer, answerer) -> None:
    """Published hazards, work lists and work plans whose staff-typed text names
    the enterprise's private persons and carries ID and mobile numbers (C27, D19)."""
    from ecobureau.emergencies import hazards
    from ecobureau.portal import work_lists
    from ecobureau.quality import services as quality

    text = (
        f"法定代表人{COMPLAINANT.name}，联系人{REPORTER.name}（{REPORTER.phone}），"
        f"身份证{CITIZEN_PARTY.id_number}，电话{COMPLAINANT.phone}"
    )
    hazard = hazards.hazard_add(
        by=officer,
        district=district,
        place="化工园区围堰",
        enterprise=enterprise,
        found_on=today(),
        level="major",
        description=text,
        measure=text,
        deadline=today() + timedelta(days=10),
        publish=True,
    )
    assert hazard.published_at
    blacklist = work_lists.work_list_create(
        by=answerer, kind="blacklist", name="黑名单"
    )
    work_lists.work_list_entry_add(
        by=answerer,
        work_list=blacklist,
        enterprise=enterprise,
        reason=text,
        listed_on=today(),
    )
    work_lists.work_list_publish(work_list=blacklist, by=answerer, publish=True)
    monitor = UserFactory(
        username="privacy-monitor",
        full_name="何监测",
        unit=officer.unit,
        scope=User.Scope.CITY,
        role_codes=["monitoring_staff"],
    )
    now = timezone.now()
    plan = quality.work_plan_create(
        actor=monitor,
        year=today().year,
        title="工作计划",
        issuer="市生态环境局",
        now=now,
    )
    item = quality.work_plan_item_add(
        actor=monitor,
        plan=plan,
        task="排查化工园区隐患",
        responsible_unit="应急科",
        deadline=date(today().year, 12, 31),
    )
    quality.work_plan_item_progress(
        actor=monitor,
        item=item,
        status="in_progress",
        note=f"联系{REPORTER.phone}，身份证{CITIZEN_PARTY.id_number}",
        now=now,
    )
    quality.work_plan_publish(actor=monitor, plan=plan, now=now)


def _citizen_penalty(district, officer) -> None:
    """A penalty on a citizen party (a private person's 'enterprise' row)."""
    from ecobureau.enforcement.models import EnforcementCase, PenaltyDecision

    person = EnterpriseFactory(
        credit_code=make_credit_code(55),
        name=CITIZEN_PARTY.name,
        address=CITIZEN_PARTY.address,
        legal_representative=CITIZEN_PARTY.name,
        contact_phone=CITIZEN_PARTY.phone,
        district=district,
        key_source="",
    )
    case = EnforcementCase.objects.create(
        enterprise=person,
        source=EnforcementCase.Source.TRANSFER,
        reference="鞍环罚〔2026〕1号",
        start_reason="露天焚烧",
        facts=f"{CITIZEN_PARTY.name}（身份证{CITIZEN_PARTY.id_number}）露天焚烧。",
        created_by=officer,
        status="decided",
        district=district,
    )
    PenaltyDecision.objects.create(
        case=case,
        procedure=PenaltyDecision.Procedure.SUMMARY,
        party_kind=PenaltyDecision.PartyKind.CITIZEN,
        warning=True,
        facts=case.facts,
        legal_basis="《大气污染防治法》第一百一十九条",
        decided_at=timezone.now(),
        created_by=officer,
    )


def _public_urls() -> list[str]:
    urls = [reverse("portal:home"), reverse("portal:disclosure")]
    for key in tables.TABLES:
        url = reverse("portal:disclosure-list", args=[key])
        urls += [url, url + "?format=csv", url + "?format=xlsx", url + "?format=pdf"]
    for entry in disclosure.CATALOGUE:
        for name in entry.url_names:
            try:
                urls.append(reverse(name))
                break
            except NoReverseMatch:
                continue
    urls += [
        reverse("portal:participation"),
        reverse("portal:consultations"),
        reverse("portal:letters"),
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
    ]
    return urls


def _text(response) -> str:
    body = response.content
    if body[:2] == b"PK":  # xlsx: every XML part of the package
        with zipfile.ZipFile(io.BytesIO(body)) as package:
            return "".join(
                package.read(name).decode("utf-8", "replace")
                for name in package.namelist()
            )
    if body[:4] == b"%PDF":
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(body))
        text = "".join(page.extract_text() or "" for page in reader.pages)
        # A name wrapped inside a table cell is extracted on two lines.
        return text + re.sub(r"\s+", "", text)
    return body.decode("utf-8", "replace")


def _normal(url: str) -> str:
    """One spelling per URL: empty parameters dropped, the rest sorted, so
    "?q=&format=csv" on a list is the "?format=csv" already fetched."""
    parts = urlsplit(url)
    query = sorted(parse_qsl(parts.query))  # blank values are dropped
    return urlunsplit(("", "", parts.path, urlencode(query), ""))


def _local_links(html: str, page: str) -> set[str]:
    """The page's local links, and its relative export links ("?…format=csv")
    resolved against the page's URL: the exports of grid, rectification and
    complaint outcomes are linked that way. Other relative links (paging) are
    not followed, to keep the crawl short."""
    links = {
        href
        for href in re.findall(r'href="(/[^"#]*)"', html)
        if not href.startswith(("/static/", "/accounts/", "/i18n/"))
    }
    links |= {
        urljoin(page, unescape(href))
        for href in re.findall(r'href="(\?[^"#]*)"', html)
        if "format=" in href
    }
    return {_normal(link) for link in links}


def test_no_public_page_export_api_or_pdf_shows_a_private_persons_identity(
    client, private_data
):
    # when every public URL and every page it links to is fetched, once
    seen: set[str] = set()
    queue = [_normal(url) for url in _public_urls()]
    checked = 0
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (302, 403, 404, 405):
            continue  # log-in pages and staff-only links: nothing shown
        assert response.status_code == 200, url
        text = _text(response)
        checked += 1
        # then no private identity appears anywhere
        leaks = [secret for secret in SECRETS if secret in text]
        assert not leaks, f"{url} shows {leaks}"
        if len(seen) < 400 and response["Content-Type"].startswith("text/html"):
            queue.extend(_local_links(text, url) - seen)
    assert checked > 40  # the crawl really reached the lists, exports and links
    pdfs = [url for url in seen if url.endswith("format=pdf")]
    assert len(pdfs) == len(tables.TABLES)  # every list's PDF was read
    # the other modules' exports, linked relatively, were read too
    exports = {
        reverse("grid:public-cells"): ("format=csv", "format=xlsx"),
        reverse("complaints:public-outcomes"): ("format=csv", "format=xlsx"),
        reverse("emergencies:public"): ("format=csv", "format=xlsx"),
        reverse("rectification:public"): (
            "format=csv&list=tasks",
            "format=xlsx&list=cases",
        ),
    }
    for page, queries in exports.items():
        assert {f"{page}?{query}" for query in queries} <= seen, page
    # and the data the pages were checked against is there
    assert client.get(reverse("portal:letters")).content.decode().count("反映噪声扰民")
    for key, shown in (
        ("safety-hazards", "化工园区围堰"),
        ("work-lists", "黑名单"),
        ("work-plans", "排查化工园区隐患"),
    ):
        url = reverse("portal:disclosure-list", args=[key])
        assert url in seen and shown in client.get(url).content.decode()


def test_the_violators_list_leaves_out_a_citizen_party(
    client, private_data, key_discharger
):
    url = reverse("portal:disclosure-list", args=["violators"])
    html = client.get(url).content.decode()
    assert "鞍环罚〔2026〕1号" not in html
