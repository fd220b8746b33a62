from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants import api, services


class Command(BaseCommand):
    help = "Crée un EPCI (par son SIREN) et toutes ses communes membres, chacune avec son site."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("siren", help="SIREN de l'EPCI, 9 chiffres (ex. 242900660)")
        parser.add_argument("--slug", default=None, help="identifiant court de l'EPCI (sinon déduit du nom)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            epci = services.provision_epci(siren=options["siren"], slug=options["slug"])
        except services.ProvisioningError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"{epci.name} créé."))
        for info in [*api.tenant_infos([epci.pk]), *api.member_sites(epci.pk)]:
            self.stdout.write(f"  {info.name:<40} {info.url}")
