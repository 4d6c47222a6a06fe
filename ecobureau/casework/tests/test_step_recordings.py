"""Steps that require simultaneous audio/video (全过程记录实施办法 第十三条,
requirements A36), on a test-only process over the accountability model."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from ecobureau.casework import services
from ecobureau.casework.models import Accountability, UnrecordedStep
from ecobureau.casework.workflow import Process, Step, Transition
from ecobureau.core import records
from ecobureau.lib.dates import SHANGHAI

from .files_support import MP3, MP4, media_root  # noqa: F401

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=SHANGHAI)

INSPECTION = Process(
    model="casework.accountability",
    steps=[
        Step("open", "现场检查"),
        Step("investigating", "抽样"),
        Step("concluded", "已办结", terminal=True),
    ],
    transitions=[
        Transition(
            "inspect",
            "完成现场检查",
            source=["open"],
            target="investigating",
            roles=["legal_reviewer"],
            recordings=("audio", "video"),
        ),
        Transition(
            "skip",
            "转入抽样",
            source=["open"],
            target="investigating",
            roles=["legal_reviewer"],
        ),
        Transition(
            "sample",
            "完成抽样",
            source=["investigating"],
            target="concluded",
            roles=["legal_reviewer"],
            recordings=("video",),
        ),
    ],
)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def case(clock, legal_officer, district_a, district_a_officer) -> Accountability:
    opened = services.accountability_open(
        source=("casework.clock", 1),
        source_label="现场检查",
        lapse="—",
        person_responsible=district_a_officer,
        by=None,
        district_id=district_a.pk,
    )
    assert opened is not None
    return opened


def recording(case, by, *, kind="audio", data=MP3):
    return services.attachment_add(
        file=ContentFile(data, name="执法记录仪.mp3"),
        target=case,
        kind=kind,
        by=by,
        captured_at=NOW - timedelta(minutes=30),
    )


def act(case, by, transition, **kwargs):
    return services.case_transition(
        process=INSPECTION, case=case, transition=transition, by=by, **kwargs
    )


def entry_data(case, action):
    (entry,) = records.history(case).filter(action=action)
    return entry, records.payload_of(entry)["data"]


def test_step_without_recording_or_reason_is_refused_citing_article_13(
    case, legal_officer
):
    with pytest.raises(ValidationError) as refused:
        act(case, legal_officer, "inspect")

    (message,) = refused.value.messages
    assert "“现场检查”环节须同时进行音像记录" in message
    assert "第十三条" in message and "录音或录像" in message
    assert refused.value.code == "recording_required"
    case.refresh_from_db()
    assert (case.status, case.version) == ("open", 0)
    assert not records.history(case).filter(action__endswith=".inspect").exists()
    assert not UnrecordedStep.objects.exists()


def test_a_recording_uploaded_in_the_step_lets_it_complete(case, legal_officer):
    audio = recording(case, legal_officer)

    act(case, legal_officer, "inspect")

    case.refresh_from_db()
    assert case.status == "investigating"
    _, data = entry_data(case, "casework.accountability.inspect")
    assert data["recordings"] == [audio.pk]
    assert "no_recording_reason" not in data
    assert not UnrecordedStep.objects.exists()


def test_a_stated_reason_lets_it_complete_and_is_recorded(
    case, legal_officer, legal_section
):
    reason = "现场为涉密场所，依规定禁止携带摄录设备。"

    act(case, legal_officer, "inspect", no_recording_reason=f"  {reason} ")

    case.refresh_from_db()
    assert case.status == "investigating"
    entry, data = entry_data(case, "casework.accountability.inspect")
    assert data["no_recording_reason"] == reason
    assert entry.actor_id == legal_officer.pk
    step = UnrecordedStep.objects.get()
    assert (step.target_type, step.target_id) == ("casework.accountability", case.pk)
    assert (step.step_label, step.transition_label) == ("现场检查", "完成现场检查")
    assert (step.reason, step.unit, step.actor) == (
        reason,
        legal_section,
        legal_officer,
    )
    assert step.record_seq == entry.seq


def test_a_blank_reason_is_no_reason(case, legal_officer):
    with pytest.raises(ValidationError):
        act(case, legal_officer, "inspect", no_recording_reason="   ")


def test_a_recording_of_an_earlier_step_does_not_count(case, legal_officer, clock):
    # given: a video made during the inspection, then the case moved on
    recording(case, legal_officer, kind="video", data=MP4)
    clock.shift(timedelta(hours=1))
    act(case, legal_officer, "skip")
    clock.shift(timedelta(hours=1))

    # when: the sampling step, which needs its own video, is completed
    with pytest.raises(ValidationError) as refused:
        act(case, legal_officer, "sample")

    # then
    assert "“抽样”环节" in refused.value.messages[0]
    assert "本环节的录像" in refused.value.messages[0]


def test_only_the_kind_the_step_names_satisfies_it(case, legal_officer, clock):
    act(case, legal_officer, "skip")
    clock.shift(timedelta(minutes=5))
    recording(case, legal_officer, kind="audio")

    with pytest.raises(ValidationError, match="本环节的录像"):
        act(case, legal_officer, "sample")

    video = recording(case, legal_officer, kind="video", data=MP4)
    act(case, legal_officer, "sample")
    _, data = entry_data(case, "casework.accountability.sample")
    assert data["recordings"] == [video.pk]


def test_steps_without_the_requirement_are_unchanged(case, legal_officer):
    act(case, legal_officer, "skip", note="转入抽样", no_recording_reason="不适用")

    _, data = entry_data(case, "casework.accountability.skip")
    assert data == {"note": "转入抽样", "before": "open", "after": "investigating"}
    assert not UnrecordedStep.objects.exists()


def test_unknown_recording_kinds_are_a_programming_error():
    with pytest.raises(ValueError, match="unknown recording kinds"):
        Transition("x", "x", source=["a"], target="b", recordings=("photo",))


def test_the_case_history_shows_the_reason(
    client, case, legal_officer, district_a_officer
):
    act(
        case,
        legal_officer,
        "inspect",
        no_recording_reason="当事人情绪激动，拍摄可能激化矛盾。",
    )
    client.force_login(legal_officer)

    page = client.get(
        reverse("casework:accountability-detail", args=[case.pk])
    ).content.decode()

    assert "不适宜音像记录的理由：当事人情绪激动，拍摄可能激化矛盾。" in page
