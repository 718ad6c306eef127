"""The base of every public API endpoint: read-only, published-only, bilingual, strict about
its parameters, and cheap to revalidate."""

import hashlib
import re

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from apps.core import caching
from apps.core.api.filters import FilterBackend
from apps.core.api.languages import ALL, LANG_CHOICES, LANGUAGE_CODES, lang_error
from apps.core.api.pagination import MAX_PAGE_SIZE, Pagination
from apps.core.api.throttling import Throttled
from apps.core.i18n import SOURCE_LANGUAGE
from apps.core.links import same_view_at
from apps.core.models import FormerSlug
from apps.core.paginators import is_plain_integer

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=LANG_CHOICES,
    description=(
        "Language of the answer: en or ru (Russian falls back to English where a translation "
        "is missing), or all for every language at once. Default: the Accept-Language header, "
        "else English."
    ),
)


def names_pattern(names) -> str:
    """A regular expression for a comma-separated list of some of ``names``."""
    choice = "|".join(re.escape(name) for name in names)
    return f"^({choice})(,({choice}))*$"


def fields_parameter(serializer_class) -> OpenApiParameter:
    """``?fields=``, documented with the serializer's field names (others are a 400; empty is
    every field, as any empty parameter is ignored)."""
    names = list(serializer_class.Meta.fields)
    return OpenApiParameter(
        "fields",
        OpenApiTypes.STR,
        pattern=f"^({names_pattern(names)[1:-1]})?$",
        description="Comma-separated names of the fields to return (a sparse answer): "
        + ", ".join(names)
        + ". Fields left out are absent from each item; empty: every field.",
    )


def facets_parameter(names, description: str) -> OpenApiParameter:
    """``?facets=``, documented with the facet names (others are a 400; empty is none)."""
    pattern = f"^({names_pattern(names)[1:-1]})?$"
    return OpenApiParameter("facets", OpenApiTypes.STR, pattern=pattern, description=description)


def error_detail(message: str) -> list[str]:
    return [message]


def etag_of(content: bytes) -> str:
    """The ETag ConditionalGetMiddleware (``set_response_etag``) gives ``content``."""
    return quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())


class CachedResponse(Response):
    """A Response that keeps its rendered bytes in the cache, or is served from them.

    The bytes are cached, not the data: the request's key includes its format and Accept
    header, so the same renderer would write the same bytes again; and the serializer's data
    holds a Hyperlink per item, each holding its model instance (a 170 kB pickle for 20 news
    items, slow to load).
    """

    def __init__(self, data=None, *, prerendered=None, cache_entry=None):
        super().__init__(data)
        self.prerendered = prerendered  # (content, Content-Type, ETag) from the cache
        self.cache_entry = cache_entry  # (key or None, last_modified) to store once rendered

    @property
    def rendered_content(self):
        if self.prerendered is not None:
            content, self["Content-Type"], self["ETag"] = self.prerendered
            return content
        content = super().rendered_content
        key, last_modified = self.cache_entry or (None, None)
        if key is not None and self.status_code == 200:
            # The ETag goes with the bytes: a hit does not hash 45 kB again
            # (ConditionalGetMiddleware keeps an ETag it finds).
            self["ETag"] = etag_of(content)
            entry = (content, self["Content-Type"], last_modified, self["ETag"])
            caching.soft_cache.set(key, entry, caching.entry_timeout())
        return content


def errors_as_json(response):
    """Errors are plain JSON objects, whatever format the request asked for (GeoJSON, the
    schema's YAML)."""
    renderer = getattr(response, "accepted_renderer", None)
    if response.status_code >= 400 and renderer and renderer.format != "json":
        response.accepted_renderer = JSONRenderer()
        response.accepted_media_type = JSONRenderer.media_type
    return response


