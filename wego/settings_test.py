"""Settings for the test-suite: the normal settings plus fast hashing and eager Celery.

The database, broker and cache still come from the environment, so CI runs the same suite
against PostgreSQL and Redis.
"""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests run tasks in-process; the real-worker test switches this off for itself.
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS}  # noqa: F405
