"""Pure helpers: no models, no settings at import time, nothing from the project."""
