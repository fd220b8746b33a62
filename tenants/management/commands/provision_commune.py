from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants import api, services


class Command(BaseCommand):
    help = "Crée une commune (par son code INSEE) avec son site."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("insee_code", help="code officiel géographique (ex. 29006)")
        parser.add_argument("--slug", default=None)
        parser.add_argument("--domain", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            commune = services.provision_commune(
                insee_code=options["insee_code"], slug=options["slug"], domain=options["domain"]
            )
        except services.ProvisioningError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for info in api.tenant_infos([commune.pk]):
            self.stdout.write(self.style.SUCCESS(f"{info.name} créée : {info.url}"))
