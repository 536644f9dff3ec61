"""``prtranslate review``: the editors' workbench, a local web app over the release store.

Laid out as Datasette is: :mod:`.app` builds the Starlette application, its routes and its
guards (access token, CSRF, trusted hosts); :mod:`.views` holds one module per page, each turning
a request into calls of the library (:mod:`prtranslate.revisions`, :mod:`prtranslate.store`) and
a Jinja2 template (autoescaped); ``templates/`` and ``static/`` ship inside the package, nothing
comes from a CDN. Starlette, Jinja2 and uvicorn come with the ``review`` extra.
"""

from __future__ import annotations

from prtranslate.review.app import ReviewSettings, create_app, serve

__all__ = ["ReviewSettings", "create_app", "serve"]
