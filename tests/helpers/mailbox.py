"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import contextlib

from aiosmtpd.controller import Controller

from tests.helpers.servers import free_port


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
