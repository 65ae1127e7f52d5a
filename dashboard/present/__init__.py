"""Turning results into what a reader sees: chart theme and figures, codes, cards, formatting, downloads."""
