import pytest
import time_machine
from django.urls import reverse

from conftest import PASSWORD
from ecobureau.accounts.models import LoginEvent
from ecobureau.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def post_login(client, username: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_staff_log_in_lands_on_the_workbench_and_is_audited(
    client, district_a_officer
) -> None:
    response = post_login(client, "tiedong-officer")
    assert response.status_code == 302 and response["Location"] == reverse(
        "casework:workbench"
    )
    event = LoginEvent.objects.get()
    assert (
        event.success
        and event.user == district_a_officer
        and event.address == "127.0.0.1"
    )


def test_an_enterprise_logs_in_with_its_credit_code_in_any_case(
    client, enterprise_user_a
) -> None:
    typed = (
        enterprise_user_a.username.lower()[:9]
        + " "
        + enterprise_user_a.username.lower()[9:]
    )
    response = post_login(client, typed)
    assert response.status_code == 302 and response["Location"] == reverse("portal:my")


def test_wrong_password_shows_a_chinese_error_and_keeps_the_name(
    client, district_a_officer
) -> None:
    response = post_login(client, "tiedong-officer", "wrong-password")
    assert response.status_code == 400
    page = response.content.decode()
    assert "账号或密码错误" in page and 'value="tiedong-officer"' in page
    assert LoginEvent.objects.get().reason == "bad_credentials"


def test_repeated_failures_lock_the_account_even_with_the_right_password(
    client, district_a_officer
) -> None:
    for _ in range(5):
        post_login(client, "tiedong-officer", "wrong-password")
    response = post_login(client, "tiedong-officer")
    assert response.status_code == 400
    assert "暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # the lock lifts after the window
    with time_machine.travel("2099-01-01T00:00:00Z"):
        assert post_login(client, "tiedong-officer").status_code == 302


def test_the_admin_log_in_is_throttled_too(client, district_a_officer) -> None:
    for _ in range(5):
        post_login(client, "tiedong-officer", "wrong-password")
    # Django's own authenticate() path (used by the admin) refuses as well.
    assert not client.login(username="tiedong-officer", password=PASSWORD)
    assert reverse("accounts:login") in client.get("/admin/login/")["Location"]


def test_one_failing_name_does_not_lock_another(
    client, district_a_officer, district_b_officer
) -> None:
    for _ in range(5):
        post_login(client, "tiedong-officer", "wrong-password")
    assert post_login(client, "tiexi-officer").status_code == 302


def test_session_ends_after_idle_time(client, district_a_officer, settings) -> None:
    settings.SESSION_IDLE_SECONDS = 60
    with time_machine.travel("2026-11-23T09:00:00+08:00", tick=False):
        post_login(client, "tiedong-officer")
        assert client.get("/workbench/").status_code == 200
    with time_machine.travel("2026-11-23T09:05:00+08:00", tick=False):
        response = client.get("/workbench/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_public_accounts_cannot_open_the_workbench(client, citizen) -> None:
    client.force_login(citizen)
    assert client.get("/workbench/").status_code == 403


def test_a_weak_password_is_refused_on_registration(client) -> None:
    response = client.post(
        reverse("accounts:register-citizen"),
        {"phone": "13900000002", "password": "abcdefghij", "password2": "abcdefghij"},
    )
    assert response.status_code == 400
    assert "三类" in response.content.decode()


def test_citizen_registration_with_a_phone_number(client) -> None:
    response = client.post(
        reverse("accounts:register-citizen"),
        {
            "phone": "13900000002",
            "password": "Gree-n-2026x",
            "password2": "Gree-n-2026x",
        },
    )
    assert response.status_code == 302
    assert UserFactory._meta.model.objects.get(username="13900000002").kind == "citizen"


def test_enterprise_registration_checks_the_credit_code(client) -> None:
    response = client.post(
        reverse("accounts:register-enterprise"),
        {
            "code": "9144030071526726XA",
            "name": "某公司",
            "phone": "0412-1234567",
            "password": "Gree-n-2026x",
            "password2": "Gree-n-2026x",
        },
    )
    assert "第18位应为“G”" in response.content.decode()
