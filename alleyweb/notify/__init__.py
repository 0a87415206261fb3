"""Notifications: texts to residents and merchants who asked to be told, e-mails to officers."""
