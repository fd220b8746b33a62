"""Registry of the events other apps send messages for (filled in their AppConfig.ready())."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Always available to a message, whatever the event (see rendering.base_context).
COMMON_PLACEHOLDERS = ("tenant_name", "site_url", "sender_name")


@dataclass(frozen=True)
class Event:
    code: str
    label_text: Any  # str or lazy translation, turned into text when shown
    placeholders: tuple[str, ...]

    @property
    def label(self) -> str:
        return str(self.label_text)

    @property
    def allowed_placeholders(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.placeholders, *COMMON_PLACEHOLDERS)))


_events: dict[str, Event] = {}


def register(code: str, label: Any, placeholders: Sequence[str] = ()) -> None:
    if not code or "/" in code or code.strip() != code:
        raise ValueError(f"Invalid notification event code: {code!r}")
    _events[code] = Event(code=code, label_text=label, placeholders=tuple(placeholders))


def get(code: str) -> Event | None:
    return _events.get(code)


def all_events() -> list[Event]:
    return sorted(_events.values(), key=lambda e: e.label)


def label_of(code: str) -> str:
    event = _events.get(code)
    return event.label if event else code
