"""``python -m assistant``: see :mod:`assistant.cli`."""

from .cli import main

raise SystemExit(main())
