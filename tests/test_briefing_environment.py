"""What exports need from the machine: real Chinese glyphs or a clear refusal, and a browser or a clear error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import plotly.graph_objects as go
import pytest

from dashboard.base.settings import REPO_ROOT
from dashboard.briefing import render
from dashboard.briefing.fonts import MissingFontError, cjk_families, require_cjk_font
from dashboard.cli import main as cli_main
from tests.briefing_support import write_fonts_conf_without_cjk

# Render one character per image; without a font for it every character is the same empty box.
GLYPH_SCRIPT = """
import sys, plotly.graph_objects as go
from dashboard.briefing import render
def figure(text):
    fig = go.Figure(layout={"width": 120, "height": 80, "xaxis": {"visible": False}, "yaxis": {"visible": False}})
    fig.add_annotation(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 48})
    return fig.to_dict()
jobs = [(figure(c), {"format": "png"}) for c in sys.argv[1:]]
images = render._get_server().render_all(jobs)  # no font check: this shows what the browser itself draws
print(len(set(images)))
"""


@pytest.fixture
def no_cjk_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point fontconfig (and so the browser) at a configuration without any Chinese font."""
    conf = write_fonts_conf_without_cjk(tmp_path)
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    return conf


def distinct_renders(characters: str, env: dict[str, str] | None = None) -> int:
    """Render each character in a fresh process and return how many different images came out."""
    done = subprocess.run([sys.executable, "-c", GLYPH_SCRIPT, *characters], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **(env or {})}, check=True)
    return int(done.stdout.split()[-1])


def test_chinese_characters_render_as_distinct_glyphs() -> None:
    def figure(text: str) -> go.Figure:
        fig = go.Figure(layout={"width": 120, "height": 80, "xaxis": {"visible": False}, "yaxis": {"visible": False}})
        fig.add_annotation(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 48})
        return fig

    images = render.render_many([figure(c) for c in "社治成效"])
    assert len(set(images)) == 4, "each Chinese character should have its own glyph, not a shared empty box"


def test_the_glyph_check_fails_when_the_browser_has_no_chinese_font(tmp_path: Path) -> None:
    conf = write_fonts_conf_without_cjk(tmp_path)
    assert distinct_renders("社治成效", {"FONTCONFIG_FILE": str(conf)}) == 1, "all four come out as the same box"


def test_no_cjk_font_is_refused_with_what_to_install(no_cjk_fonts: Path) -> None:
    assert cjk_families() == []
    with pytest.raises(MissingFontError, match="fonts-noto-cjk"):
        require_cjk_font()
    with pytest.raises(MissingFontError):
        render.render(go.Figure())


def test_an_empty_fontconfig_file_is_refused_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FONTCONFIG_FILE", "")
    with pytest.raises(MissingFontError, match="FONTCONFIG_FILE"):
        require_cjk_font()


def test_cli_refuses_and_writes_nothing_without_cjk_font(no_cjk_fonts: Path, fixture_var: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DASHBOARD_VAR_DIR", str(fixture_var))
    out = tmp_path / "out"
    assert cli_main(["brief", "--preset", "monthly", "--out", str(out)]) == 2
    assert "apt-get install fonts-noto-cjk" in capsys.readouterr().err
    assert not out.exists()


def test_with_the_font_installed_the_check_passes() -> None:
    assert any("CJK" in family or "Han" in family for family in cjk_families())
    require_cjk_font()


def test_a_missing_browser_is_a_clear_error_not_a_hang(tmp_path: Path) -> None:
    script = ("import plotly.graph_objects as go\n"
              "from dashboard.briefing import render\n"
              "try:\n    render.render(go.Figure())\n"
              "except render.RenderError as exc:\n    print('refused:', exc)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "BROWSER_PATH": str(tmp_path / "none")})
    assert done.stdout.startswith("refused: could not start the headless browser"), done.stderr[-500:]
