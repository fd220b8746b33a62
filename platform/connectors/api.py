"""What other apps (the form engine) ask of the national data connectors (R-DLNUF-3)."""
