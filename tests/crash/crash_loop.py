#!/usr/bin/env python3
"""The crash loop (scripts/crash-loop.sh): acknowledged writes survive `kill -9`.

Each cycle starts `keyward serve` on one temporary data directory, checks what earlier cycles were
told, drives concurrent creates, rolls and deletes of named keys over HTTPS, and kills the server
with SIGKILL at a random moment. Right after the kill, SQLite's `PRAGMA integrity_check` must say
"ok". What the server acknowledged (a 201 or 204 that reached the client in full) is recorded; a
request in flight at the kill has an unknown outcome and its key is left out of every check.

After each restart:
  - every acknowledged create and roll of the last cycle is listed, and its token verifies;
  - every acknowledged delete of the last cycle is absent from the listing, and its token fails;
  - the same for a random sample of what earlier cycles acknowledged (deletes stay deleted).

Standard library only. Prints the counts at the end; exits 1 on any lost write, resurrected key,
failed integrity check or server that would not start.
"""

import argparse
import base64
import http.client
import json
import os
import random
import signal
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

WORKERS = 4
SAMPLE_PER_CYCLE = 40  # older keys re-checked each cycle, live and deleted each


@dataclass
class Key:
    org: str
    id: str
    token: str
    deleted: bool = False
    rolled: bool = False


@dataclass
class Cycle:
    org: str = ""
    live: list = field(default_factory=list)  # Keys acknowledged as created or rolled to
    deleted: list = field(default_factory=list)  # Keys acknowledged as deleted
    unknown: int = 0  # requests in flight at the kill
    refused: int = 0  # requests answered with an error while the server was up
    creates: int = 0
    rolls: int = 0
    deletes: int = 0