class AnswerLanguageMixin:
    """An API view that answers in ``?lang=`` (else ``Accept-Language``), its errors included:
    the language is set before DRF checks the format and the rate."""

    def initial(self, request, *args, **kwargs):
        self._lang_errors = {}
        self.lang = self._requested_language(request, self._lang_errors)
        # lang=all reads every language column; queries (search, ordering by title) then
        # work in the source language.
        translation.activate(SOURCE_LANGUAGE if self.lang == ALL else self.lang)
        super().initial(request, *args, **kwargs)

    def _requested_language(self, request, errors) -> str:
        value = request.query_params.get("lang")
        if value is None:
            return translation.get_language()
        value = value.strip().lower()
        if value not in LANG_CHOICES:
            errors["lang"] = error_detail(lang_error(value))
            return translation.get_language()
        return value

    def throttled(self, request, wait):
        raise Throttled(wait)

    def known_parameters(self) -> frozenset[str]:
        """The query parameters this address reads (``_check_names``)."""
        raise NotImplementedError

    def _check_names(self, request, errors):
        """A parameter this address does not read is a 400 naming it, not ignored: a typo
        (``?contry=uz``) gave the whole list as if filtered, and a list's filter on one item
        (``/news/<slug>/?country=uz``) a 404 for an item that is there."""
        known = self.known_parameters()
        for name in request.query_params:
            if name not in known:
                errors[name] = error_detail(
                    _("This address reads no parameter “%(name)s”. It reads: %(known)s.")
                    % {"name": name, "known": ", ".join(sorted(known))}
                )


