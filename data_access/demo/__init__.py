"""Deterministic demo operations at the scale of real ones (and far beyond, for benchmarks).

    summary = generate_demo(engine, seizures=20_000, seed=7, password_hash=hash)

`generate` draws and bulk-loads the operations, seizures, daily reports and demo accounts;
`scenarios` holds the trafficking flows it draws from (data, no code that touches the
database).
"""

from data_access.demo.generate import DemoSummary, demo_exists, generate_demo, remove_demo

__all__ = ["DemoSummary", "demo_exists", "generate_demo", "remove_demo"]
