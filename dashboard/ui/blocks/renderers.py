"""The renderer of each page-file block kind, registered by kind name against the parsers' registry
(`dashboard.query.block_kinds.BLOCK_KINDS`), so a kind cannot be drawn without being parsed, or the reverse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dashboard.query import pagefile as pf
from dashboard.ui.frame.context import Context

# A renderer draws one parsed block with the page run's context (its selection, its reader); page_id prefixes the
# keys of the widgets it draws.
Renderer = Callable[[Any, str, Context], None]
RENDERERS: dict[str, Renderer] = {}


def renders(kind: str) -> Callable[[Renderer], Renderer]:
    """Register the decorated function as the renderer of one block kind the page-file parser knows."""
    if kind not in pf.BLOCK_KINDS:
        raise KeyError(f"no block kind '{kind}' in dashboard/query/block_kinds.py to render")

    def register(draw: Renderer) -> Renderer:
        if kind in RENDERERS:
            raise KeyError(f"block kind '{kind}' already has a renderer")
        RENDERERS[kind] = draw
        return draw

    return register


def renderer_of(block: object) -> Renderer:
    """Return the renderer of a parsed block."""
    return RENDERERS[pf.kind_of(block)]
