"""Pelican with pelican-i18n-subsites for the same Indonesian/English split:
what a Pelican user would pick for a bilingual site. The plugin re-runs the
whole build once per extra language (English under /en/)."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from vanilla import *  # noqa: E402,F403

PLUGINS = ["pelican.plugins.i18n_subsites"]
JINJA_ENVIRONMENT = {"extensions": ["jinja2.ext.i18n"]}
I18N_SUBSITES = {"en": {"SITENAME": "Bench"}}
