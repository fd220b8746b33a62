"""The IMAP password at rest (GUICHET_INBOX_SECRET, default SECRET_KEY)."""

from guichet.ops.secrets import SecretBox

_box = SecretBox(purpose="guichet.inbox.password", setting="GUICHET_INBOX_SECRET")
encrypt = _box.encrypt
decrypt = _box.decrypt
