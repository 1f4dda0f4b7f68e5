import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# The free-text check's Dutch de-identifier (deduce) loads its lookup lists once per process. Load them
# here, before the first request, not inside one (with gunicorn --preload once, shared by the workers).
if os.environ.get("EW_PRELOAD_DEID", "1") != "0":
    from ervaringswerk.core.freetext import warm_up

    warm_up()
