from django import template

from ..models import minutes_seconds as _minutes_seconds

register = template.Library()


@register.filter
def minutes_seconds(seconds):
    return _minutes_seconds(float(seconds or 0))
