import io
import struct
import wave
import zipfile

import pytest
from openpyxl import Workbook
from PIL import Image

from ecobureau.lib import filetypes


def detect(data: bytes) -> filetypes.FileType | None:
    return filetypes.detect(io.BytesIO(data))


def image(format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format=format)
    return buffer.getvalue()


def box(kind: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    return box(b"ftyp", major + b"\x00\x00\x02\x00" + b"".join(compatible))


def movie(*handlers: bytes) -> bytes:
    tracks = b"".join(
        box(b"trak", box(b"mdia", box(b"hdlr", b"\x00" * 8 + handler + b"\x00" * 12)))
        for handler in handlers
    )
    return box(b"moov", box(b"mvhd", b"\x00" * 100) + tracks)


MDAT = box(b"mdat", b"\x00\x01" * 500)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (image("JPEG"), filetypes.JPEG),
        (image("PNG"), filetypes.PNG),
        (image("GIF"), filetypes.GIF),
        (image("WEBP"), filetypes.WEBP),
        (image("TIFF"), filetypes.TIFF),
        (ftyp(b"heic", b"mif1", b"heic") + box(b"meta"), filetypes.HEIC),
        (ftyp(b"mif1", b"mif1", b"miaf") + box(b"meta"), filetypes.HEIC),
        (ftyp(b"avif", b"mif1", b"avif") + box(b"meta"), filetypes.AVIF),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", filetypes.PDF),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, filetypes.OLE),
    ],
    ids=["jpeg", "png", "gif", "webp", "tiff", "heic", "heif", "avif", "pdf", "ole"],
)
def test_images_and_documents_are_recognised(
    data: bytes, expected: filetypes.FileType
) -> None:
    assert detect(data) == expected


def test_mp4_with_a_video_track_is_video_whatever_its_brand() -> None:
    assert detect(ftyp(b"isom", b"isom", b"mp41") + movie(b"vide", b"soun")) == (
        filetypes.MP4
    )
    assert detect(ftyp(b"3gp4", b"3gp4") + movie(b"vide")) == filetypes.MP4


def test_mov_is_recognised_by_its_brand_or_its_first_atom() -> None:
    assert detect(ftyp(b"qt  ", b"qt  ") + movie(b"vide")) == filetypes.MOV
    assert detect(box(b"wide") + MDAT + movie(b"vide")) == filetypes.MOV


def test_audio_only_mp4_is_m4a_even_with_the_movie_at_the_end() -> None:
    # given: an Android recorder's file: generic brand, data first, sound track only
    data = ftyp(b"mp42", b"isom", b"mp42") + MDAT + movie(b"soun")

    assert detect(data) == filetypes.M4A
    assert detect(ftyp(b"M4A ", b"M4A ", b"isom") + MDAT) == filetypes.M4A


def test_webm_and_matroska_are_told_apart_by_doc_type() -> None:
    ebml = b"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84"
    assert detect(ebml + b"webm" + b"\x00" * 40) == filetypes.WEBM
    assert detect(ebml[:-1] + b"\x88" + b"matroska" + b"\x00" * 40) == filetypes.MKV


def test_avi() -> None:
    assert detect(b"RIFF\x00\x10\x00\x00AVI LIST" + b"\x00" * 40) == filetypes.AVI


def wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 800)
    return buffer.getvalue()


MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 413


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (wav(), filetypes.WAV),
        (MP3_FRAME * 3, filetypes.MP3),
        (b"ID3\x04\x00\x00\x00\x00\x00\x0a" + b"\x00" * 10 + MP3_FRAME, filetypes.MP3),
        (b"#!AMR\n" + b"\x3c" + b"\x00" * 31, filetypes.AMR),
        (b"#!AMR-WB\n" + b"\x04" + b"\x00" * 31, filetypes.AMR),
        (b"\xff\xf1\x50\x80\x02\x1f\xfc" + b"\x00" * 64, filetypes.AAC),
        (b"OggS\x00\x02" + b"\x00" * 22 + b"\x01\x13OpusHead\x01\x01", filetypes.OGG),
        (b"OggS\x00\x02" + b"\x00" * 22 + b"\x01\x2a\x80theora\x03", filetypes.OGV),
    ],
    ids=["wav", "mp3", "mp3-id3", "amr", "amr-wb", "aac", "ogg-opus", "ogg-theora"],
)
def test_audio_is_recognised(data: bytes, expected: filetypes.FileType) -> None:
    assert detect(data) == expected


def xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["企业名称", "排放量"])
    workbook.save(buffer)
    return buffer.getvalue()


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def test_office_files_are_zips_with_their_main_part() -> None:
    assert detect(xlsx()) == filetypes.XLSX
    assert detect(zipped("[Content_Types].xml", "word/document.xml")) == (
        filetypes.DOCX
    )
    assert detect(zipped("readme.txt")) == filetypes.ZIP
    assert detect(b"PK\x03\x04 not really a zip") is None


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("名称,数量\n华信化工,3\n兴达混凝土,5\n".encode(), filetypes.CSV),
        ("名称,数量\n华信化工,3\n".encode("gbk"), filetypes.CSV),
        ("名称\t数量\n华信化工\t3\n".encode("utf-16"), filetypes.CSV),
        ('"地址,含逗号",数量\n"铁东区,胜利路",3\n'.encode(), filetypes.CSV),
        ("现场检查情况说明：\n企业正在生产。\n".encode(), filetypes.TEXT),
        ("现场检查情况说明".encode("gb18030"), filetypes.TEXT),
        ("\ufeff第一行\r\n第二行\r\n".encode(), filetypes.TEXT),
    ],
    ids=["csv", "csv-gbk", "tsv-utf16", "csv-quoted", "text", "text-gb18030", "bom"],
)
def test_text_and_csv_are_recognised_in_common_chinese_encodings(
    data: bytes, expected: filetypes.FileType
) -> None:
    assert detect(data) == expected


def test_text_sample_cut_inside_a_character_is_still_text() -> None:
    data = ("检查" * (filetypes.HEAD_SIZE // 3 + 10)).encode()

    assert detect(data) == filetypes.TEXT


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",  # Windows program
        b"\x7fELF\x02\x01\x01\x00",
        bytes(range(256)),
        b"\x1a\x45\xdf\xa3\x00\x00unknown",
    ],
    ids=["empty", "exe", "elf", "binary", "ebml-unknown"],
)
def test_unknown_content_is_not_recognised(data: bytes) -> None:
    assert detect(data) is None


def test_the_name_plays_no_part() -> None:
    # A PNG renamed to .mp3 is a PNG: only the bytes are read.
    upload = io.BytesIO(image("PNG"))
    upload.name = "录音.mp3"

    assert filetypes.detect(upload) == filetypes.PNG
