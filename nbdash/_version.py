"""The single place nbdash's version lives (read by setup.cfg)."""

__version__ = "0.1.0"
