"""PlainSelect writes the markup Django's Select writes, without a template per option."""

import pytest
from django import forms
from django.test.html import parse_html

from apps.core.widgets import PlainSelect

CHOICES = [("", "All years"), ("2024", "2024"), ("2023", "2023 <b>&</b>")]


@pytest.mark.parametrize("value", [None, "", "2023", "1999"])
@pytest.mark.parametrize(
    "attrs",
    [{"id": "id_year"}, {"id": "id_year", "aria-invalid": "true", "aria-describedby": "e"}],
)
def test_plain_select_renders_what_django_select_renders(value, attrs):
    expected = forms.Select(choices=CHOICES).render("year", value, attrs=attrs)
    rendered = PlainSelect(choices=CHOICES).render("year", value, attrs=attrs)

    assert parse_html(rendered) == parse_html(expected)


def test_plain_select_escapes_labels_and_values():
    rendered = PlainSelect(choices=[('"><script>', "<script>alert(1)</script>")]).render("x", None)

    assert "<script>" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_a_form_field_with_plain_select_marks_the_bound_choice():
    class Form(forms.Form):
        year = forms.ChoiceField(choices=CHOICES, widget=PlainSelect, required=False)

    html = str(Form({"year": "2024"})["year"])

    assert parse_html('<option value="2024" selected>2024</option>') in parse_html(html)
