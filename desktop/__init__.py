"""Shebao Desk, the Qt application. Imports the engine (forms); nothing imports it."""
