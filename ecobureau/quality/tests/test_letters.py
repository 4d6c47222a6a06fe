"""Responsibility letters (目标责任状, D3, C10): targets tracked one by one, the
conclusion met or unmet (unmet: the cause and the action taken against those
responsible are required), publication with the report to the people's
congress, the public page without names of people, record entries, the refused
form (400, input kept), and who may not see or write."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.lib.dates import SHANGHAI
from ecobureau.quality import services
from ecobureau.quality.models import Letter

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 10, tzinfo=SHANGHAI)


def _letter(actor, **kwargs) -> Letter:
    fields = {
        "year": 2026,
        "unit_name": "铁东区人民政府",
        "issuer": "市人民政府",
        "head_name": "李四",
        "head_post": "区长",
        "signed_on": date(2026, 2, 1),
        "targets": [
            ("PM2.5年均浓度下降", "≤35微克/立方米"),
            ("国考断面达到考核目标", "III类"),
        ],
        "now": NOW,
    }
    fields.update(kwargs)
    return services.letter_create(actor=actor, **fields)


def _assess_all(actor, letter, *met: bool) -> None:
    for target, ok in zip(letter.targets.order_by("position"), met, strict=True):
        services.letter_target_assess(
            actor=actor, target=target, met=ok, result="年均32微克/立方米", now=NOW
        )


def test_a_letter_met_when_every_target_is_then_published(monitor) -> None:
    letter = _letter(monitor)
    with pytest.raises(ValidationError, match="还有目标未考核"):
        services.letter_conclude(actor=monitor, letter=letter, now=NOW)
    with pytest.raises(ValidationError, match="尚未考核"):
        services.letter_publish(actor=monitor, letter=letter, now=NOW)
    _assess_all(monitor, letter, True, True)
    with pytest.raises(ValidationError, match="不应填写未完成原因"):
        services.letter_conclude(
            actor=monitor, letter=letter, now=NOW, cause="poor_work"
        )
    letter = services.letter_conclude(actor=monitor, letter=letter, now=NOW)
    assert letter.status == Letter.Status.MET
    letter = services.letter_publish(
        actor=monitor, letter=letter, now=NOW, congress_reported_on=date(2026, 11, 5)
    )
    assert letter.published_at == NOW
    actions = list(
        Record.objects.filter(action__startswith="quality.letter_").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "quality.letter_create",
        "quality.letter_target_assess",
        "quality.letter_target_assess",
        "quality.letter_conclude",
        "quality.letter_publish",
    ]


def test_an_unmet_letter_needs_the_cause_and_the_action_taken(monitor) -> None:
    letter = _letter(monitor)
    _assess_all(monitor, letter, True, False)
    with pytest.raises(ValidationError) as error:
        services.letter_conclude(actor=monitor, letter=letter, now=NOW)
    assert "请选择未完成原因" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.letter_conclude(
            actor=monitor, letter=letter, now=NOW, cause="poor_work"
        )
    assert "请填写责任追究情况" in str(error.value)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SIGNED
    letter = services.letter_conclude(
        actor=monitor, letter=letter, now=NOW, cause="poor_work",
        accountability="对分管副区长诫勉谈话，当年考核不得评为优秀",
    )  # fmt: skip
    assert (letter.status, letter.cause) == (Letter.Status.UNMET, "poor_work")
    # Concluded: the targets are frozen.
    with pytest.raises(ValidationError, match="已考核完毕"):
        _assess_all(monitor, letter, True, True)


def test_letter_rules_on_input(monitor) -> None:
    with pytest.raises(ValidationError, match="至少填写一项"):
        _letter(monitor, targets=[("  ", "x")])
    with pytest.raises(ValidationError, match="签订日期不能晚于今天"):
        _letter(monitor, signed_on=date(2026, 12, 1))
    _letter(monitor)
    with pytest.raises(ValidationError, match="已登记"):
        _letter(monitor)
    assert Letter.objects.count() == 1


def test_only_city_scope_quality_staff_write_letters(
    monitor, district_a_leader, district_a_officer, citizen
) -> None:
    for person in (district_a_leader, district_a_officer, citizen):
        with pytest.raises(PermissionDenied):
            _letter(person)
    letter = _letter(monitor)
    target = letter.targets.get(position=1)
    with pytest.raises(PermissionDenied):
        services.letter_target_assess(
            actor=district_a_leader, target=target, met=True, result="完成", now=NOW
        )
    target.refresh_from_db()
    assert target.status == "pending"


@time_machine.travel(NOW, tick=False)
def test_pages_refused_form_keeps_input_and_the_public_page_names_no_one(
    client, monitor
) -> None:
    client.force_login(monitor)
    data = {
        "year": "2026", "unit_name": "立山区人民政府", "issuer": "市人民政府",
        "head_name": "王五", "head_post": "区长", "signed_on": "2026-12-01",
        "targets": "空气质量优良天数比例｜≥85%\n",
    }  # fmt: skip
    response = client.post(reverse("quality:letter-create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "签订日期不能晚于今天" in body
    assert 'value="立山区人民政府"' in body and "空气质量优良天数比例｜≥85%" in body
    assert not Letter.objects.exists()
    data["signed_on"] = "2026-02-01"
    response = client.post(reverse("quality:letter-create"), data)
    letter = Letter.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == letter.get_absolute_url()
    )
    assert letter.targets.get().measure == "≥85%"
    target = letter.targets.get()
    url = reverse("quality:letter-target-assess", args=[letter.pk, target.pk])
    assert client.post(url, {"met": "1", "result": ""}).status_code == 400
    assert client.post(url, {"met": "1", "result": "全年86.1%"}).status_code == 302
    conclude = reverse("quality:letter-conclude", args=[letter.pk])
    assert client.post(conclude, {"cause": "", "accountability": ""}).status_code == 302
    assert client.post(reverse("quality:letter-publish", args=[letter.pk]), {}).status_code == 302  # fmt: skip
    client.logout()
    body = client.get(reverse("quality:letters-public")).content.decode()
    assert "立山区人民政府：已完成" in body and "全年86.1%" in body
    assert "王五" not in body


def test_who_may_not_see_letters(
    client, monitor, district_a_officer, township_official, enterprise_user_a
) -> None:
    letter = _letter(monitor)
    client.force_login(district_a_officer)
    body = client.get(
        reverse("quality:letter-detail", args=[letter.pk])
    ).content.decode()
    assert "铁东区人民政府" in body and 'data-testid="conclude-form"' not in body
    conclude = reverse("quality:letter-conclude", args=[letter.pk])
    assert client.post(conclude, {}).status_code == 403
    for outsider in (township_official, enterprise_user_a):
        client.force_login(outsider)
        assert client.get(reverse("quality:letters")).status_code in (302, 403)
        assert client.get(letter.get_absolute_url()).status_code in (302, 403, 404)
    client.logout()
    assert client.get(reverse("quality:letters")).status_code == 302
    # Not published: not on the public page.
    assert (
        "铁东区人民政府"
        not in client.get(reverse("quality:letters-public")).content.decode()
    )
