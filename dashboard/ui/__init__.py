"""The Streamlit layer: the only code that imports streamlit."""
