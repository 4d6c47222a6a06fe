"""Recognise a file's type from its content (magic numbers), never from its name.

A file name, and the Content-Type a browser sends, are whatever the uploader says;
evidence must be what it claims to be, so the attachment service checks the bytes.
Pure: reads the given binary file object and nothing else.
"""

from __future__ import annotations

import codecs
import csv
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True)
class FileType:
    code: str
    name: str  # short name for lists of accepted types: "MP3"
    label: str  # what the file is, in a sentence: "MP3音频"
    mime: str
    extension: str


JPEG = FileType("jpeg", "JPEG", "JPEG图片", "image/jpeg", "jpg")
PNG = FileType("png", "PNG", "PNG图片", "image/png", "png")
GIF = FileType("gif", "GIF", "GIF图片", "image/gif", "gif")
WEBP = FileType("webp", "WebP", "WebP图片", "image/webp", "webp")
HEIC = FileType("heic", "HEIC", "HEIC/HEIF图片", "image/heic", "heic")
AVIF = FileType("avif", "AVIF", "AVIF图片", "image/avif", "avif")
TIFF = FileType("tiff", "TIFF", "TIFF图片", "image/tiff", "tif")
PDF = FileType("pdf", "PDF", "PDF文档", "application/pdf", "pdf")
MP4 = FileType("mp4", "MP4", "MP4视频", "video/mp4", "mp4")
MOV = FileType("mov", "MOV", "MOV视频", "video/quicktime", "mov")
WEBM = FileType("webm", "WebM", "WebM视频", "video/webm", "webm")
MKV = FileType("mkv", "MKV", "MKV视频", "video/x-matroska", "mkv")
AVI = FileType("avi", "AVI", "AVI视频", "video/x-msvideo", "avi")
OGV = FileType("ogv", "OGV", "OGG视频", "video/ogg", "ogv")
MP3 = FileType("mp3", "MP3", "MP3音频", "audio/mpeg", "mp3")
WAV = FileType("wav", "WAV", "WAV音频", "audio/wav", "wav")
AMR = FileType("amr", "AMR", "AMR音频", "audio/amr", "amr")
M4A = FileType("m4a", "M4A", "M4A音频", "audio/mp4", "m4a")
AAC = FileType("aac", "AAC", "AAC音频", "audio/aac", "aac")
OGG = FileType("ogg", "OGG", "OGG音频", "audio/ogg", "ogg")
XLSX = FileType(
    "xlsx",
    "XLSX",
    "Excel表格（XLSX）",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsx",
)
DOCX = FileType(
    "docx",
    "DOCX",
    "Word文档（DOCX）",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
)
ZIP = FileType("zip", "ZIP", "ZIP压缩包", "application/zip", "zip")
OLE = FileType(
    "ole", "DOC/XLS", "旧版Office文档（DOC/XLS）", "application/x-ole-storage", "doc"
)
CSV = FileType("csv", "CSV", "CSV表格", "text/csv", "csv")
TEXT = FileType("text", "TXT", "纯文本", "text/plain", "txt")

ALL = (
    JPEG, PNG, GIF, WEBP, HEIC, AVIF, TIFF, PDF, MP4, MOV, WEBM, MKV, AVI, OGV,
    MP3, WAV, AMR, M4A, AAC, OGG, XLSX, DOCX, ZIP, OLE, CSV, TEXT,
)  # fmt: skip

HEAD_SIZE = 64 * 1024  # enough for every signature and a fair sample of text
_MAX_BOXES = 10_000  # a real MP4 has a few dozen; stop on hostile files
_IMAGE_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
_HEIF_BRANDS = {b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}
_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P "}
# Old QuickTime files start with one of these atoms and have no "ftyp".
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}


def detect(file: BinaryIO) -> FileType | None:
    """The type of the file's content, or None if it is none of the known types.

    `file` must be seekable; it is read from the start and left at an unspecified
    position.
    """
    file.seek(0)
    head = file.read(HEAD_SIZE)
    if not head:
        return None
    return (
        _image(head)
        or _riff(head)
        or _container(file, head)
        or _audio(file, head)
        or _document(file, head)
        or _text(head, complete=len(head) < HEAD_SIZE)
    )


def _image(head: bytes) -> FileType | None:
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    return None


def _riff(head: bytes) -> FileType | None:
    if not head.startswith(b"RIFF"):
        return None
    return {b"WEBP": WEBP, b"WAVE": WAV, b"AVI ": AVI}.get(head[8:12])


def _container(file: BinaryIO, head: bytes) -> FileType | None:
    if head[4:8] == b"ftyp":
        return _iso_media(file, head)
    if head[4:8] in _QUICKTIME_ATOMS and int.from_bytes(head[:4], "big") >= 8:
        return MOV
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: Matroska and WebM
        doc_type = head[:64]
        if b"webm" in doc_type:
            return WEBM
        if b"matroska" in doc_type:
            return MKV
        return None
    if head.startswith(b"OggS"):
        return OGV if b"\x80theora" in head[:512] else OGG
    return None


