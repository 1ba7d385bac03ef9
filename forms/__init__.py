"""Shebao Desk paperwork engine: case model, dated rules, checks, forms, pack, CLI.

Pure Python, no Qt: the desktop app and the CLI run the same code.
"""

__version__ = "0.1.0"
