"""The feature contract: how a feature plugs into the site, in one declaration (docs/ARCHITECTURE.md).

Each feature package has a module ``feature.py`` exposing ``feature = Feature(...)``: its public
blueprints, its staff blueprint (nested under the staff console, so sign-in, the second factor and
``no-store`` apply to it), its kinds of submission (each with its retention rule), its home-page doors,
figures and chart, its statistics sections, its record pages for the sitemap, the words for its audit
actions, its command-line group and its demo seeder. :func:`install` reads the declarations of every
enabled feature into a :class:`Registry` kept on the app (``app.extensions["alleyweb"]``): nothing is
registered in module globals, so two apps in one process (the tests build several) share nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Flask, current_app, has_app_context

if TYPE_CHECKING:
    import click

    from alleyweb.core.retention import RetentionRule
    from alleyweb.home.services import Door, Figure
    from alleyweb.stats.registry import Chart, Section
    from alleyweb.submissions.registry import SubmissionType

EXTENSION = "alleyweb"


@dataclass(frozen=True)
class StatsSection:
    """A section of /stats: ``build(lang)`` computes it from live data; sections are shown by ``order``."""

    key: str
    build: Callable[[str], Section]
    order: int = 100


@dataclass(frozen=True)
class DongSection:
    """A section of a dong's page (/<lang>/dongs/<code>): ``build(dong, lang)`` returns what ``template``
    needs (as ``section``), or None to leave the section out; sections are shown by ``order``."""

    key: str
    build: Callable[[Any, str], Any]
    template: str
    order: int = 100
    # The data versions (alleyweb.core.cache) what it shows is made from, and whether it changes with the
    # day too: the page is kept while they last. A section that names none has the page drawn every time.
    versions: tuple[str, ...] = ()
    daily: bool = False


@dataclass(frozen=True)
class MenuItem:
    """A link in the staff menu: shown to officers with ``permission`` (everyone when None), marked as the
    current page for endpoints starting with any of ``current`` (``endpoint`` itself when empty)."""

    label: Any
    endpoint: str
    order: int
    permission: str | None = None
    current: tuple[str, ...] = ()

    def is_current(self, endpoint: str | None) -> bool:
        return bool(endpoint) and any(endpoint.startswith(prefix) for prefix in self.current or (self.endpoint,))


@dataclass(frozen=True)
class Feature:
    """Everything one feature brings to the site. Only ``name`` is required."""

    name: str
    blueprints: tuple[Blueprint, ...] = ()
    # The feature's staff pages, nested under the staff console (/<lang>/staff/…, endpoints staff.<name>.…).
    staff_blueprints: tuple[Blueprint, ...] = ()
    staff_menu: tuple[MenuItem, ...] = ()
    submission_types: tuple[SubmissionType, ...] = ()
    retention_rules: tuple[RetentionRule, ...] = ()  # for personal data kept other than as a submission
    doors: tuple[Door, ...] = ()
    figures: Callable[[], list[Figure]] | None = None  # figures for the home page, from live data
    home_chart: Callable[[str], Chart] | None = None  # a chart for the home page, built for a language
    stats_sections: tuple[StatsSection, ...] = ()
    sitemap_pages: tuple[Callable[[], Iterable[tuple[str, dict]]], ...] = ()  # (endpoint, values) of records
    dong_sections: tuple[DongSection, ...] = ()  # what it shows on each dong's page
    action_labels: Mapping[str, Any] = field(default_factory=dict)  # audit action → words for the audit log
    cli: tuple[click.Group, ...] = ()
    # Adds demo data for `flask seed demo` (idempotent) and returns a line saying what it did; features
    # seed by ``seed_order`` (demo data that refers to another feature's comes after it).
    seed_demo: Callable[[], str] | None = None
    seed_order: int = 100
    template_globals: Mapping[str, Any] = field(default_factory=dict)
    template_filters: Mapping[str, Any] = field(default_factory=dict)
    # Whether the feature is on for this app (a config flag, say); on when not given.
    enabled: Callable[[Flask], bool] | None = None
    # Called once every enabled feature is in the registry (the staff console nests the staff blueprints).
    install: Callable[[Flask, Registry], None] | None = None
    # What the feature does when something happens elsewhere: event name → listener(**details), called by
    # :func:`emit` in the caller's transaction (notify writes its outbox here). Events emitted today:
    # "submission.received" (submission, notify) and "submission.step" (submission, event).
    listeners: Mapping[str, Callable[..., None]] = field(default_factory=dict)


class Registry:
    """What the app's features declared, for the parts of the site that read across features: the
    console and status page (submission types), the privacy policy and purge (retention rules), the
    home page, /stats, the sitemap and the audit log."""

    def __init__(self, features: list[Feature]):
        self.features = features
        self.types: dict[str, SubmissionType] = {}
        self.retention_rules: dict[str, RetentionRule] = {r.key: r for f in features for r in f.retention_rules}
        self.staff_blueprints = [bp for f in features for bp in f.staff_blueprints]
        self.staff_menu = sorted((m for f in features for m in f.staff_menu), key=lambda m: m.order)
        self.doors = sorted((d for f in features for d in f.doors), key=lambda d: (d.order, d.key))
        by_name = sorted(features, key=lambda f: f.name)  # the home page lists figures in this order
        self.figure_sources = [f.figures for f in by_name if f.figures is not None]
        self.chart_sources = [f.home_chart for f in by_name if f.home_chart is not None]
        self.sections = sorted((s for f in features for s in f.stats_sections), key=lambda s: s.order)
        self.page_sources = [source for f in features for source in f.sitemap_pages]
        self.dong_sections = sorted((s for f in features for s in f.dong_sections), key=lambda s: (s.order, s.key))
        self.seeders = [f.seed_demo for f in sorted(features, key=lambda f: f.seed_order) if f.seed_demo is not None]
        self.action_labels: dict[str, Any] = {}
        self.listeners: dict[str, list[Callable[..., None]]] = {}
        for feature in features:
            self.action_labels.update(feature.action_labels)
            for event, listener in feature.listeners.items():
                self.listeners.setdefault(event, []).append(listener)
            for kind in feature.submission_types:
                self.add_type(kind)

    def add_type(self, kind: SubmissionType) -> SubmissionType:
        """A kind of submission (with its retention rule). Features declare theirs; tests add their own."""
        self.types[kind.key] = kind
        self.retention_rules[kind.retention.key] = kind.retention
        return kind

    def remove_type(self, key: str) -> None:
        kind = self.types.pop(key, None)
        if kind is not None:
            self.retention_rules.pop(kind.retention.key, None)


def registry(app: Flask | None = None) -> Registry:
    """The registry of ``app`` (the current app by default)."""
    return (app or current_app).extensions[EXTENSION]


def emit(name: str, /, **details: Any) -> None:
    """Tell every feature listening to ``name`` (Feature.listeners) what happened, in the caller's
    transaction: a listener adds rows and never commits. Outside an app with features, nothing happens."""
    found = current_app.extensions.get(EXTENSION) if has_app_context() else None
    if found is None:
        return
    for listener in found.listeners.get(name, ()):
        listener(**details)


def install(app: Flask, features: Iterable[Feature]) -> Registry:
    """Plug every enabled feature into ``app``: the registry, blueprints, template globals and filters,
    command groups, then each feature's own ``install`` hook (which sees every feature's declarations)."""
    enabled = [f for f in features if f.enabled is None or f.enabled(app)]
    app.extensions[EXTENSION] = found = Registry(enabled)
    for feature in enabled:
        for blueprint in feature.blueprints:
            app.register_blueprint(blueprint)
        app.jinja_env.globals.update(feature.template_globals)
        app.jinja_env.filters.update(feature.template_filters)
        for group in feature.cli:
            app.cli.add_command(group)
    for feature in enabled:
        if feature.install is not None:
            feature.install(app, found)
    return found
