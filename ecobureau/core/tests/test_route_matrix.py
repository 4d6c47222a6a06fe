"""The route matrix (issue 16 item 6, first part): every URL pattern requested by each
persona that must not see staff pages — the public, a citizen, an enterprise — and
the answer checked: never a server error, and a page (200) only where the route is
meant for that persona. Routes with parameters get sample values (an object that
does not exist): the check here is that access control answers first or the object
is not found, never that a page leaks; objects of another district or enterprise are
checked in each module's own permission tests.
"""

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

_SAMPLE = {"int": "1", "str": "x", "slug": "x", "path": "x", "fmt": "json"}
_SAMPLE_UUID = "00000000-0000-0000-0000-000000000001"

# Pages anyone may open (the public site, log-in, the API's description).
PUBLIC = re.compile(
    r"^(portal:|open311:|api:(openapi-json|openapi-view|api-root|warnings)$"
    r"|accounts:(login|register-citizen|register-enterprise|password-reset.*)$"
    r"|permits:(guide-list|guide-detail)$|complaints:(new|track)$|rewards:publications$"
    r"|[a-z_]+:.*public.*|i18n:|set_language$)"
)
# Pages a signed-in citizen or enterprise may open about itself: its own lists (each
# scoped to the person; the modules' permission tests check the scoping with another
# enterprise's objects) and, for the enterprise, its own registry entry, its QR code
# and the forms of its own pollution-control facilities.
PARTY = re.compile(
    r"(^|[:_-])(my|mine|me|self|own|account|profile|inbox|password)([:_-]|$)"
    r"|^api:(application_list|complaint_list|enterprise_list|enterprise_detail|item_list"
    r"|report_list|workbench)$"
    r"|^enforcement:(party-cases|visits|enterprise-code)$"
    r"|^enterprises:(detail|facility_add|facility_edit|facility_status)$"
    r"|^monitoring:(failure-list|failure-new|filing-list)$"
)


def _routes() -> Iterator[tuple[str, str]]:
    def walk(resolver: URLResolver, prefix: str, ns: str) -> Iterator[tuple[str, str]]:
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                inner = ns + (f"{item.namespace}:" if item.namespace else "")
                yield from walk(item, prefix + str(item.pattern), inner)
            elif isinstance(item, URLPattern) and item.name:
                yield prefix + str(item.pattern), ns + item.name

    for pattern, name in walk(get_resolver(), "", ""):
        if (
            pattern.startswith("^")
            or name.startswith("admin:")
            or name.startswith("djdt")
        ):
            continue
        yield "/" + re.sub(r"<(?:(\w+):)?(\w+)>", _fill, pattern), name


def _fill(match: re.Match[str]) -> str:
    converter = match.group(1) or "str"
    return _SAMPLE_UUID if converter == "uuid" else _SAMPLE.get(converter, "1")


def _answers(client: Client) -> list[tuple[str, str, int]]:
    return [(name, url, client.get(url).status_code) for url, name in _routes()]


def _leaks(
    answers: list[tuple[str, str, int]], allowed: re.Pattern[str] | None
) -> list[str]:
    return [
        f"{status} {name} {url}"
        for name, url, status in answers
        if status >= 500
        or (
            status == 200
            and not PUBLIC.search(name)
            and not (allowed and allowed.search(name))
        )
    ]


def _assert_none(leaks: list[str]) -> None:
    if leaks:
        pytest.fail("routes answering a persona they must not:\n" + "\n".join(leaks))


def test_routes_are_walked() -> None:
    assert len(list(_routes())) > 400


@pytest.mark.slow
def test_the_public_gets_only_public_pages_and_no_server_error(client) -> None:
    _assert_none(_leaks(_answers(client), None))


@pytest.mark.slow
def test_a_citizen_gets_only_public_pages_and_its_own(client, citizen) -> None:
    client.force_login(citizen)
    _assert_none(_leaks(_answers(client), PARTY))


@pytest.mark.slow
def test_an_enterprise_gets_only_public_pages_and_its_own(
    client, enterprise_user_a
) -> None:
    client.force_login(enterprise_user_a)
    _assert_none(_leaks(_answers(client), PARTY))


def _server_errors(answers: list[tuple[str, str, int]]) -> list[str]:
    return [f"{status} {name} {url}" for name, url, status in answers if status >= 500]


@pytest.mark.slow
@pytest.mark.parametrize("persona", ["city_leader", "district_a_officer"])
def test_staff_get_no_server_error_on_any_route(
    client, persona, request, enterprise_a, enterprise_b
) -> None:
    """Staff reach the views' code, past the access checks, where the public is
    turned away; with objects of two districts present, no page may fail. Which
    district's objects each of them sees is checked in the modules' own tests."""
    client.force_login(request.getfixturevalue(persona))
    _assert_none(_server_errors(_answers(client)))
