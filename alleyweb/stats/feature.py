"""/stats: the figures every feature declares (``Feature.stats_sections``), with charts."""

from alleyweb.core.features import Feature
from alleyweb.stats.views import bp

feature = Feature(name="stats", blueprints=(bp,))
