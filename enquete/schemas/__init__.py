"""JSON schemas of the configuration and the codebook."""
