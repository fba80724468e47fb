"""Former home-made static server: the site is now served by real nginx (tests/support/nginx.py).

Kept as an alias so that tests written against `StaticServer` and `Fault` keep working.
"""

from tests.support.nginx import Fault, NginxServer, ServerState

StaticServer = NginxServer

__all__ = ["Fault", "ServerState", "StaticServer"]
