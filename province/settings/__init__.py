"""Settings in layers: base.py (every deployment) then the layer named by QLVB_ENV
(development, test or production); pytest names province.settings.test directly. Every deploy-time value
comes from the environment (or a .env file beside manage.py) through django-environ; development
defaults work on localhost."""

import os

from .base import *  # noqa: F403

_layer = os.environ.get("QLVB_ENV", "development")
if _layer == "production":
    from .production import *  # noqa: F403
elif _layer == "test":
    from .test import *  # noqa: F403
elif _layer != "development":
    raise RuntimeError(f"QLVB_ENV must be development, test or production, not {_layer!r}")
