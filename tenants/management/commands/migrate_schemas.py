"""migrate_schemas that also keeps the template schema migrated and seeded.

django-tenants migrates the public schema and every Tenant row's schema; the
template has no Tenant row (so that no loop over tenants meets it), so it is added
here after the tenants. Run this, never Django's bare `migrate`.
"""

from __future__ import annotations

from typing import Any

from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand

from tenants import template


class Command(MigrateSchemasCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
        only_one_schema = bool(options.get("schema_name"))
        if options.get("shared") or only_one_schema or options.get("app_label"):
            return
        created = template.create_template_schema()
        if created and options.get("verbosity", 1):
            self.stdout.write(f"Schéma modèle « {template.template_schema()} » créé.")
        template_options = {**options, "schema_name": template.template_schema(), "shared": False, "tenant": True}
        super().handle(*args, **template_options)
        if not options.get("fake"):
            template.seed_template()
