"""HJ 212 packets (HJ 212-2017, HJ/T 212-2005): framing, the standard's own CRC,
header fields, the data area (CP) with every value field and data flag, and the
replies a host sends. Pure: no Django, no I/O.

    decoder = StreamDecoder()
    for packet in decoder.feed(chunk):  # split reads, joined packets, garbage
        ...
    leftovers = decoder.finish()  # a packet the stream ended inside: "truncated"

Every piece of a stream comes out as a `Packet` whose `status` is "ok" or says
why it was rejected (CONTRACTS.md `hj212 decode`); nothing raises. Tolerant by
default of the deviations deployed instruments show (lower-case CRC hex, spaces
around fields, HJ 212-2025 version bits in Flag, a DataTime with milliseconds);
`strict=True` rejects those as "malformed". Facts and their sources:
reference/hj212.md (cited below by section).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from .dates import SHANGHAI

OK = "ok"
BAD_CRC = "bad-crc"
BAD_LENGTH = "bad-length"
TOO_LONG = "too-long"
MALFORMED = "malformed"
TRUNCATED = "truncated"
STATUSES = (OK, BAD_CRC, BAD_LENGTH, TOO_LONG, MALFORMED, TRUNCATED)

MAX_DATA_LENGTH = 1024  # Table 2: 0 ≤ n ≤ 1024
MAX_PACKET = 2 + 4 + MAX_DATA_LENGTH + 4 + 2  # "##" + length + data + CRC + CRLF
MAX_CP = 950  # Table 3: CP=&&…&& at most 950 characters; split beyond

FLAG_A = 1  # bit0 A: the packet must be answered (9014 for uploads)
FLAG_D = 2  # bit1 D: PNUM and PNO present (sub-packets)
VERSION_2005 = 0  # version bits V5..V0 = 000000: HJ/T 212-2005
VERSION_2017 = 1  # 000001: HJ 212-2017
VERSION_2025 = 2  # 000010: HJ 212-2025 (peers only, hj212.md section 8)
VERSION_NAMES = {
    VERSION_2005: "HJ/T 212-2005",
    VERSION_2017: "HJ 212-2017",
    VERSION_2025: "HJ 212-2025",
}

# --- CRC (Appendix A; hj212.md 1.2): not CRC-16/MODBUS ---------------------------
# register = (register >> 8) XOR byte, then eight reflected-0x8005 shifts. Only the
# high byte survives each step, so the state is 8 bits and one lookup per byte.


def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        register = byte
        for _ in range(8):
            register = (register >> 1) ^ 0xA001 if register & 1 else register >> 1
        table.append(register)
    return tuple(table)


_CRC = _crc_table()
_CRC_HIGH = bytes(value >> 8 for value in _CRC)


def _powers() -> tuple[bytes, ...]:
    # The byte-to-byte step is linear over GF(2) and its eighth power is the
    # identity, so the state after m bytes is the XOR of each byte carried
    # through the step (m - k) mod 8 times: see crc16.
    powers = [bytes(range(256))]
    for _ in range(7):
        powers.append(bytes(_CRC_HIGH[powers[-1][x]] for x in range(256)))
    return tuple(powers)


_POW = _powers()
_P1, _P2, _P3, _P4, _P5, _P6, _P7 = _POW[1:]


def crc16(data: bytes) -> int:
    """The HJ 212 CRC of a data segment (its UTF-8 bytes); 0xFFFF when empty.

    Same result as `crc16_bytewise`, about three times faster in CPython: the
    bytes are folded eight at a time with big-integer XOR (byte k lands in lane
    (m - 1 - k) mod 8), then each lane goes through the step its lane number + 1
    times. Checked against the byte-wise loop on random inputs in the tests.
    """
    size = len(data)
    if not size:
        return 0xFFFF
    m = size - 1
    folded = int.from_bytes(data[:m], "big")
    bits = m * 8
    while bits > 64:
        half = (((bits + 63) // 64 + 1) // 2) * 64
        folded = (folded >> half) ^ (folded & ((1 << half) - 1))
        bits = half
    lanes = folded.to_bytes(8, "big")
    high = (
        _POW[m % 8][0xFF]
        ^ _P1[lanes[7]]
        ^ _P2[lanes[6]]
        ^ _P3[lanes[5]]
        ^ _P4[lanes[4]]
        ^ _P5[lanes[3]]
        ^ _P6[lanes[2]]
        ^ _P7[lanes[1]]
        ^ lanes[0]
    )
    return _CRC[high ^ data[-1]]


def crc16_bytewise(data: bytes) -> int:
    """Appendix A as written, one byte at a time (the reference for crc16)."""
    register = 0xFFFF
    for byte in data:
        register = (register >> 8) ^ byte
        for _ in range(8):
            register = (register >> 1) ^ 0xA001 if register & 1 else register >> 1
    return register


def crc16_modbus(data: bytes) -> int:
    """CRC-16/MODBUS, only to explain a mismatch: some devices and platforms use
    it instead of the standard's algorithm (hj212.md 1.3, section 7 item 1)."""
    register = 0xFFFF
    for byte in data:
        register ^= byte
        for _ in range(8):
            register = (register >> 1) ^ 0xA001 if register & 1 else register >> 1
    return register