def _iso_media(file: BinaryIO, head: bytes) -> FileType | None:
    """ISO base media files (MP4, MOV, M4A, 3GP, HEIC): decided by the brands in
    "ftyp", then by the kinds of track the movie holds."""
    size = int.from_bytes(head[:4], "big")
    major = head[8:12]
    brands = {major} | {head[i : i + 4] for i in range(16, min(size, len(head)) - 3, 4)}
    if brands & _AVIF_BRANDS:
        return AVIF
    if brands & (_IMAGE_BRANDS | _HEIF_BRANDS):
        return HEIC
    handlers = _track_handlers(file)
    if b"vide" in handlers:
        return MOV if major == b"qt  " else MP4
    if b"soun" in handlers or major in _AUDIO_BRANDS:
        return M4A
    return MOV if major == b"qt  " else MP4


def _track_handlers(file: BinaryIO) -> set[bytes]:
    """Handler types ("vide", "soun") of the tracks in moov/trak/mdia/hdlr."""
    file.seek(0, 2)
    end = file.tell()
    handlers: set[bytes] = set()
    for kind, start, stop in _boxes(file, 0, end):
        if kind != b"moov":
            continue
        for trak, trak_start, trak_stop in _boxes(file, start, stop):
            if trak != b"trak":
                continue
            for mdia, mdia_start, mdia_stop in _boxes(file, trak_start, trak_stop):
                if mdia != b"mdia":
                    continue
                for hdlr, hdlr_start, _ in _boxes(file, mdia_start, mdia_stop):
                    if hdlr == b"hdlr":
                        # version and flags (4), pre_defined (4), handler_type (4)
                        file.seek(hdlr_start + 8)
                        handlers.add(file.read(4))
    return handlers


def _boxes(file: BinaryIO, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, box end) of each box between `start` and `end`."""
    position = start
    for _ in range(_MAX_BOXES):
        if position + 8 > end:
            return
        file.seek(position)
        header = file.read(16)
        if len(header) < 8:
            return
        size, kind = struct.unpack(">I4s", header[:8])
        header_size = 8
        if size == 1 and len(header) == 16:
            size = struct.unpack(">Q", header[8:16])[0]
            header_size = 16
        elif size == 0:
            size = end - position  # the box runs to the end of the file
        if size < header_size:
            return
        yield kind, position + header_size, min(position + size, end)
        position += size


def _audio(file: BinaryIO, head: bytes) -> FileType | None:
    if head.startswith((b"#!AMR\n", b"#!AMR-WB\n")):
        return AMR
    if head.startswith(b"ID3") and len(head) >= 10:
        # An ID3v2 tag (size as four 7-bit bytes) comes before the first frame.
        size = 0
        for byte in head[6:10]:
            size = (size << 7) | (byte & 0x7F)
        offset = 10 + size + (10 if head[5] & 0x10 else 0)
        file.seek(offset)
        return AAC if _is_adts(file.read(4)) else MP3
    if _is_adts(head):
        return AAC
    if _is_mpeg_audio_frame(head):
        return MP3
    return None


def _is_adts(data: bytes) -> bool:
    # AAC ADTS: 12-bit sync, layer 00.
    return len(data) >= 2 and data[0] == 0xFF and data[1] & 0xF6 == 0xF0


def _is_mpeg_audio_frame(data: bytes) -> bool:
    # MPEG audio frame header: 11-bit sync, a defined version and layer, a bitrate
    # index other than "free"/"bad" and a defined sampling rate.
    if len(data) < 4 or data[0] != 0xFF or data[1] & 0xE0 != 0xE0:
        return False
    version = (data[1] >> 3) & 0x03
    layer = (data[1] >> 1) & 0x03
    bitrate = data[2] >> 4
    sampling = (data[2] >> 2) & 0x03
    return version != 1 and layer != 0 and bitrate not in (0, 15) and sampling != 3


def _document(file: BinaryIO, head: bytes) -> FileType | None:
    # Readers accept the PDF header anywhere in the first 1024 bytes.
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _office(file)
    return None


def _office(file: BinaryIO) -> FileType | None:
    """XLSX and DOCX are ZIP files with a known main part."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    if "[Content_Types].xml" in names:
        if "xl/workbook.xml" in names:
            return XLSX
        if "word/document.xml" in names:
            return DOCX
    return ZIP


def _text(head: bytes, *, complete: bool) -> FileType | None:
    """Plain text in UTF-8, UTF-16 with a byte-order mark, or GB 18030 (which
    includes GBK and GB 2312, still common in Chinese spreadsheets' CSV exports);
    CSV when its first lines split into the same number of fields."""
    text = _decode(head, complete=complete)
    if text is None:
        return None
    if any(ord(char) < 32 and char not in "\t\n\r\f" for char in text):
        return None
    return CSV if _looks_like_csv(text, complete=complete) else TEXT


def _decode(data: bytes, *, complete: bool) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif b"\x00" in data:
        return None
    else:
        encodings = ["utf-8-sig", "gb18030"]
    for encoding in encodings:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            # A sample cut in the middle of a character is not an error.
            return str(decoder.decode(data, final=complete))
        except UnicodeDecodeError:
            continue
    return None


def _looks_like_csv(text: str, *, complete: bool) -> bool:
    lines = text.splitlines()
    if not complete and len(lines) > 1:
        lines = lines[:-1]  # the last line of a sample may be cut short
    lines = [line for line in lines[:50] if line.strip()]
    if len(lines) < 2:
        return False
    for delimiter in (",", "\t", ";"):
        counts = {len(row) for row in csv.reader(lines, delimiter=delimiter)}
        if len(counts) == 1 and counts.pop() >= 2:
            return True
    return False
