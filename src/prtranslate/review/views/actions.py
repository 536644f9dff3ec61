"""The POSTs that change a release: a decision on a finding, a text edit, an alignment repair, an
approval. Each answers with a redirect back to the release page (303), a conflict page (409) when
the page was based on an older version than the stored one, or a page saying what was wrong (400)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from prtranslate import revisions
from prtranslate.errors import ConflictError, InputError, PrtranslateError, StoreError
from prtranslate.review.views.helpers import error_page, release_url
from prtranslate.revisions import Revision
from prtranslate.store import Store


async def _form(request: Request) -> dict[str, str]:
    async with request.form() as form:
        return {k: v for k, v in form.items() if isinstance(v, str)}


def _int(value: str | None, name: str) -> int:
    if value is None or not value.lstrip("-").isdigit() or len(value) > 9:
        raise revisions.UsageError(f"{name} must be a whole number")
    return int(value)


def _conflict(request: Request, revision: Revision, back: str) -> Response:
    who = revision.editor or "another editor"
    return error_page(request, 409, "Changed meanwhile",
                      f"{revision.release.name} was changed by {who} at {revision.saved_at}: reload "
                      f"(it is at version {revision.version} now).", back)


async def _change(request: Request, work: Callable[[Store, Revision, dict[str, str]], str]) -> Response:
    """Load the release, check the page's version, run ``work`` (which returns the anchor to go back
    to), and answer. Changes run one at a time, on the server's writing connection."""
    settings = request.app.state.settings
    name = request.path_params["name"]
    form = await _form(request)
    back = release_url(name)
    with settings.writing() as store:
        try:
            revision = revisions.current(store, name)
        except (InputError, StoreError):
            return error_page(request, 404, "No such release", f"The store holds no release named {name}.")
        try:
            if "version" in form and _int(form.get("version"), "version") != revision.version:
                return _conflict(request, revision, back)
            anchor = work(store, revision, form)
        except ConflictError:
            return _conflict(request, revisions.current(store, name), back)
        except PrtranslateError as err:
            return error_page(request, 400, "Not done", str(err), back)
    return RedirectResponse(back + (f"#{anchor}" if anchor else ""), status_code=303)


async def decide(request: Request) -> Response:
    settings = request.app.state.settings

    def work(store: Store, revision: Revision, form: dict[str, str]) -> str:
        verdict = form.get("verdict", "")
        learn = ""
        if verdict == "reject" and form.get("on_reject") == "acceptable":
            learn = "acceptable"
        elif verdict == "accept" and form.get("on_accept") == "forbid":
            learn = "forbid"
        note = " ".join(form.get("note", "").split())[:500] or None
        revisions.decide(store, settings.checker, revision, form.get("subject", ""), verdict,
                         settings.editor, note, learn)
        return f"finding-{form.get('number', '')}" if form.get("number", "").isdigit() else ""

    return await _change(request, work)


async def edit(request: Request) -> Response:
    settings = request.app.state.settings

    def work(store: Store, revision: Revision, form: dict[str, str]) -> str:
        side = form.get("side", "")
        pid = _int(form.get("pid"), "pid")
        changed, entry = revisions.edit_text(revision, side, pid, form.get("text", ""))
        revisions.save(store, settings.checker, revision, changed, settings.editor, [entry])
        return f"{side}-{pid}"

    return await _change(request, work)


async def align(request: Request) -> Response:
    settings = request.app.state.settings

    def work(store: Store, revision: Revision, form: dict[str, str]) -> str:
        operation = form.get("op", "")
        position = _int(form.get("position"), "position")
        if operation in ("merge", "link"):
            changed, entry = revisions.merge(revision, position)
        elif operation == "unlink":
            changed, entry = revisions.split(revision, position, 1, 0)
        elif operation == "split":
            ko_count, _, en_count = form.get("cut", "").partition(",")
            changed, entry = revisions.split(revision, position, _int(ko_count, "cut"), _int(en_count, "cut"))
        else:
            raise revisions.UsageError(f"unknown alignment change {operation!r}")
        revisions.save(store, settings.checker, revision, changed, settings.editor, [entry])
        return f"bead-{position}"

    return await _change(request, work)


async def approve(request: Request) -> Response:
    settings = request.app.state.settings

    def work(store: Store, revision: Revision, form: dict[str, str]) -> str:
        revisions.approve(store, settings.checker, revision, settings.editor)
        return "top"

    return await _change(request, work)
