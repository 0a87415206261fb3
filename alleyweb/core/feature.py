"""The site's own routes without a language prefix (/, health checks, sitemap, robots, preferences) and
its command groups: seeding, translations, backups."""

from alleyweb.core.backup import backup_cli
from alleyweb.core.cli import seed_cli, translate_cli
from alleyweb.core.features import Feature
from alleyweb.core.views import bp

feature = Feature(name="core", blueprints=(bp,), cli=(seed_cli, translate_cli, backup_cli))
