"""`hj212 replay`: archived raw packets decoded again — values a fixed decoder
finds are stored once, and refused packets that now authenticate are stored and
marked replayed; garbage stays refused."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from ecobureau.lib import hj212
from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring import services
from ecobureau.monitoring.models import Frame, RejectedFrame
from ecobureau.monitoring.models import Reading as DetailReading
from ecobureau.monitoring.services import ingest

from .conftest import STANDARD_MN, STANDARD_PW, frame

pytestmark = pytest.mark.django_db

AT = datetime(2016, 8, 1, 8, 58, 57, tzinfo=SHANGHAI)


def test_values_missing_beside_a_stored_frame_are_stored_once(instrument_a) -> None:
    packet = hj212.decode_frame(frame("std_2011_water"))
    services.frames_store([ingest.Received(instrument_a.pk, packet, AT, "test")])
    # As if the decoder of the day had missed the values of this packet.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM monitoring_reading WHERE code = 'w21003'")
    result = services.replay(since=AT - timedelta(days=1), until=AT + timedelta(days=1))
    assert (result.frames, result.values_new) == (1, 1)
    again = services.replay(since=AT - timedelta(days=1), until=AT + timedelta(days=1))
    assert again.values_new == 0
    assert DetailReading.objects.count() == 3


def test_a_refused_packet_is_stored_once_its_instrument_is_registered(
    water_outlet_a,
) -> None:
    packet = hj212.decode_frame(frame("std_2011_water"))
    garbage = hj212.decode_frame(frame("bad_crc"))
    ingest.rejected_store(
        [
            ingest.Refused(
                AT, "10.0.0.9:5000", RejectedFrame.Reason.UNKNOWN_MN, packet
            ),
            ingest.Refused(AT, "10.0.0.9:5000", RejectedFrame.Reason.DECODE, garbage),
        ]
    )
    instrument = services.instrument_register(
        outlet=water_outlet_a,
        data=services.InstrumentData(mn=STANDARD_MN, system_code="32"),
        by=None,
    )
    services.instrument_set_password(
        instrument=instrument, by=None, password=STANDARD_PW
    )
    out = StringIO()
    call_command(
        "hj212",
        "replay",
        "--since",
        "2016-08-01",
        "--until",
        "2016-08-02",
        stdout=out,
    )
    assert "入库1个" in out.getvalue() and "仍不能入库1个" in out.getvalue()
    stored = Frame.objects.get()
    assert (stored.instrument_id, stored.qn) == (instrument.pk, packet.qn)
    assert DetailReading.objects.count() == 3
    refused = RejectedFrame.objects.get(reason=RejectedFrame.Reason.UNKNOWN_MN)
    assert refused.replayed_at is not None
    assert RejectedFrame.objects.get(reason="decode").replayed_at is None
