"""SMS gateway interface. Disabled by default; development logs messages; tests keep
them in memory. A bureau plugs in its operator's gateway as another backend
(`SMS_BACKEND`), e.g. an HTTP gateway at SMS_GATEWAY_URL."""

import json
import logging
import urllib.request
from typing import ClassVar, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsBackend(Protocol):
    def send(self, *, phone: str, text: str, reference: str) -> str:
        """Send one message; return the provider's message id. Raise on failure."""


class LoggingSmsBackend:
    def send(self, *, phone: str, text: str, reference: str) -> str:
        logger.info("SMS to %s***: %s (ref %s)", phone[:3], text, reference)
        return f"log-{reference}"


class MemorySmsBackend:
    outbox: ClassVar[list[dict[str, str]]] = []

    def send(self, *, phone: str, text: str, reference: str) -> str:
        self.outbox.append({"phone": phone, "text": text, "reference": reference})
        return f"mem-{reference}"


class HttpSmsBackend:
    """POST {phone, text, reference} as JSON to SMS_GATEWAY_URL with the key in a
    header; `reference` lets the gateway drop a message it has already sent."""

    def send(self, *, phone: str, text: str, reference: str) -> str:
        body = json.dumps(
            {"phone": phone, "text": text, "reference": reference}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 (URL from settings)
            settings.SMS_GATEWAY_URL,
            data=body,
            headers={
                "Content-Type": "application/json",
                "X-Api-Key": settings.SMS_GATEWAY_KEY,
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return str(json.loads(response.read()).get("id", reference))


def backend() -> SmsBackend:
    backend_class: type[SmsBackend] = import_string(settings.SMS_BACKEND)
    return backend_class()
