#!/usr/bin/python3
"""A real SMTP server on loopback for the tests: receives mail and writes each message to a file.

Usage: smtp_sink.py --dir DIR [--cert CERT --key KEY [--implicit-tls]] [--login USER --password PASS]

With a certificate it offers STARTTLS and refuses mail sent before it, or with --implicit-tls
speaks TLS from the first byte (smtps://); with a login it requires AUTH (only over TLS). Each message becomes DIR/<n>.json: {"from", "to", "tls", "login", "data"}.
When listening, it writes its port to DIR/port.
"""
import argparse
import asyncio
import json
import os
import ssl

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Saver:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        record = {
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "tls": session.ssl is not None
                   or server.transport.get_extra_info("ssl_object") is not None,
            "login": session.auth_data if session.authenticated else "",
            "data": envelope.content.decode("utf-8", "replace"),
        }
        final = os.path.join(self.directory, f"{self.count}.json")
        with open(final + ".tmp", "w") as out:
            json.dump(record, out)
        os.rename(final + ".tmp", final)  # readers never see half a message
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--login")
    parser.add_argument("--password")
    args = parser.parse_args()

    tls = None
    if args.cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.cert, args.key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == args.login
              and auth_data.password.decode() == args.password)
        return AuthResult(success=ok, auth_data=args.login if ok else None)

    saver = Saver(args.dir)

    starttls = tls is not None and not args.implicit_tls

    def factory():
        # With implicit TLS the whole connection is encrypted before SMTP starts, which aiosmtpd
        # does not count as STARTTLS: AUTH is allowed because the listener itself is TLS-only.
        return SMTP(saver, hostname="sink.test", tls_context=tls if starttls else None,
                    require_starttls=starttls,
                    authenticator=authenticate if args.login else None,
                    auth_required=bool(args.login), auth_require_tls=starttls)

    loop = asyncio.new_event_loop()
    listener_tls = tls if args.implicit_tls else None
    server = loop.run_until_complete(
        loop.create_server(factory, "127.0.0.1", 0, ssl=listener_tls))
    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(args.dir, "port.tmp"), "w") as out:
        out.write(str(port))
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    loop.run_forever()


if __name__ == "__main__":
    main()
