"""Settings for the public site (`make publish`).

Every URL a crawler reads (canonical, hreflang, og:url, feeds, sitemap,
JSON-LD) is absolute and built from SITEURL. Override it per deployment:
`SITEURL=https://example.org/news make publish`.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = (os.environ.get("SITEURL") or "https://warta.example.org").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
