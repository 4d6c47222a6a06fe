"""The JSON API fuzzed from its own OpenAPI description (issue 16 item 6):
schemathesis generates requests for every operation — valid and invalid
parameters — and none may answer with a server error or outside its schema.
Called as a city leader (who sees the most), a district officer and the public,
so the scoped branches of each selector run too."""

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from ecobureau.accounts.models import User

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())

# In the suite the generated requests are the same on every run, so a red CI run
# is reproduced by running the suite again, on either database. `make fuzz` sets
# API_FUZZ_EXPLORE=1 and many more examples to look for new failures.
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "25"))
EXPLORE = os.environ.get("API_FUZZ_EXPLORE") == "1"

PERSONAS = ("city_leader", "district_a_officer", None)
# What is checked on every answer. Not schemathesis's negative-authentication
# checks: the session cookie is set by this test, not generated. Every status
# code answered must be documented (ecobureau/api.py lists the error answers).
CHECKED = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)


def _cookies(user: User | None) -> dict[str, str]:
    if user is None:
        return {}
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


@pytest.fixture(autouse=True)
def _test_connection_kept_open() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request, which
    would end the test's transaction; Django's test client unhooks the same
    signal for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=PERSONAS, ids=lambda p: p or "public")
def cookies(request: pytest.FixtureRequest) -> dict[str, str]:
    name = request.param
    return _cookies(request.getfixturevalue(name) if name else None)


@pytest.mark.slow
@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=not EXPLORE,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_api_operation_answers_with_a_server_error(
    case: schemathesis.Case, cookies: dict[str, str], enterprise_a, enterprise_b
) -> None:
    # The schema declares the session cookie, so a generated case may carry a
    # made-up one; the persona's own replaces it.
    case.cookies = dict(cookies)
    response = case.call()
    case.validate_response(response, checks=CHECKS.get_by_names(list(CHECKED)))
