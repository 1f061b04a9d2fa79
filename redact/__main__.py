"""``python -m redact``: the same as the ``redact`` command."""

from redact.cli import main

raise SystemExit(main())
