"""Output and exchange formats: one module per format."""
