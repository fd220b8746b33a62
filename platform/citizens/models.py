"""Models of guichet.citizens."""
