"""bulletin: statistical press bulletins in several languages, generated from indicator data."""

__version__ = "0.1.0"