class _Moved(Exception):
    """Not an error: the item moved, and the answer is a redirect to its address now."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class PublicReadOnlyViewSet(AnswerLanguageMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint over a model's published() objects, found by slug.

    Subclasses set ``serializer_class``, ``filterset_class`` and implement
    ``get_public_queryset()``; ``facets`` maps facet names to functions of the filtered
    queryset.
    """

    lookup_field = "slug"
    # A slug's characters only: anything else is a 404 without a query (PostgreSQL refuses a
    # NUL character in a string: /api/v1/news/%00/ was a 500).
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    pagination_class = Pagination
    filter_backends = [FilterBackend]
    facets: dict = {}
    # Parameters that make a list cheaper to count with its page than apart (a search, whose
    # matches are ranked: see Pagination.paginate_queryset).
    counted_with_page: tuple[str, ...] = ()

    # -- language ------------------------------------------------------------------------
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        errors = self._lang_errors
        if self.action in ("list", "retrieve"):  # not a method refused (405), nor OPTIONS
            self._check_names(request, errors)
        if self.action == "list":
            self._check_list_parameters(request, errors)
        elif "fields" in request.query_params:
            self._check_fields(request, errors)
        if errors:
            raise ValidationError(errors)

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404 as missing:
            formats = ", ".join(renderer.format for renderer in self.get_renderers())
            raise ValidationError(
                {
                    "format": error_detail(
                        _("Unknown format “%(value)s”. Available: %(formats)s.")
                        % {"value": request.query_params.get("format", ""), "formats": formats}
                    )
                }
            ) from missing

    def finalize_response(self, request, response, *args, **kwargs):
        response = errors_as_json(super().finalize_response(request, response, *args, **kwargs))
        lang = getattr(self, "lang", None) or translation.get_language()
        response["Content-Language"] = ", ".join(LANGUAGE_CODES) if lang == ALL else lang
        last_modified = getattr(self, "_last_modified", None)
        if last_modified is not None and response.status_code == 200:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        return response

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["lang"] = getattr(self, "lang", None)
        fields = getattr(self, "_fields", None)
        if fields:
            context["fields"] = fields
            context["sparse_target"] = self.get_serializer_class()
        return context

    # -- parameters ----------------------------------------------------------------------
    def known_parameters(self) -> frozenset[str]:
        return caching.api_parameters(type(self), self.action)

    def _check_list_parameters(self, request, errors):
        params = request.query_params
        for name, minimum in (("page", 1), ("page_size", 1)):
            if name not in params:
                continue
            value = params[name]
            if name == "page" and value == "last":
                continue
            if not is_plain_integer(value):  # not int(): it reads "1_0" as 10, "٣" as 3
                errors[name] = error_detail(_("Must be a whole number."))
                continue
            number = int(value)
            if number < minimum:
                errors[name] = error_detail(
                    _("Must be at least %(minimum)d.") % {"minimum": minimum}
                )
            elif name == "page_size" and number > MAX_PAGE_SIZE:
                errors[name] = error_detail(
                    _("At most %(maximum)d items a page.") % {"maximum": MAX_PAGE_SIZE}
                )
        self._check_fields(request, errors)
        self._facets_requested = []
        if "facets" in params:
            requested = [name.strip() for name in params["facets"].split(",") if name.strip()]
            unknown = [name for name in requested if name not in self.facets]
            if unknown:
                errors["facets"] = error_detail(
                    _("Unknown facet: %(unknown)s. Available: %(available)s.")
                    % {"unknown": ", ".join(unknown), "available": ", ".join(self.facets)}
                )
            self._facets_requested = [name for name in requested if name in self.facets]
        self._filterset = None
        if self.filterset_class is not None and any(
            name in self.filterset_class.base_filters for name in params
        ):
            # Validated now, given its queryset when the list is built (filter_queryset): an
            # answer from the cache needs no queryset at all.
            filterset = self.filterset_class(
                params,
                queryset=self.filterset_class._meta.model._default_manager.none(),
                request=request,
            )
            if not filterset.is_valid():
                errors.update(filterset.errors)
            self._filterset = filterset

    def _check_fields(self, request, errors):
        self._fields = None
        if "fields" not in request.query_params:
            return
        value = request.query_params["fields"]
        if value == "":
            return  # ?fields= empty: every field, as any other empty parameter is ignored
        requested = [f.strip() for f in value.split(",") if f.strip()]
        available = list(self.get_serializer_class()().fields)
        unknown = [name for name in requested if name not in available]
        if unknown:
            errors["fields"] = error_detail(
                _("Unknown field: %(unknown)s. Available: %(available)s.")
                % {"unknown": ", ".join(unknown), "available": ", ".join(available)}
            )
        elif not requested:
            errors["fields"] = error_detail(
                _("No field named: give one or more of %(available)s, separated by commas.")
                % {"available": ", ".join(available)}
            )
        self._fields = set(requested)

    def counts_with_page(self, request) -> bool:
        return any(request.query_params.get(name, "").strip() for name in self.counted_with_page)

    # -- querysets -----------------------------------------------------------------------
    def get_queryset(self):
        # Built per request, after the language is active (modeltranslation's rewriting of
        # ordering and filters follows the active language).
        return self.get_public_queryset()

    def get_public_queryset(self):
        raise NotImplementedError

    def last_modified_of(self, item):
        """When ``item`` last changed for the public (None: unknown); an answer's date is also
        never before the last change of any public content (``caching.last_modified``)."""
        return getattr(item, "updated_at", None)

    def get_object(self):
        try:
            return super().get_object()
        except Http404 as missing:
            if moved := self._moved_address():
                raise _Moved(moved) from missing
            raise NotFound(_("There is no published item at this address.")) from missing

    def _moved_address(self) -> str | None:
        """The address now of the public item that had this one before its slug changed
        (``FormerSlug``), with the same query string; None if there is none."""
        if self.lookup_field != "slug":
            return None
        kwarg = self.lookup_url_kwarg or self.lookup_field
        moved = FormerSlug.moved_within(self.get_queryset(), self.kwargs.get(kwarg, ""))
        return same_view_at(self.request, **{kwarg: moved}) if moved else None

    def filter_queryset(self, queryset):
        filterset = getattr(self, "_filterset", None)
        if filterset is not None:
            filterset.queryset = queryset
            return filterset.qs
        return super().filter_queryset(queryset)

    def _public_answer(self, request, produce):
        """The answer of ``produce()`` → (data, last_modified), public. For anonymous clients
        (after throttling, which ``initial`` has done) its rendered bytes are cached per
        language and content version: a hit neither builds nor renders anything."""
        cache_entry = None
        if caching.is_cacheable_request(request):
            # What the bytes depend on besides the URL: the renderer and its indent
            # (``Accept: application/json; indent=2``), not the raw Accept header.
            renderer = request.accepted_renderer
            get_indent = getattr(renderer, "get_indent", None)
            indent = get_indent(request.accepted_media_type, {}) if get_indent else None
            key = caching.public_key("api", request, variant=f"{renderer.format};{indent}")
            hit = caching.soft_cache.get(key)
            if hit is not None:
                content, content_type, self._last_modified, etag = hit
                response = CachedResponse(prerendered=(content, content_type, etag))
                response["X-Cache"] = "hit"
                patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
                return response
            cache_entry = key
        data, stamp = produce()
        self._last_modified = caching.last_modified(stamp)
        if self._last_modified is None and caching.date_pending():
            cache_entry = None  # kept, it stayed undated as long as the cache kept it
        response = CachedResponse(data, cache_entry=(cache_entry, self._last_modified))
        if cache_entry is not None:
            response["X-Cache"] = "miss"
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
        return response

    def list(self, request, *args, **kwargs):
        return self._public_answer(request, self._list_data)

    def retrieve(self, request, *args, **kwargs):
        try:
            return self._public_answer(request, self._retrieve_data)
        except _Moved as moved:  # an address the item had before its slug changed
            return HttpResponsePermanentRedirect(moved.url)

    def _list_data(self):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if self._facets_requested:
            self.paginator.facets = {
                name: self.facets[name](queryset, self.lang) for name in self._facets_requested
            }
        items = page if page is not None else list(queryset)
        last_modified = max(
            (stamp for stamp in map(self.last_modified_of, items) if stamp), default=None
        )
        serializer = self.get_serializer(items, many=True)
        if page is not None:
            return self.get_paginated_response(serializer.data).data, last_modified
        return serializer.data, last_modified

    def _retrieve_data(self):
        instance = self.get_object()
        return self.get_serializer(instance).data, self.last_modified_of(instance)