# --- What comes out -------------------------------------------------------------


class Value(NamedTuple):
    """One value field of the data area: `<code>-<field>=<value>`.

    A numeric field has `number` (a float, for storage and charts) and `text`,
    the digits exactly as sent (`exact` gives them as a Decimal, for rules that
    compare with limits). Other fields (EFlag, SN, a log Info, a SampleTime in
    ISO-8601) have only `text`. `flag` is the code's `-Flag` (N, F, M, S, D, C,
    T, B …), None when the packet gives none. A key without "-" that is not a
    Table 4 parameter (FANSTATUS=1) has field "".
    """

    code: str
    field: str
    number: float | None
    text: str
    flag: str | None

    @property
    def exact(self) -> Decimal | None:
        return Decimal(self.text) if self.number is not None else None


@dataclass(slots=True)
class Packet:
    status: str
    raw: bytes
    error: str = ""
    qn: str | None = None
    st: str | None = None
    cn: str | None = None
    pw: str | None = None
    mn: str | None = None
    flag: int | None = None
    pnum: int | None = None
    pno: int | None = None
    data_time: datetime | None = None
    values: tuple[Value, ...] = ()
    params: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == OK

    @property
    def version(self) -> int:
        """Version bits of Flag; a packet without Flag is HJ/T 212-2005 style."""
        return VERSION_2005 if self.flag is None else self.flag >> 2

    @property
    def wants_answer(self) -> bool:
        return self.flag is not None and bool(self.flag & FLAG_A)


# --- Stream splitting (hj212.md section 7 items 9–10) ------------------------------

_HASH = 0x23  # "#"
_HEX = frozenset(b"0123456789ABCDEFabcdef")
_UPPER_HEX = frozenset(b"0123456789ABCDEF")


