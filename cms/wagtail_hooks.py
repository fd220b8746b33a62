"""Drop the cached menu and footer of the current tenant whenever its pages change."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from .context_processors import forget_site_chrome


def _forget(*args: Any, **kwargs: Any) -> None:
    forget_site_chrome()


for hook_name in (
    "after_publish_page",
    "after_unpublish_page",
    "after_delete_page",
    "after_move_page",
    "after_edit_page",
    "after_create_page",
):
    hooks.register(hook_name, _forget)
