"""Site-wide routes without a language prefix: /, health checks, sitemap, robots, preferences."""
