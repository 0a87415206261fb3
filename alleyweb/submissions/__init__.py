"""Everything residents and merchants send: one model, one queue, one status page.

A feature declares its kind of submission once with :func:`alleyweb.submissions.registry.register_type`;
the staff console, exports, the status page and the retention purge then handle it with no code of
their own.
"""
