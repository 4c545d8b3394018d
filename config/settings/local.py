"""Settings for a developer's machine and the demo (``make demo``)."""

import secrets

from config.env import VAR_DIR, env
from config.settings.base import *  # noqa: F403

DEBUG = env.bool("DJANGO_DEBUG", default=True)


def _machine_secret_key() -> str:
    """A secret key made once per checkout and kept in ``var/secret_key`` (not in git), so the demo
    never runs with a key anyone can read in the repository; ``DJANGO_SECRET_KEY`` overrides it."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("DJANGO_SECRET_KEY", default="") or _machine_secret_key()
