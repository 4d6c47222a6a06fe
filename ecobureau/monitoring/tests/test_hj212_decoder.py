"""The pure decoder (lib/hj212.py) on the standard's own example packets, real
instruments' packets, and every way a stream can go wrong."""

import json
import os
import random
from decimal import Decimal

import pytest

from ecobureau.lib import hj212, hj212_codes

from .conftest import STANDARD_MN, frame


def one(data: bytes, strict: bool = False) -> hj212.Packet:
    packets = hj212.decode_stream(data, strict=strict)
    assert len(packets) == 1, [p.status for p in packets]
    return packets[0]


def test_crc_check_value_is_the_standards_not_modbus() -> None:
    # Appendix A's algorithm gives 0x2F80 for "123456789"; CRC-16/MODBUS 0x4B37.
    assert hj212.crc16(b"123456789") == 0x2F80
    assert hj212.crc16_modbus(b"123456789") == 0x4B37
    assert hj212.crc16(b"") == 0xFFFF


def test_fast_crc_equals_the_standards_byte_by_byte_procedure() -> None:
    rng = random.Random(212)
    for size in [*range(0, 40), *rng.sample(range(40, 1100), 60)]:
        data = os.urandom(size)
        assert hj212.crc16(data) == hj212.crc16_bytewise(data), size


def test_the_crcs_printed_in_the_standard() -> None:
    # Appendix A prints 1C80 for the 1062 example (its prose says "1C08": a typo);
    # the 9014 answer's CRC is C241.
    packet = one(frame("std_appendix_a_1062"))
    assert packet.ok
    assert (packet.cn, packet.st, packet.mn, packet.qn) == (
        "1062",
        "32",
        STANDARD_MN,
        "20160801085857223",
    )
    assert (
        packet.flag == 5
        and packet.wants_answer
        and packet.version == hj212.VERSION_2017
    )
    assert packet.params == {"RtdInterval": "30"}
    answer = one(frame("std_9014_answer"))
    assert (
        answer.ok and answer.cn == "9014" and answer.st == "91" and answer.values == ()
    )


def test_real_time_water_data_every_value_and_flag() -> None:
    packet = one(frame("std_2011_water"))
    assert packet.data_time is not None
    assert packet.data_time.isoformat() == "2016-08-01T08:58:57+08:00"
    assert [(v.code, v.field, v.text, v.flag) for v in packet.values] == [
        ("w01018", "Rtd", "35.6", "N"),
        ("w21003", "Rtd", "0.812", "N"),
        ("w00000", "Rtd", "12.3", "N"),
    ]
    assert packet.values[0].number == 35.6
    assert packet.values[1].exact == Decimal("0.812")


def test_minute_data_has_cou_min_avg_max() -> None:
    packet = one(frame("std_2051_water"))
    fields = {(v.code, v.field): v.text for v in packet.values}
    assert fields[("w01018", "Cou")] == "0.264"
    assert fields[("w01018", "Min")] == "34.9"
    assert fields[("w01018", "Avg")] == "35.6"
    assert fields[("w01018", "Max")] == "36.2"
    assert all(v.flag == "N" for v in packet.values)


def test_converted_hourly_values_and_running_state() -> None:
    packet = one(frame("std_2061_gas_converted"))
    assert {v.field for v in packet.values if v.code == "a21026"} == {
        "Cou",
        "Min",
        "Avg",
        "Max",
        "ZsAvg",
    }
    state = one(frame("std_2021_running_state"))
    assert [(v.code, v.field, v.number) for v in state.values] == [
        ("SB1", "RS", 1.0),
        ("SB2", "RS", 0.0),
    ]


def test_real_instruments_packets() -> None:
    air = one(frame("real_2011_air_station"))
    assert air.ok and air.flag == 9 and air.version == hj212.VERSION_2025
    assert len(air.values) == 14 and air.values[-1].code == "a01006"
    minute = one(frame("real_2051_air_station"))
    assert minute.ok and minute.mn == "JLYP01_AIR01_0001" and len(minute.values) == 11


