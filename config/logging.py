"""Logging: structured (structlog) lines, JSON by default, each request's lines carrying its request_id.

django-structlog's RequestMiddleware binds request_id (and the user's numeric id; never the IP address,
which is personal data) to every line logged while a request runs, also in Celery tasks it starts.
EW_LOG_FORMAT=console gives readable key=value lines for a developer's terminal.
"""

import structlog

SHARED = [
    structlog.contextvars.merge_contextvars,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
]


def configure(*, level: str, fmt: str) -> dict:
    """Configure structlog and return Django's LOGGING dict (stdlib loggers rendered the same way)."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,  # cheap: below the level nothing else runs
            *SHARED,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    renderer = (
        structlog.dev.ConsoleRenderer(colors=False)
        if fmt == "console"
        else structlog.processors.JSONRenderer()
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,
                    renderer,
                ],
                "foreign_pre_chain": SHARED,
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
    }
