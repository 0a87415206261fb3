"""Everything residents and merchants send: one model, one queue, one status page.

A feature declares its kinds of submission in its ``Feature`` (``submission_types``); the staff console,
exports, the status page and the retention purge then handle them with no code of their own.
"""
