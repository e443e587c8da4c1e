"""auditor: audit batches of content-farm articles for duplicates, boilerplate,
unsupported statistics, readability, content-farm tells and batch-wide inconsistencies."""

__version__ = "0.1.0"
