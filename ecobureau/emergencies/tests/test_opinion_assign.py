"""研判并分派: the assign step names who handles an opinion event — staff who hold
the handling permission and can see the event — through the page; the new
handler gets the work item, the reply clock and an inbox message; someone of
another district is refused with the choice kept."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.casework.models import Clock, WorkItem
from ecobureau.emergencies import services
from ecobureau.emergencies.models import OpinionEvent
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(duty_officer, district_a) -> OpinionEvent:
    """An opinion event in district A, registered (and so held) by the duty officer."""
    return services.opinion_register(
        by=duty_officer,
        title="抖音：铁东某厂夜间冒黑烟",
        channel=OpinionEvent.Channel.WEIBO,
        content="网友发视频称某厂夜间冒黑烟",
        grade="major",
        district=district_a,
    )


def _assign_url(event: OpinionEvent) -> str:
    return reverse("emergencies:opinion-act", args=[event.pk, "assign"])


def _reply_clock(event: OpinionEvent) -> Clock:
    return Clock.objects.get(
        target_type="emergencies.opinionevent", target_id=event.pk, step="reply"
    )


def test_assign_to_another_handler_through_the_page(
    client, duty_officer, district_a_officer, event
):
    # given the event held by the one who registered it
    assert event.assignee == duty_officer
    assert _reply_clock(event).responsible == duty_officer
    client.force_login(duty_officer)

    # when the duty officer assigns it to the district A officer
    response = client.post(
        _assign_url(event),
        {"handler": district_a_officer.pk, "note": "涉及铁东辖区企业，由分局核查"},
    )

    # then the event is handled by them, the reply clock names them, they are told
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == "handling"
    assert event.assignee == district_a_officer
    assert _reply_clock(event).responsible == district_a_officer
    assert _reply_clock(event).state == Clock.State.RUNNING
    message = Notification.objects.get(recipient=district_a_officer)
    assert event.title in message.title
    assert message.url == event.get_absolute_url()
    assert not Notification.objects.filter(recipient=duty_officer).exists()
    item = WorkItem.objects.get(
        target_type="emergencies.opinionevent",
        target_id=event.pk,
        state=WorkItem.State.OPEN,
    )
    assert (item.step, item.assignee) == ("handling", district_a_officer)


def test_the_new_handler_sees_it_on_their_workbench_and_list(
    client, duty_officer, district_a_officer, event
):
    services.opinion_assign(event=event, by=duty_officer, handler=district_a_officer)
    client.force_login(district_a_officer)
    workbench = client.get(reverse("casework:workbench")).content.decode()
    assert "舆情办理中，待拟回复" in workbench
    assert event.title in workbench
    listing = client.get(reverse("emergencies:opinion-list")).content.decode()
    assert event.title in listing
    page = client.get(event.get_absolute_url()).content.decode()
    assert 'data-testid="assignee">张科员<' in page
    # and it is no longer on the duty officer's own list of work
    client.force_login(duty_officer)
    mine = client.get(reverse("casework:workbench")).content.decode()
    assert event.title not in mine


def test_someone_of_another_district_is_refused_and_the_choice_kept(
    client, duty_officer, district_b_officer, event
):
    # given the duty officer (city-wide) may pick district B's officer from the list
    client.force_login(duty_officer)
    form_page = client.get(event.get_absolute_url()).content.decode()
    assert f'value="{district_b_officer.pk}"' in form_page

    # when they choose the person who cannot see a district A event
    response = client.post(
        _assign_url(event), {"handler": district_b_officer.pk, "note": "试分派"}
    )

    # then refused: 400, the error, the choice and the note kept, nothing changed
    assert response.status_code == 400
    body = response.content.decode()
    assert "能查看该舆情事件" in body
    assert f'<option value="{district_b_officer.pk}" selected>' in body
    assert "试分派" in body
    event.refresh_from_db()
    assert event.status == "registered"
    assert event.assignee == duty_officer
    assert _reply_clock(event).responsible == duty_officer
    assert not Notification.objects.filter(recipient=district_b_officer).exists()


def test_a_person_without_the_handling_permission_cannot_be_chosen(
    client, duty_officer, city_leader, event
):
    # the bureau leader reviews replies but does not handle them
    client.force_login(duty_officer)
    response = client.post(_assign_url(event), {"handler": city_leader.pk})
    assert response.status_code == 400
    event.refresh_from_db()
    assert event.status == "registered"
    with pytest.raises(ValidationError, match="办理权限"):
        services.opinion_assign(event=event, by=duty_officer, handler=city_leader)


def test_assign_without_a_handler_is_refused(client, duty_officer, event):
    client.force_login(duty_officer)
    response = client.post(_assign_url(event), {"handler": ""})
    assert response.status_code == 400
    event.refresh_from_db()
    assert event.status == "registered"


def test_assigning_an_event_already_assigned_shows_why(
    client, duty_officer, district_a_officer, event
):
    # given a colleague assigned it a moment ago (this page is stale)
    services.opinion_assign(event=event, by=duty_officer, handler=district_a_officer)
    client.force_login(duty_officer)
    response = client.post(
        _assign_url(event), {"handler": duty_officer.pk, "note": "由值守办理"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "不能执行“分派办理”" in body
    assert "由值守办理" in body
    event.refresh_from_db()
    assert event.assignee == district_a_officer
