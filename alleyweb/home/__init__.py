"""Home page, privacy policy and accessibility statement."""
