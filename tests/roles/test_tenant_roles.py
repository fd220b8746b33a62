"""Roles are per tenant: a staff member of commune A has no right at all in commune B."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Page, Site

from guichet.accounts.models import User
from guichet.audit.models import AuditEvent
from guichet.roles.api import Role, RoleError, grant_role, revoke_role
from tenants.models import Tenant
from tests.conftest import DemoTenants, site_client

PASSWORD = "mot de passe très long"


def _staff(email: str) -> User:
    return User.objects.create_user(email, PASSWORD)


def _home(tenant: Tenant) -> Page:
    with tenant_context(tenant):
        return Site.objects.get(is_default_site=True).root_page.specific


@pytest.mark.django_db
def test_commune_admin_of_benodet_has_no_right_in_fouesnant(benodet: Tenant, fouesnant: Tenant) -> None:
    admin = _staff("admin@benodet.example")
    assert grant_role(tenant=benodet, user=admin, role=Role.COMMUNE_ADMIN) is True
    with tenant_context(benodet):
        user = User.objects.get(pk=admin.pk)
        assert user.is_staff
        assert user.has_perm("wagtailadmin.access_admin")
        home = Site.objects.get(is_default_site=True).root_page
        assert home.permissions_for_user(user).can_edit()
        assert home.permissions_for_user(user).can_publish()
    with tenant_context(fouesnant):
        user = User.objects.get(pk=admin.pk)
        assert not user.is_staff
        assert not user.has_perm("wagtailadmin.access_admin")
        assert user.get_all_permissions() == set()
        home = Site.objects.get(is_default_site=True).root_page
        assert not home.permissions_for_user(user).can_edit()
        assert list(user.groups.all()) == []


@pytest.mark.django_db
def test_wagtail_admin_opens_only_on_the_staff_members_own_site(benodet: Tenant, fouesnant: Tenant) -> None:
    admin = _staff("admin2@benodet.example")
    grant_role(tenant=benodet, user=admin, role=Role.COMMUNE_ADMIN)
    own = site_client(benodet)
    assert own.post("/compte/connexion/", {"username": admin.email, "password": PASSWORD}).status_code == 302
    assert own.get("/admin/").status_code == 200
    home_id = _home(benodet).pk
    assert own.get(f"/admin/pages/{home_id}/edit/").status_code == 200

    foreign = site_client(fouesnant)
    foreign.post("/compte/connexion/", {"username": admin.email, "password": PASSWORD})
    response = foreign.get("/admin/")
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]
    response = foreign.get(f"/admin/pages/{_home(fouesnant).pk}/edit/")
    assert response.status_code == 302


@pytest.mark.django_db
def test_editor_can_edit_pages_but_agent_cannot(fouesnant: Tenant) -> None:
    editor, agent = _staff("editeur@fouesnant.example"), _staff("agent@fouesnant.example")
    grant_role(tenant=fouesnant, user=editor, role=Role.EDITOR)
    grant_role(tenant=fouesnant, user=agent, role=Role.AGENT)
    with tenant_context(fouesnant):
        home = Site.objects.get(is_default_site=True).root_page
        assert home.permissions_for_user(User.objects.get(pk=editor.pk)).can_edit()
        assert not home.permissions_for_user(User.objects.get(pk=editor.pk)).can_lock()
        assert not User.objects.get(pk=editor.pk).has_perm("auth.change_group")
        agent_user = User.objects.get(pk=agent.pk)
        assert agent_user.has_perm("wagtailadmin.access_admin")
        assert not home.permissions_for_user(agent_user).can_edit()
        assert not agent_user.has_perm("auth.change_user")


@pytest.mark.django_db
def test_roles_must_fit_the_kind_of_tenant(demo: DemoTenants, fouesnant: Tenant) -> None:
    someone = _staff("someone@example.fr")
    with pytest.raises(RoleError, match="ne s'attribue que dans un EPCI"):
        grant_role(tenant=fouesnant, user=someone, role=Role.EPCI_ADMIN)
    with pytest.raises(RoleError, match="ne s'attribue que dans une commune"):
        grant_role(tenant=demo.epci, user=someone, role=Role.COMMUNE_ADMIN)
    with pytest.raises(RoleError, match="Rôle inconnu"):
        grant_role(tenant=fouesnant, user=someone, role="maire")
    with tenant_context(fouesnant):
        assert not User.objects.get(pk=someone.pk).groups.exists()


@pytest.mark.django_db
def test_grant_and_revoke_are_audited_in_the_tenant(fouesnant: Tenant) -> None:
    agent = _staff("agent2@fouesnant.example")
    grant_role(tenant=fouesnant, user=agent, role=Role.AGENT)
    assert grant_role(tenant=fouesnant, user=agent, role=Role.AGENT) is False
    assert revoke_role(tenant=fouesnant, user=agent, role=Role.AGENT) is True
    with tenant_context(fouesnant):
        actions = list(AuditEvent.objects.filter(target_id=str(agent.pk)).values_list("action", flat=True))
        assert sorted(actions) == ["role.granted", "role.revoked"]
        assert not User.objects.get(pk=agent.pk).is_staff


@pytest.mark.django_db
def test_citizen_has_no_staff_role_anywhere(demo: DemoTenants) -> None:
    citizen = User.objects.create_user("usager@example.fr", PASSWORD)
    for tenant in [demo.epci, *demo.communes.values()]:
        with tenant_context(tenant):
            user = User.objects.get(pk=citizen.pk)
            assert not user.is_staff
            assert not user.has_perm("wagtailadmin.access_admin")


@pytest.mark.django_db
def test_operator_is_staff_everywhere(demo: DemoTenants) -> None:
    operator = User.objects.create_superuser("operateur@example.fr", PASSWORD)
    client = site_client(demo["pleuven"])
    client.post("/compte/connexion/", {"username": operator.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 200
