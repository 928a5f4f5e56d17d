"""gunicorn settings for gongkai (gunicorn -c deploy/gunicorn.conf.py gongkai.web.wsgi).

Four synchronous workers suit a 2-core machine; each request is short (pages, forms, the API),
uploads are capped at 20 MB, and a reverse proxy in front buffers slow clients.
"""

import os

bind = os.environ.get("GONGKAI_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GONGKAI_WORKERS", "4"))
worker_class = "sync"
timeout = int(os.environ.get("GONGKAI_WORKER_TIMEOUT", "60"))  # a PDF letter or a large import
graceful_timeout = 30
max_requests = 2000  # each worker starts afresh now and then, so no slow leak grows for weeks
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("GONGKAI_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GONGKAI_ACCESS_LOG", "-")
errorlog = "-"
# gunicorn 25 and later open a control socket in the user's home: not wanted by a service whose
# home is read-only, nor by two servers of one user (make serve beside the load bench).
control_socket_disable = True
