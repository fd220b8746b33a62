from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants import services
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Renomme, suspend, réactive une collectivité ou lui ajoute un domaine."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="identifiant court de la collectivité")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--rename", metavar="NOM")
        group.add_argument("--suspend", metavar="MOTIF")
        group.add_argument("--reactivate", action="store_true")
        group.add_argument("--add-domain", metavar="DOMAINE")
        parser.add_argument("--primary", action="store_true", help="avec --add-domain : domaine principal")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.filter(slug=options["slug"]).first()
        if tenant is None:
            raise CommandError(f"Aucune collectivité d'identifiant « {options['slug']} ».")
        try:
            if options["rename"]:
                services.rename_tenant(tenant=tenant, name=options["rename"])
            elif options["suspend"]:
                services.suspend_tenant(tenant=tenant, reason=options["suspend"])
            elif options["reactivate"]:
                services.reactivate_tenant(tenant=tenant)
            else:
                services.add_domain(tenant=tenant, domain=options["add_domain"], make_primary=options["primary"])
        except services.ProvisioningError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS("C'est fait."))
