"""The WSGI entry point (gunicorn gongkai.web.wsgi).

Whatever serves the site through this module serves it in production mode unless
GONGKAI_PRODUCTION=0 says otherwise, so that a deployment that forgot the setting refuses to start
without its secret key and host names instead of running with the development key.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
os.environ.setdefault("GONGKAI_PRODUCTION", "1")
application = get_wsgi_application()
