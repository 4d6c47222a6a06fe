"""The portal offers the Open311 interface where it offers complaints (issue 15
item 1 "complaint and report forms with tracking by code; Open311 link")."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_links_the_open311_service_list_and_requests(client):
    html = client.get(reverse("portal:home")).content.decode()
    section = html.split('data-testid="open311"', 1)[1].split("</section>", 1)[0]
    services = reverse("open311:services", args=["json"])
    requests = reverse("open311:requests", args=["json"])
    assert f'href="{services}"' in section and f'href="{requests}"' in section
    # beside the complaint form the portal offers
    assert reverse("complaints:new") in html
    # and the links answer, with no log-in
    answer = client.get(services)
    assert answer.status_code == 200 and answer["Content-Type"].startswith(
        "application/json"
    )
    assert "大气污染" in answer.content.decode()
    assert client.get(requests).status_code == 200
