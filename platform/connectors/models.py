"""Models of guichet.connectors."""
