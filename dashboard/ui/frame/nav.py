"""The app's pages by section: Python pages listed here, domain pages from the page files under the queries folder.
A page in this list appears in the navigation and in every page test."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlparse

import streamlit as st

from dashboard.access.roles import Access
from dashboard.base.i18n import translate
from dashboard.base.settings import load_settings
from dashboard.query.pagefile import PageFiles, load_pages
from dashboard.ui.frame import audit

DOMAINS = "nav.section_domains"


@dataclass(frozen=True)
class PageEntry:
    """One page: its module (relative to app.py, with a `render(ctx)` function; for a page file, its folder), title
    key, icon, URL path, the role it needs, and whether it acts on the whole city (then accounts limited to some
    townships are not served it).

    A page file's entry carries its menu title in both languages instead of a title key.
    """

    path: str
    title_key: str
    icon: str
    url_path: str
    role: str = "viewer"
    city_wide: bool = False
    titles: tuple[str, str] | None = None

    @property
    def from_page_file(self) -> bool:
        """Say whether the page is drawn from a page file rather than a script."""
        return self.titles is not None

    def title(self, lang: str) -> str:
        """Return the page's name in the navigation."""
        if self.titles is not None:
            return self.titles[1] if lang == "en" else self.titles[0]
        return translate(self.title_key, lang)

    @property
    def module(self) -> str:
        """Return the dotted name of a script page's module (its `render(ctx)` draws the page)."""
        return "dashboard." + self.path.removesuffix(".py").replace("/", ".")

    def st_page(self, lang: str, default: bool, draw: Callable[[], None]) -> st.Page:
        """Return the Streamlit page: a function drawing it (the app's frame gives it the page run's context)."""
        target = _page_function(self.url_path, draw)
        return st.Page(target, title=self.title(lang), icon=self.icon, url_path=self.url_path, default=default)

    def serves(self, access: Access) -> bool:
        """Say whether this page is served to a visitor."""
        return access.allows(self.role) and not (self.city_wide and access.scoped)


# Section title key -> script pages; the very first page is the default; sections() adds the page files. A page a
# visitor's role does not reach is left out of their navigation, and Streamlit then does not serve it, even by URL.
# Free SQL and loads cannot be bounded by township, so they are city_wide.
SCRIPTS: dict[str, list[PageEntry]] = {
    "nav.section_overview": [
        PageEntry("ui/pages/overview.py", "nav.overview", ":material/dashboard:", "overview"),
        PageEntry("ui/pages/screen.py", "screen.nav", ":material/tv:", "screen"),
    ],
    "nav.section_analysis": [
        PageEntry("ui/pages/library.py", "nav.library", ":material/library_books:", "library", "analyst"),
        PageEntry("ui/pages/sql.py", "workbench.nav.adhoc", ":material/terminal:", "sql", "analyst",
                  city_wide=True),
        PageEntry("ui/pages/load.py", "nav.load", ":material/upload_file:", "load", "analyst", city_wide=True),
        PageEntry("ui/pages/snapshots.py", "load.admin.nav", ":material/history:", "snapshots", "admin"),
        PageEntry("ui/pages/meeting.py", "meeting.page.nav", ":material/event_note:", "meeting", "admin",
                  city_wide=True),
        PageEntry("ui/pages/audit.py", "audit.nav", ":material/policy:", "audit", "admin"),
        PageEntry("ui/pages/users.py", "users.nav", ":material/manage_accounts:", "users", "admin"),
    ],
    DOMAINS: [],
    "briefing.nav.section": [
        PageEntry("ui/pages/briefing.py", "briefing.nav.page", ":material/slideshow:", "briefing"),
    ],
}


def sections() -> dict[str, list[PageEntry]]:
    """Return section title key -> pages, with the page files listed in the menu in their declared order."""
    files = page_files()
    found = [PageEntry(page.page_id, "", page.icon, page.page_id, page.role,
                       titles=(page.menu_title("zh"), page.menu_title("en"))) for page in files.pages if page.listed]
    # A broken page file stays in the menu under its folder name and shows its error, so its author sees why.
    found += [PageEntry(name, "", ":material/error:", name, titles=(name, name)) for name in files.errors]
    return {section: found if section == DOMAINS else pages for section, pages in SCRIPTS.items()}


def all_pages() -> list[PageEntry]:
    """Return every page in navigation order."""
    return [page for pages in sections().values() for page in pages]


def page_files() -> PageFiles:
    """Return the page files under the queries folder (re-read only when one changed)."""
    return load_pages(load_settings().queries_dir)


def _page_function(url_path: str, draw: Callable[[], None]) -> Callable[[], None]:
    """Return a function drawing one page; Streamlit tells callable pages apart by their name."""
    def page() -> None:
        draw()

    page.__name__ = page.__qualname__ = f"page_{url_path}"
    return page


def link_target(url_path: str, lang: str) -> st.Page:
    """Return a page to link to by its URL path (st.page_link finds a page drawn by a function only this way)."""
    entry = next(page for page in all_pages() if page.url_path == url_path)
    return entry.st_page(lang, default=False, draw=lambda: None)  # a link only navigates; the menu's page draws


def refused_entry(asked: str, served: str, visitor: Access, pages: Iterable[PageEntry]) -> PageEntry | None:
    """Return the page a URL path asked for when it exists but is not served to this visitor (else None)."""
    if not asked or asked == served:
        return None
    return next((page for page in pages if page.url_path == asked and not page.serves(visitor)), None)


def record_refused_by_url(visitor: Access, served: str) -> None:
    """Record a page opened by URL that the visitor's navigation leaves out (Streamlit then serves the default page)."""
    try:
        path = urlparse(st.context.url or "").path
    except (AttributeError, RuntimeError, ValueError):
        return
    asked = path.rstrip("/").rpartition("/")[2]
    entry = refused_entry(asked, served, visitor, all_pages())
    if entry is not None:
        audit.record_refused_page(visitor, entry.role, path, city_wide=entry.city_wide and visitor.scoped)
