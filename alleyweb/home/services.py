"""What the home page shows: the doors to each service and figures computed from live data.

Features add their door and their figures when they are registered, so the home page never links to
a service that does not exist and never shows a typed-in number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

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


_doors: dict[str, Door] = {}
_figure_sources: dict[str, Callable[[], list[Figure]]] = {}
_chart_sources: dict[str, Callable[[str], object]] = {}


def register_door(door: Door) -> None:
    _doors[door.key] = door


def register_figures(key: str, source: Callable[[], list[Figure]]) -> None:
    _figure_sources[key] = source


def register_chart(key: str, source: Callable[[str], object]) -> None:
    """A chart (alleyweb.stats.registry.Chart) for the home page, built by ``source(lang)`` from live data."""
    _chart_sources[key] = source


def home_charts(lang: str) -> list:
    return [_chart_sources[key](lang) for key in sorted(_chart_sources)]


def doors() -> list[Door]:
    return sorted(_doors.values(), key=lambda d: (d.order, d.key))


def district_figures() -> list[Figure]:
    figures = [Figure(_l("administrative dongs"), count_dongs())]
    for key in sorted(_figure_sources):
        figures.extend(_figure_sources[key]())
    return figures
