"""Real SMTP servers (aiosmtpd) on loopback that keep what they receive: `Mailbox` parses
the messages and reads links out of them; `Inbox` keeps raw envelopes and can refuse
addresses (a 550), for the reminder and digest tests."""

from __future__ import annotations

import contextlib
import re
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.helpers.servers import free_port

LINK = re.compile(r"https?://\S+")


class Mailbox:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self, port: int):
        self.port = port
        self.received: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.received.append(message)
        return "250 Message accepted for delivery"

    def configure(self, app) -> None:
        """Point `app`'s mail at this server."""
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=self.port, MAIL_FROM="elearn@uji.id")

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.received if address in m["X-Envelope-To"]]

    def wait_for(self, address: str, count: int = 1, timeout: float = 10.0) -> EmailMessage:
        """The latest message to `address` once `count` have arrived (a browser's request
        may still be sending it)."""
        deadline = time.monotonic() + timeout
        while len(self.to(address)) < count:
            assert time.monotonic() < deadline, f"no mail to {address}"
            time.sleep(0.05)
        return self.to(address)[-1]


def body(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def link_in(message: EmailMessage) -> str:
    """The (one) link in a message's text."""
    found = LINK.findall(body(message))
    assert len(found) == 1, found
    return found[0]


@contextlib.contextmanager
def running_mailbox():
    """Start a local SMTP server on a free port for the length of the block."""
    port = free_port()
    box = Mailbox(port)
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


class Inbox:
    """An aiosmtpd handler keeping what it receives; `refuse` addresses get a 550."""

    def __init__(self, refuse=()):
        self.messages = []
        self.refuse = set(refuse)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def mailbox(refuse=()):
    """Serve SMTP on a free loopback port meanwhile; yields (inbox, port)."""
    port = free_port()
    inbox = Inbox(refuse)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