class StreamDecoder:
    """Split one TCP stream into packets and decode each.

    Frames by "##" + four digits + the declared length, then checks the CRC and
    the CRLF tail; never by CRLF alone, so garbage and a lost byte cost one
    packet, not every later one. Bytes outside any packet are skipped and counted
    in `garbage`. Buffering is bounded: at most one maximum packet is held.
    """

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        self.garbage = 0
        self._buf = bytearray()

    @property
    def buffered(self) -> int:
        return len(self._buf)

    def feed(self, data: bytes) -> list[Packet]:
        buf = self._buf
        buf += data
        return self._drain(final=False)

    def finish(self) -> list[Packet]:
        """The stream has ended: whatever started a packet is "truncated"."""
        packets = self._drain(final=True)
        self._buf.clear()
        return packets

    def _drain(self, *, final: bool) -> list[Packet]:
        buf = self._buf
        size = len(buf)
        out: list[Packet] = []
        pos = 0
        while True:
            start = buf.find(b"##", pos)
            if start < 0:
                # Keep a last "#": it may be the first half of a header.
                keep = (
                    size - 1 if size > pos and buf[-1] == _HASH and not final else size
                )
                self.garbage += keep - pos
                pos = keep
                break
            if start + 2 < size and buf[start + 2] == _HASH:
                # "###0171…": the header is the last pair of a run of "#".
                self.garbage += start + 1 - pos
                pos = start + 1
                continue
            self.garbage += start - pos
            pos = start
            found = self._frame(buf, start, size, final)
            if found is None:
                break
            packet, pos = found
            out.append(packet)
        if pos:
            del buf[:pos]
        return out

    def _frame(
        self, buf: bytearray, start: int, size: int, final: bool
    ) -> tuple[Packet, int] | None:
        """Decode the piece at `start`; None when more bytes are needed.

        Each decision uses only bytes up to the packet's declared end, and is
        taken as soon as those bytes settle it, so the same stream gives the
        same pieces however it is split into reads.
        """
        if size < start + 6:
            if final:
                return _rejected(TRUNCATED, buf[start:], TRUNCATED_TEXT), size
            return None
        length_text = bytes(buf[start + 2 : start + 6])
        if not length_text.isdigit():
            raw = bytes(buf[start : start + 6])
            return _rejected(
                MALFORMED, raw, "包头“##”后不是4位十进制数据段长度"
            ), start + 2
        length = int(length_text)
        if length > MAX_DATA_LENGTH:
            raw = bytes(buf[start : start + 6])
            message = f"声明的数据段长度{length}字节，超过标准上限1024字节"
            return _rejected(TOO_LONG, raw, message), start + 2
        data_end = start + 6 + length
        end = data_end + 6
        # A terminator followed by the next header before the CRC's place: the
        # declared length is wrong (a good packet behind it is not held back).
        next_header = buf.find(b"\r\n##", start + 6, min(size, end))
        crc_text = bytes(buf[data_end : data_end + 4])
        in_data = 0 <= next_header < data_end
        framed = size >= end and buf[data_end + 4 : end] == b"\r\n"
        if framed and not in_data and _is_hex(crc_text):
            raw = bytes(buf[start:end])
            packet = decode_frame_parts(raw, raw[6:-6], crc_text, strict=self.strict)
            return packet, end
        if not in_data and buf[data_end : data_end + 2] == b"\r\n":
            raw = bytes(buf[start : data_end + 2])
            return _rejected(MALFORMED, raw, "缺少CRC校验码"), data_end + 2
        if next_header >= 0:
            raw = bytes(buf[start : next_header + 2])
            return _bad_length(raw, length), next_header + 2
        if size < end:
            if not final:
                return None
            raw = bytes(buf[start:size])
            tail = bytes(buf[data_end + 4 : size])
            if (
                size >= data_end + 4
                and _is_hex(crc_text)
                and not b"\r\n".startswith(tail)
            ):
                return _rejected(MALFORMED, raw, TERMINATOR_TEXT), size
            return _rejected(TRUNCATED, raw, TRUNCATED_TEXT), size
        raw = bytes(buf[start:end])
        if _is_hex(crc_text):
            return _rejected(MALFORMED, raw, TERMINATOR_TEXT), start + 2
        return _bad_length(raw, length), start + 2


TRUNCATED_TEXT = "数据流在包内结束（包不完整）"
TERMINATOR_TEXT = "包尾不是回车换行（\\r\\n）"


def decode_stream(data: bytes, *, strict: bool = False) -> list[Packet]:
    """Every packet and rejected piece of a complete stream, in order."""
    decoder = StreamDecoder(strict=strict)
    return decoder.feed(data) + decoder.finish()


def decode_frame(raw: bytes, *, strict: bool = False) -> Packet:
    """One complete frame ("##…\\r\\n"), e.g. an archived packet being replayed."""
    packets = decode_stream(raw, strict=strict)
    if not packets:
        return _rejected(MALFORMED, raw, "没有找到包头“##”")
    return packets[0]


def _is_hex(text: bytes) -> bool:
    return len(text) == 4 and all(byte in _HEX for byte in text)


def _rejected(status: str, raw: bytes, error: str) -> Packet:
    return Packet(status=status, raw=raw, error=error)


