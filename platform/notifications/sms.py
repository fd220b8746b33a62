"""SMS providers behind one small interface, chosen by the setting GUICHET_SMS_PROVIDER.

- "fake" (default): records each message in the tenant's `RecordedSms` table, where tests
  and the demo read it from any process;
- "brevo": Brevo's transactional SMS API (POST JSON with an `api-key` header; 201 with a
  `messageId`). Settings: GUICHET_SMS_API_URL, GUICHET_SMS_API_KEY, GUICHET_SMS_SENDER.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings

BREVO_URL = "https://api.brevo.com/v3/transactionalSMS/send"


class DeliveryError(Exception):
    """Sending failed; worth retrying later."""


class PermanentDeliveryError(DeliveryError):
    """Sending failed in a way a retry cannot fix (e.g. a refused number)."""


class SmsProvider(Protocol):
    def send(self, to: str, text: str) -> str:
        """Send `text` to the phone number `to`; return the provider's message id."""
        ...


class FakeSmsProvider:
    def send(self, to: str, text: str) -> str:
        from .models import RecordedSms

        recorded = RecordedSms.objects.create(to=to, text=text)
        return f"fake-{recorded.pk}"


def international_number(number: str) -> str:
    """'06 12 34 56 78' or '+33 6 12…' → '33612345678' (digits with the country code)."""
    digits = re.sub(r"[^\d+]", "", number)
    if digits.startswith("+"):
        return digits[1:]
    if digits.startswith("00"):
        return digits[2:]
    if len(digits) == 10 and digits.startswith("0"):
        return "33" + digits[1:]
    return digits


class BrevoSmsProvider:
    def __init__(self, *, url: str, api_key: str, sender: str, timeout: float = 10.0) -> None:
        if not url.startswith(("https://", "http://")):
            raise ValueError("GUICHET_SMS_API_URL must be an http(s) URL")
        self.url, self.api_key, self.sender, self.timeout = url, api_key, sender, timeout

    def send(self, to: str, text: str) -> str:
        payload = {
            "type": "transactional",
            "sender": self.sender,
            "recipient": international_number(to),
            "content": text,
        }
        request = urllib.request.Request(  # noqa: S310 (scheme checked in __init__)
            self.url,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={"api-key": self.api_key, "accept": "application/json", "content-type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            detail = _error_message(exc)
            error_class = PermanentDeliveryError if exc.code == 400 else DeliveryError
            raise error_class(f"Brevo {exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DeliveryError(f"Brevo injoignable : {exc}") from None
        except ValueError:
            raise DeliveryError("Brevo : réponse illisible") from None
        message_id = body.get("messageId") if isinstance(body, dict) else None
        if message_id is None:
            raise DeliveryError("Brevo : réponse sans messageId")
        return str(message_id)


def _error_message(exc: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(exc.read() or b"{}")
    except ValueError:
        return exc.reason or ""
    if isinstance(body, dict):
        return str(body.get("message") or body.get("code") or exc.reason or "")
    return str(exc.reason or "")


def get_provider() -> SmsProvider:
    name = getattr(settings, "GUICHET_SMS_PROVIDER", "fake") or "fake"
    if name == "fake":
        return FakeSmsProvider()
    if name == "brevo":
        return BrevoSmsProvider(
            url=getattr(settings, "GUICHET_SMS_API_URL", "") or BREVO_URL,
            api_key=getattr(settings, "GUICHET_SMS_API_KEY", ""),
            sender=getattr(settings, "GUICHET_SMS_SENDER", "") or "Guichet",
        )
    raise ValueError(f"Unknown GUICHET_SMS_PROVIDER: {name!r}")
