"""Welfare programs: pages with staff-edited bilingual content, an eligibility screener driven by each
program's rules, and online applications that go through the moderation console as their own kind of
submission."""