def _bad_length(raw: bytes, length: int) -> Packet:
    return _rejected(
        BAD_LENGTH,
        raw,
        f"声明的数据段长度{length}与包不符：该位置之后不是4位CRC加回车换行",
    )


# --- One frame ---------------------------------------------------------------------


class _Unreadable(Exception):
    """A field that cannot be read; the message is shown to people."""


def decode_frame_parts(
    raw: bytes, data: bytes, crc_text: bytes, *, strict: bool = False
) -> Packet:
    """Check the CRC of a framed packet and decode its data segment."""
    given = int(crc_text, 16)
    computed = crc16(data)
    if given != computed:
        message = (
            f"CRC校验不符：包内为{crc_text.decode()}，"
            f"按HJ 212附录A算法应为{computed:04X}"
        )
        modbus = crc16_modbus(data)
        if given in (modbus, ((modbus & 0xFF) << 8) | (modbus >> 8)):
            message += "（与CRC-16/MODBUS算法的结果一致，设备使用了非标准的校验算法）"
        return _rejected(BAD_CRC, raw, message)
    if strict and not all(byte in _UPPER_HEX for byte in crc_text):
        return _rejected(MALFORMED, raw, "CRC校验码须为大写十六进制（严格模式）")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _rejected(MALFORMED, raw, "数据段不是UTF-8编码的文本")
    try:
        return _decode_segment(raw, text, strict)
    except _Unreadable as error:
        return _rejected(MALFORMED, raw, str(error))


# Table 4 parameters of the data area that are not pollutant values.
_PARAMS = frozenset(
    {
        "SystemTime",
        "QnRtn",
        "ExeRtn",
        "RtdInterval",
        "MinInterval",
        "RestartTime",
        "PolId",
        "BeginTime",
        "EndTime",
        "DataTime",
        "NewPW",
        "OverTime",
        "ReCount",
        "VaseNo",
        "CstartTime",
        "Ctime",
        "CTime",
        "Stime",
        "InfoId",
        "QN",  # 2005 replies carry the request's QN inside CP
        "CN",  # one 2005 deployment's 9014 names the command it answers
        "SKCreateTime",
        "NewSK",
    }
)
# Fields whose value is a number (N types in Table 4 and 6.3.3).
_NUMERIC_FIELDS = frozenset(
    {
        "Rtd",
        "Min",
        "Avg",
        "Max",
        "Cou",
        "ZsRtd",
        "ZsMin",
        "ZsAvg",
        "ZsMax",
        "Data",
        "DayData",
        "NightData",
        "RS",
        "RT",
    }
)
# Character fields (C types): kept as text even when they look like numbers.
_TEXT_FIELDS = frozenset({"EFlag", "SN"})
_HEADER_KEYS = ("QN", "ST", "CN", "PW", "MN", "Flag", "PNUM", "PNO")
_MN = re.compile(r"[0-9A-Za-z_\-.]+")


def _decode_segment(raw: bytes, text: str, strict: bool) -> Packet:
    cp_at = text.find("CP=&&")
    if cp_at < 0:
        raise _Unreadable("缺少数据区“CP=&&…&&”")
    body_start = cp_at + 5
    body_end = _cp_end(text, body_start)
    if body_end < 0:
        raise _Unreadable("数据区“CP=&&”没有以“&&”结束")
    head = text[:cp_at]
    after = text[body_end + 2 :]
    if head and not head.rstrip(" \t").endswith(";"):
        raise _Unreadable("“CP=&&”前缺少分号“;”")
    if head != head.rstrip(" \t") and strict:
        raise _Unreadable("包头字段中有多余空格（严格模式）")
    if after and not after.lstrip(" \t").startswith(";"):
        raise _Unreadable("数据区结束符“&&”后有无法识别的内容")
    header = _header_fields(head.split(";") + after.split(";"), strict)
    packet = Packet(status=OK, raw=raw)
    _apply_header(packet, header, strict)
    _apply_cp(packet, text[body_start:body_end], strict)
    return packet


