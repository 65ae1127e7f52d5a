"""The sign-in ledger: one opening per login whatever the page loads and replicas, logout and age end it for good."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path
from typing import Any

import pytest

from dashboard.access import sessions
from dashboard.base.settings import Settings, load_settings

NOW = 1_800_000_000.0


def settings_in(tmp_path: Path, hours: float = 9.0) -> Settings:
    """Settings whose var folder is tmp_path/var, with a session length in hours."""
    return Settings(**{**load_settings().__dict__, "var_dir": tmp_path / "var", "session_hours": hours})


def claims(nonce: str = "n1", issued: float = NOW, email: str = "li@city.example") -> dict[str, object]:
    """The claims Streamlit's cookie carries for one login at a provider."""
    return {"is_logged_in": True, "iss": "https://idp.example", "sub": email.split("@")[0], "aud": "dashboard",
            "iat": int(issued), "exp": int(issued) + 3600, "nonce": nonce, "email": email, "groups": []}


def login(nonce: str = "n1", issued: float = NOW, email: str = "li@city.example") -> sessions.Login:
    """The login those claims name."""
    found = sessions.login_of(claims(nonce, issued, email))
    assert found is not None
    return found


def test_a_login_is_opened_once_however_many_pages_it_loads(tmp_path: Path) -> None:
    settings = settings_in(tmp_path)
    verdicts = [sessions.check(settings, login(), now=NOW + 60 * i) for i in range(20)]
    assert [(c.verdict, c.first) for c in verdicts[:2]] == [("new", True), ("open", False)]
    assert sum(c.first for c in verdicts) == 1, "one sign-in to record for twenty page loads"


def test_each_login_of_the_same_person_is_its_own(tmp_path: Path) -> None:
    settings = settings_in(tmp_path)
    assert login("n1").key != login("n2").key != login("n1", issued=NOW + 1).key
    assert login("n1").key == login("n1").key
    assert sessions.check(settings, login("n1"), now=NOW).verdict == "new"
    assert sessions.check(settings, login("n2"), now=NOW).verdict == "new"


def test_logout_refuses_the_same_cookie_afterwards_and_a_new_login_works(tmp_path: Path) -> None:
    settings = settings_in(tmp_path)
    sessions.check(settings, login("before"), now=NOW)
    assert sessions.end(settings, login("before"), now=NOW + 10) is True
    replayed = sessions.check(settings, login("before"), now=NOW + 20)
    assert (replayed.verdict, replayed.first, replayed.refused) == ("ended", True, True)
    again = sessions.check(settings, login("before"), now=NOW + 30)
    assert (again.verdict, again.first) == ("ended", False), "a refused reuse is recorded once"
    assert sessions.end(settings, login("before"), now=NOW + 40) is False, "already ended"
    assert sessions.check(settings, login("after"), now=NOW + 50).verdict == "new"


def test_a_login_older_than_the_session_is_refused(tmp_path: Path) -> None:
    settings = settings_in(tmp_path, hours=9)
    assert sessions.check(settings, login(), now=NOW + 9 * 3600 - 1).verdict == "new"
    late = sessions.check(settings, login(), now=NOW + 9 * 3600 + 1)
    assert (late.verdict, late.first) == ("expired", True)
    assert sessions.check(settings, login("old", issued=NOW - 10 * 3600), now=NOW).verdict == "expired", \
        "a cookie from before the ledger existed, issued too long ago"
    short = settings_in(tmp_path / "short", hours=0.001)  # 3.6 seconds
    assert sessions.check(short, login("quick"), now=NOW + 3).verdict == "new"
    assert sessions.check(short, login("quick"), now=NOW + 4).verdict == "expired"


def test_an_identity_without_an_issue_time_names_no_login() -> None:
    assert sessions.login_of({"is_logged_in": True, "email": "li@city.example"}) is None
    assert sessions.login_of({"is_logged_in": True, "email": "li@city.example", "iat": True}) is None
    assert sessions.login_of({"is_logged_in": True, "email": "li@city.example", "iat": "1800000000"}) is None


def test_a_torn_or_foreign_line_does_not_lose_the_others(tmp_path: Path) -> None:
    settings = settings_in(tmp_path)
    sessions.check(settings, login("a"), now=NOW)
    sessions.end(settings, login("a"), now=NOW + 1)
    ledger = settings.var_dir / sessions.LEDGER_FILE
    with ledger.open("ab") as file:
        file.write(b'not json\n\xff\n[1]\n{"key": "x", "event": "en')  # the last one cut short
    assert sessions.check(settings, login("a"), now=NOW + 2).verdict == "ended"
    assert sessions.check(settings, login("b"), now=NOW + 3).verdict == "new"
    assert sessions.check(settings, login("b"), now=NOW + 4).verdict == "open"


def test_a_long_ledger_drops_only_logins_too_old_to_use(tmp_path: Path) -> None:
    settings = settings_in(tmp_path, hours=1)
    for i in range(sessions.COMPACT_LINES):
        sessions.check(settings, login(f"old{i}", issued=NOW - 3 * 3600), now=NOW - 3 * 3600 + 1)
    sessions.check(settings, login("recent"), now=NOW)
    sessions.end(settings, login("recent"), now=NOW + 1)  # this write finds the ledger long and compacts it
    ledger = settings.var_dir / sessions.LEDGER_FILE
    assert len(ledger.read_bytes().splitlines()) == 2
    assert sessions.check(settings, login("recent"), now=NOW + 2).verdict == "ended", "kept across compaction"
    assert sessions.check(settings, login("old0", issued=NOW - 3 * 3600), now=NOW + 3).verdict == "expired"


def _check_in_process(var_dir: str, nonce: str, issued: float, barrier: Any) -> str:
    """Check one login from a separate process, as one replica serving one page load would."""
    settings = Settings(**{**load_settings().__dict__, "var_dir": Path(var_dir)})
    barrier.wait()
    return sessions.check(settings, login(nonce, issued=issued)).verdict


@pytest.mark.parametrize("round_", range(5))
def test_replicas_loading_pages_at_once_open_a_login_exactly_once(tmp_path: Path, round_: int) -> None:
    context = multiprocessing.get_context("fork")
    workers = 8
    barrier = context.Manager().Barrier(workers)
    with context.Pool(workers) as pool:
        verdicts = pool.starmap(_check_in_process,
                                [(str(tmp_path / "var"), f"race{round_}", time.time(), barrier)] * workers)
    assert sorted(verdicts) == ["new"] + ["open"] * (workers - 1)