def test_utf8_log_length_is_counted_in_bytes_and_may_hold_separators() -> None:
    raw = frame("std_3020_log_utf8")
    data = raw[6:-6]
    assert int(raw[2:6]) == len(data) != len(data.decode("utf-8"))
    packet = one(raw)
    assert packet.ok
    assert packet.values[0].text == "仪器开始标定；量程=500,&&结束"
    assert packet.params["PolId"] == "w01018"


def test_sub_packets_each_decoded_with_their_own_qn() -> None:
    first, second = (one(frame(f"std_subpacket_{n}_of_2")) for n in (1, 2))
    assert (first.pnum, first.pno, second.pno) == (2, 1, 2)
    assert first.flag is not None
    assert first.qn != second.qn and first.flag & hj212.FLAG_D


def test_hj_t_212_2005_packet_without_qn_or_flag() -> None:
    packet = one(frame("hj2005_2011_water"))
    assert packet.ok and packet.qn is None and packet.flag is None
    assert packet.version == hj212.VERSION_2005 and not packet.wants_answer
    assert [hj212_codes.code_2017(v.code) for v in packet.values] == [
        "w00000",
        "w01018",
        "w21003",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "deviation_lowercase_crc",
        "deviation_spaces_2025_flag",
        "deviation_ms_datatime",
        "real_2011_air_station",
    ],
)
def test_deployed_deviations_are_tolerated_and_strict_mode_rejects_them(
    name: str,
) -> None:
    assert one(frame(name)).ok
    strict = one(frame(name), strict=True)
    assert strict.status == hj212.MALFORMED and "严格模式" in strict.error


@pytest.mark.parametrize(
    ("name", "status", "words"),
    [
        ("bad_crc", hj212.BAD_CRC, "CRC校验不符"),
        ("bad_crc_modbus", hj212.BAD_CRC, "CRC-16/MODBUS"),
        ("bad_length", hj212.BAD_LENGTH, "长度"),
        ("too_long", hj212.TOO_LONG, "1024"),
        ("malformed_lf_tail", hj212.MALFORMED, "回车换行"),
        ("malformed_no_crc", hj212.MALFORMED, "缺少CRC"),
        ("malformed_unclosed_cp", hj212.MALFORMED, "&&"),
        ("malformed_split_without_pnum", hj212.MALFORMED, "PNUM"),
        ("malformed_not_a_number", hj212.MALFORMED, "不是数字"),
    ],
)
def test_rejected_pieces_have_a_status_and_a_chinese_reason(
    name: str, status: str, words: str
) -> None:
    packet = one(frame(name))
    assert packet.status == status
    assert words in packet.error


def test_garbage_split_reads_and_joined_packets_give_the_same_pieces() -> None:
    stream = (
        frame("stream_garbage_between_packets")
        + frame("std_2011_water")
        + frame("bad_crc")
        + frame("std_2051_water")
    )
    whole = [(p.status, p.qn, p.cn) for p in hj212.decode_stream(stream)]
    assert [s for s, _, _ in whole] == [
        "ok",
        "malformed",
        "ok",
        "malformed",
        "ok",
        "bad-crc",
        "ok",
    ]
    for size in (1, 2, 7, 64, 1000):
        decoder = hj212.StreamDecoder()
        pieces = []
        for start in range(0, len(stream), size):
            pieces += decoder.feed(stream[start : start + size])
        pieces += decoder.finish()
        assert [(p.status, p.qn, p.cn) for p in pieces] == whole, size


def test_a_run_of_hashes_starts_at_its_last_pair() -> None:
    packet = frame("std_2011_water")
    packets = hj212.decode_stream(b"#" + packet)
    assert [p.status for p in packets] == ["ok"]


