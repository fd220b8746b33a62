"""What other apps ask of the citizen's space and the agents' 360° view."""
