"""Briefing export: slide images, decks, PDFs and ZIPs of query charts; plain Python, no Streamlit."""
