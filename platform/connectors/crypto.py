"""The connectors' tokens at rest (GUICHET_CONNECTORS_SECRET, default SECRET_KEY), so that a
database dump does not hand out the habilitations."""

from guichet.ops.secrets import SecretBox

_box = SecretBox(purpose="guichet.connectors.token", setting="GUICHET_CONNECTORS_SECRET")
encrypt = _box.encrypt
decrypt = _box.decrypt
