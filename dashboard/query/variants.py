"""Variants: one query file, one statement, several query ids, each fixing some parameters and its own header keys.

A file whose SQL serves several indicators (rural and urban, one survey measure or another) says it once and lists
the ids it answers to under `variants:`; each variant binds fixed values as `$params` (never pasted into the SQL),
and states only the header keys that differ from the file's (title, target, note ...). Variants are listed in display
order: one that states no `order` takes the file's order plus ten for each variant listed before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dashboard.query.header_merge import deep_merged
from dashboard.query.yaml_lines import YamlDoc

VARIANTS = "variants"
# What a variant may state: the parameters it fixes, and the header keys it overrides.
VARIANT_KEYS = {"params", "title", "description", "chart", "indicator", "order"}
# Header keys merged key by key with the file's (a variant names only the target figure, say); others replace.
MERGED_KEYS = {"chart", "indicator"}
# How far apart the display orders of a file's variants fall when they take them from the file's.
ORDER_STEP = 10
# A variant's name is its id under the file's folder: `elderly_care_rural`, or `social_recognition/x` below it.
NAME_RE = re.compile(r"[a-z0-9_]+(/[a-z0-9_]+)*")


class VariantError(ValueError):
    """A `variants:` block is malformed; `line` is the file line of the key at fault."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Variant:
    """One id a file answers to: its header (the file's, with the variant's keys over it) and its fixed values."""

    name: str
    query_id: str
    doc: YamlDoc
    fixed: dict[str, Any]
    fixed_lines: dict[str, int | None]


def variant_names(header: dict[str, Any]) -> list[str]:
    """Return the names a header's variants block gives, or none when it has no readable block."""
    block = header.get(VARIANTS)
    return [str(name) for name in block] if isinstance(block, dict) else []


def expand(doc: YamlDoc, file_id: str) -> list[Variant]:
    """Return one Variant per entry of the header's `variants:` block; raise VariantError naming the line."""
    block = doc.data.get(VARIANTS)
    if not isinstance(block, dict) or not block:
        raise VariantError("'variants' must map each variant's name to what it fixes and states, e.g. "
                           "{elderly_care_rural: {params: {kind: rural}, title: ...}}", doc.line(VARIANTS))
    folder = file_id.rsplit("/", 1)[0] + "/" if "/" in file_id else ""
    variants = [_variant(doc, name, own, folder, position) for position, (name, own) in enumerate(block.items())]
    _check_same_params(variants, doc)
    return variants


def _variant(doc: YamlDoc, name: Any, own: Any, folder: str, position: int) -> Variant:
    """Merge one variant's keys over the file's header, keeping the line of every key it states.

    Without an `order` of its own, the variant at `position` (0 for the first listed) comes ORDER_STEP × position
    after the file's order.
    """
    where = doc.line(VARIANTS, name)
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        raise VariantError(f"variant name {name!r} must be lowercase letters, digits and _ (a sub-folder with /)",
                           where)
    if not isinstance(own, dict):
        raise VariantError(f"variant '{name}' must be a mapping such as {{params: {{kind: rural}}, title: ...}}",
                           where)
    unknown = sorted(set(own) - VARIANT_KEYS)
    if unknown:
        raise VariantError(f"variant '{name}' has unknown key(s) {unknown}; allowed: {sorted(VARIANT_KEYS)}",
                           doc.line(VARIANTS, name, unknown[0]))
    fixed = own.get("params") or {}
    if not isinstance(fixed, dict):
        raise VariantError(f"variant '{name}' params must map each parameter it fixes to a value, e.g. "
                           "{kind: rural}", doc.line(VARIANTS, name, "params"))
    header = {key: value for key, value in doc.data.items() if key != VARIANTS}
    for key, value in own.items():
        if key != "params":
            header[key] = deep_merged(header.get(key), value) if key in MERGED_KEYS and isinstance(value, dict) \
                else value
    file_order = doc.data.get("order")
    if "order" not in own and isinstance(file_order, int) and not isinstance(file_order, bool):
        header["order"] = file_order + ORDER_STEP * position
    lines = {path: line for path, line in doc.lines.items() if path[:1] != (VARIANTS,)}
    lines.update({path[2:]: line for path, line in _under(doc, name) if path[2:3] != ("params",)})
    lines[(VARIANTS, name)] = where  # so a later check (an id given twice) can name the variant's line
    return Variant(name=name, query_id=folder + name, doc=YamlDoc(None, header, doc.offset, lines), fixed=dict(fixed),
                   fixed_lines={str(param): doc.line(VARIANTS, name, "params", param) for param in fixed})


def _under(doc: YamlDoc, name: str) -> Iterator[tuple[tuple[Any, ...], int]]:
    """Yield the key paths (and lines) stated inside one variant."""
    for path, line in doc.lines.items():
        if path[:2] == (VARIANTS, name) and len(path) > 2:
            yield path, line


def _check_same_params(variants: list[Variant], doc: YamlDoc) -> None:
    """Require every variant to fix the same parameters, so no id runs with a value left to chance."""
    names = {name for variant in variants for name in variant.fixed}
    for variant in variants:
        missing = sorted(names - set(variant.fixed))
        if missing:
            other = next(v.name for v in variants if missing[0] in v.fixed)
            raise VariantError(f"variant '{variant.name}' does not fix {missing} (variant '{other}' does): every "
                               "variant fixes the same parameters", doc.line(VARIANTS, variant.name))