def _cp_end(text: str, start: int) -> int:
    """Index of the "&&" closing the data area; logs between "//" may hold "&&"."""
    end = text.find("&&", start)
    quote = text.find("=//", start)
    while 0 <= quote < end:
        closing = text.find("//", quote + 3)
        if closing < 0:
            return -1
        end = text.find("&&", closing + 2)
        quote = text.find("=//", closing + 2)
    return end


def _header_fields(parts: list[str], strict: bool) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in parts:
        item = part.strip()
        if not item:
            if part and strict:
                raise _Unreadable("包头字段中有多余空格（严格模式）")
            continue
        key, sep, value = item.partition("=")
        if not sep:
            raise _Unreadable(f"包头字段“{_shown(item)}”没有“=”")
        if key != key.rstrip() or value != value.lstrip() or item != part:
            if strict:
                raise _Unreadable(f"包头字段“{_shown(item)}”中有多余空格（严格模式）")
            key, value = key.rstrip(), value.lstrip()
        if key in fields:
            raise _Unreadable(f"包头字段“{_shown(key)}”重复")
        fields[key] = value
    return fields


def _apply_header(packet: Packet, fields: dict[str, str], strict: bool) -> None:
    cn = fields.get("CN")
    if cn is None or len(cn) != 4 or not cn.isdigit():
        raise _Unreadable("命令编码CN缺失或不是4位数字")
    packet.cn = cn
    st = fields.get("ST")
    if st is None or not st.isalnum() or not st.isascii():
        raise _Unreadable("系统编码ST缺失或不是字母数字")
    if len(st) != 2 and (strict or len(st) > 5):
        raise _Unreadable("系统编码ST应为2位")
    packet.st = st
    mn = fields.get("MN")
    if not mn or not _MN.fullmatch(mn) or len(mn) > (24 if strict else 64):
        raise _Unreadable("设备唯一标识MN缺失或含非法字符")
    packet.mn = mn
    qn = fields.get("QN")
    if qn is not None:
        if not qn.isdigit() or not qn.isascii() or not 1 <= len(qn) <= 20:
            raise _Unreadable("请求编码QN应为数字（YYYYMMDDhhmmsszzz）")
        if strict and len(qn) != 17:
            raise _Unreadable("请求编码QN应为17位（严格模式）")
        packet.qn = qn
    pw = fields.get("PW")
    if pw is not None:
        if len(pw) > (6 if strict else 32) or not pw.isprintable():
            raise _Unreadable("访问密码PW过长或含不可见字符")
        packet.pw = pw
    flag_text = fields.get("Flag")
    if flag_text is not None:
        flag = _small_int(flag_text, "Flag", 255)
        if strict and flag >> 2 > VERSION_2017:
            raise _Unreadable(
                f"Flag={flag}的版本位不是HJ 212-2017或HJ/T 212-2005（严格模式）"
            )
        packet.flag = flag
    pnum_text, pno_text = fields.get("PNUM"), fields.get("PNO")
    split = packet.flag is not None and packet.flag & FLAG_D
    if split and (pnum_text is None or pno_text is None):
        raise _Unreadable("Flag标明分包，但缺少总包数PNUM或包号PNO")
    if pnum_text is not None or pno_text is not None:
        if pnum_text is None or pno_text is None:
            raise _Unreadable("总包数PNUM与包号PNO须同时出现")
        packet.pnum = _small_int(pnum_text, "PNUM", 9999)
        packet.pno = _small_int(pno_text, "PNO", 9999)
        if not 1 <= packet.pno <= packet.pnum:
            raise _Unreadable(f"包号PNO={packet.pno}不在1至总包数{packet.pnum}之间")
    for key, value in fields.items():
        if key not in _HEADER_KEYS:
            packet.params[key] = value


def _small_int(text: str, name: str, top: int) -> int:
    if not text.isdigit() or not text.isascii() or len(text) > 4:
        raise _Unreadable(f"{name}应为不超过{top}的非负整数")
    value = int(text)
    if value > top:
        raise _Unreadable(f"{name}应为不超过{top}的非负整数")
    return value


