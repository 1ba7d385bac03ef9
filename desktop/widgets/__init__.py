"""Reusable widgets: field editors bound to case fields, findings, toasts."""
