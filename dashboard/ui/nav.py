"""The app's pages by section; add a page here and it appears in the navigation and in every page test."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    """One page: its script (relative to app.py), title key, icon, URL path and the role it needs."""

    path: str
    title_key: str
    icon: str
    url_path: str
    role: str = "viewer"


# Section title key -> pages; the very first page is the default. A page a visitor's role does not reach is left
# out of their navigation, and Streamlit then does not serve it, even by URL.
SECTIONS: dict[str, list[PageEntry]] = {
    "nav.section_overview": [
        PageEntry("ui/pages/overview.py", "nav.overview", ":material/dashboard:", "overview"),
    ],
    "nav.section_analysis": [
        PageEntry("ui/pages/library.py", "nav.library", ":material/library_books:", "library", "analyst"),
        PageEntry("ui/pages/adhoc.py", "workbench.nav.adhoc", ":material/terminal:", "sql", "analyst"),
        PageEntry("ui/pages/load.py", "nav.load", ":material/upload_file:", "load", "analyst"),
        PageEntry("ui/pages/snapshots.py", "load.admin.nav", ":material/history:", "snapshots", "admin"),
    ],
    "nav.section_domains": [
        PageEntry("ui/pages/voice.py", "nav.voice", ":material/record_voice_over:", "voice"),
        PageEntry("ui/pages/renovation.py", "nav.renovation", ":material/construction:", "renovation"),
        PageEntry("ui/pages/services.py", "nav.services", ":material/volunteer_activism:", "services"),
    ],
    "briefing.nav.section": [
        PageEntry("ui/pages/briefing.py", "briefing.nav.page", ":material/slideshow:", "briefing"),
    ],
}


def all_pages() -> list[PageEntry]:
    """Return every page in navigation order."""
    return [page for pages in SECTIONS.values() for page in pages]
