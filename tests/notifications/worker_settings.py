"""Settings of the worker processes started by tests/workers.py: the test settings, plus a
few values read from the environment that the test settings do not read (yet).

- EMAIL_URL (e.g. smtp://127.0.0.1:2525): mail goes there instead of the locmem backend;
- GUICHET_OUTBOX_LEASE_SECONDS, GUICHET_OUTBOX_MAX_ATTEMPTS, GUICHET_NOTIFICATIONS_QUEUE.
"""

from guichet.settings.test import *  # noqa: F403
from guichet.settings.test import env

if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
GUICHET_OUTBOX_LEASE_SECONDS = env.int("GUICHET_OUTBOX_LEASE_SECONDS", default=120)
GUICHET_OUTBOX_MAX_ATTEMPTS = env.int("GUICHET_OUTBOX_MAX_ATTEMPTS", default=8)
GUICHET_NOTIFICATIONS_QUEUE = env.str("GUICHET_NOTIFICATIONS_QUEUE", default="") or None
