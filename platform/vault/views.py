"""The signed-in citizen's vault pages (R-DLNUF-2), on every site of the EPCI family.

- `/mon-coffre/`: the citizen's pieces kept by this site, its EPCI and the EPCI's other
  communes, with their validity and check; pieces kept elsewhere are deleted on their site.
- `/mon-coffre/ajouter/`: add a piece (kept by this site).
- `/mon-coffre/<id>/supprimer/`: confirm, then delete (this site's pieces only).
- `/mon-coffre/<schema>/<id>/fichier/`: download one of one's own pieces of the family.

Works without JavaScript. Anything that is not the visitor's own piece is a 404.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tenants.utils import schema_context

from . import api, services
from .forms import PieceForm
from .models import VaultPiece


def _site_schema(request: HttpRequest) -> str:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.kind not in ("epci", "commune"):
        raise Http404
    return str(tenant.schema_name)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    here = _site_schema(request)
    pieces = api.citizen_pieces(user_id=int(request.user.pk or 0), schemas=services.family_schemas(here))
    return render(request, "vault/mine.html", {"pieces": pieces, "here": here})


@login_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest) -> HttpResponse:
    _site_schema(request)
    form = PieceForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_piece(
                    owner=request.user,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["fichier"],
                    label=form.cleaned_data["label"],
                    valid_until=form.cleaned_data["valid_until"],
                )
            except services.VaultError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("La pièce a été ajoutée à votre coffre-fort."))
                return HttpResponseRedirect(reverse("vault:mine"))
        status = 400
    return render(request, "vault/add.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, piece_id: int) -> HttpResponse:
    here = _site_schema(request)
    mine = [p for p in api.pieces_in_schema(user_id=int(request.user.pk or 0)) if p.id == piece_id]
    if not mine:
        with transaction.atomic():
            services.record_refusal(actor=request.user, schema=here, piece_id=piece_id, why="delete_not_owner")
        raise Http404
    if request.method == "POST":
        try:
            services.delete_piece(owner=request.user, piece_id=piece_id)
        except services.VaultError as error:
            raise Http404 from error
        messages.success(request, _("La pièce a été supprimée de votre coffre-fort."))
        return HttpResponseRedirect(reverse("vault:mine"))
    return render(request, "vault/delete.html", {"piece": mine[0]})


def file_response(path: str, filename: str) -> FileResponse:
    handle = storages["private"].open(path)
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def download(request: HttpRequest, schema: str, piece_id: int) -> Any:
    here = _site_schema(request)
    user_id = int(request.user.pk or 0)
    found: Any = None
    if schema in services.family_schemas(here):
        with schema_context(schema):
            found = VaultPiece.objects.filter(pk=piece_id, owner_id=user_id).values("path", "original_name").first()
            if found is not None:
                return file_response(found["path"], found["original_name"])
    with transaction.atomic():
        services.record_refusal(actor=request.user, schema=schema[:63], piece_id=piece_id, why="download_not_owner")
    raise Http404
