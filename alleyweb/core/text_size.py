"""Text size preference: a cookie read by the layout (and set by JS without a reload when it runs)."""

from flask import request
from flask_babel import lazy_gettext as _l

TEXT_SIZE_COOKIE = "text_size"
TEXT_SIZES = {
    "md": _l("Normal"),
    "lg": _l("Large"),
    "xl": _l("Largest"),
}


def current_text_size() -> str:
    size = request.cookies.get(TEXT_SIZE_COOKIE, "md")
    return size if size in TEXT_SIZES else "md"
