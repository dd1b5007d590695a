"""Enquête knelpunten vrouwenopvang: from raw survey answers to a Dutch report site."""

__version__ = "0.1.0"
