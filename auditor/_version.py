"""The package version and where the project lives, in a module of its own so every layer
can read them."""

__version__ = "0.1.0"

# The project's home: rule help links (SARIF `helpUri`) and the audit.json schema's
# address are built from it. Keep it equal to `[project.urls] Repository` in
# pyproject.toml (a test checks). OWNER is a placeholder until the project is published.
REPOSITORY = "https://github.com/OWNER/auditor"
DOCS_REF = "main"  # the branch whose README the rule links open
