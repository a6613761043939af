"""`transfer-nlp serve`: a local page to paste an article and see what the pipeline finds.

Standard library only (`http.server`). It binds to 127.0.0.1 by default, refuses bodies over
`max_bytes` (413) and requests whose Host is not the loopback name it was reached by (a guard
against DNS rebinding), shows every pasted character as text (the page is built by
`report.report_page`, which escapes it) and sends a Content-Security-Policy that allows no
script but its own.
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Callable
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from spacy.language import Language

from .reader import html_to_text
from .records import doc_to_article
from .report import ReportItem, content_security_policy, report_page

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_MAX_BYTES = 1_000_000
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_FORM = """<form class="tn-form" method="post" action="/" accept-charset="utf-8">
<p><label for="tn-text">Paste an article (plain text, or the HTML of a page with "HTML"
 ticked; nothing is fetched from the web):</label></p>
<textarea id="tn-text" name="text" required>{text}</textarea>
<p><label><input type="checkbox" name="format" value="html"{checked}> HTML: keep the main text
 of the page</label> <button type="submit" id="tn-submit">Extract</button>
 <small>At most {limit:,} bytes.</small></p>{message}</form>"""


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address) only accepts connections from this machine."""
    if host.strip("[]").lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def make_server(
    nlp: Language,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    log: Callable[[str], None] | None = None,
) -> ThreadingHTTPServer:
    """A server (not yet serving) for the page; port 0 picks a free port (`server_address`)."""
    lock = threading.Lock()  # one pipeline, shared by the request threads

    class Handler(_Handler):
        pass

    Handler.extract = staticmethod(_extractor(nlp, lock))
    Handler.max_bytes = max_bytes
    Handler.check_host = is_loopback(host)
    Handler.log = staticmethod(log) if log else None
    return ThreadingHTTPServer((host, port), Handler)


def _extractor(nlp: Language, lock: threading.Lock) -> Callable[[str], ReportItem]:
    def extract(text: str) -> ReportItem:
        with lock:
            doc = nlp(text)
        return ReportItem(doc_to_article(doc, "pasted article"), doc.text)

    return extract


class _Handler(BaseHTTPRequestHandler):
    server_version = "transfer-nlp"
    sys_version = ""
    extract: Callable[[str], ReportItem]
    max_bytes: int = DEFAULT_MAX_BYTES
    check_host: bool = True
    log: Callable[[str], None] | None = None

    def log_message(self, format: str, *args: Any) -> None:
        if self.log is not None:
            self.log(f"{self.address_string()} {format % args}")

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if not self._host_ok():
            return
        if path == "/favicon.ico":
            self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
        elif path == "/":
            self._page()
        else:
            self._page(HTTPStatus.NOT_FOUND, message=f"No page at {path}.")

    def do_POST(self) -> None:
        if not self._host_ok():
            return
        if urlsplit(self.path).path != "/":
            self._page(HTTPStatus.NOT_FOUND, message="Post the form to /.")
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._page(HTTPStatus.LENGTH_REQUIRED, message="The request has no Content-Length.")
            return
        if int(length) > self.max_bytes:
            self.close_connection = True  # the body is not read: do not reuse the connection
            message = f"The article is over {self.max_bytes:,} bytes; paste a shorter one."
            self._page(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, message=message)
            return
        kind = self.headers.get_content_type()
        if kind != "application/x-www-form-urlencoded":
            self.close_connection = True
            self._page(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, message=f"Cannot read a {kind} body.")
            return
        body = self.rfile.read(int(length))
        try:
            fields = parse_qs(body.decode("ascii"), errors="strict", max_num_fields=10)
        except (UnicodeDecodeError, ValueError):
            self._page(HTTPStatus.BAD_REQUEST, message="The form could not be read as UTF-8.")
            return
        text = (fields.get("text") or [""])[0]
        as_html = (fields.get("format") or [""])[0] == "html"
        if not text.strip():
            self._page(HTTPStatus.BAD_REQUEST, message="Paste an article first.")
            return
        article = html_to_text(text)[0] if as_html else text
        if not article.strip():
            self._page(HTTPStatus.BAD_REQUEST, text, as_html, message="The HTML has no text.")
            return
        self._page(HTTPStatus.OK, text, as_html, item=self.extract(article))

    def _host_ok(self) -> bool:
        """On loopback, only answer requests addressed to a loopback name (DNS rebinding)."""
        if not self.check_host:
            return True
        host = self.headers.get("Host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if is_loopback(name):
            return True
        self.close_connection = True
        self._page(HTTPStatus.MISDIRECTED_REQUEST, message="Open the page at 127.0.0.1.")
        return False

    def _page(
        self,
        status: HTTPStatus = HTTPStatus.OK,
        text: str = "",
        as_html: bool = False,
        *,
        item: ReportItem | None = None,
        message: str = "",
    ) -> None:
        note = f'<p class="tn-error" role="alert">{escape(message)}</p>' if message else ""
        form = _FORM.format(
            text=escape(text),
            checked=" checked" if as_html else "",
            limit=self.max_bytes,
            message=note,
        )
        page = report_page([item] if item else [], title="transfer-nlp", before=form,
                           summary=False)  # fmt: skip
        self._send(status, page.encode("utf-8"), "text/html; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", content_security_policy())
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
