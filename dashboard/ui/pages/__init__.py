"""Python pages Streamlit runs as scripts, one module each: the admin tools, the library, the SQL page, the screen."""