def _split_items(body: str) -> list[str]:
    """Items of the data area: ";" separates items, "," the values of one item.
    A log (`i11001-Info=//…//`) may contain either, so it is kept whole."""
    if "//" not in body:
        return body.replace(",", ";").split(";")
    items: list[str] = []
    pos = 0
    while pos <= len(body):
        quote = body.find("=//", pos)
        if quote < 0:
            items.extend(body[pos:].replace(",", ";").split(";"))
            break
        head = body[pos:quote].replace(",", ";").split(";")
        closing = body.find("//", quote + 3)
        if closing < 0:
            raise _Unreadable("日志信息没有以“//”结束")
        head[-1] += body[quote : closing + 2]
        items.extend(head)
        pos = closing + 2
        rest = body[pos : pos + 1]
        if rest and rest not in ";,":
            raise _Unreadable("日志信息“//…//”后缺少分隔符")
        pos += 1
    return items


def _apply_cp(packet: Packet, body: str, strict: bool) -> None:
    values: dict[tuple[str, str], tuple[float | None, str]] = {}
    flags: dict[str, str] = {}
    params = packet.params
    numeric = _NUMERIC_FIELDS
    # Most packets have neither spaces nor logs: skip the per-item trimming then.
    spaced = " " in body or "\t" in body or "\r" in body or "\n" in body
    items = _split_items(body) if "//" in body else body.replace(",", ";").split(";")
    for item in items:
        if spaced:
            item = _trimmed(item, strict)
        if not item:
            continue
        key, eq, value = item.partition("=")
        if not eq:
            raise _Unreadable(f"数据区字段“{_shown(item)}”没有“=”")
        code, dash, name = key.rpartition("-")
        if not dash:
            if not key:
                raise _Unreadable(f"数据区字段“{_shown(item)}”缺少名称")
            if key in _PARAMS:
                if key in params:
                    raise _Unreadable(f"数据区参数“{_shown(key)}”重复")
                params[key] = value
                if key == "DataTime":
                    packet.data_time = _time(value, "DataTime", strict)
                continue
            code, name = key, ""
        elif not code or not name:
            raise _Unreadable(f"数据区字段“{_shown(key)}”的编码或字段名为空")
        if name == "Flag":
            if code in flags:
                raise _Unreadable(f"“{_shown(key)}”重复")
            if not value or len(value) > (1 if strict else 4) or not value.isalnum():
                raise _Unreadable(f"数据标记“{_shown(key)}={_shown(value)}”无法识别")
            flags[code] = value
            continue
        pair = (code, name)
        if pair in values:
            raise _Unreadable(f"数据区字段“{_shown(key)}”重复")
        # A number: an optional sign, ASCII digits, at most one decimal point
        # (Table 4 "N14.2": sign and point allowed). No exponent, no "nan".
        digits = value[1:] if value[:1] in "+-" else value
        is_number = digits.isascii() and digits.replace(".", "", 1).isdigit()
        if name in numeric:
            if not is_number:
                raise _Unreadable(f"“{_shown(key)}”的值“{_shown(value)}”不是数字")
            values[pair] = (float(value), value)
        elif name == "SampleTime":
            values[pair] = (None, _time(value, key, strict).isoformat())
        elif is_number and name not in _TEXT_FIELDS:
            values[pair] = (float(value), value)
        else:
            values[pair] = (None, _log_text(value))
    get_flag = flags.get
    make = tuple.__new__  # NamedTuple's own __new__ is a slow Python function
    packet.values = tuple(
        [
            make(Value, (code, name, number, text, get_flag(code)))
            for (code, name), (number, text) in values.items()
        ]
    )


def _trimmed(item: str, strict: bool) -> str:
    """An item without the spaces deployed instruments put around "=", ";" and ","
    (tolerated; rejected in strict mode). A log between "//" keeps its spaces."""
    key, eq, value = item.partition("=")
    if value.lstrip().startswith("//"):
        clean = key.strip() + eq + value.strip()
        inner_ok = key == key.strip() and value == value.strip()
    else:
        clean = item.strip() if not eq else key.strip() + eq + value.strip()
        inner_ok = clean == item
    if not inner_ok and strict:
        raise _Unreadable(f"数据区字段“{_shown(item.strip())}”中有多余空格（严格模式）")
    return clean


