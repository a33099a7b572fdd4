"""khobor serve: the store as a newsroom tool, a JSON API plus web pages."""

__all__ = ["create_app"]


def __getattr__(name: str):
    # FastAPI takes a third of a second to import: load it only when the app is wanted.
    if name == "create_app":
        from khobor.serve.app import create_app

        return create_app
    raise AttributeError(name)
