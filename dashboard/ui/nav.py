"""The app's pages by section; add a page here and it appears in the navigation and in every page test."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.access.roles import Access


@dataclass(frozen=True)
class PageEntry:
    """One page: its script (relative to app.py), title key, icon, URL path, the role it needs, and whether it
    acts on the whole city (then accounts limited to some townships are not served it)."""

    path: str
    title_key: str
    icon: str
    url_path: str
    role: str = "viewer"
    city_wide: bool = False

    def serves(self, access: Access) -> bool:
        """Say whether this page is served to a visitor."""
        return access.allows(self.role) and not (self.city_wide and access.scoped)


# Section title key -> pages; the very first page is the default. A page a visitor's role does not reach is left
# out of their navigation, and Streamlit then does not serve it, even by URL. Free SQL and loads cannot be
# bounded by township, so they are city_wide.
SECTIONS: dict[str, list[PageEntry]] = {
    "nav.section_overview": [
        PageEntry("ui/pages/overview.py", "nav.overview", ":material/dashboard:", "overview"),
    ],
    "nav.section_analysis": [
        PageEntry("ui/pages/library.py", "nav.library", ":material/library_books:", "library", "analyst"),
        PageEntry("ui/pages/adhoc.py", "workbench.nav.adhoc", ":material/terminal:", "sql", "analyst",
                  city_wide=True),
        PageEntry("ui/pages/load.py", "nav.load", ":material/upload_file:", "load", "analyst", city_wide=True),
        PageEntry("ui/pages/snapshots.py", "load.admin.nav", ":material/history:", "snapshots", "admin"),
        PageEntry("ui/pages/audit.py", "audit.nav", ":material/policy:", "audit", "admin"),
        PageEntry("ui/pages/users.py", "users.nav", ":material/manage_accounts:", "users", "admin"),
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
