"""The Content-Security-Policy, with the two exceptions the admin and the API docs need.

Everywhere: scripts and styles only from this site, no inline script, no plugin, no framing.
The admin's rich-text editor declares its modules with an inline ``<script type="importmap">``;
instead of allowing inline scripts, the admin's policy allows exactly that import map by its
SHA-256 hash (computed from the map as rendered, so it follows hashed static file names). The
admin and Swagger UI also carry a few inline styles, which their policy allows (styles only).
"""

import base64
import functools
import hashlib
import re

from csp.middleware import CSPMiddleware

RELAXED_PREFIXES = ("/admin/", "/api/docs/")
_IMPORTMAP = re.compile(r"<script[^>]*>(.*)</script>", re.S)


@functools.cache
def importmap_hash() -> str:
    from django_prose_editor.widgets import importmap

    rendered = str(importmap.render())
    body = _IMPORTMAP.search(rendered).group(1)
    digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    return f"'sha256-{digest}'"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(RELAXED_PREFIXES):
            update = dict(parts.update or {})
            update["script-src"] = [importmap_hash()]
            update["style-src"] = ["'unsafe-inline'"]
            parts.update = update
        return parts
