"""The staff area: sign-in with a second factor, server-side sessions, accounts, the moderation
console and the audit log."""
