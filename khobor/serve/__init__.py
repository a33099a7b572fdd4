"""khobor serve: the store as a newsroom tool, a JSON API plus web pages."""

from khobor.serve.app import create_app

__all__ = ["create_app"]
