"""The one error a build step raises: its message says what is wrong and how to fix it."""


class BuildError(Exception):
    """A build step cannot go on; the generator's adapter reports the message as a build error."""
