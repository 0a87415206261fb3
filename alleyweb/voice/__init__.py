"""Merchant voice: Alley Economy 119 suggestions and the mayor's Alley Office visits.
The feature's declaration is in ``feature.py``."""
