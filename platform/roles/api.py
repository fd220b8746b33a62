"""Public interface of the roles app."""

from .models import Role
from .services import (
    RoleError,
    grant_role,
    is_tenant_admin,
    is_tenant_agent,
    revoke_role,
    seed_role_groups,
    tenant_agents,
)

__all__ = [
    "Role",
    "RoleError",
    "grant_role",
    "is_tenant_admin",
    "is_tenant_agent",
    "revoke_role",
    "seed_role_groups",
    "tenant_agents",
]
