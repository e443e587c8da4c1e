"""Inputs: find the articles named on the command line, decode them and parse them into
Documents. Anything unreadable becomes a LoadError naming the path; the batch goes on."""

from .document import Document, LoadError
from .units import load_inputs

__all__ = ["Document", "LoadError", "load_inputs"]
