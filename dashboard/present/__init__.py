"""Turning results into what a reader sees: chart theme and plots, codes, cards, formatting, downloads."""
