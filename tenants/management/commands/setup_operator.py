"""First step of a new deployment: the operator's site (public schema) and account."""

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from guichet.accounts import api as accounts
from tenants import services


class Command(BaseCommand):
    help = "Crée le site de l'opérateur (domaine public) et un compte opérateur."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="adresse du compte opérateur")
        parser.add_argument("--domain", default=None, help="domaine du site de l'opérateur (GUICHET_PUBLIC_HOST)")

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("GUICHET_OPERATOR_PASSWORD") or ""
        if not password and options.get("interactive", True) and os.isatty(0):
            password = getpass.getpass("Mot de passe de l'opérateur : ")
        if len(password) < 12:
            raise CommandError(
                "Mot de passe absent ou trop court (12 caractères au moins) : "
                "définissez GUICHET_OPERATOR_PASSWORD ou saisissez-le."
            )
        try:
            tenant = services.ensure_operator_tenant(domain=options["domain"])
            accounts.create_operator(email=options["email"], password=password)
        except (ValidationError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        domain = tenant.get_primary_domain()
        self.stdout.write(self.style.SUCCESS(f"Site de l'opérateur : {domain}; compte {options['email']} prêt."))
