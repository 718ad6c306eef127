"""Facet counts: for one relation of the listed items, each value and how many items have it."""

from django.db.models import Count


def facet_counts(
    model, queryset, *, relation: str, value_field: str, label_field: str, related=None
):
    """``[{"value", "label", "count"}]`` for the related objects of the items in ``queryset``.

    The items are taken by primary key (a subquery), so the facet sees every value of the
    items matching the current filter, not only the value filtered on. ``related`` narrows the
    related objects (to the published ones); by default, all of them.
    """
    related_model = model._meta.get_field(relation).related_model
    related_name = model._meta.get_field(relation).related_query_name()
    items = model.objects.filter(pk__in=queryset.order_by().values("pk"))
    if related is None:
        related = related_model.objects.all()
    rows = (
        related.filter(**{f"{related_name}__in": items})
        .annotate(facet_count=Count(related_name, distinct=True))
        .order_by("-facet_count", value_field)
    )
    return [
        {
            "value": getattr(row, value_field),
            "label": getattr(row, label_field),
            "count": row.facet_count,
        }
        for row in rows
    ]
