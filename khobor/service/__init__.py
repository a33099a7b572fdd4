"""Use cases shared by the CLI, the web app and the exporter: one serializer per type, one way to correct."""
