"""``python -m ani_write.projector``: run the projector until SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import signal
import sys

from ani_common.logging import configure_logging
from ani_write.projector.service import Projector, open_resources
from ani_write.projector.settings import ProjectorSettings

__all__ = ["main", "run"]


async def run(settings: ProjectorSettings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with open_resources(settings) as resources:
        projector = Projector(settings, resources.connections, resources.redis)
        if settings.projector_metrics_port:
            projector.metrics.serve(settings.projector_metrics_port, settings.projector_metrics_address)
        await projector.run(stop)


def main() -> int:
    settings = ProjectorSettings()
    configure_logging(settings.log_level)
    asyncio.run(run(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
