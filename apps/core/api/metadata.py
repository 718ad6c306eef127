"""What the API answers to OPTIONS."""

from rest_framework.metadata import SimpleMetadata


class FormatsOnlyMetadata(SimpleMetadata):
    """The formats a client may ask for and send, without DRF's name and description of the
    view: those come from the code's docstrings, in English whatever ``?lang=`` asked for. The
    schema (``/api/schema/``) documents the API."""

    def determine_metadata(self, request, view):
        metadata = super().determine_metadata(request, view)
        metadata.pop("name", None)
        metadata.pop("description", None)
        return metadata
