"""Enable or disable API Particulier (family quotient) for one collectivité, e.g. in `make demo`:

    manage.py api_particulier --schema c_29058 --url http://127.0.0.1:8765 --token-env DEMO_API_TOKEN
    manage.py api_particulier --schema c_29058 --disable

The token is best given through an environment variable (`--token-env`), not on the command
line. Audited like a change made on the admin page ("Données nationales")."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants import api as tenants_api

from ...services import configure
from ...sources import ConnectorError


class Command(BaseCommand):
    help = "Active ou désactive API Particulier (quotient familial) pour une collectivité."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schema", required=True, help="schéma de la collectivité, par exemple c_29058")
        parser.add_argument("--url", default="", help="adresse du service (https://particulier.api.gouv.fr)")
        parser.add_argument("--token", default="", help="jeton d'accès (préférez --token-env)")
        parser.add_argument("--token-env", default="", help="variable d'environnement qui contient le jeton")
        parser.add_argument("--timeout", type=int, default=10, help="délai d'attente en secondes (1 à 30)")
        parser.add_argument("--disable", action="store_true", help="désactiver le service")

    def handle(self, *args: Any, **options: Any) -> None:
        schema = options["schema"]
        tenant = tenants_api.tenant_for_schema(schema)
        if tenant is None or tenant.kind not in ("epci", "commune"):
            raise CommandError(f"Collectivité inconnue : {schema}")
        token = options["token"] or (os.environ.get(options["token_env"], "") if options["token_env"] else "")
        try:
            configure(
                schema_name=schema,
                enabled=not options["disable"],
                base_url=options["url"],
                token=token or None,
                timeout_seconds=options["timeout"],
            )
        except ConnectorError as error:
            raise CommandError(error.message) from None
        state = "désactivé" if options["disable"] else "activé"
        self.stdout.write(f"API Particulier {state} pour {tenant.name}.")
