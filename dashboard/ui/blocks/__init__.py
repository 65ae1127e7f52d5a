"""Generic renderers pages are drawn with: query results, page-file blocks, pillars, maps, meeting views."""
