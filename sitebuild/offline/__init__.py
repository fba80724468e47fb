"""Offline after one visit: the site's service worker, written by the build (see worker.py)."""
