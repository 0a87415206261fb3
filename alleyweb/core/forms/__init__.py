"""The forms' shared parts: ``base`` (BaseForm), ``validators``, ``fields`` and ``widgets``."""