ERROR_400 = OpenApiResponse(
    response={
        "type": "object",
        "description": "Each bad parameter, with the reasons it was refused.",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    description="A parameter was refused (unknown value, malformed date, page size over the "
    "limit, unknown ordering field or language).",
)
DETAIL_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
ERROR_404 = OpenApiResponse(response=DETAIL_SCHEMA, description="No such published item or page.")
ERROR_429 = OpenApiResponse(
    response=DETAIL_SCHEMA, description="Too many requests; see the Retry-After header."
)


def api_responses(ok) -> dict:
    """The answers every endpoint documents: ``ok`` for 200, and the error answers."""
    return {200: ok, 400: ERROR_400, 404: ERROR_404, 429: ERROR_429}


def document_endpoint(serializer_class, *, list_summary, detail_summary, list_parameters=()):
    """The schema of a public endpoint: both actions take ``lang`` and ``fields``, the list
    may take more (``facets``), and each documents the same error answers."""
    fields = fields_parameter(serializer_class)
    return extend_schema_view(
        list=extend_schema(
            summary=list_summary,
            parameters=[LANG_PARAMETER, fields, *list_parameters],
            responses=api_responses(serializer_class(many=True)),
        ),
        retrieve=extend_schema(
            summary=detail_summary,
            parameters=[LANG_PARAMETER, fields],
            responses=api_responses(serializer_class),
        ),
    )


class ApiRootView(AnswerLanguageMixin, routers.APIRootView):
    """``/api/v1/``: the endpoints, answered like them: in ``?lang=`` (else
    ``Accept-Language``), an unsupported language refused, a 429 in the answer's language."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        errors = self._lang_errors
        self._check_names(request, errors)
        if errors:
            raise ValidationError(errors)

    def known_parameters(self) -> frozenset[str]:
        return frozenset({"lang", api_settings.URL_FORMAT_OVERRIDE})


@extend_schema(exclude=True)  # not itself an endpoint of the API (SERVE_INCLUDE_SCHEMA)
class ApiSchemaView(SpectacularAPIView):
    """The OpenAPI schema. A 429 is JSON in the reader's language, like the API's (it was YAML
    served as a schema, in DRF's half-translated words); ``Content-Language`` says the
    language it is written in (drf-spectacular's ``?lang=``)."""

    def throttled(self, request, wait):
        raise Throttled(wait)

    def get(self, request, *args, **kwargs):
        lang = request.GET.get("lang")
        if lang is None:
            lang = translation.get_language()
        elif lang.lower() in LANGUAGE_CODES:
            lang = lang.lower()  # drf-spectacular writes ?lang=RU in Russian too
        else:  # it would write the schema in the default language, and say nothing
            message = lang_error(lang, supported=LANGUAGE_CODES)  # not "all": one language
            return Response({"lang": error_detail(message)}, status=400)
        response = super().get(request, *args, **kwargs)
        response["Content-Language"] = lang
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        return errors_as_json(super().finalize_response(request, response, *args, **kwargs))


class ApiDocsView(SpectacularSwaggerSplitView):
    """The API's documentation page (Swagger UI, served from the site). Only read: DRF answered
    OPTIONS with its description of the view, which this HTML page has no template for (a
    500); now a 405 like any other method it does not take."""

    http_method_names = ["get", "head"]
