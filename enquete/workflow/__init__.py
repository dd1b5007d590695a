"""The workflow around the steps: the build, its lock and recovery, its summary, watch and
preview, diff and provenance."""
