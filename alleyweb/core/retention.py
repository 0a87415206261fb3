"""What personal data each service keeps, why, and for how long: one declaration, many readers.

Each kind of submission carries a :class:`RetentionRule` (a feature keeping personal data otherwise
declares one in ``Feature.retention_rules``). The privacy policy and the consent blocks show these
figures, and the purge command enforces them, so the promise and the practice cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import LazyString, ngettext

from alleyweb.core.numbers import GroupedInt


@dataclass(frozen=True)
class RetentionRule:
    key: str
    service: LazyString | str
    purpose: LazyString | str
    items_required: LazyString | str
    retention_days: int
    items_optional: LazyString | str | None = None
    sensitive_items: LazyString | str | None = None
    legal_basis: LazyString | str | None = None
    extra: dict = field(default_factory=dict)
    public: bool = True  # False: test data of a development site, never listed on a public page

    def retention_label(self) -> str:
        """The retention period in words, as the privacy policy and consent blocks show it."""
        if self.retention_days % 365 == 0:
            years = self.retention_days // 365
            return ngettext("%(num)d year after the request is closed", "%(num)d years after the request is closed",
                            years)
        # %(num)s of a GroupedInt: "1,825 days", with thousands separators (docs/STYLE.md)
        return ngettext("%(num)s day after the request is closed", "%(num)s days after the request is closed",
                        GroupedInt(self.retention_days))


def rules() -> list[RetentionRule]:
    """The current app's rules (core/features.py keeps them per app)."""
    from alleyweb.core.features import registry

    return sorted(registry().retention_rules.values(), key=lambda r: r.key)


def public_rules() -> list[RetentionRule]:
    """The rules the privacy policy lists: not those of demo-only kinds, whatever the configuration."""
    return [rule for rule in rules() if rule.public]


def get(key: str) -> RetentionRule:
    from alleyweb.core.features import registry

    return registry().retention_rules[key]
