"""One exception hierarchy for the library; the CLI turns it into exit codes.

Exit codes (documented in the README):

====  =====================================================
0     success (``check``: no finding of severity error)
1     ``check``: findings of severity error exist
2     usage error (bad option or argument, one line from ``prtranslate.cli.main``; ``-`` for two
      files; a ``PRTRANSLATE_MAX_INPUT`` that is not a size)
3     input error: missing, empty, binary, undecodable file, wrong language; a FIFO, device or file
      over the input limit (refused before reading); a release or decision not in the store;
      ``corpus add``: some releases failed or entries of the folder could not be used (the command
      exits so after storing the others)
4     glossary error: malformed or unreadable glossary/termbase
5     model or optional-dependency error (no model, extra not installed)
6     store error: no store, damaged, locked, read-only, or another schema version
7     output error: the result could not be written (``-o`` names a folder, a full disk, standard
      output full or closed)
====  =====================================================
"""

from __future__ import annotations


class PrtranslateError(Exception):
    """Base of every error the library raises on purpose. ``str(err)`` is one line for the user."""

    exit_code = 3

    def __str__(self) -> str:
        # One line, always: an editor reads this on stderr.
        return " ".join(super().__str__().split())


class UsageError(PrtranslateError):
    """An option value the library cannot use (an unknown scorer or backend name)."""

    exit_code = 2


class InputError(PrtranslateError):
    """A release file cannot be used: missing, empty, binary, undecodable."""

    exit_code = 3


class LanguageError(InputError):
    """A file is not in the language it was given as (or both files are the same language)."""

    exit_code = 3


class GlossaryError(PrtranslateError):
    """A glossary or termbase is malformed or unreadable."""

    exit_code = 4


class ModelError(PrtranslateError):
    """No usable translation model, or a model failed to load."""

    exit_code = 5


class MissingDependencyError(ModelError):
    """An optional dependency is not installed; the message names the extra to install."""

    exit_code = 5


class StoreError(PrtranslateError):
    """The release store (database) is missing, damaged, locked, not writable or of another schema.
    A release that is not in a sound store is an :class:`InputError`."""

    exit_code = 6


class ConflictError(StoreError):
    """A save based on an older version of a release than the stored one (another editor saved first)."""

    def __init__(self, message: str, editor: str | None = None, at: str | None = None) -> None:
        super().__init__(message)
        self.editor = editor
        self.at = at


class OutputError(PrtranslateError):
    """A result could not be written."""

    exit_code = 7


def require(module: str, extra: str):
    """Import an optional module lazily, or raise :class:`MissingDependencyError` naming the extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise MissingDependencyError(
            f"{module} is not installed; install it with: pip install 'prtranslate[{extra}]'"
        ) from err
