"""Models of guichet.inbox."""
