"""Firefox ESR and WebKitGTK: their drivers, the runner, the one probe both put in the page."""
