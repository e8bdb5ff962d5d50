"""Small helpers that several kindmind apps use. No app-specific logic lives here."""
