"""The Celery app. tenant-schemas-celery carries the sender's schema in each task's headers
and switches the worker's connection to it before the task runs (docs/tenancy.md)."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "province.settings")

app = CeleryApp("province")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
