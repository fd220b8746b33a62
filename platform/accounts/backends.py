"""Authentication by email address, case-insensitive, with tenant-scoped permissions.

Django's ModelBackend caches permissions on the user object; the cache is keyed here
by schema so that an object reused across tenants (tasks, tests) never carries the
rights of one tenant into another.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connection


class EmailBackend(ModelBackend):
    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        email = kwargs.get("email", username)
        return super().authenticate(request, username=email, password=password)

    def _schema_cache_guard(self, user_obj: Any) -> None:
        schema = getattr(connection, "schema_name", "public")
        if getattr(user_obj, "_perm_cache_schema", None) != schema:
            for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
                if hasattr(user_obj, attr):
                    delattr(user_obj, attr)
            user_obj._perm_cache_schema = schema

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        self._schema_cache_guard(user_obj)
        return super().get_all_permissions(user_obj, obj)

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        self._schema_cache_guard(user_obj)
        return super().get_user_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        self._schema_cache_guard(user_obj)
        return super().get_group_permissions(user_obj, obj)
