"""prtranslate: align, check, score and machine-translate Korean/English press releases."""

__version__ = "0.1.0"
