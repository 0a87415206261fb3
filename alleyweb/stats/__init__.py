"""The public figures page: each feature adds its section of charts, computed from live data."""
