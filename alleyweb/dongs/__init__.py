"""The district's 18 administrative dongs: reference data that belongs to the schema."""
