"""auditor: audit batches of content-farm articles for duplicates, boilerplate,
unsupported statistics, readability, content-farm tells and batch-wide inconsistencies."""

from ._version import __version__

__all__ = ["__version__"]
