"""The releases page: every stored release, filtered and paginated in SQL."""

from __future__ import annotations

import math
import re
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from prtranslate.review.views.helpers import render
from prtranslate.store import ReleaseFilter

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def filters(request: Request) -> ReleaseFilter:
    """The page's filters from the query string; malformed values are ignored, never passed on."""
    q = request.query_params
    date_from, date_to = q.get("from", ""), q.get("to", "")
    return ReleaseFilter(
        text=" ".join(q.get("q", "").split())[:200],
        open_only=q.get("open") == "1",
        one_language=q.get("one_language") == "1",
        date_from=date_from if _DATE.match(date_from) else "",
        date_to=date_to if _DATE.match(date_to) else "",
    )


def page(request: Request) -> Response:
    settings = request.app.state.settings
    where = filters(request)
    raw_page = request.query_params.get("page", "1")
    number = int(raw_page) if raw_page.isdigit() and 0 < len(raw_page) < 9 else 1
    size = settings.page_size
    rows, total = settings.store().release_page(where, limit=size, offset=(max(number, 1) - 1) * size)
    pages = max(1, math.ceil(total / size))
    params = {k: v for k, v in (("q", where.text), ("open", "1" if where.open_only else ""),
                                ("one_language", "1" if where.one_language else ""),
                                ("from", where.date_from), ("to", where.date_to)) if v}

    def link(n: int) -> str:
        return "/?" + urlencode({**params, "page": n})

    return render(request, "releases.html", rows=rows, total=total, page=number, pages=pages, where=where,
                  prev_url=link(number - 1) if number > 1 else None,
                  next_url=link(number + 1) if number < pages else None)
