"""Encryption at rest of reporters' identities, and blind indexes to match them.

Pure: the key ring is passed in (the rewards module reads it from the setting
REWARD_IDENTITY_KEY or the file REWARD_IDENTITY_KEY_FILE). 举报奖励实施细则 第十一条
and 法典 arts. 145–146 (reference/rules.md J6): the reporter's personal information
is confidential.

- Each value is encrypted with AES-256-GCM under the ring's current key; the
  stored text names the key version ("k2:…"), so a value written under an older
  key still decrypts after rotation. The field name is bound in as associated
  data, so a ciphertext cannot be moved to another field.
- A blind index is HMAC-SHA256 of the normalised value under a key derived from
  a ring key (HKDF, info "blind-index:<field>"). Equal identities give equal
  indexes without decrypting; the index reveals nothing without the key. During
  a rotation, lookups try the index under every key of the ring.

Key ring text: entries "version:base64-of-32-bytes" separated by commas, spaces or
new lines, the current key first: "k2:AbC…=, k1:XyZ…=".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12
_VERSION = re.compile(r"[A-Za-z0-9_-]{1,16}")


class KeyRingError(ValueError):
    """A key ring that cannot be used (a Chinese message for the operator)."""


class DecryptionError(ValueError):
    """A stored value that does not decrypt with any key of the ring."""


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[tuple[str, bytes], ...]  # (version, key), current first

    @property
    def current(self) -> tuple[str, bytes]:
        return self.keys[0]

    def key(self, version: str) -> bytes:
        for name, key in self.keys:
            if name == version:
                return key
        raise DecryptionError(f"密钥环中没有版本为{version}的密钥")


def parse_ring(text: str) -> KeyRing:
    entries = [entry for entry in re.split(r"[\s,;]+", text.strip()) if entry]
    if not entries:
        raise KeyRingError("举报人身份加密密钥为空")
    keys: list[tuple[str, bytes]] = []
    for entry in entries:
        version, sep, encoded = entry.partition(":")
        if not sep or not _VERSION.fullmatch(version):
            raise KeyRingError("密钥格式应为“版本:Base64密钥”，如 k1:……")
        try:
            key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise KeyRingError(f"密钥{version}不是有效的Base64") from None
        if len(key) != KEY_BYTES:
            raise KeyRingError(f"密钥{version}应为32字节（AES-256）")
        if any(version == existing for existing, _ in keys):
            raise KeyRingError(f"密钥版本{version}重复")
        keys.append((version, key))
    return KeyRing(tuple(keys))


def generate_key(version: str) -> str:
    """A new ring entry, for the rotation procedure."""
    if not _VERSION.fullmatch(version):
        raise KeyRingError("版本名只能由字母、数字、下划线和连字符组成")
    return f"{version}:{base64.b64encode(os.urandom(KEY_BYTES)).decode()}"


def encrypt(ring: KeyRing, value: str, *, field: str) -> str:
    version, key = ring.current
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, value.encode(), field.encode())
    return f"{version}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt(ring: KeyRing, token: str, *, field: str) -> str:
    version, sep, encoded = token.partition(":")
    if not sep:
        raise DecryptionError("密文格式不正确")
    try:
        raw = base64.b64decode(encoded, validate=True)
        plain = AESGCM(ring.key(version)).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], field.encode()
        )
    except (binascii.Error, ValueError, InvalidTag):
        raise DecryptionError("密文无法解密（密钥不符或数据被篡改）") from None
    return plain.decode()


def key_version(token: str) -> str:
    return token.partition(":")[0]


def _index_key(key: bytes, field: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=f"blind-index:{field}".encode(),
    ).derive(key)


def normalise(value: str, *, field: str) -> str:
    """The form that is indexed: ID numbers upper-case without spaces, phone numbers
    and bank accounts as digits, names without spaces."""
    text = re.sub(r"\s+", "", value)
    if field in ("phone", "bank_account"):
        return re.sub(r"\D", "", text)
    return text.upper()


def blind_index(ring: KeyRing, value: str, *, field: str) -> str:
    """The index under the current key (what is stored)."""
    return _index(ring.current[1], value, field)


def blind_indexes(ring: KeyRing, value: str, *, field: str) -> list[str]:
    """The index under every key of the ring (what a lookup tries)."""
    return [_index(key, value, field) for _, key in ring.keys]


def _index(key: bytes, value: str, field: str) -> str:
    digest = hmac.new(
        _index_key(key, field), normalise(value, field=field).encode(), hashlib.sha256
    )
    return digest.hexdigest()


# --- Masks (what everyone but the reward handlers sees) ---------------------------


def mask_name(name: str) -> str:
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_id_number(number: str) -> str:
    number = normalise(number, field="id_number")
    if len(number) < 8:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def mask_phone(phone: str) -> str:
    digits = normalise(phone, field="phone")
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 7 else "****"


def mask_account(account: str) -> str:
    digits = normalise(account, field="bank_account")
    return f"****{digits[-4:]}" if len(digits) >= 4 else "****"