def test_a_good_packet_behind_an_overlong_declared_length_is_not_held_back() -> None:
    good = frame("std_2011_water")
    broken = b"##0900" + good[6:]  # declares more bytes than follow
    decoder = hj212.StreamDecoder()
    statuses = [p.status for p in decoder.feed(broken + good)]
    assert statuses == ["bad-length", "ok"]


def test_buffer_is_bounded_by_one_packet() -> None:
    decoder = hj212.StreamDecoder()
    decoder.feed(b"x" * 100_000)
    assert decoder.buffered <= 1
    decoder.feed(b"##1024" + b"a" * 900)
    assert decoder.buffered <= hj212.MAX_PACKET
    assert [p.status for p in decoder.finish()] == ["truncated"]


def test_replies_are_the_standards_form() -> None:
    upload = one(frame("std_2011_water"))
    ack = one(hj212.data_ack(upload))
    assert (ack.qn, ack.st, ack.cn, ack.pw, ack.mn, ack.flag) == (
        upload.qn,
        "91",
        "9014",
        "123456",
        STANDARD_MN,
        4,
    )
    assert hj212.data_ack(upload).endswith(
        b"CP=&&&&" + b"%04X" % hj212.crc16(hj212.data_ack(upload)[6:-6]) + b"\r\n"
    )
    # The 9014 the standard prints, rebuilt byte for byte.
    printed = one(frame("std_9014_answer"))
    source = hj212.Packet(
        status="ok",
        raw=b"",
        qn=printed.qn,
        st="32",
        cn="2011",
        pw=printed.pw,
        mn=printed.mn,
        flag=5,
    )
    assert hj212.data_ack(source) == frame("std_9014_answer")
    assert one(hj212.notice_ack(upload)).cn == "9013"


def test_data_segments_split_into_sub_packets_within_the_limits() -> None:
    items = [f"w{n:05d}-Rtd={n}.5,w{n:05d}-Flag=N" for n in range(80)]
    segments = hj212.data_segments(
        qn="20160801085857223",
        st="32",
        cn="2011",
        pw="123456",
        mn=STANDARD_MN,
        data_time=one(frame("std_2011_water")).data_time,
        items=items,
    )
    assert len(segments) > 1
    packets = [one(hj212.frame(segment)) for segment in segments]
    assert all(p.ok and p.pnum == len(segments) for p in packets)
    assert [p.pno for p in packets] == list(range(1, len(segments) + 1))
    assert sum(len(p.values) for p in packets) == 80
    for segment in segments:
        cp = segment[segment.index("CP=&&") :]
        assert (
            len(cp) <= hj212.MAX_CP and len(segment.encode()) <= hj212.MAX_DATA_LENGTH
        )


def test_json_line_follows_the_contract() -> None:
    line = json.loads(hj212.packet_json(one(frame("std_2011_water"))))
    assert line == {
        "status": "ok",
        "cn": "2011",
        "st": "32",
        "mn": STANDARD_MN,
        "qn": "20160801085857223",
        "flag": 5,
        "data_time": "2016-08-01T08:58:57+08:00",
        "values": [
            {"code": "w01018", "field": "Rtd", "value": 35.6, "flag": "N"},
            {"code": "w21003", "field": "Rtd", "value": 0.812, "flag": "N"},
            {"code": "w00000", "field": "Rtd", "value": 12.3, "flag": "N"},
        ],
    }
    sub = json.loads(hj212.packet_json(one(frame("std_subpacket_1_of_2"))))
    assert (sub["pnum"], sub["pno"]) == (2, 1)
    bad = json.loads(hj212.packet_json(one(frame("bad_crc"))))
    assert set(bad) == {"status", "error"} and bad["status"] == "bad-crc"
    old = json.loads(hj212.packet_json(one(frame("hj2005_2011_water"))))
    assert "qn" not in old and "flag" not in old
    assert "flag" not in old["values"][0]  # B01 has no -Flag in that packet
