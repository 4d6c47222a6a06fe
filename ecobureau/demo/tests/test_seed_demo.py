import io

import pytest
from django.core.management import CommandError, call_command

from ecobureau.accounts.models import User
from ecobureau.casework.models import Accountability, Clock, WorkItem
from ecobureau.core import records
from ecobureau.core.installation import DemoRefused, mark_production, note_demo_loaded
from ecobureau.core.models import Installation
from ecobureau.enterprises.models import Enterprise

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_refused_without_demo_data(settings) -> None:
    settings.DEMO_DATA = False
    with pytest.raises(CommandError, match="DEMO_DATA=true"):
        call_command("seed_demo")


def test_refused_on_a_production_database(settings) -> None:
    settings.ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="生产环境"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_refused_on_a_database_marked_production_whatever_the_settings(
    settings,
) -> None:
    """A production database copied to a test machine (ENVIRONMENT unset) still
    refuses: the mark is in the database (issue 16 item 5)."""
    settings.DEMO_DATA = True
    mark_production()
    settings.ENVIRONMENT = "development"
    with pytest.raises(CommandError, match="已标记为生产库"):
        call_command("seed_demo")
    assert not User.objects.exists()
    assert not Installation.objects.get().demo_loaded_at


def test_a_database_that_held_demo_data_cannot_be_marked_production() -> None:
    note_demo_loaded()
    with pytest.raises(DemoRefused, match="载入过示例数据"):
        mark_production()
    assert Installation.objects.get().production_since is None
    assert not records.history(("core.installation", 1)).exists()


def test_migrate_under_production_settings_marks_the_database(settings) -> None:
    settings.ENVIRONMENT = "production"
    call_command("migrate", "core", verbosity=0)
    row = Installation.objects.get()
    assert row.production_since is not None
    assert records.history(("core.installation", 1)).get().action == (
        "installation.production"
    )
    call_command("migrate", "core", verbosity=0)  # marking again changes nothing
    assert Installation.objects.get().production_since == row.production_since


def test_builds_a_labelled_city_through_the_services_and_its_chain_verifies(
    tmp_path,
) -> None:
    out = io.StringIO()
    logins = tmp_path / "logins.txt"
    call_command(
        "seed_demo",
        "--scale",
        "0.1",
        "--logins-file",
        str(logins),
        stdout=out,
        stderr=io.StringIO(),
    )
    # every role has a persona; the password is printed, random, and not in code
    printed = out.getvalue()
    password = printed.rsplit("密码：", 1)[1].strip()
    assert password.endswith("#7Qa") and len(password) >= 24
    assert logins.read_text(encoding="utf-8").strip().endswith(password)
    from ecobureau.accounts.roles import CATALOGUE

    held = set(User.objects.values_list("roles__code", flat=True))
    assert set(CATALOGUE) <= held
    # the registry is labelled, built through the services (each creation recorded)
    enterprises = Enterprise.objects.all()
    assert enterprises.count() == 200
    assert set(enterprises.values_list("note", flat=True)) == {"示例数据"}
    assert records.history(enterprises.get(name="鞍山市华信精细化工有限公司")).exists()
    # a tenth of the positive list: 9 listed first, 2 added and 2 removed later
    from ecobureau.enterprises.models import PositiveListEntry

    assert PositiveListEntry.objects.filter(removed_on__isnull=True).count() == 9
    # every deadline the demo missed opened one follow-up, on the legal section's
    # workbench (each module's demo misses some; the casework demo six)
    missed = Clock.objects.filter(state=Clock.State.MISSED)
    followed = Accountability.objects.filter(source_type="casework.clock")
    assert missed.count() >= 6
    assert sorted(followed.values_list("source_id", flat=True)) == sorted(
        missed.values_list("pk", flat=True)
    )
    assert WorkItem.objects.filter(state="open", unit__code="legal").exists()
    # the portal's 挂牌督办 list has the demo's listing, labelled, open
    from ecobureau.enforcement import selectors as enforcement_selectors

    (listed,) = enforcement_selectors.supervision_list_public()
    assert "示例" in listed.authority and listed.status == "listed"
    # a major seal (serious case), reviewed and signed, its 法制审核意见表 issued,
    # waiting in the team head's queue of major measures for the 集体审议申请表
    from ecobureau.casework.models import Document
    from ecobureau.enforcement.models import CompulsoryMeasure
    from ecobureau.enforcement.services import measures_major

    (major,) = CompulsoryMeasure.objects.exclude(major_grounds=[])
    assert measures_major.major_step(major)[0] == "apply"
    assert Document.objects.filter(kind="enf_measure_review_opinion").count() == 1
    team_head = User.objects.get(username="demo-team-head")
    assert [q.measure for q in measures_major.major_queue_for_user(team_head)] == [
        major
    ]
    # one paid case filed and archived with its 卷内目录, for 案卷评查
    from ecobureau.enforcement.models import CaseFile

    (case_file,) = CaseFile.objects.all()
    assert case_file.case.status == "archived" and not case_file.missing
    assert case_file.document is not None
    # the demo database's chain verifies
    checked, fault = records.verify()
    assert fault is None and checked == records.Record.objects.count() > 300


def test_if_empty_leaves_a_populated_database_alone(enterprise_a) -> None:
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "跳过" in out.getvalue()
    assert Enterprise.objects.count() == 1
