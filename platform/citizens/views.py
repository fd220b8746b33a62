"""The citizen's space, "Mon espace" (/mon-espace/): signed in, on any site of an EPCI family
(the site's schema, its EPCI and the EPCI's member communes), everything the citizen has
there — requests with their status, documents, vault pieces, drafts — and who looked at
their file (the agents' 360° views). Works without JavaScript."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from . import lookups


@login_required
def my_space(request: HttpRequest) -> HttpResponse:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.kind not in ("epci", "commune"):
        raise Http404
    space = lookups.citizen_space(user_id=int(request.user.pk or 0), site_schema=tenant.schema_name)
    return render(request, "citizens/my_space.html", {"space": space, "site_schema": tenant.schema_name})
