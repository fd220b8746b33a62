"""SMS: the fake provider records, the Brevo adapter against a local fake of its API
(success, refused number, bad key), the per-citizen daily cap."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tenants.utils import tenant_context

from guichet.notifications import api
from guichet.notifications.models import OutboxMessage, RecordedSms
from guichet.notifications.services import save_settings, save_template
from guichet.notifications.sms import international_number
from tenants.models import Tenant

EVENT = "notifications.message"
API_KEY = "xkeysib-test"


def _sms(citizen_key: str = "33612345678", to: str = "06 12 34 56 78", message: str = "Votre dossier avance.") -> int:
    return api.enqueue_sms(
        event=EVENT, to=to, context={"message": message}, citizen_key=citizen_key, related=f"sms:{citizen_key}"
    )


@pytest.mark.django_db
def test_the_fake_provider_records_the_sms_in_the_tenants_schema(fouesnant: Tenant, benodet: Tenant) -> None:
    with tenant_context(fouesnant):
        outbox_id = _sms()
        assert api.flush_due() == 1
        [recorded] = RecordedSms.objects.all()
        row = OutboxMessage.objects.get(pk=outbox_id)
    assert (recorded.to, recorded.text) == ("06 12 34 56 78", "Votre dossier avance.")
    assert (row.status, row.provider_message_id) == ("sent", f"fake-{recorded.pk}")
    with tenant_context(benodet):
        assert not RecordedSms.objects.exists()


@pytest.mark.django_db
def test_a_tenants_sms_wording_is_used(fouesnant: Tenant) -> None:
    with tenant_context(fouesnant):
        save_template(event=EVENT, subject="", body="", sms_text="{{ tenant_name }} : {{ message }}")
        outbox_id = _sms()
        assert OutboxMessage.objects.get(pk=outbox_id).body_text == f"{fouesnant.name} : Votre dossier avance."


@pytest.mark.django_db
def test_the_fourth_sms_of_the_day_to_one_citizen_is_skipped_not_sent(fouesnant: Tenant) -> None:
    with tenant_context(fouesnant):
        ids = [_sms() for _ in range(4)]
        other = _sms(citizen_key="user:12", to="07 00 00 00 00")
        statuses = [d.status for d in api.deliveries("sms:33612345678")]
        assert statuses == ["pending", "pending", "pending", "skipped"]
        assert api.delivery(ids[3]).status_label == "Non envoyé : plafond quotidien de SMS atteint"  # type: ignore[union-attr]
        assert api.delivery(other).status == "pending"  # type: ignore[union-attr]
        assert api.flush_due() == 4
        assert RecordedSms.objects.count() == 4
        assert OutboxMessage.objects.get(pk=ids[3]).status == "skipped"
        # Yesterday's messages do not count.
        OutboxMessage.objects.filter(pk__in=ids).update(created_at=timezone.now() - timedelta(days=1))
        assert api.delivery(_sms()).status == "pending"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_the_daily_cap_is_the_tenants_setting(fouesnant: Tenant, benodet: Tenant) -> None:
    with tenant_context(fouesnant):
        save_settings(sender_name="", reply_to="", sms_daily_cap=1)
        assert [api.delivery(_sms()).status for _ in range(2)] == ["pending", "skipped"]  # type: ignore[union-attr]
    with tenant_context(benodet):  # default cap: 3
        assert [api.delivery(_sms()).status for _ in range(3)] == ["pending"] * 3  # type: ignore[union-attr]


def test_french_numbers_are_written_with_their_country_code() -> None:
    assert international_number("06 12 34 56 78") == "33612345678"
    assert international_number("+33 6 12 34 56 78") == "33612345678"
    assert international_number("0033.6.12.34.56.78") == "33612345678"


# --- Brevo's transactional SMS API, faked locally ---------------------------------------


class FakeBrevo(BaseHTTPRequestHandler):
    """Behaves like POST /v3/transactionalSMS/send: 201 {"messageId"}, 400 and 401 errors."""

    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append({"path": self.path, "api-key": self.headers["api-key"], **body})
        if self.headers["api-key"] != API_KEY:
            self._answer(401, {"code": "unauthorized", "message": "Key not found"})
        elif not body.get("recipient", "").isdigit() or len(body["recipient"]) < 8:
            self._answer(400, {"code": "invalid_parameter", "message": "Invalid phone number"})
        else:
            self._answer(201, {"messageId": 1511882900176220})

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def brevo() -> Iterator[str]:
    FakeBrevo.received = []
    server = HTTPServer(("127.0.0.1", 0), FakeBrevo)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v3/transactionalSMS/send"
    finally:
        server.shutdown()
        server.server_close()


def _brevo_settings(url: str, key: str = API_KEY) -> Any:
    return override_settings(
        GUICHET_SMS_PROVIDER="brevo", GUICHET_SMS_API_URL=url, GUICHET_SMS_API_KEY=key, GUICHET_SMS_SENDER="Fouesnant"
    )


@pytest.mark.django_db
def test_the_brevo_adapter_sends_and_keeps_the_message_id(fouesnant: Tenant, brevo: str) -> None:
    with tenant_context(fouesnant), _brevo_settings(brevo):
        outbox_id = _sms()
        assert api.flush_due() == 1
        row = OutboxMessage.objects.get(pk=outbox_id)
    assert (row.status, row.provider_message_id) == ("sent", "1511882900176220")
    assert FakeBrevo.received == [
        {
            "path": "/v3/transactionalSMS/send",
            "api-key": API_KEY,
            "type": "transactional",
            "sender": "Fouesnant",
            "recipient": "33612345678",
            "content": "Votre dossier avance.",
        }
    ]


@pytest.mark.django_db
def test_a_number_refused_by_brevo_fails_at_once(fouesnant: Tenant, brevo: str) -> None:
    with tenant_context(fouesnant), _brevo_settings(brevo):
        outbox_id = _sms(to="12")
        assert api.flush_due() == 0
        delivery = api.delivery(outbox_id)
    assert delivery is not None
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "Brevo 400: Invalid phone number" in delivery.last_error


@pytest.mark.django_db
def test_a_bad_brevo_key_leaves_the_sms_pending_for_a_retry(fouesnant: Tenant, brevo: str) -> None:
    with tenant_context(fouesnant), _brevo_settings(brevo, key="wrong"):
        outbox_id = _sms()
        assert api.flush_due() == 0
        delivery = api.delivery(outbox_id)
    assert delivery is not None
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "Brevo 401: Key not found" in delivery.last_error


@pytest.mark.django_db
def test_brevo_unreachable_leaves_the_sms_pending(fouesnant: Tenant) -> None:
    from guichet.local.embedded import free_port

    with tenant_context(fouesnant), _brevo_settings(f"http://127.0.0.1:{free_port()}/v3/transactionalSMS/send"):
        outbox_id = _sms()
        assert api.flush_due() == 0
        delivery = api.delivery(outbox_id)
    assert delivery is not None and delivery.status == "pending"
    assert "Brevo injoignable" in delivery.last_error
