"""Giving: donor pledges (Seo-gu Honors), volunteer sign-up, and sharing projects staff connect.
The feature's declaration is in ``feature.py``."""
