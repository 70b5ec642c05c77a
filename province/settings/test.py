"""Tests run against a real PostgreSQL database of their own (ops/test creates it fresh)."""

from .base import *  # noqa: F403
from .base import database, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; the others use base.py's
DATABASES = {"default": database("TEST_DATABASE_URL", "postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_test")}
CELERY_BROKER_URL = env.str("TEST_REDIS_URL", default="redis://127.0.0.1:6379/1")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CELERY_BROKER_URL,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}
# Serve static files from the finders (node_modules, static/) without collectstatic, for the live server.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
