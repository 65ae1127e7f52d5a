"""Warehouse: schema, demo data, snapshot builds and loads."""
