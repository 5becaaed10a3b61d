"""Shared Dash pieces that touch no database: the shell, components, labels, the filter
bar and the live-page helper."""
