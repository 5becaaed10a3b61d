"""`python -m dashboard.cli`: the jointops command."""

from dashboard.cli import main

raise SystemExit(main())
