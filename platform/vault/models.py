"""Models of guichet.vault."""
