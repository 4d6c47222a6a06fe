"""Free text made fit to publish (个人信息保护法; 政府信息公开条例第十五条): the
names, phones and addresses the caller knows are masked, and so is every
resident ID number and mobile number, wherever they occur. Used where a case's
own words are published (a penalty decision's facts, a petition case's content).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .identity_crypto import mask_id_number, mask_name, mask_phone

ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"\d{3}[0-9Xx](?![0-9A-Za-z])"
)
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
# A house address: a street, road, lane … with its number (幽兰街88号, 胜利路12号3单元).
HOUSE_ADDRESS = re.compile(
    r"[\u4e00-\u9fa5]{0,12}(?:路|街|巷|里|道|弄|胡同|小区|村)"
    r"[0-9０-９]+号(?:[0-9０-９]+(?:栋|楼|单元|室|号楼))*"
)
ADDRESS_HIDDEN = "（住址依法隐去）"


def mask_text(
    text: str,
    *,
    names: Iterable[str] = (),
    phones: Iterable[str] = (),
    addresses: Iterable[str] = (),
    house_addresses: bool = False,
) -> str:
    """`text` with the given names, phones and addresses masked (longest first,
    so a longer name is not half-masked by a shorter one), every ID and mobile
    number masked, and with `house_addresses` every street-and-number address."""
    for address in sorted({a.strip() for a in addresses if a.strip()}, key=len)[::-1]:
        text = text.replace(address, ADDRESS_HIDDEN)
    if house_addresses:
        text = HOUSE_ADDRESS.sub(ADDRESS_HIDDEN, text)
    for name in sorted({n.strip() for n in names if n.strip()}, key=len)[::-1]:
        text = text.replace(name, mask_name(name))
    for phone in {p.strip() for p in phones if p.strip()}:
        text = text.replace(phone, mask_phone(phone))
    text = ID_NUMBER.sub(lambda m: mask_id_number(m.group()), text)
    return MOBILE.sub(lambda m: mask_phone(m.group()), text)
