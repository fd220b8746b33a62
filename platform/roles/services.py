"""Writes of the roles app: seed the role groups of a schema, grant and revoke roles."""

from __future__ import annotations

from typing import Any, Protocol

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django_tenants.utils import tenant_context

from guichet.audit import api as audit

from .models import Membership, Role

ADMIN_GROUP = "Administrateurs"
EDITOR_GROUP = "Éditeurs"
AGENT_GROUP = "Agents"

GROUP_OF_ROLE: dict[str, str] = {
    Role.EPCI_ADMIN: ADMIN_GROUP,
    Role.COMMUNE_ADMIN: ADMIN_GROUP,
    Role.EDITOR: EDITOR_GROUP,
    Role.AGENT: AGENT_GROUP,
}

# Page permissions on the site's home page (and so on the whole site), per group.
PAGE_PERMISSIONS: dict[str, list[str]] = {
    ADMIN_GROUP: ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
    EDITOR_GROUP: ["add_page", "change_page", "publish_page"],
    AGENT_GROUP: [],
}
COLLECTION_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    ADMIN_GROUP: [
        (app, f"{verb}_{model}")
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for verb in ("add", "change", "choose", "delete")
    ],
    EDITOR_GROUP: [
        (app, f"{verb}_{model}")
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for verb in ("add", "change", "choose")
    ],
    AGENT_GROUP: [],
}


# Model permissions (app label, codename): the service catalogue (issue #4). Editors draft
# services; only administrators publish them (a publication freezes a version).
MODEL_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    ADMIN_GROUP: [("services_catalog", f"{verb}_service") for verb in ("add", "change", "delete", "publish", "view")]
    # The 360° view across the EPCI and its communes (issue #6; only used in an EPCI's schema).
    + [("citizens", "view_across_epci")],
    EDITOR_GROUP: [("services_catalog", f"{verb}_service") for verb in ("add", "change", "view")],
    AGENT_GROUP: [("services_catalog", "view_service")],
}


class TenantLike(Protocol):
    schema_name: str
    kind: str


class RoleError(ValidationError):
    pass


def seed_role_groups(*, home_page_id: int) -> dict[str, int]:
    """Idempotently create the role groups of the current schema with their permissions."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    home = Page.objects.get(pk=home_page_id)
    root_collection = Collection.get_first_root_node()
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    ids: dict[str, int] = {}
    with transaction.atomic():
        for name in (ADMIN_GROUP, EDITOR_GROUP, AGENT_GROUP):
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.add(access_admin)
            for codename in PAGE_PERMISSIONS[name]:
                perm = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                GroupPagePermission.objects.get_or_create(group=group, page=home, permission=perm)
            for app_label, codename in COLLECTION_PERMISSIONS[name]:
                perm = Permission.objects.get(content_type__app_label=app_label, codename=codename)
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=perm
                )
            for app_label, codename in MODEL_PERMISSIONS[name]:
                group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
            ids[name] = group.pk
    return ids


def _check_role_fits(tenant: TenantLike, role: str) -> None:
    if role not in GROUP_OF_ROLE:
        raise RoleError("Rôle inconnu : « %(role)s ».", params={"role": role})
    if role == Role.EPCI_ADMIN and tenant.kind != "epci":
        raise RoleError("Le rôle d'administrateur de l'EPCI ne s'attribue que dans un EPCI.")
    if role == Role.COMMUNE_ADMIN and tenant.kind != "commune":
        raise RoleError("Le rôle d'administrateur de la commune ne s'attribue que dans une commune.")
    if tenant.kind not in ("epci", "commune"):
        raise RoleError("Les rôles s'attribuent dans une collectivité, pas sur le site de l'opérateur.")


def grant_role(*, tenant: TenantLike, user: Any, role: str, actor: Any = None) -> bool:
    """Give `user` the `role` in `tenant` (in its schema only). Returns False if already held."""
    _check_role_fits(tenant, role)
    with tenant_context(tenant), transaction.atomic():
        group = Group.objects.get(name=GROUP_OF_ROLE[role])
        _, created = Membership.objects.get_or_create(user=user, group=group)
        if created:
            audit.record("role.granted", actor=actor, target_type="user", target_id=user.pk, data={"role": str(role)})
    return created


def revoke_role(*, tenant: TenantLike, user: Any, role: str, actor: Any = None) -> bool:
    _check_role_fits(tenant, role)
    with tenant_context(tenant), transaction.atomic():
        deleted, _ = Membership.objects.filter(user=user, group__name=GROUP_OF_ROLE[role]).delete()
        if deleted:
            audit.record("role.revoked", actor=actor, target_type="user", target_id=user.pk, data={"role": str(role)})
    return bool(deleted)


def is_tenant_admin(user: Any) -> bool:
    """Operator, or member of the current schema's administrators group."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or user.groups.filter(name=ADMIN_GROUP).exists())


def is_tenant_agent(user: Any) -> bool:
    """May process requests in the current schema: its agents and administrators, and the operator."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or user.groups.filter(name__in=[ADMIN_GROUP, AGENT_GROUP]).exists())


def tenant_agents() -> list[tuple[int, str]]:
    """(user id, label) of the current schema's agents and administrators, by name."""
    from django.contrib.auth import get_user_model

    users = (
        get_user_model()
        .objects.filter(groups__name__in=[ADMIN_GROUP, AGENT_GROUP], is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )
    return [(u.pk, (f"{u.first_name} {u.last_name}".strip() or u.email)) for u in users]
