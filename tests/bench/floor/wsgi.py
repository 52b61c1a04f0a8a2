"""`gunicorn tests.bench.floor.wsgi`"""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench.floor.settings"
application = get_wsgi_application()
