"""The real settings with tests/newsroom/ as content (for the status command)."""

import runpy
from pathlib import Path

HERE = Path(__file__).parent
globals().update(
    {k: v for k, v in runpy.run_path(str(HERE.parent / "pelicanconf.py")).items() if k.isupper()}
)
PATH = "newsroom"
THEME = str(HERE.parent / "theme")
