"""The package version, in one place (read by the CLI, the store manifest and the cache key)."""

__version__ = "0.1.0"
