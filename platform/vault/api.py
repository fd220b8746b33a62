"""What other apps (the form engine, the citizen's space, agents' pages) ask of the document vault."""
