from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str) -> str:
    """The current page's address in ``language`` (same object, same query string)."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@register.filter
def protect_email(address: str) -> str:
    """``name@domain`` written as ``name[at]domain``, the form the organisation's releases use."""
    return (address or "").replace("@", "[at]")
