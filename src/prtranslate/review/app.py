"""The review application: settings, routes, guards, and the server that runs it.

Guards, in the order a request meets them:

- **hosts**: served on a loopback address, only ``Host: 127.0.0.1``/``localhost`` requests are
  answered (a web page elsewhere cannot reach the app by DNS rebinding);
- **access token**: on any other address (or with ``--token``) every request carries the token, as
  ``?token=`` once (it then lives in an HttpOnly, SameSite=Strict cookie), the cookie, or an
  ``Authorization: Bearer`` header;
- **CSRF**: every state-changing request is a POST carrying the server's CSRF token in its form
  (and, when the browser sends one, an ``Origin`` of this server);
- every response forbids framing and foreign scripts (Content-Security-Policy).

Views never open a file named by a request (static files come from the package's ``static/``
through Starlette's StaticFiles) and never build SQL from request values.
"""

from __future__ import annotations

import contextlib
import errno
import hmac
import ipaddress
import secrets
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from prtranslate.revisions import Checker
from prtranslate.store import Store

TOKEN_COOKIE = "prtranslate_review_token"
CSRF_FIELD = "csrf"
_HERE = Path(__file__).parent
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass
class ReviewSettings:
    """What one server holds: the store, who edits, the secrets, the checker (loaded once)."""

    db: str
    editor: str | None = None
    token: str | None = None                 # required on every request when set
    allowed_hosts: tuple[str, ...] = ()      # empty: any Host header (in-process tests)
    glossary_paths: tuple[str, ...] = ()
    page_size: int = 50
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    checker: Checker = field(init=False)
    _local: threading.local = field(init=False, repr=False, default_factory=threading.local)
    _write_lock: threading.RLock = field(init=False, repr=False, default_factory=threading.RLock)
    _writer: Store | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        self.checker = Checker(self.glossary_paths)

    def store(self) -> Store:
        """This thread's read-only connection to the store (opened once per thread; cheap: the file
        was checked when :meth:`writing` first opened it)."""
        store = getattr(self._local, "store", None)
        if store is None:
            self.writer()
            store = Store(self.db, readonly=True)
            self._local.store = store
        return store

    def writer(self) -> Store:
        """The one connection that writes (opened once: the store is checked, and upgraded, then)."""
        with self._write_lock:
            if self._writer is None:
                self._writer = Store(self.db, create=False)
            return self._writer

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The writing connection, for one change at a time."""
        store = self.writer()
        with self._write_lock:
            yield store


def templates() -> Environment:
    env = Environment(loader=PackageLoader("prtranslate.review", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    from prtranslate.review.views import helpers

    env.filters.update(helpers.FILTERS)
    env.globals.update(helpers.GLOBALS)
    return env


class Guard:
    """Access token, CSRF and response headers, as one ASGI middleware."""

    def __init__(self, app: ASGIApp, settings: ReviewSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        token = self.settings.token
        if token is not None:
            given = request.query_params.get("token")
            if given is not None and _same(given, token):
                # Move the token from the address bar into a cookie, and out of the history.
                query = "&".join(f"{k}={v}" for k, v in request.query_params.multi_items() if k != "token")
                target = request.url.path + (f"?{query}" if query else "")
                response: Response = RedirectResponse(target, status_code=303)
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
                await _with_headers(response)(scope, receive, send)
                return
            header = request.headers.get("authorization", "")
            bearer = header[7:] if header.lower().startswith("bearer ") else ""
            if not (_same(request.cookies.get(TOKEN_COOKIE, ""), token) or _same(bearer, token)):
                await _with_headers(PlainTextResponse(
                    "prtranslate review: this server needs its access token (open the address it printed)",
                    status_code=403))(scope, receive, send)
                return
        if request.method not in ("GET", "HEAD", "POST"):
            await _with_headers(PlainTextResponse("method not allowed", status_code=405))(scope, receive, send)
            return
        if request.method == "POST":
            origin = request.headers.get("origin")
            if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
                await _with_headers(PlainTextResponse("cross-site request refused", status_code=403))(
                    scope, receive, send)
                return
            length = request.headers.get("content-length", "")
            if not length.isdigit() or int(length) > MAX_BODY:
                await _with_headers(PlainTextResponse("request body missing or too large", status_code=413))(
                    scope, receive, send)
                return
            body = await request.body()
            receive = _replay(body)
            async with Request(scope, _replay(body)).form() as form:
                csrf = str(form.get(CSRF_FIELD, ""))
            if not _same(csrf, self.settings.csrf):
                await _with_headers(PlainTextResponse("missing or wrong CSRF token: reload the page",
                                                      status_code=403))(scope, receive, send)
                return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)  # type: ignore[arg-type]


SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


MAX_BODY = 1 << 20   # a form of the app is a paragraph or two; nothing needs more


def _replay(body: bytes) -> Receive:
    """A ``receive`` that hands ``body`` over once (the guard has read it to check the CSRF token)."""
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive  # type: ignore[return-value]


def _with_headers(response: Response) -> Response:
    for key, value in SECURITY_HEADERS.items():
        response.headers[key] = value
    return response


def _same(given: str, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def create_app(settings: ReviewSettings) -> Starlette:
    """The Starlette application over ``settings.db``."""
    from prtranslate.review.views import actions, release, releases

    env = templates()
    routes = [
        Route("/", releases.page, methods=["GET"]),
        Route("/release/{name:path}", release.page, methods=["GET"]),
        Route("/decide/{name:path}", actions.decide, methods=["POST"]),
        Route("/edit/{name:path}", actions.edit, methods=["POST"]),
        Route("/align/{name:path}", actions.align, methods=["POST"]),
        Route("/approve/{name:path}", actions.approve, methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=_HERE / "static"), name="static"),
    ]
    middleware = [Middleware(Guard, settings=settings)]  # type: ignore[arg-type]
    if settings.allowed_hosts:
        middleware.insert(0, Middleware(TrustedHostMiddleware,  # type: ignore[arg-type]
                                        allowed_hosts=list(settings.allowed_hosts)))
    app = Starlette(routes=routes, middleware=middleware)
    app.state.settings = settings
    app.state.templates = env
    return app


def is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, editor: str | None = None,
          token: str | None = None, open_browser: bool = True, glossary_paths: tuple[str, ...] = ()) -> None:
    """Run the review app until Ctrl-C. Off the loopback address a token is required (one is made
    and printed when none is given)."""
    import uvicorn

    loopback = is_loopback(host)
    if not loopback and token is None:
        token = secrets.token_urlsafe(24)
    allowed = tuple(f"{name}" for name in ("127.0.0.1", "localhost", "[::1]", "::1")) if loopback else ()
    settings = ReviewSettings(db, editor=editor, token=token, allowed_hosts=allowed,
                              glossary_paths=glossary_paths)
    settings.writer()    # a missing, damaged or foreign store is refused before listening
    sock = listening_socket(host, port)   # a port in use is one line now, not after seconds of loading
    app = create_app(settings)
    # The glossary and the Korean analyser load now (seconds), not on the first save; meanwhile the
    # server would not answer anyway (the analyser holds the interpreter while it loads).
    sys.stderr.write("prtranslate review: loading the glossary and the Korean analyser…\n")
    sys.stderr.flush()
    settings.checker.warm(db)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    sys.stderr.write(f"prtranslate review: {db} at {url} (editor: {editor or 'anonymous'}; Ctrl-C stops)\n")
    sys.stderr.flush()
    if open_browser:
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    # Ctrl-C is how the server stops: quietly, exit 0 (uvicorn.run swallowed it the same way).
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning")).run(sockets=[sock])


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` for the server, or :class:`UsageError` with one line: a
    port in use or a host that is no address of this machine is a bad option (exit 2)."""
    from prtranslate.errors import UsageError

    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError) as err:
        raise UsageError(f"cannot listen on --host {host}: {getattr(err, 'strerror', None) or err}") from err
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as err:
        sock.close()
        hint = "; choose another --port" if err.errno == errno.EADDRINUSE else ""
        raise UsageError(f"cannot listen on {host}:{port}: {err.strerror or err}{hint}") from err
    return sock
