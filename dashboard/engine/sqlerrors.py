"""Explain a failed query in the reader's language: what kind of refusal it was, then DuckDB's own first line."""

from __future__ import annotations

from dashboard.base.i18n import DEFAULT_LANG, LANGS, strings, translate
from dashboard.base.settings import Settings
from dashboard.engine.runner import QueryError

# Kinds the runner raises itself: the explanation already says everything its English message says.
OWN_KINDS = frozenset({"no_statement", "many_statements", "not_read", "denied_function", "scope", "worker_memory",
                       "worker_stopped", "busy", "too_large"})


def explain_error(error: QueryError, lang: str, settings: Settings) -> str:
    """Return one line: a localized explanation of the error kind, plus the original message when DuckDB's."""
    key = f"workbench.error.{error.kind}"
    if key not in strings(lang if lang in LANGS else DEFAULT_LANG):
        key = "workbench.error.other"
    values = {"seconds": settings.max_seconds, "memory": settings.memory_limit, "count": "", "statement": "",
              "function": "", "query": "", "limit": settings.sql_worker_memory, "size": "",
              "result_mb": settings.sql_result_mb, "workers": settings.sql_workers, **error.details}
    explanation = translate(key, lang, **values)
    if error.kind in OWN_KINDS:
        return _one_line(explanation)
    return _one_line(translate("workbench.error.line", lang, explanation=explanation, original=str(error)))


def _one_line(text: str) -> str:
    """Collapse any line breaks, so an error never spans lines."""
    return " ".join(text.split())
