"""The YAML content format: models, loading with line numbers, and expressions."""
