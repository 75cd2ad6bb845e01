"""{% idempotency_field %}: the hidden key of a form whose submission must be created
once (core.idempotency). Drawn afresh for each page; the offline script draws another
for each filling, as a page kept on the phone is filled more than once."""

from django import template
from django.utils.html import format_html

from tongxin.core.idempotency import FIELD, new_key

register = template.Library()


@register.simple_tag
def idempotency_field():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
