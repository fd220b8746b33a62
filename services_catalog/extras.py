"""What the form engine may offer a visitor beyond plain questions: pieces from their
document vault (R-DLNUF-2) and data fetched from national APIs (R-DLNUF-3).

The step view builds a `FormExtras` for the current visitor and site and hands it to
`StepForm`; the engine asks it for the choices to show and for the answers to keep.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class FormExtras:
    user: Any  # the signed-in citizen (or the agent's citizen at the counter), None if anonymous
    schema_name: str  # the site's schema (where the draft and its files live)
    # Who is at the keyboard (the agent at the counter, or the citizen); audited when national
    # data are fetched (R-DLNUF-3). None: the same as `user`.
    actor: Any = None


def form_extras(request: HttpRequest, *, citizen: Any = None) -> FormExtras | None:
    """The extras for this visitor on this site; `citizen` overrides the visitor when an agent
    fills the form on a citizen's behalf."""
    tenant = getattr(request, "tenant", None)
    user = citizen if citizen is not None else (request.user if request.user.is_authenticated else None)
    if tenant is None:
        return None
    actor = request.user if request.user.is_authenticated else None
    return FormExtras(user=user, schema_name=tenant.schema_name, actor=actor)
