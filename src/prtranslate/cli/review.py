"""``prtranslate review``: the editors' workbench in the browser (the ``review`` extra).

Thin: the web application lives in :mod:`prtranslate.review`, imported only when the command runs,
so ``prtranslate --help`` never loads Starlette.
"""

from __future__ import annotations

from typing import Annotated

import typer

from prtranslate.cli import app, user_errors
from prtranslate.cli.options import DbOption, GlossaryOption, editor_name


@app.command()
@user_errors
def review(
    db: DbOption = "prtranslate.db",
    host: Annotated[str, typer.Option(help="Address to listen on; anything but 127.0.0.1/localhost needs the "
                                           "access token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    editor: Annotated[str | None, typer.Option(help="Your name, recorded with every decision and change.")] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open a browser.")] = False,
    token: Annotated[str | None, typer.Option(help="Access token every request must carry (made and printed "
                                                   "when listening off 127.0.0.1 without one).")] = None,
    glossary: GlossaryOption = None,
) -> None:
    """Review a release store in the browser: decide on findings, correct the text, repair the
    alignment, approve releases. Ctrl-C stops the server."""
    from prtranslate.errors import MissingDependencyError, UsageError

    try:
        from prtranslate.review import serve
    except ImportError as err:
        raise MissingDependencyError(
            f"{err.name or 'starlette'} is not installed; install it with: pip install 'prtranslate[review]'"
        ) from err
    editor = editor_name(editor)
    if token is not None and len(token) < 8:
        raise UsageError("--token must have at least 8 characters")
    serve(db, host=host, port=port, editor=editor, token=token, open_browser=not no_browser,
          glossary_paths=tuple(glossary or ()))
