"""What the home page shows: the doors to each service and figures computed from live data.

Features declare their door and their figures (``Feature.doors``, ``.figures``, ``.home_chart``), so the
home page never links to a service that does not exist and never shows a typed-in number.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from alleyweb.core.features import registry
from alleyweb.dongs.services import count_dongs


@dataclass(frozen=True)
class Door:
    key: str
    title: LazyString | str
    description: LazyString | str
    endpoint: str
    order: int = 100


@dataclass(frozen=True)
class Figure:
    label: LazyString | str
    value: int
    unit: LazyString | str = ""


def home_charts(lang: str) -> list:
    """The features' charts (alleyweb.stats.registry.Chart) for the home page, built now for ``lang``."""
    return [source(lang) for source in registry().chart_sources]


def doors() -> list[Door]:
    return registry().doors


def district_figures() -> list[Figure]:
    figures = [Figure(_l("administrative dongs"), count_dongs())]
    for source in registry().figure_sources:
        figures.extend(source())
    return figures
