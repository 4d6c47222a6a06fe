"""案卷评查 (issue 10 item 3; 法制审核制度 第十二条, A64)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.engagement.models import Participation, Supervisor

from ..models import FileReview
from ..services import archive, file_review
from . import test_execution
from .test_archive import pay_in_full
from .test_decisions import case_actions
from .test_execution import today

served = test_execution.served


@pytest.fixture
def archived(served, officers):
    pay_in_full(served, officers[0])
    return archive.case_archive(case=served.case, by=officers[0])


def supervisor(group=Supervisor.Group.ENFORCEMENT, **extra):
    return Supervisor.objects.create(
        group=group,
        name=extra.pop("name", "李监督"),
        certificate_no=extra.pop("certificate_no", "AS-JD-001"),
        source=Supervisor.Source.NPC,
        appointed_on=today() - timedelta(days=30),
        term_end=today() + timedelta(days=1000),
        **extra,
    )


def test_random_draw_checklist_findings_feedback_and_answer(
    archived, reviewers, officers, enforcement_head, other_officer
):
    with pytest.raises(PermissionDenied):
        file_review.reviews_draw(
            kind="random", batch="2026年第四季度", count=1, by=officers[0]
        )
    [review] = file_review.reviews_draw(
        kind="random", batch="2026年第四季度", count=5, by=reviewers[0], seed=7
    )
    assert review.case_file == archived
    # the same file is not drawn twice in a batch
    with pytest.raises(ValidationError, match="没有可评查"):
        file_review.reviews_draw(
            kind="random", batch="2026年第四季度", count=1, by=reviewers[0]
        )
    person = supervisor()
    business = supervisor(group=Supervisor.Group.BUSINESS, name="王营商")
    answers = {code: True for code, _ in file_review.CHECKLIST}
    answers["recording"] = False
    with pytest.raises(PermissionDenied):
        file_review.review_record(
            review=review, answers=answers, findings="x", result="pass", by=reviewers[1]
        )
    with pytest.raises(ValidationError, match="全过程记录"):
        file_review.review_record(
            review=review, answers=answers, findings=" ", result="pass", by=reviewers[0]
        )
    with pytest.raises(ValidationError, match="王营商"):
        file_review.review_record(
            review=review,
            answers=answers,
            findings="缺少送达音像",
            result="pass",
            by=reviewers[0],
            supervisors=[business],
        )
    # 第九条: the certificate shown is required and must be the registered one
    for shown, message in ((None, "请填写监督员出示的"), ("AS-JD-009", "不一致")):
        with pytest.raises(ValidationError, match=f"李监督：.*{message}"):
            file_review.review_record(
                review=review,
                answers=answers,
                findings="缺少送达音像",
                result="pass",
                by=reviewers[0],
                supervisors=[person],
                certificates={} if shown is None else {person.pk: shown},
            )
        review.refresh_from_db()
        assert review.reviewed_at is None
    file_review.review_record(
        review=review,
        answers=answers,
        findings="缺少送达音像",
        result="pass",
        by=reviewers[0],
        supervisors=[person],
        certificates={person.pk: " AS-JD-001 "},
    )
    review.refresh_from_db()
    assert review.supervisor_certificates == {str(person.pk): "AS-JD-001"}
    assert [item["ok"] for item in review.checklist].count(False) == 1
    assert list(review.supervisors.all()) == [person]
    with pytest.raises(ValidationError, match="尚未收到"):
        file_review.review_respond(review=review, response="x", by=officers[0])
    file_review.review_feedback(
        review=review, feedback="请补充送达音像记录的说明。", by=reviewers[0]
    )
    with pytest.raises(PermissionDenied):
        file_review.review_respond(review=review, response="x", by=other_officer)
    file_review.review_respond(
        review=review, response="已补充说明并归入案卷。", by=officers[0]
    )
    review.refresh_from_db()
    assert review.response_at is not None
    assert {
        "enforcement.file_review_draw",
        "enforcement.file_review_record",
        "enforcement.file_review_feedback",
        "enforcement.file_review_respond",
    } <= case_actions(archived.case)
    # the handling body sees its own reviews, another officer none
    assert list(file_review.reviews_for_user(officers[0])) == [review]
    assert not file_review.reviews_for_user(other_officer).exists()


def test_supervisor_participation_recorded_through_engagement(
    archived, enforcement_head
):
    """A head who manages supervisors records the review: the participation goes
    through engagement's service (执法监督员工作规则 第六条(三))."""
    enforcement_head.is_superuser = False
    [review] = file_review.reviews_draw(
        kind="periodic", batch="2026年度", count=1, by=_as_reviewer(enforcement_head)
    )
    person = supervisor()
    unregistered = supervisor(name="赵监督", certificate_no="")
    assert enforcement_head.has_perm("engagement.manage_supervisor")
    # a supervisor whose certificate number is not on the register: refused
    with pytest.raises(ValidationError, match="赵监督的监督员证编号尚未登记"):
        file_review.review_record(
            review=review,
            answers={code: True for code, _ in file_review.CHECKLIST},
            findings="",
            result="good",
            by=enforcement_head,
            supervisors=[person, unregistered],
            certificates={person.pk: "AS-JD-001", unregistered.pk: "X-1"},
        )
    assert not Participation.objects.exists()
    file_review.review_record(
        review=review,
        answers={code: True for code, _ in file_review.CHECKLIST},
        findings="",
        result="good",
        by=enforcement_head,
        supervisors=[person],
        certificates={person.pk: "AS-JD-001"},
    )
    # engagement records the participation with the number shown (第九条, A108)
    participation = Participation.objects.get(
        supervisor=person, kind=Participation.Kind.FILE_REVIEW
    )
    assert participation.certificate_shown == "AS-JD-001"
    assert FileReview.objects.get(pk=review.pk).result == "good"


