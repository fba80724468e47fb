"""The Content-Security-Policy: hashes of the inline code, the meta tag, the nginx header."""
