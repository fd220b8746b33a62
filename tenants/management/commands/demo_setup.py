"""Demo data: the CC du Pays Fouesnantais, its 7 communes and one account per role.

Idempotent: run it again and nothing is duplicated.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from guichet.accounts import api as accounts
from guichet.roles.api import Role, grant_role
from tenants import api, services
from tenants.models import Tenant

DEMO_EPCI_SIREN = "242900660"
DEMO_PASSWORD = "demo-guichet-2026"


class Command(BaseCommand):
    help = "Prépare la démo : CC du Pays Fouesnantais, ses communes, un compte par rôle."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--siren", default=DEMO_EPCI_SIREN)

    def handle(self, *args: Any, **options: Any) -> None:
        services.ensure_operator_tenant()
        epci = Tenant.objects.filter(siren=options["siren"]).first()
        if epci is None:
            epci = services.provision_epci(siren=options["siren"])
        communes = {t.slug: t for t in Tenant.objects.filter(parent=epci)}
        operator = accounts.create_operator(email="operateur@guichet.localhost", password=DEMO_PASSWORD)
        accounts_by_role = [
            ("admin.epci", epci, Role.EPCI_ADMIN),
            ("agent.epci", epci, Role.AGENT),
        ]
        for slug, role in (("fouesnant", Role.COMMUNE_ADMIN), ("benodet", Role.COMMUNE_ADMIN)):
            if slug in communes:
                accounts_by_role.append((f"admin.{slug}", communes[slug], role))
        if "fouesnant" in communes:
            accounts_by_role.append(("editeur.fouesnant", communes["fouesnant"], Role.EDITOR))
            accounts_by_role.append(("agent.fouesnant", communes["fouesnant"], Role.AGENT))
        logins = [("operateur@guichet.localhost", "opérateur de la plateforme (toutes les collectivités)")]
        for local, tenant, role in accounts_by_role:
            email = f"{local}@guichet.localhost"
            user = accounts.create_staff_user(email=email, password=DEMO_PASSWORD, actor=operator)
            grant_role(tenant=tenant, user=user, role=role, actor=operator)
            logins.append((email, f"{role.label} — {tenant.name}"))
        citizen_email = "usager@guichet.localhost"
        if not accounts.email_is_registered(citizen_email):
            accounts.register_citizen(
                email=citizen_email, password=DEMO_PASSWORD, first_name="Camille", last_name="Le Goff"
            )
        logins.append((citizen_email, "usager (aucun rôle d'agent)"))

        out = self.stdout.write
        out(self.style.SUCCESS("\nSites de la démo :"))
        out(f"  {'Opérateur':<30} {api.site_url(settings.GUICHET_PUBLIC_HOST)}")
        for info in [*api.tenant_infos([epci.pk]), *api.member_sites(epci.pk)]:
            out(f"  {info.name:<30} {info.url}")
        out(self.style.SUCCESS(f"\nComptes de démonstration (mot de passe : {DEMO_PASSWORD}) :"))
        for email, label in logins:
            out(f"  {email:<36} {label}")
        out("  Administration : ajoutez /admin/ à l'adresse d'un site.")
