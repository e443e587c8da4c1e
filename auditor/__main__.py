"""`python -m auditor`: the same as the `auditor` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