def _log_text(value: str) -> str:
    if len(value) >= 4 and value.startswith("//") and value.endswith("//"):
        return value[2:-2]
    return value


_TIMES: dict[str, datetime] = {}


def _time(value: str, name: str, strict: bool) -> datetime:
    """YYYYMMDDhhmmss in Beijing time; 17 digits (with ms) tolerated.

    Instruments report the same few DataTimes (the current minute), so parsed
    times are kept in a small cache.
    """
    moment = _TIMES.get(value)
    if moment is not None:
        if strict and len(value) == 17:
            raise _Unreadable(f"{name}带毫秒，不是14位时间（严格模式）")
        return moment
    if not value.isdigit() or not value.isascii() or len(value) not in (14, 17):
        raise _Unreadable(f"{name}“{_shown(value)}”不是14位时间YYYYMMDDhhmmss")
    if len(value) == 17 and strict:
        raise _Unreadable(f"{name}带毫秒，不是14位时间（严格模式）")
    try:
        moment = datetime(
            int(value[0:4]),
            int(value[4:6]),
            int(value[6:8]),
            int(value[8:10]),
            int(value[10:12]),
            int(value[12:14]),
            int(value[14:17] or 0) * 1000,
            tzinfo=SHANGHAI,
        )
    except ValueError:
        raise _Unreadable(f"{name}“{value}”不是有效的日期时间") from None
    if len(_TIMES) >= 4096:
        _TIMES.clear()
    _TIMES[value] = moment
    return moment


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


# --- Writing packets (replies, and the simulator's uploads) ------------------------


def frame(segment: str) -> bytes:
    """A complete packet around a data segment: ##, length in bytes, CRC, CRLF."""
    data = segment.encode("utf-8")
    if len(data) > MAX_DATA_LENGTH:
        raise ValueError(f"data segment of {len(data)} bytes exceeds 1024")
    return b"##%04d%s%04X\r\n" % (len(data), data, crc16(data))


def reply(packet: Packet, cn: str, cp: str = "") -> bytes:
    """The host's reply to a packet (9011/9012/9013/9014), echoing QN, PW and MN.

    HJ 212-2017 C.1–C.50: `QN=<same>;ST=91;CN=…;PW=<same>;MN=<same>;Flag=4;CP=&&&&`.
    The reply carries the packet's version bits and no A bit. A 2005-style packet
    (no Flag, or version 000000) carries its QN inside CP (hj212.md 2.5).
    """
    version = packet.version
    parts = []
    if packet.qn is not None and version != VERSION_2005:
        parts.append(f"QN={packet.qn}")
    parts.append(f"ST=91;CN={cn}")
    if packet.pw is not None:
        parts.append(f"PW={packet.pw}")
    parts.append(f"MN={packet.mn}")
    parts.append(f"Flag={version << 2}")
    if version == VERSION_2005 and packet.qn is not None:
        cp = f"QN={packet.qn};{cp}" if cp else f"QN={packet.qn}"
    parts.append(f"CP=&&{cp}&&")
    return frame(";".join(parts))


def data_ack(packet: Packet) -> bytes:
    """9014 data answer (数据应答)."""
    return reply(packet, "9014")


def notice_ack(packet: Packet) -> bytes:
    """9013 notification answer (通知应答), e.g. to a 1013 time-calibration request."""
    return reply(packet, "9013")


def qn_now(moment: datetime) -> str:
    """A QN for a host request: YYYYMMDDhhmmsszzz in Beijing time."""
    local = moment.astimezone(SHANGHAI)
    return local.strftime("%Y%m%d%H%M%S") + f"{local.microsecond // 1000:03d}"


def set_time_request(packet: Packet, now: datetime) -> bytes:
    """1012 (设置现场机时间) sent after answering a 1013 request, so the instrument
    takes the host's clock (C.5–C.7, hj212.md 5.2)."""
    version = max(packet.version, VERSION_2017)
    system_time = now.astimezone(SHANGHAI).strftime("%Y%m%d%H%M%S")
    pw = f"PW={packet.pw};" if packet.pw is not None else ""
    segment = (
        f"QN={qn_now(now)};ST={packet.st};CN=1012;{pw}MN={packet.mn};"
        f"Flag={(version << 2) | FLAG_A};CP=&&SystemTime={system_time}&&"
    )
    return frame(segment)


