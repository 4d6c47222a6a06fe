"""The key ring that protects reporters' identities (lib.identity_crypto).

Read when used, from the setting REWARD_IDENTITY_KEY, or from the file named by
REWARD_IDENTITY_KEY_FILE (preferred in production: the key never sits in the
environment of every process). Format and rotation: docs/modules/complaints.md ("Confidentiality").
Development and test installations without a key derive one from SECRET_KEY, so
the demo works out of the box; production refuses to start registering without
a key of its own.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ecobureau.lib import identity_crypto


def ring_text() -> str:
    path = getattr(settings, "REWARD_IDENTITY_KEY_FILE", "")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(f"无法读取举报人身份密钥文件：{error}") from None
    text = getattr(settings, "REWARD_IDENTITY_KEY", "")
    if text:
        return str(text).strip()
    if getattr(settings, "ENVIRONMENT", "development") == "production":
        raise ImproperlyConfigured(
            "生产环境须设置 REWARD_IDENTITY_KEY 或 REWARD_IDENTITY_KEY_FILE（举报人身份加密密钥）。"
        )
    derived = hashlib.sha256(f"reward-identity:{settings.SECRET_KEY}".encode()).digest()
    return "dev:" + base64.b64encode(derived).decode()


@lru_cache(maxsize=4)
def _parse(text: str) -> identity_crypto.KeyRing:
    try:
        return identity_crypto.parse_ring(text)
    except identity_crypto.KeyRingError as error:
        raise ImproperlyConfigured(f"举报人身份加密密钥有误：{error}") from None


def ring() -> identity_crypto.KeyRing:
    return _parse(ring_text())
