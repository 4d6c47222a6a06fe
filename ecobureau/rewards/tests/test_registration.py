"""Registration: real name by letter or visit, identities encrypted, the order of
registration, duplicates by blind index."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from ecobureau.core.models import Record
from ecobureau.lib import identity_crypto
from ecobureau.rewards import keyring, services
from ecobureau.rewards.models import Reporter, RewardMatter, RewardReport

from .conftest import LI, register

pytestmark = pytest.mark.django_db
CLEAR = ("张建国", "210302198001011234", "13800000011", "6222000011112222")


def test_the_identity_is_stored_only_encrypted(report):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM rewards_reporter")
        stored = str(cursor.fetchall())
    for value in CLEAR:
        assert value not in stored
    reporter = Reporter.objects.get()
    ring = keyring.ring()
    assert (
        identity_crypto.decrypt(ring, reporter.id_number_enc, field="id_number")
        == CLEAR[1]
    )
    assert (reporter.name_mask, reporter.phone_mask) == ("张**", "138****0011")
    # The record holds ids, not the identity.
    payloads = "".join(Record.objects.values_list("payload", flat=True))
    for value in CLEAR:
        assert value not in payloads


def test_reports_of_one_violation_are_numbered_in_order_of_registration(
    handler, report
):
    second = register(handler, party="华信化工", reporters=[LI])
    third = register(handler, party="鞍山市兴达商品混凝土有限公司", reporters=[LI])
    assert (report.position, second.position, third.position) == (1, 2, 1)
    assert report.matter == second.matter != third.matter
    assert services.first_valid(report.matter) == report
    assert report.registration_no != second.registration_no
    assert second.registered_at > report.registered_at


def test_the_same_reporter_again_is_found_by_blind_index_and_marked_duplicate(
    handler, report
):
    again = register(
        handler,
        party="華信化工",
        reporters=[
            services.Identity(
                name="张建国", id_number="210302 19800101 1234", phone="13900000000"
            )
        ],
    )
    assert Reporter.objects.count() == 1
    assert again.duplicate_of == report
    assert services.first_valid(report.matter) == report


def test_only_letters_and_visits_with_the_facts_and_a_real_name(handler):
    with pytest.raises(ValidationError) as caught:
        services.report_register(
            data=services.ReportData(
                channel="phone",
                reported_party="",
                reported_address="x",
                facts="",
                reporters=[services.Identity(name="", id_number="123", phone="")],
            ),
            by=handler,
        )
    text = "".join(caught.value.messages)
    for part in (
        "来信、来访",
        "被举报单位的准确名称",
        "违法事实",
        "真实姓名",
        "18位",
        "联系电话",
    ):
        assert part in text
    assert not RewardReport.objects.exists() and not Reporter.objects.exists()


def test_only_reward_handlers_register(team_officer):
    with pytest.raises(PermissionDenied):
        register(team_officer)


def test_registration_issues_the_form_with_the_identity_masked(report):
    from ecobureau.casework.models import Document
    from ecobureau.casework.tests.test_documents import pdf_text

    text = pdf_text(Document.objects.get(kind="reward_registration"))
    assert report.registration_no in text and "张**" in text
    assert "张建国" not in text and "210302198001011234" not in text


def test_a_paid_violation_closes_its_matter(handler, report):
    RewardMatter.objects.filter(pk=report.matter_id).update(status="closed")
    later = register(handler, reporters=[LI])
    assert later.matter != report.matter and later.position == 1
