"""gunicorn's access log keeps no address, agent or exact time for the anonymous paths."""

import datetime
from types import SimpleNamespace

from gunicorn.config import Config

from tongxin.gunicorn_conf import PrivacyLogger


def _atoms(path):
    logger = PrivacyLogger(Config())
    environ = {
        "PATH_INFO": path,
        "RAW_URI": path,
        "REQUEST_METHOD": "POST",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.8.1.23",
        "HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14; 工人的手机)",
        "HTTP_REFERER": "http://tongxin/voice/",
    }
    request = SimpleNamespace(
        headers=[("USER-AGENT", environ["HTTP_USER_AGENT"]), ("X-FORWARDED-FOR", "10.8.1.23")]
    )
    response = SimpleNamespace(status="200 OK", sent=120, headers=[])
    return logger.atoms(response, request, environ, datetime.timedelta(milliseconds=30))


def test_anonymous_requests_are_logged_without_who_or_the_minute():
    atoms = _atoms("/voice/anonymous/")
    text = " ".join(str(v) for v in atoms.values())
    assert "10.8.1.23" not in text and "Android" not in text
    assert ":00:00 " in atoms["t"]  # cut to the hour


def test_other_requests_keep_their_address():
    assert _atoms("/voice/")["h"] == "10.8.1.23"


def test_misconduct_report_pages_are_logged_without_who_or_the_minute():
    atoms = _atoms("/integrity/anonymous/")
    text = " ".join(str(v) for v in atoms.values())
    assert "10.8.1.23" not in text and "Android" not in text
    assert ":00:00 " in atoms["t"]
