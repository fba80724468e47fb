"""Precompressed `.br`/`.gz` siblings of every built file."""
