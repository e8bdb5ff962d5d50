from django.apps import AppConfig


class FrontConfig(AppConfig):
    """Today, the health check, and the pages shown when something goes wrong."""

    name = "kindmind.front"
    label = "front"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        # Registers kindmind's own deploy checks (kindmind.front.checks).
        from kindmind.front import checks  # noqa: F401
        from kindmind.lib.pagecache import watch, watch_new

        # Every database connection's writes are counted, so kept pages never go stale.
        connection_created.connect(watch_new, dispatch_uid="kindmind-pagecache-watch")
        for conn in connections.all(initialized_only=True):
            watch(conn)
