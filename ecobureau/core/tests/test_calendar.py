from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.core import calendar, records, services, signals
from ecobureau.core.models import CalendarDay, CalendarYear
from ecobureau.lib import workdays

NEW_YEAR_2027 = [(date(2027, 1, day), "元旦") for day in (1, 2, 3)]
MAKE_UP_2027 = [(date(2027, 1, 9), "元旦")]


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with nothing cached and no pending change."""
    monkeypatch.setattr(calendar, "_cache", None)
    monkeypatch.setattr(calendar._local, "dirty", False, raising=False)


@pytest.fixture
def admin_user(db: None) -> User:
    """A system administrator who maintains the official calendar."""
    user = UserFactory(username="calendar-admin", is_staff=True, is_superuser=True)
    assert isinstance(user, User)
    return user


@pytest.fixture
def changes() -> Iterator[list[dict[str, Any]]]:
    """The calendar_changed signals sent, with whether the receiver already saw
    2027-01-09 as a working day."""
    sent: list[dict[str, Any]] = []

    def receiver(sender: object, years: list[int], **kwargs: object) -> None:
        saturday = calendar.current().day(date(2027, 1, 9))
        sent.append({"years": years, "saturday_works": saturday.workday})

    signals.calendar_changed.connect(receiver)
    yield sent
    signals.calendar_changed.disconnect(receiver)


def deadline_2026_12_20() -> workdays.Deadline:
    return workdays.deadline(
        start=date(2026, 12, 20),
        amount=15,
        unit="workdays",
        calendar=calendar.current(),
    )


def enter_2027(by: User | None = None) -> CalendarYear:
    return services.calendar_year_enter(
        year=2027,
        source="国务院办公厅关于2027年部分节假日安排的通知",
        rest_days=NEW_YEAR_2027,
        work_days=MAKE_UP_2027,
        by=by,
    )


# --- current() ----------------------------------------------------------------------


@pytest.mark.django_db
def test_without_entries_the_bundled_calendar_applies() -> None:
    result = deadline_2026_12_20()
    assert (result.due, result.provisional) == (date(2027, 1, 11), True)
    assert calendar.current().is_workday(date(2026, 10, 1)) is False


@pytest.mark.django_db
def test_entering_2027_changes_the_deadline_and_ends_the_guess(
    admin_user: User, changes: list[dict[str, Any]]
) -> None:
    # when
    entry = enter_2027(by=admin_user)
    # then the calendar has the year and its days
    assert entry.entered_by_id == admin_user.pk
    assert CalendarDay.objects.filter(kind=CalendarDay.Kind.REST).count() == 3
    result = deadline_2026_12_20()
    assert (result.due, result.provisional) == (date(2027, 1, 9), False)
    # and the change is recorded
    (record,) = records.history(entry)
    assert record.action == "calendar.year_enter"
    assert record.actor_id == admin_user.pk
    payload = records.payload_of(record)["data"]
    assert payload["work_days"] == ["2027-01-09"]
    assert payload["after"] == "entered"
    # and receivers were told, already seeing the new calendar
    assert changes == [{"years": [2027], "saturday_works": True}]


@pytest.mark.django_db
def test_entering_a_year_again_replaces_its_days(admin_user: User) -> None:
    enter_2027(by=admin_user)
    entry = services.calendar_year_enter(
        year=2027,
        source="更正后的通知",
        rest_days=[(date(2027, 1, 1), "元旦")],
        work_days=[],
        by=admin_user,
    )
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [
        date(2027, 1, 1)
    ]
    assert calendar.current().is_workday(date(2027, 1, 9)) is False
    assert entry.source == "更正后的通知"
    history = [
        (r.action, records.payload_of(r)["data"]["after"])
        for r in records.history(entry)
    ]
    assert history == [
        ("calendar.year_enter", "entered"),
        ("calendar.year_enter", "re-entered"),
    ]


@pytest.mark.django_db
def test_a_notice_may_set_the_last_days_of_the_year_before(
    changes: list[dict[str, Any]],
) -> None:
    services.calendar_year_enter(
        year=2027,
        source="通知",
        rest_days=[(date(2026, 12, 31), "元旦"), *NEW_YEAR_2027],
        work_days=[],
        by=None,
    )
    # The bundled calendar has 2026-12-31 (a Thursday) as a working day.
    assert calendar.current().is_workday(date(2026, 12, 31)) is False
    assert changes[0]["years"] == [2026, 2027]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rest_days": [(date(2025, 10, 1), "国庆节")]}, "2025-10-01不属于2027年"),
        (
            {"rest_days": NEW_YEAR_2027, "work_days": [(date(2027, 1, 1), "元旦")]},
            "2027-01-01重复出现",
        ),
        ({"source": "  "}, "请填写依据文件"),
        ({"year": 2100}, "年度应在2000至2099之间"),
    ],
)
def test_a_wrong_schedule_is_refused_and_nothing_is_written(
    kwargs: dict[str, Any], message: str
) -> None:
    arguments: dict[str, Any] = {
        "year": 2027,
        "source": "通知",
        "rest_days": [],
        "work_days": [],
        "by": None,
    }
    with pytest.raises(ValidationError) as caught:
        services.calendar_year_enter(**(arguments | kwargs))
    assert any(message in text for text in caught.value.messages)
    assert not CalendarYear.objects.exists()
    assert not CalendarDay.objects.exists()


@pytest.mark.django_db
def test_removing_an_entered_year_makes_it_provisional_again(
    admin_user: User, changes: list[dict[str, Any]]
) -> None:
    entry = enter_2027(by=admin_user)
    services.calendar_year_remove(year=2027, by=admin_user)
    assert not CalendarDay.objects.exists()
    assert deadline_2026_12_20().provisional is True
    actions = [r.action for r in records.history(entry)]
    assert actions == ["calendar.year_enter", "calendar.year_remove"]
    assert [change["years"] for change in changes] == [[2027], [2027]]
    with pytest.raises(ValidationError, match="未录入"):
        services.calendar_year_remove(year=2027, by=admin_user)


@pytest.mark.django_db
def test_a_single_day_can_be_set_and_removed(
    admin_user: User, changes: list[dict[str, Any]]
) -> None:
    def payment_due() -> date:
        return workdays.deadline(
            start=date(2026, 9, 16),
            amount=15,
            unit="days",
            calendar=calendar.current(),
        ).due

    assert payment_due() == date(2026, 10, 8)
    day = services.calendar_day_set(
        day=date(2026, 10, 8), kind="rest", name="国庆节延长", by=admin_user
    )
    assert payment_due() == date(2026, 10, 9)
    services.calendar_day_remove(day=date(2026, 10, 8), by=admin_user)
    assert payment_due() == date(2026, 10, 8)
    history = [(r.action, records.payload_of(r)["data"]) for r in records.history(day)]
    assert history[0][0] == "calendar.day_set"
    assert history[0][1]["after"] == "rest"
    assert history[1][0] == "calendar.day_remove"
    assert [change["years"] for change in changes] == [[2026], [2026]]


@pytest.mark.django_db
def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValidationError, match="类型应为"):
        services.calendar_day_set(day=date(2026, 10, 8), kind="half", name="", by=None)


# --- The cache ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_calendar_is_read_once_while_nothing_changes(
    django_assert_num_queries: Any,
) -> None:
    first = calendar.current()
    with django_assert_num_queries(0):
        assert calendar.current() is first


@pytest.mark.django_db
def test_a_direct_table_change_is_seen_at_once() -> None:
    assert calendar.current().is_workday(date(2026, 11, 23)) is True
    CalendarDay.objects.create(date=date(2026, 11, 23), kind=CalendarDay.Kind.REST)
    assert calendar.current().is_workday(date(2026, 11, 23)) is False


@pytest.mark.django_db
def test_the_cache_fills_again_once_the_change_commits(
    django_capture_on_commit_callbacks: Any, django_assert_num_queries: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.calendar_day_set(day=date(2026, 11, 23), kind="rest", name="", by=None)
    first = calendar.current()
    assert first.is_workday(date(2026, 11, 23)) is False
    with django_assert_num_queries(0):
        assert calendar.current() is first


@pytest.mark.django_db
def test_other_processes_changes_are_read_after_the_maximum_age(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = calendar.current()
    monkeypatch.setattr(calendar, "MAX_AGE_SECONDS", 0.0)
    assert calendar.current() is not first


@pytest.mark.django_db
def test_a_database_without_the_tables_falls_back_and_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # given a database that was never migrated
    monkeypatch.setattr(connection.introspection, "table_names", lambda *a, **k: [])
    monkeypatch.setattr(calendar, "_warned_missing", False)
    # when
    result = deadline_2026_12_20()
    # then
    assert (result.due, result.provisional) == (date(2027, 1, 11), True)
    assert "没有节假日表" in capsys.readouterr().err


# --- Admin ---------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_enters_a_year_through_the_service(
    client: Client, admin_user: User, changes: list[dict[str, Any]]
) -> None:
    client.force_login(admin_user)
    response = client.post(
        "/admin/core/calendaryear/add/",
        {
            "year": "2027",
            "source": "国务院办公厅关于2027年部分节假日安排的通知",
            "rest_days": "2027-01-01~2027-01-03 元旦\n2027-02-05至2027-02-11 春节",
            "work_days": "2027-01-09 元旦",
        },
    )
    assert response.status_code == 302
    entry = CalendarYear.objects.get(year=2027)
    assert entry.entered_by_id == admin_user.pk
    assert CalendarDay.objects.filter(kind=CalendarDay.Kind.REST).count() == 10
    assert CalendarDay.objects.get(date=date(2027, 2, 8)).name == "春节"
    assert records.history(entry).get().action == "calendar.year_enter"
    assert changes[0]["years"] == [2027]


@pytest.mark.django_db
def test_admin_shows_a_wrong_schedule_on_the_form(
    client: Client, admin_user: User
) -> None:
    client.force_login(admin_user)
    response = client.post(
        "/admin/core/calendaryear/add/",
        {
            "year": "2027",
            "source": "通知",
            "rest_days": "2025-10-01 国庆节\n2027-13-01",
            "work_days": "",
        },
    )
    assert response.status_code == 200
    assert "第2行“2027-13-01”应为" in response.content.decode()
    assert not CalendarYear.objects.exists()


@pytest.mark.django_db
def test_admin_edits_and_deletes_a_day_through_the_services(
    client: Client, admin_user: User, changes: list[dict[str, Any]]
) -> None:
    client.force_login(admin_user)
    response = client.post(
        "/admin/core/calendarday/add/",
        {"date": "2026-10-08", "kind": "rest", "name": "国庆节延长"},
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=date(2026, 10, 8))
    response = client.post(f"/admin/core/calendarday/{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    actions = [r.action for r in records.history(day)]
    assert actions == ["calendar.day_set", "calendar.day_remove"]
    assert len(changes) == 2


@pytest.mark.django_db
def test_admin_change_form_shows_the_entered_days(
    client: Client, admin_user: User
) -> None:
    entry = enter_2027(by=admin_user)
    client.force_login(admin_user)
    response = client.get(f"/admin/core/calendaryear/{entry.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2027-01-01 元旦\n2027-01-02 元旦" in page
    assert "2027-01-09 元旦" in page
