"""The template schema that every new tenant is cloned from.

It is a schema with no Tenant row: `migrate_schemas` keeps it migrated (see the
command in tenants/management/commands), and since it is not a tenant no loop over
tenants ever meets it. Its content is the starter site and the role groups.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_context, schema_exists

from cms import api as cms_api
from guichet.roles import api as roles_api


def template_schema() -> str:
    return str(settings.GUICHET_TEMPLATE_SCHEMA)


def create_template_schema() -> bool:
    """Create the empty template schema if missing; True when created."""
    name = template_schema()
    if schema_exists(name):
        return False
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{name}"')
    return True


def seed_template() -> None:
    """Idempotently put the starter content in the (migrated) template schema."""
    with schema_context(template_schema()):
        info = cms_api.seed_starter_site()
        roles_api.seed_role_groups(home_page_id=info.home_page_id)


def clone_template(schema_name: str) -> float:
    """Copy the template (tables, data, sequences, constraints) into a new schema.

    Runs inside the caller's transaction: if anything later fails, the new schema
    disappears with the rollback. Returns the seconds spent.
    """
    if not schema_exists(template_schema()):
        raise RuntimeError(
            "Le schéma modèle est absent : lancez « manage.py migrate_schemas » avant de créer une collectivité."
        )
    started = time.perf_counter()
    CloneSchema().clone_schema(template_schema(), schema_name, clone_mode="DATA", set_connection=False)
    return time.perf_counter() - started
