"""The data tables: retention removes whole old months and keeps the rest; on
PostgreSQL the partition job creates months ahead and moves rows that landed in
the default partition, and retention drops whole partitions."""

from datetime import datetime

import pytest
from django.db import connection, transaction

from ecobureau.lib import hj212
from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring import services, storage
from ecobureau.monitoring.models import Frame, SummaryReading
from ecobureau.monitoring.models import Reading as DetailReading
from ecobureau.monitoring.services import ingest

pytestmark = pytest.mark.django_db


def store(instrument, cn: str, *times: datetime) -> None:
    received = []
    for n, moment in enumerate(times):
        (segment,) = hj212.data_segments(
            qn=f"{moment:%Y%m%d%H%M%S}{n:03d}",
            st="32",
            cn=cn,
            pw="x",
            mn=instrument.mn,
            data_time=moment,
            items=["w01018-Rtd=35.6,w01018-Flag=N"]
            if cn == "2011"
            else ["w01018-Avg=35.6,w01018-Flag=N"],
        )
        packet = hj212.decode_frame(hj212.frame(segment))
        received.append(ingest.Received(instrument.pk, packet, moment, "test"))
    services.frames_store(received)


def local(year: int, month: int, day: int = 1, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


def test_retention_removes_old_months_and_keeps_hourly_data(instrument_a) -> None:
    old, kept = local(2025, 9, 30, 23), local(2025, 10, 1, 0)
    store(instrument_a, "2011", old, kept)
    store(instrument_a, "2061", old, kept)
    # 13 months before November 2026 is October 2025: September goes.
    result = services.retention_prune(now=local(2026, 11, 22, 12))
    assert list(Frame.objects.filter(cn=2011).values_list("data_time", flat=True)) == [
        kept
    ]
    assert list(DetailReading.objects.values_list("data_time", flat=True)) == [kept]
    # Hourly data (the summary table) is kept by default (retention 0).
    assert SummaryReading.objects.count() == 2
    # Frames of the hourly data are raw packets: they go with the frames' retention.
    assert not Frame.objects.filter(data_time=old).exists()
    assert "monitoring_reading" in result.summary()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partitions exist on PostgreSQL only"
)
def test_partitions_are_made_ahead_and_rows_leave_the_default_partition(
    instrument_a,
) -> None:
    future = local(2031, 3, 15, 8)
    store(instrument_a, "2011", future)

    def partition_of() -> str:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tableoid::regclass::text FROM monitoring_frame"
                " WHERE data_time = %s",
                [future],
            )
            return str(cursor.fetchone()[0])

    assert partition_of() == "monitoring_frame_default"
    created = services.partitions_ensure(now=local(2031, 2, 10))
    assert "monitoring_frame_p203103" in created
    assert partition_of() == "monitoring_frame_p203103"
    assert DetailReading.objects.filter(data_time=future).count() == 1
    # Retention drops whole months (13 by default) rather than deleting rows.
    result = services.retention_prune(now=local(2032, 5, 1))
    dropped = {name for pruned in result.pruned for name in pruned.dropped}
    assert "monitoring_frame_p203103" in dropped
    assert not Frame.objects.filter(data_time=future).exists()
    names = [name for name, _ in storage.partitions(connection, "monitoring_frame")]
    assert "monitoring_frame_p203103" not in names


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY staging tables on PostgreSQL only"
)
def test_a_rolled_back_batch_does_not_break_the_next_one(instrument_a) -> None:
    # The first batch of a session creates its staging tables; rolling that
    # batch back removes them again, and the next batch must still store.
    with pytest.raises(RuntimeError), transaction.atomic():
        store(instrument_a, "2011", local(2026, 11, 20, 8))
        raise RuntimeError("the database went away mid-batch")
    assert not Frame.objects.exists()
    store(instrument_a, "2011", local(2026, 11, 20, 9))
    assert Frame.objects.count() == 1
