"""The rich-text editor of the commune sites, hardened against content that bypasses it.

Draftail already drops what is not an allowed feature when HTML is pasted in the
browser. The server does not rely on that: what it receives is converted again with the
same allow-list, and a body that arrives as raw HTML instead of the editor's JSON (a
script, an old browser, a copy of a form) is cleaned the same way instead of failing.
"""

from __future__ import annotations

import json
from typing import Any

from wagtail.admin.rich_text.editors.draftail import DraftailRichTextArea


class CleaningDraftailRichTextArea(DraftailRichTextArea):
    def value_from_datadict(self, data: Any, files: Any, name: str) -> str | None:
        raw = data.get(name)
        if isinstance(raw, str) and raw.strip():
            try:
                json.loads(raw)
            except ValueError:
                # Raw HTML: keep only what the allowed features can express, as a paste would.
                data = data.copy()
                data[name] = self.converter.from_database_format(raw)
        return super().value_from_datadict(data, files, name)
