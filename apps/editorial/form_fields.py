"""Form fields and widgets of the content admins that answer odd input with the field's
error: a value that is no id (``abc``, ``1.5``, a NUL, a number past the column's range)."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


def _readable(field, value) -> bool:
    """Whether ``value`` can be ``field``'s value: the right type, within the column's range."""
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, TypeError, ValueError):
        return False
    return True


class _SelectedValuesItCanRead:
    """Django's autocomplete widget, redrawing a refused form with only the selected values
    its field can read.

    A value that is no id (``country=abc``, ``1.5``, a NUL, a number past the column's range)
    is refused by the form, whose redraw then looked it up in the database and failed: a
    server error instead of the field's error.
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        opts = remote.model._meta
        target = opts.get_field(getattr(remote, "field_name", None) or opts.pk.attname)
        readable = [item for item in value if _readable(target, item)]
        return super().optgroups(name, readable, attr)


class ContentAutocompleteSelect(_SelectedValuesItCanRead, AutocompleteSelect):
    pass


class ContentAutocompleteSelectMultiple(_SelectedValuesItCanRead, AutocompleteSelectMultiple):
    pass


class ContentModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id past the column's range as it refuses ``abc``: SQLite
    failed on it (``OverflowError``) as Django looked the ids up."""

    def _check_values(self, value):
        opts = self.queryset.model._meta
        target = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for item in value if isinstance(value, (list, tuple)) else ():
            if not _readable(target, item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)
