import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
application = get_wsgi_application()

# The URLconf, and with it every page's view, is imported here rather than by the first
# request: under `gunicorn --preload` (docs/deploy.md) the master process imports it once and
# every worker starts with it, so no visitor waits for it (issue 23). No database query.
get_resolver().url_patterns  # noqa: B018
