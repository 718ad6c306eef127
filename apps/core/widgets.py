"""Form widgets of the public pages."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


def _lang(label) -> str:
    """`` lang="en"`` for a label shown through the English fallback (``EnglishFallback``)."""
    lang = getattr(label, "lang", None)
    return format_html(' lang="{}"', lang) if lang else ""


class PlainSelect(forms.Select):
    """A ``<select>`` written in Python instead of one template per option.

    Django's Select renders every option through a template; on the news filters (about 80
    options) that was a third of the page's time. Same markup, no option groups.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value)[:1])
        options = format_html_join(
            "",
            '<option value="{}"{}{}>{}</option>',
            (
                (option, " selected" if str(option) in selected else "", _lang(label), label)
                for option, label in self.choices
            ),
        )
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)
