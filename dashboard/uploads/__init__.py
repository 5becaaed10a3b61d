"""Uploaded spreadsheets kept on disk and checked or imported in the background."""
