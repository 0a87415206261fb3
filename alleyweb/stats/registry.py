from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import LazyString

# A chart with more bars than this is not shown open under its section's figures: it folds with the
# section's other charts on a phone (the 17 dongs, or 8 topics, would take most of a phone's screen at the
# largest text size).
SHOWN_BARS = 6


@dataclass
class Chart:
    """A horizontal bar chart: (label, value) rows, drawn as SVG with the same data as a table."""

    key: str
    title: LazyString | str
    rows: list[tuple[str, float]]
    unit: LazyString | str = ""
    label_header: LazyString | str = ""
    value_header: LazyString | str = ""

    @property
    def maximum(self) -> float:
        return max((value for _label, value in self.rows), default=0) or 1

    @property
    def bars(self) -> list[tuple[str, float]]:
        """The rows drawn as bars: those above zero (a phone need not scroll past 17 empty dongs). The
        rows at zero are counted under the chart (``zeros``) and listed in full in its table."""
        return [(label, value) for label, value in self.rows if value > 0]

    @property
    def short(self) -> bool:
        """Few enough bars to be shown open at the top of its section."""
        return len(self.bars) <= SHOWN_BARS

    @property
    def zeros(self) -> int:
        return sum(1 for _label, value in self.rows if not value > 0)


@dataclass
class Section:
    key: str
    title: LazyString | str
    summary: list[tuple[LazyString | str, str]] = field(default_factory=list)  # (label, formatted value)
    charts: list[Chart] = field(default_factory=list)


def sections(lang: str) -> list[Section]:
    """The features' sections (``Feature.stats_sections``), in order, with figures computed now."""
    from alleyweb.core.features import registry

    return [section.build(lang) for section in registry().sections]
