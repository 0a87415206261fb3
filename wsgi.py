"""gunicorn wsgi:app"""

from alleyweb import create_app

app = create_app()
