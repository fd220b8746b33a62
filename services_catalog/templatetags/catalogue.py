from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euros(cents: int | None) -> str:
    """12050 → "120,50 €" (French decimal comma, non-breaking space before the sign)."""
    amount = Decimal(cents or 0) / 100
    return f"{number_format(amount, decimal_pos=2, force_grouping=True)}\u00a0€"
