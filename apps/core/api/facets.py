"""Facet counts: for one relation of the listed items, each value and how many items have it."""

from django.db.models import Count


def facet_counts(model, queryset, *, relation: str, value_field: str, label_field: str):
    """``[{"value", "label", "count"}]`` for the related objects of the items in ``queryset``.

    The items are taken by primary key (a subquery), so the facet sees every value of the
    items matching the current filter, not only the value filtered on.
    """
    related_model = model._meta.get_field(relation).related_model
    related_name = model._meta.get_field(relation).related_query_name()
    items = model.objects.filter(pk__in=queryset.order_by().values("pk"))
    rows = related_model.objects.filter(**{f"{related_name}__in": items}).annotate(
        facet_count=Count(related_name, distinct=True)
    )
    return facet_values(rows, value_field=value_field, label_field=label_field)


def facet_values(rows, *, value_field: str, label_field: str, count_field: str = "facet_count"):
    """``[{"value", "label", "count"}]`` of ``rows`` annotated with their count, the largest
    first; none counted zero."""
    rows = rows.filter(**{f"{count_field}__gt": 0}).order_by(f"-{count_field}", value_field)
    return [
        {
            "value": getattr(row, value_field),
            "label": getattr(row, label_field),
            "count": getattr(row, count_field),
        }
        for row in rows
    ]
