"""Governance outcomes dashboard: a DuckDB warehouse, SQL query files and a Streamlit front end."""
