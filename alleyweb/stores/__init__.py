"""Onnuri member stores: shopping districts, stores, the national-file import, search and requests."""
