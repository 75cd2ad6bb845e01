"""gunicorn settings used by bin/demo and the benchmarks (`-c python:tongxin.gunicorn_conf`).

The access log keeps no client address, user agent or referrer for the anonymous
channels (the suggestion box, receipt look-ups and every misconduct-report page): a
log line with the address and the minute of an anonymous submission would name its
writer. Other requests are logged as usual.
"""

import time

from gunicorn.glogging import Logger

ANONYMOUS_PREFIXES = (
    "/voice/anonymous/",
    "/api/voice/anonymous",
    "/integrity/",
)
# Pages whose Referer marks a request as loaded by an anonymous page.
ANONYMOUS_REFERRERS = ("/voice/anonymous", "/integrity/")


class PrivacyLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if environ.get("PATH_INFO", "").startswith(ANONYMOUS_PREFIXES):
            for key in list(atoms):
                # Address, user, referrer, agent, and every request header and variable.
                if key in ("h", "u", "a", "f") or key.endswith(("}i", "}e")):
                    atoms[key] = "-"
            # The time is cut to the hour, as on the case itself.
            atoms["t"] = time.strftime("[%d/%b/%Y:%H:00:00 %z]")
        elif any(p in environ.get("HTTP_REFERER", "") for p in ANONYMOUS_REFERRERS):
            # A stylesheet loaded by an anonymous page: keep no address with that referrer.
            for key in list(atoms):
                if key in ("h", "u", "a", "f") or key.endswith(("}i", "}e")):
                    atoms[key] = "-"
        return atoms


logger_class = PrivacyLogger


def post_worker_init(worker):
    """Load jieba's dictionary before the first request, not during someone's submission."""
    from tongxin.voice import classify

    classify.terms("预热")