def data_segments(
    *,
    qn: str,
    st: str,
    cn: str,
    pw: str,
    mn: str,
    data_time: datetime | None,
    items: list[str],
    answer: bool = True,
    version: int = VERSION_2017,
) -> list[str]:
    """Data segments of one upload; split into sub-packets (Flag D, PNUM/PNO, a QN
    each) when the data area would exceed 950 characters (Table 3, C.47–C.50).

    `items` are ready items ("w01018-Rtd=35.6,w01018-Flag=N").
    """
    prefix = ""
    if data_time is not None:
        prefix = f"DataTime={data_time.astimezone(SHANGHAI):%Y%m%d%H%M%S};"
    flag = (version << 2) | (FLAG_A if answer else 0)
    # Room for the data area: 950 characters (Table 3), and the whole segment
    # within 1024 bytes with the longest sub-packet header.
    longest_head = f"QN={qn};ST={st};CN={cn};PW={pw};MN={mn};Flag={flag | FLAG_D};"
    room = min(MAX_CP, MAX_DATA_LENGTH - len(longest_head) - len("PNUM=9999;PNO=9999;"))
    groups: list[list[str]] = [[]]
    for item in items:
        candidate = [*groups[-1], item]
        size = len(f"CP=&&{prefix}{';'.join(candidate)}&&".encode())
        if groups[-1] and size > room:
            groups.append([item])
        else:
            groups[-1] = candidate
    if len(groups) == 1:
        cp = prefix + ";".join(groups[0])
        return [f"QN={qn};ST={st};CN={cn};PW={pw};MN={mn};Flag={flag};CP=&&{cp}&&"]
    segments = []
    base = int(qn)
    for number, group in enumerate(groups, start=1):
        cp = prefix + ";".join(group)
        segments.append(
            f"QN={base + number - 1:017d};ST={st};CN={cn};PW={pw};MN={mn};"
            f"Flag={flag | FLAG_D};PNUM={len(groups)};PNO={number};CP=&&{cp}&&"
        )
    return segments


# --- The `hj212 decode` line (CONTRACTS.md) ------------------------------------------


def packet_json(packet: Packet) -> str:
    """One JSON object per packet or rejected piece, keys the packet lacks omitted.

    Numbers are written exactly as decoded (Decimal text), not through binary
    floating point.
    """
    from json import dumps

    if not packet.ok:
        return dumps(
            {"status": packet.status, "error": packet.error}, ensure_ascii=False
        )
    parts = ['"status": "ok"']
    for key, text in (
        ("cn", packet.cn),
        ("st", packet.st),
        ("mn", packet.mn),
        ("qn", packet.qn),
    ):
        if text is not None:
            parts.append(f'"{key}": {dumps(text, ensure_ascii=False)}')
    for key, number in (
        ("flag", packet.flag),
        ("pnum", packet.pnum),
        ("pno", packet.pno),
    ):
        if number is not None:
            parts.append(f'"{key}": {number}')
    if packet.data_time is not None:
        parts.append(f'"data_time": "{packet.data_time.isoformat()}"')
    values = []
    for value in packet.values:
        shown = (
            # The digits as sent, in JSON's form ("+5" → 5, ".5" → 0.5).
            str(Decimal(value.text))
            if value.number is not None
            else dumps(value.text, ensure_ascii=False)
        )
        entry = (
            f'{{"code": {dumps(value.code, ensure_ascii=False)}, '
            f'"field": {dumps(value.field, ensure_ascii=False)}, "value": {shown}'
        )
        if value.flag is not None:
            entry += f', "flag": {dumps(value.flag, ensure_ascii=False)}'
        values.append(entry + "}")
    parts.append(f'"values": [{", ".join(values)}]')
    return "{" + ", ".join(parts) + "}"
