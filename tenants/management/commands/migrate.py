"""`migrate` is `migrate_schemas` here (as in django-tenants), template included."""

from .migrate_schemas import Command

__all__ = ["Command"]
