"""gunicorn settings of the project (``gunicorn -c python:province.gunicorn province.wsgi``); the command line
gives the address, workers, logs and pid file."""

from province.runtime import settle_heap

timeout = 60


def post_worker_init(worker) -> None:
    """The worker has loaded the application: keep start-up's objects out of the collector's walks."""
    settle_heap()