class Server:
    def __init__(self, binary, data_dir, log):
        self.binary, self.data_dir, self.log = binary, data_dir, log
        self.proc = None
        self.url = None

    def start(self, timeout=30.0):
        ready = os.path.join(self.data_dir, "ready")
        if os.path.exists(ready):
            os.remove(ready)
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--data-dir", self.data_dir, "--listen", "127.0.0.1:0",
             "--ready-file", ready, "--threads", "2", "--no-access-log"],
            stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"keyward serve exited with {self.proc.returncode}")
            if os.path.exists(ready):
                with open(ready) as f:
                    url = f.read().strip()
                if url:
                    self.url = url
                    return
            time.sleep(0.01)
        raise RuntimeError("keyward serve did not become ready")

    def kill9(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


class Client:
    """One keep-alive HTTPS connection, verified against the server's own certificate."""

    def __init__(self, url, cafile, headers):
        hostport = url.split("://", 1)[1].rstrip("/")
        host, port = hostport.rsplit(":", 1)
        self.context = ssl.create_default_context(cafile=cafile)
        self.context.check_hostname = False  # the self-signed certificate names "localhost"
        self.host, self.port = host.strip("[]"), int(port)
        self.headers = headers
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        if self.conn is None:
            self.conn = http.client.HTTPSConnection(self.host, self.port, context=self.context,
                                                    timeout=30)
        all_headers = dict(self.headers)
        all_headers.update(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=data, headers=all_headers)
            response = self.conn.getresponse()
            payload = response.read()
        except Exception:
            self.close()
            raise
        return response.status, (json.loads(payload) if payload else None)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def admin_headers(init):
    pair = f"{init['admin']['username']}:{init['admin']['service_key']}"
    return {"Authorization": base64.b64encode(pair.encode()).decode(),
            "API-Key": init["org"]["api_key"], "Accept": "application/json"}


def drive(client, cycle, lock, stop, rng, worker):
    """Creates, rolls and deletes keys of `cycle.org` until the server is gone or `stop` is set."""
    mine = []  # this worker's live keys: no other worker touches them
    n = 0
    while not stop.is_set():
        choice = rng.random()
        try:
            if not mine or choice < 0.5:
                n += 1
                status, body = client.request(
                    "POST", f"/api/v1/orgs/{cycle.org}/keys",
                    {"name": f"w{worker}-{n}", "kind": rng.choice(["secret", "public"])})
                if status != 201:
                    raise AssertionError(f"create answered {status}: {body}")
                key = Key(cycle.org, body["id"], body["token"])
                mine.append(key)
                with lock:
                    cycle.live.append(key)
                    cycle.creates += 1
            elif choice < 0.75:
                candidates = [k for k in mine if not k.rolled]
                if not candidates:
                    continue
                key = rng.choice(candidates)
                key.rolled = True  # from here on its outcome may be unknown
                status, body = client.request(
                    "POST", f"/api/v1/orgs/{cycle.org}/keys/{key.id}/roll")
                if status != 201:
                    raise AssertionError(f"roll answered {status}: {body}")
                successor = Key(cycle.org, body["id"], body["token"])
                mine.append(successor)
                with lock:
                    cycle.live.append(successor)  # the old key stays live for its grace period
                    cycle.rolls += 1
            else:
                key = mine.pop(rng.randrange(len(mine)))
                with lock:
                    cycle.live.remove(key)  # unknown until acknowledged
                status, body = client.request("DELETE", f"/api/v1/orgs/{cycle.org}/keys/{key.id}")
                if status != 204:
                    raise AssertionError(f"delete answered {status}: {body}")
                key.deleted = True
                with lock:
                    cycle.deleted.append(key)
                    cycle.deletes += 1
        except (OSError, http.client.HTTPException):
            # The server died with this request in flight: its outcome is unknown.
            with lock:
                cycle.unknown += 1
            return
        except AssertionError as e:  # an answer other than success while the server was up
            print(f"REFUSED: {e}", flush=True)
            with lock:
                cycle.refused += 1
            return


def listed_ids(client, org):
    status, body = client.request("GET", f"/api/v1/orgs/{org}/keys")
    if status != 200:
        raise AssertionError(f"listing keys answered {status}: {body}")
    return {k["id"] for k in body["keys"]}


def verifies(client, token):
    status, body = client.request("POST", "/api/v1/keys/verify", {"key": token})
    if status != 200:
        raise AssertionError(f"verify answered {status}: {body}")
    return body["valid"] is True


def check(client, live, deleted, totals):
    """Counts each acknowledged write that is missing and each delete that came back."""
    listings = {}

    def ids(org):
        if org not in listings:
            listings[org] = listed_ids(client, org)
        return listings[org]

    for key in live:
        totals["writes_checked"] += 1
        if key.id not in ids(key.org) or not verifies(client, key.token):
            totals["writes_lost"] += 1
            print(f"LOST: key {key.id} of {key.org} was acknowledged but is gone", flush=True)
    for key in deleted:
        totals["deletes_checked"] += 1
        if key.id in ids(key.org) or verifies(client, key.token):
            totals["deletes_undone"] += 1
            print(f"RESURRECTED: key {key.id} of {key.org} was deleted but is back", flush=True)


def integrity(data_dir):
    db = sqlite3.connect(os.path.join(data_dir, "keyward.db"), timeout=30)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cycles", type=int)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--max-run-seconds", type=float, default=1.0,
                        help="the kill comes uniformly within this long after the load starts")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    rng = random.Random(seed)
    print(f"crash loop: {args.cycles} cycles, seed {seed}", flush=True)

    totals = dict(cycles=0, creates=0, rolls=0, deletes=0, unknown=0, refused=0, writes_checked=0,
                  writes_lost=0, deletes_checked=0, deletes_undone=0, integrity_failures=0)
    log_path = os.path.join(tempfile.gettempdir(), f"keyward-crash-{os.getpid()}.log")
    with tempfile.TemporaryDirectory(prefix="keyward-crash-") as data_dir, \
            open(log_path, "w") as log:
        init = subprocess.run([args.binary, "init", "--data-dir", data_dir, "--json"],
                              check=True, capture_output=True, text=True)
        headers = admin_headers(json.loads(init.stdout))
        cafile = os.path.join(data_dir, "tls", "cert.pem")
        server = Server(args.binary, data_dir, log)
        history_live, history_deleted = [], []
        previous = None
        started = time.monotonic()
        try:
            for n in range(args.cycles):
                server.start()
                client = Client(server.url, cafile, headers)
                if previous is not None:
                    live_sample = rng.sample(history_live, min(SAMPLE_PER_CYCLE, len(history_live)))
                    dead_sample = rng.sample(history_deleted,
                                             min(SAMPLE_PER_CYCLE, len(history_deleted)))
                    check(client, previous.live + live_sample,
                          previous.deleted + dead_sample, totals)
                    history_live += previous.live
                    history_deleted += previous.deleted
                status, org = client.request("POST", "/api/v1/orgs", {"name": f"crash {n}"})
                if status != 201:
                    raise AssertionError(f"creating an organization answered {status}: {org}")
                cycle = Cycle(org=org["id"])
                lock, stop = threading.Lock(), threading.Event()
                workers = [threading.Thread(
                    target=drive,
                    args=(Client(server.url, cafile, headers), cycle, lock, stop,
                          random.Random(rng.randrange(1 << 32)), w))
                    for w in range(WORKERS)]
                for w in workers:
                    w.start()
                time.sleep(rng.uniform(0.02, args.max_run_seconds))
                server.kill9()
                stop.set()
                for w in workers:
                    w.join()
                client.close()
                result = integrity(data_dir)
                if result != "ok":
                    totals["integrity_failures"] += 1
                    print(f"INTEGRITY: cycle {n}: {result}", flush=True)
                for name in ("creates", "rolls", "deletes", "unknown", "refused"):
                    totals[name] += getattr(cycle, name)
                totals["cycles"] += 1
                previous = cycle
                if (n + 1) % 50 == 0:
                    print(f"  {n + 1} cycles, {time.monotonic() - started:.0f} s: "
                          f"{totals['creates']} creates, {totals['rolls']} rolls, "
                          f"{totals['deletes']} deletes acknowledged; checked "
                          f"{totals['writes_checked']} writes, {totals['deletes_checked']} deletes; "
                          f"{totals['writes_lost']} lost, {totals['deletes_undone']} undone, "
                          f"{totals['integrity_failures']} integrity failures", flush=True)
            # The last cycle's acknowledgements are checked on one more start.
            server.start()
            client = Client(server.url, cafile, headers)
            check(client, previous.live if previous else [],
                  previous.deleted if previous else [], totals)
            client.close()
        finally:
            server.stop()
    elapsed = time.monotonic() - started
    print(f"cycles: {totals['cycles']} ({elapsed:.0f} s)")
    print(f"acknowledged: {totals['creates']} creates, {totals['rolls']} rolls, "
          f"{totals['deletes']} deletes; {totals['unknown']} requests in flight at a kill")
    print(f"checked after restart: {totals['writes_checked']} writes, "
          f"{totals['deletes_checked']} deletes")
    print(f"lost writes: {totals['writes_lost']}, deletes undone: {totals['deletes_undone']}, "
          f"failed integrity checks: {totals['integrity_failures']}, "
          f"requests refused while up: {totals['refused']}")
    bad = (totals["writes_lost"] + totals["deletes_undone"] + totals["integrity_failures"] +
           totals["refused"])
    if bad:
        print(f"crash loop: FAILED (the server's output is in {log_path})")
        return 1
    os.remove(log_path)  # kept only when something failed
    print("crash loop: every acknowledged write and delete held")
    return 0


if __name__ == "__main__":
    sys.exit(main())
