"""Refuse to export when the browser would draw Chinese as empty boxes: no CJK font visible to fontconfig."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping

INSTALL_HINT = ("no Chinese (CJK) font is visible to fontconfig, so every Chinese character would come out "
                "as an empty box. Install one — Debian/Ubuntu: `apt-get install fonts-noto-cjk`, "
                "Fedora: `dnf install google-noto-sans-cjk-fonts` — then export again. "
                "If FONTCONFIG_FILE is set, check that the file it names lists the font's folder.")
FONTCONFIG_VARS = ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT", "XDG_DATA_HOME", "HOME", "PATH")


class MissingFontError(RuntimeError):
    """No CJK font is available to the browser; the message says what to install."""


def cjk_families(env: Mapping[str, str] | None = None) -> list[str]:
    """Return the font families fontconfig offers for Chinese, as a browser started with env sees them."""
    env = dict(os.environ if env is None else env)
    fc_list = shutil.which("fc-list", path=env.get("PATH"))
    if fc_list is None:
        if sys.platform.startswith("linux"):
            raise MissingFontError("fc-list (fontconfig) is not installed, so Chinese fonts cannot be checked; "
                                   "install fontconfig and fonts-noto-cjk")
        return ["(system fonts)"]  # macOS and Windows browsers ship with CJK fonts and do not use fontconfig
    done = subprocess.run([fc_list, ":lang=zh", "family"], env=env, capture_output=True, text=True,
                          timeout=30, check=False)
    return sorted({line.split(",")[0].strip() for line in done.stdout.splitlines() if line.strip()})


_known_good: set[tuple[str | None, ...]] = set()


def require_cjk_font(env: Mapping[str, str] | None = None) -> None:
    """Raise MissingFontError unless a CJK font is visible; a positive answer is remembered per environment."""
    env = os.environ if env is None else env
    key = tuple(env.get(name) for name in FONTCONFIG_VARS)
    if key in _known_good:
        return
    if not cjk_families(env):
        raise MissingFontError(INSTALL_HINT)
    _known_good.add(key)
