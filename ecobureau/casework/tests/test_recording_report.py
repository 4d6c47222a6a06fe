"""The legal section's report on recordings per unit (全过程记录实施办法 第三十二条,
第十三条, 第三十六条; requirements A48)."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from ecobureau.casework import selectors, services
from ecobureau.casework.selectors_recordings import last_month, recording_report
from ecobureau.core import navigation
from ecobureau.lib.dates import SHANGHAI

from .files_support import MP3, enterprise_target, media_root  # noqa: F401
from .test_step_recordings import INSPECTION

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("enterprise_target")]

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=SHANGHAI)
OCTOBER = datetime(2026, 10, 15, 9, 0, tzinfo=SHANGHAI)
REPORT = reverse("casework:recording-report")


def record_audio(target, by, *, captured_at, stored_at, salt=b""):
    with time_machine.travel(stored_at, tick=False):
        return services.attachment_add(
            file=ContentFile(MP3 + salt, name="执法记录仪.mp3"),
            target=target,
            kind="audio",
            by=by,
            captured_at=captured_at,
        )


def inspect_without_recording(by, district, *, at, reason):
    with time_machine.travel(at, tick=False):
        case = services.accountability_open(
            source=("casework.clock", int(at.timestamp())),
            source_label="现场检查",
            lapse="—",
            person_responsible=None,
            by=None,
            district_id=district.pk,
        )
        services.case_transition(
            process=INSPECTION,
            case=case,
            transition="inspect",
            by=by,
            no_recording_reason=reason,
        )
    return case


@pytest.fixture
def findings(enterprise_a, district_a_officer, district_b_officer, legal_officer):
    """In October: a late and a timely recording of sub-bureau A, a step the legal
    section did without recording; in November: a late one of sub-bureau B."""
    late_a = record_audio(
        enterprise_a,
        district_a_officer,
        captured_at=OCTOBER,
        stored_at=OCTOBER + timedelta(days=3),
    )
    record_audio(
        enterprise_a,
        district_a_officer,
        captured_at=OCTOBER,
        stored_at=OCTOBER + timedelta(hours=2),
        salt=b"\x01",
    )
    inspect_without_recording(
        legal_officer,
        enterprise_a.district,
        at=OCTOBER + timedelta(days=1),
        reason="涉密场所禁止摄录。",
    )
    late_b = record_audio(
        enterprise_a,
        district_b_officer,
        captured_at=NOW - timedelta(days=5),
        stored_at=NOW,
        salt=b"\x02",
    )
    return late_a, late_b


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(NOW, tick=False):
        yield


def test_last_month_is_the_previous_calendar_month():
    assert last_month() == (
        datetime(2026, 10, 1, tzinfo=SHANGHAI),
        datetime(2026, 11, 1, tzinfo=SHANGHAI),
    )
    assert last_month(datetime(2026, 1, 5, tzinfo=SHANGHAI))[0] == datetime(
        2025, 12, 1, tzinfo=SHANGHAI
    )


def test_the_report_groups_findings_per_unit(findings, sub_bureau_a, legal_section):
    since, until = last_month()

    units = {
        unit.unit_name: unit for unit in recording_report(since=since, until=until)
    }

    assert set(units) == {sub_bureau_a.name, legal_section.name}
    tiedong = units[sub_bureau_a.name]
    assert (tiedong.recordings, len(tiedong.late), len(tiedong.unrecorded)) == (2, 1, 0)
    assert tiedong.late[0].pk == findings[0].pk
    assert "超过第三十二条规定的24小时" in tiedong.late[0].summary
    (step,) = units[legal_section.name].unrecorded
    assert "涉密场所禁止摄录。" in step.summary and step.target_label.startswith(
        "责任追究 #"
    )


def test_the_page_defaults_to_last_month(client, findings, legal_officer, sub_bureau_b):
    client.force_login(legal_officer)

    response = client.get(REPORT)

    page = response.content.decode()
    assert response.status_code == 200
    assert "2026-10-01 至 2026-10-31" in page
    assert "鞍山市生态环境局铁东分局" in page and "涉密场所禁止摄录。" in page
    assert f"finding_id={findings[0].pk}" in page
    assert f"finding_id={findings[1].pk}" not in page  # made in November


def test_a_chosen_period(client, findings, legal_officer):
    client.force_login(legal_officer)

    page = client.get(
        REPORT, {"since": "2026-11-01", "until": "2026-11-30"}
    ).content.decode()

    assert f"finding_id={findings[1].pk}" in page
    assert f"finding_id={findings[0].pk}" not in page


def test_only_the_legal_section_and_leaders_see_the_report(
    client, legal_officer, city_leader, district_a_leader, district_a_officer, citizen
):
    for person, status in (
        (legal_officer, 200),
        (city_leader, 200),
        (district_a_leader, 403),
        (district_a_officer, 403),
        (citizen, 403),
    ):
        client.force_login(person)
        assert client.get(REPORT).status_code == status, person


def test_the_navigation_shows_the_report_only_with_the_permission(
    legal_officer, district_a_leader
):
    def labels(user):
        return [str(entry["label"]) for entry in navigation.entries_for(user, "/")]

    assert "音像记录" in labels(legal_officer)
    assert "音像记录" not in labels(district_a_leader)


def test_the_page_reads_a_fixed_number_of_queries(
    client,
    findings,
    enterprise_a,
    district_a_officer,
    legal_officer,
    django_assert_max_num_queries,
):
    client.force_login(legal_officer)
    client.get(REPORT)
    with django_assert_max_num_queries(20) as before:
        client.get(REPORT)
    for n in range(5):
        record_audio(
            enterprise_a,
            district_a_officer,
            captured_at=OCTOBER,
            stored_at=OCTOBER + timedelta(days=2),
            salt=bytes([10 + n]),
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(REPORT)


def test_yearly_figures_per_unit_for_the_assessment(
    findings, sub_bureau_a, sub_bureau_b, legal_section, legal_officer
):
    services.recording_correction_issue(
        finding_type="late_recording",
        finding_id=findings[0].pk,
        finding="逾期存储",
        deadline_days=10,
        by=legal_officer,
    )

    rows = {row.unit_name: row for row in selectors.recording_findings_by_unit(2026)}

    tiedong = rows[sub_bureau_a.name]
    assert (tiedong.recordings, tiedong.late_recordings, tiedong.corrections) == (
        2,
        1,
        1,
    )
    assert rows[sub_bureau_b.name].late_recordings == 1
    assert rows[legal_section.name].unrecorded_steps == 1
    assert selectors.recording_findings_by_unit(2025) == []
