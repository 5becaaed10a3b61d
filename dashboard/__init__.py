"""The jointops Dash application: pages, callbacks, figures and the command line."""