def test_plain_legal_reviewer_records_supervisor_participation(archived, reviewers):
    """Reviews are recorded by legal reviewers, who do not manage the supervisor
    register: the participation is recorded all the same (A108, 第六条(三)),
    with the number shown and engagement's record entry naming the review."""
    import json

    from ecobureau.core.models import Record

    reviewer = reviewers[0]
    assert not reviewer.has_perm("engagement.manage_supervisor")
    [review] = file_review.reviews_draw(
        kind="periodic", batch="2026年度", count=1, by=reviewer
    )
    person = supervisor()
    file_review.review_record(
        review=review,
        answers={code: True for code, _ in file_review.CHECKLIST},
        findings="",
        result="good",
        by=reviewer,
        supervisors=[person],
        certificates={person.pk: "AS-JD-001"},
    )
    participation = Participation.objects.get(
        supervisor=person, kind=Participation.Kind.FILE_REVIEW
    )
    assert participation.certificate_shown == "AS-JD-001"
    assert participation.created_by == reviewer
    assert participation.held_on == today()
    assert f"案卷#{review.case_file_id}" in participation.note
    entry = Record.objects.get(
        action="engagement.participation.record", target_id=str(person.pk)
    )
    assert entry.actor_id == reviewer.pk
    assert f"enforcement.filereview:{review.pk}" in json.loads(entry.payload).__repr__()


def test_module_entry_point_still_checks_certificate_and_kind(reviewers):
    from ecobureau.engagement import services as engagement_services

    person = supervisor()
    for kwargs, message in (
        ({"certificate_shown": "AS-JD-009"}, "不一致"),
        ({"certificate_shown": ""}, "请填写监督员出示的"),
        ({"certificate_shown": "AS-JD-001", "kind": "meeting"}, "不能由其他模块"),
        ({"certificate_shown": "AS-JD-001", "source": " "}, "来源"),
    ):
        arguments = {
            "by": reviewers[0],
            "supervisor": person,
            "kind": Participation.Kind.FILE_REVIEW,
            "held_on": today(),
            "source": "enforcement.filereview:1",
            **kwargs,
        }
        with pytest.raises(ValidationError, match=message):
            engagement_services.participation_record_from_module(**arguments)
    assert not Participation.objects.exists()
    # the page's service still asks the register permission
    with pytest.raises(PermissionDenied):
        engagement_services.participation_record(
            by=reviewers[0],
            supervisor=person,
            kind=Participation.Kind.FILE_REVIEW,
            held_on=today(),
            certificate_shown="AS-JD-001",
        )


def _as_reviewer(user):
    from ecobureau.accounts.models import Role

    role, _ = Role.objects.get_or_create(
        code="legal_reviewer", defaults={"name": "法制审核"}
    )
    user.roles.add(role)
    return user


def test_reviewing_body_name_is_a_setting(settings):
    """A56: 执法科 in 法制审核制度 第一条, 法制科 in 全过程记录 第十七条."""
    from ..services import decisions

    assert decisions.review_unit_name() == "执法科"
    settings.ENFORCEMENT_LEGAL_REVIEW_UNIT = "法制科"
    assert decisions.review_unit_name() == "法制科"
