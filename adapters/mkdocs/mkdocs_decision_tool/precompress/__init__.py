"""The `precompress` MkDocs plugin: `.br` and `.gz` siblings of the built site."""
