"""AlleyWeb: the Seo-gu district office's site for residents, in Korean and English."""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace

from flask import Flask, url_for
from markupsafe import Markup

from alleyweb.config import INSTANCE_DIR, REPO_ROOT, get_config

# The site's features, each a module exposing ``feature`` (alleyweb/core/features.py). Adding a feature is
# one package and one line here (docs/ARCHITECTURE.md). Seeding follows each feature's seed_order.
FEATURES = (
    "alleyweb.core.feature",
    "alleyweb.dongs.feature",
    "alleyweb.home.feature",
    "alleyweb.staff.feature",
    "alleyweb.submissions.feature",
    "alleyweb.stats.feature",
    "alleyweb.programs.feature",
    "alleyweb.stores.feature",
    "alleyweb.submissions.demo",
    "alleyweb.giving.feature",
    "alleyweb.voice.feature",
    "alleyweb.notify.feature",
)


def load_features(names=FEATURES) -> list:
    """The ``feature`` of each module named."""
    from importlib import import_module

    return [import_module(name).feature for name in names]


def create_app(config: type | str | None = None, features=None, **overrides) -> Flask:
    """Build the application. ``config`` is a Config class or its name; ``overrides`` win over it.
    ``features`` (Feature objects) defaults to every feature in FEATURES."""
    config_class = get_config(config) if config is None or isinstance(config, str) else config
    app = Flask(
        __name__,
        template_folder=str(REPO_ROOT / "templates"),
        instance_path=str(INSTANCE_DIR),
        instance_relative_config=False,
    )
    app.config.from_object(config_class)
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    config_class.init_secret_key(app)

    _init_extensions(app)
    _init_i18n(app)
    _init_templates(app)

    from alleyweb.core.features import install

    install(app, load_features() if features is None else features)

    from alleyweb.core.errors import init_error_handlers
    from alleyweb.core.security import set_security_headers

    init_error_handlers(app)
    app.after_request(set_security_headers)

    from alleyweb.core.logs import configure_logging

    configure_logging(app)
    _trust_proxies(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind ``PROXY_FIX_HOPS`` reverse proxies, the client's address is the one the nearest of them
    saw (counted from the right of X-Forwarded-For): what a client writes into the header itself is to
    the left of it and ignored, so a forged header cannot dodge the rate limits. With 0 (no proxy,
    the default) the header is not read at all."""
    hops = app.config["PROXY_FIX_HOPS"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _init_extensions(app: Flask) -> None:
    from alleyweb.core.database import configure_postgresql, configure_sqlite
    from alleyweb.extensions import babel, compress, csrf, db, limiter, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(REPO_ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)

    from alleyweb.core.i18n import install_template_gettext, select_locale

    babel.init_app(app, locale_selector=select_locale, default_translation_directories=app.config[
        "BABEL_TRANSLATION_DIRECTORIES"])
    install_template_gettext(app)
    with app.app_context():
        configure_sqlite(db.engine)
        configure_postgresql(db.engine)
    # Models are imported here so that metadata (and Alembic autogenerate) sees every table.
    from alleyweb import models  # noqa: F401


def _init_i18n(app: Flask) -> None:
    from alleyweb.core.i18n import LangConverter, add_lang, pull_lang, remember_language
    from alleyweb.core.numbers import BoundedIntConverter

    app.url_map.converters["lang"] = LangConverter
    app.url_map.converters["int"] = BoundedIntConverter  # every <int:id> is bounded (core/numbers.py)
    app.url_value_preprocessor(pull_lang)
    app.url_defaults(add_lang)
    app.after_request(remember_language)


def _init_templates(app: Flask) -> None:
    from alleyweb.core.i18n import template_globals
    from alleyweb.core.text_size import TEXT_SIZES, current_text_size
    from alleyweb.home.services import doors

    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    hashes: dict[str, str] = {}

    def static_url(filename: str) -> str:
        """URL of a static file with a content hash, so it can be cached for a year."""
        if filename not in hashes or app.debug:
            path = Path(app.static_folder) / filename
            hashes[filename] = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        return url_for("static", filename=filename, v=hashes[filename])

    def tel(number: str) -> Markup:
        """A phone number as a link phones can call, kept on one line."""
        digits = "".join(ch for ch in number if ch.isdigit())
        return Markup('<a class="tel" href="tel:{}">{}</a>').format(digits, number)

    from alleyweb.core.dates import format_local
    from alleyweb.core.features import registry
    from alleyweb.core.forms.blank_block import form_block
    from alleyweb.core.forms.components import COMPONENTS
    from alleyweb.core.forms.widgets import (
        checkbox_inputs,
        consent_terms,
        described_by,
        required_mark,
    )
    from alleyweb.core.lists import page_url, pagination
    from alleyweb.core.numbers import format_number
    from alleyweb.core.privacy import mask_name, mask_phone
    from alleyweb.core.retention import get as retention_get
    from alleyweb.submissions.services import current_step, new_form_token, step_label

    app.jinja_env.filters.update(mask_name=mask_name, mask_phone=mask_phone, local_time=format_local,
                                 number=format_number)
    app.jinja_env.globals.update(
        template_globals(), static_url=static_url, current_text_size=current_text_size, TEXT_SIZES=TEXT_SIZES,
        site_doors=doors, tel=tel, retention_rule=retention_get, new_token=new_form_token,
        step_label=step_label, current_step=current_step,
        described_by=described_by, required_mark=required_mark,
        consent_terms=consent_terms, checkbox_inputs=checkbox_inputs, page_url=page_url,
        pagination_nav=pagination,
        staff_menu=lambda: registry().staff_menu, form_components=SimpleNamespace(**COMPONENTS), form_block=form_block,
    )
