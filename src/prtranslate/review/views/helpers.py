"""What the views and templates share: addresses of releases, highlighting, rendering, errors."""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import quote

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from prtranslate.formats.highlight import highlight as highlight_words
from prtranslate.outputs import printable
from prtranslate.store import FindingRecord


def release_url(name: str, view: str = "release") -> str:
    """The app's address of a release (its name, percent-encoded; "/" of sub-folder names kept)."""
    return f"/{view}/{quote(name, safe='/')}"


def highlight(text: str, needles: Sequence[tuple[str, FindingRecord, int]]) -> Markup:
    """``text`` escaped, each needle's occurrences wrapped in a ``<mark>`` linking to its finding."""

    def mark(words: str, target: tuple[FindingRecord, int]) -> str:
        finding, number = target
        return (f'<mark class="sev-{html.escape(finding.severity)}" title="{html.escape(finding.message)}">'
                f'<a href="#finding-{number}">{words}</a></mark>')

    return Markup(highlight_words(text, ((needle, (f, n)) for needle, f, n in needles), mark))


def render(request: Request, template: str, status_code: int = 200, **context: object) -> HTMLResponse:
    settings = request.app.state.settings
    env = request.app.state.templates
    body = env.get_template(template).render(csrf=settings.csrf, editor=settings.editor, **context)
    # Release text is untrusted: escaped by the templates, and rid of escape sequences and control
    # characters (which HTML cannot hold either) like every other output, by ``printable``.
    return HTMLResponse(printable(body), status_code=status_code)


def error_page(request: Request, status_code: int, title: str, message: str, back: str = "/") -> HTMLResponse:
    return render(request, "error.html", status_code=status_code, title=title, message=message, back=back)


FILTERS = {"release_url": release_url}
GLOBALS = {"release_url": release_url}
