"""Running the app under uvicorn so that SIGTERM stops it within a few seconds.

On SIGTERM (or Ctrl-C) uvicorn stops accepting connections and gives the requests in
flight GRAPHHUB_SHUTDOWN_GRACE_S seconds (rounded up to whole seconds) to finish, then
cancels them and closes the Neo4j driver. Work still running in a worker thread (an
upload being ingested) cannot be cancelled: the process ends without waiting for it.
Each document is written in its own transaction, so one cut short leaves nothing behind.
"""

from __future__ import annotations

import logging
import math
import os
import threading

import uvicorn

from graphhub.api.app import create_app
from graphhub.config import Settings

log = logging.getLogger("graphhub.api")


def serve(settings: Settings, host: str, port: int, log_level: str = "info") -> None:
    """Serve the API until SIGTERM or Ctrl-C; returns once the server has stopped."""
    config = uvicorn.Config(
        create_app(settings),
        host=host,
        port=port,
        log_level=log_level,
        timeout_graceful_shutdown=max(math.ceil(settings.shutdown_grace_s), 1),
    )
    uvicorn.Server(config).run()
    busy = [t for t in threading.enumerate() if t.is_alive() and not t.daemon
            and t is not threading.main_thread()]
    if busy:
        log.warning("stopping with %d worker thread(s) still running", len(busy))
        logging.shutdown()
        os._exit(0)
