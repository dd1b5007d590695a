"""Ingest: response files as delivered, read, validated and pseudonymised into processed/."""
