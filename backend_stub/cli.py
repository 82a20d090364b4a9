"""``mynastub``: run the stub backend, list demo residents, attach virtual cards, manage data.

Support staff and scripts rely on this command line (DESIGN.md §3), so its output is stable:
``serve`` prints ``URL=…`` and ``CA=…`` once it accepts connections, ``card`` prints ``READY``
once the card is attached (and fails when vpcd has not taken it within ``--connect-timeout``).
Failures print one line on stderr (and with ``--json``, ``{"error", "message"}`` on stdout) and
exit non-zero.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backend_stub.card.serve import VpcdAttachTimeoutError

EXIT_FAILURE = 1
DEFAULT_VPCD = "127.0.0.1:35963"
# Same as backend_stub.card.serve.DEFAULT_CONNECT_TIMEOUT; repeated so that building the parser
# does not import the virtual card, an optional part of the build.
DEFAULT_CONNECT_TIMEOUT = 10.0


class CliError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def default_data_dir() -> Path:
    env = os.environ.get("MYNASTUB_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("mynadesk", appauthor=False)) / "stub"


def _data_dir(args: argparse.Namespace) -> Path:
    """The data dir of this command, its modes tightened to the owner's alone (once, with one line
    on stderr when an older data dir had looser ones)."""
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    if not getattr(args, "_tightened", False):
        args._tightened = True
        from backend_stub.private import tighten

        changed = tighten(data_dir)
        if changed:
            print(
                f"mynastub: made {changed} files and folders in {data_dir} readable by their owner only",
                file=sys.stderr,
            )
    return data_dir


def _emit(args: argparse.Namespace, payload: Any, text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(text)
    sys.stdout.flush()


def _optional_attr(module: str, attr: str) -> Callable[..., Any] | None:
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and module.startswith(exc.name):
            return None
        raise
    fn: Callable[..., Any] | None = getattr(mod, attr, None)
    return fn


def _open_seeded(data_dir: Path) -> tuple[Any, Any]:
    """The migrated database and J-LIS of a data dir, seeded with the demo residents."""
    from backend_stub.jlis import JLIS
    from backend_stub.server.db import Database
    from backend_stub.server.residents import seed

    db = Database.in_data_dir(data_dir)
    db.migrate()
    jlis = JLIS(data_dir)
    seed(db, jlis, data_dir)
    return db, jlis


# ---------------------------------------------------------------------------------------------
# serve


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must be IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on accepted sockets whose
    # proto says TCP, and without it every response (headers and body are two TLS records) waits
    # for the client's delayed ACK, about 40 ms.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise CliError("bind_failed", f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from backend_stub.server import StubConfig
    from backend_stub.server.app import create_app
    from backend_stub.server.http_protocol import protocol_class
    from backend_stub.server.tls import DEFAULT_HOSTS, ensure_tls

    trusted = _trusted_proxies(args.trusted_proxy)
    data_dir = _data_dir(args)
    try:
        config = StubConfig.from_env(
            data_dir,
            host=args.host,
            public_origin=args.public_origin,
            challenge_ttl_seconds=args.challenge_ttl_seconds,
            token_idle_seconds=args.token_idle_seconds,
            token_lifetime_seconds=args.token_lifetime_seconds,
            login_failures_per_certificate=args.login_failures_per_certificate,
            login_failures_per_ip=args.login_failures_per_ip,
            login_failure_window_seconds=args.login_failure_window_seconds,
            challenges_per_minute=args.challenges_per_minute,
            challenge_burst=args.challenge_burst,
            max_open_challenges=args.max_open_challenges,
            testing_clock=args.testing_clock,
        )
    except ValueError as exc:
        raise CliError("bad_config", str(exc)) from None
    wildcard = args.host in ("0.0.0.0", "::", "")
    extra_hosts = () if wildcard or args.host in DEFAULT_HOSTS else (args.host,)
    tls = ensure_tls(data_dir, extra_hosts)
    sock = _bind(args.host, args.port)
    config.port = sock.getsockname()[1]
    app = create_app(config)
    from backend_stub.server.push import end_all_streams

    shown_host = "127.0.0.1" if wildcard else (f"[{args.host}]" if ":" in args.host else args.host)
    url = config.public_origin or f"https://{shown_host}:{config.port}"

    class _Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if self.started and not self.should_exit:
                print(f"URL={url}")
                print(f"CA={tls.ca_file}")
                sys.stdout.flush()

        def handle_exit(self, sig: int, frame: Any) -> None:
            # uvicorn re-raises a captured SIGTERM/SIGINT after shutting down, which would end the
            # process "killed by signal"; a requested stop is a clean exit (status 0) here.
            if self.should_exit and sig == signal.SIGINT:
                self.force_exit = True
            self.should_exit = True
            end_all_streams(app)  # open notice streams end now, not at the graceful timeout

    uv_config = uvicorn.Config(
        app,
        # A request the HTTP parser refuses is answered as JSON, like every other error.
        http=protocol_class(),
        # X-Forwarded-For is believed only from the proxies named with --trusted-proxy: otherwise
        # any client could rotate the header past the per-address limits, or name a victim's
        # address to lock it out. (uvicorn's default trusts it from 127.0.0.1.)
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        ssl_certfile=str(tls.cert_file),
        ssl_keyfile=str(tls.key_file),
        log_level=args.log_level,
        access_log=False,  # paths can carry ids; the stub logs no per-request lines
        lifespan="on",
        timeout_graceful_shutdown=5,
        # A kiosk keeps one connection for its session; uvicorn's default 5 s would close it
        # whenever the resident reads a page a little longer, costing a new TLS handshake.
        timeout_keep_alive=75,
        date_header=False,  # the app sends Date from the stub's clock (server/app.py _ServerDate)
    )
    server = _Server(uv_config)
    # SIGINT/SIGTERM start a graceful shutdown (see handle_exit).
    server.run(sockets=[sock])
    sock.close()
    return 0


def _trusted_proxies(values: Sequence[str] | None) -> list[str]:
    import ipaddress

    out = []
    for value in values or ():
        try:
            out.append(str(ipaddress.ip_network(value, strict=False)) if "/" in value else str(ipaddress.ip_address(value)))
        except ValueError:
            raise CliError("bad_config", f"--trusted-proxy must be an IP address or network, not {value!r}") from None
    return out


# ---------------------------------------------------------------------------------------------
# residents, seed, revoke, advance, generate


def cmd_residents(args: argparse.Namespace) -> int:
    from backend_stub.server.residents import load_demo_residents

    demo = load_demo_residents()
    payload = [d.to_public_json() for d in demo]
    lines = [
        f"{d.resident.id}\t{d.resident.name}\t{d.resident.prefecture}{d.resident.municipality_name}"
        f"\tauth={d.pins.auth} sign={d.pins.sign or '-'} kenhojo={d.pins.kenhojo}\t{d.description}"
        for d in demo
    ]
    _emit(args, payload, "\n".join(lines))
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    db, jlis = _open_seeded(data_dir)
    try:
        ids = jlis.card_ids()
    finally:
        db.close()
    _emit(args, {"data_dir": str(data_dir), "cards": ids}, f"seeded {data_dir} ({len(ids)} cards)")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    db, jlis = _open_seeded(data_dir)
    try:
        if args.resident not in jlis.card_ids():
            raise CliError("unknown_resident", f"no card issued to resident {args.resident!r}")
        jlis.revoke(args.resident)
    finally:
        db.close()
    _emit(
        args,
        {"resident": args.resident, "revoked": True},
        f"revoked the certificates of {args.resident}'s card",
    )
    return 0


def cmd_lapse_sign(args: argparse.Namespace) -> int:
    """The 署名用 certificate of a resident's card lapses (失効), as a change of address makes it
    (src:fuchu-move-sign-lapse); the 利用者証明用 certificate goes on."""
    import datetime as dt

    try:
        on = dt.date.fromisoformat(args.on) if args.on else None
    except ValueError:
        raise CliError("bad_date", f"--on must be a date YYYY-MM-DD, not {args.on!r}") from None
    data_dir = _data_dir(args)
    db, jlis = _open_seeded(data_dir)
    try:
        if args.resident not in jlis.card_ids():
            raise CliError("unknown_resident", f"no card issued to resident {args.resident!r}")
        if jlis.load_card(args.resident).sign_cert is None:
            raise CliError("no_sign_certificate", f"the card of {args.resident} holds no 署名用 certificate")
        on = on or dt.datetime.now(dt.timezone(dt.timedelta(hours=9))).date()
        jlis.lapse_signing(args.resident, on, "address_change")
    finally:
        db.close()
    _emit(args, {"resident": args.resident, "sign_lapsed_on": on.isoformat(), "reason": "address_change"},
          f"the 署名用 certificate of {args.resident}'s card lapsed on {on.isoformat()} (change of address)")
    return 0


def _portal_command(args: argparse.Namespace, module: str, attr: str, *extra: Any) -> Any:
    fn = _optional_attr(module, attr)
    if fn is None:
        raise CliError("not_available", f"{module}.{attr} is not available in this build")
    db, _jlis = _open_seeded(_data_dir(args))
    try:
        return fn(db, *extra)
    except KeyError:
        raise CliError("unknown_resident", "no such resident in this data dir") from None
    finally:
        db.close()


def cmd_proxy_block(args: argparse.Namespace) -> int:
    """The municipality's DV等支援措置 for 代理人 (src:kasama-dv-dairinin): block, or lift the block."""
    import time

    from backend_stub.server import representation

    data_dir = _data_dir(args)
    db, _jlis = _open_seeded(data_dir)
    try:
        if db.query_one("SELECT 1 FROM residents WHERE id = ?", (args.resident,)) is None:
            raise CliError("unknown_resident", f"no resident {args.resident!r} in this data dir")
        if args.lift:
            lifted = representation.unblock(db, args.resident)
            _emit(args, {"resident": args.resident, "blocked": False, "lifted": lifted},
                  f"lifted the 代理人 block of {args.resident}" if lifted else f"{args.resident} had no block")
        else:
            ended = representation.block(db, args.resident, time.time())
            _emit(args, {"resident": args.resident, "blocked": True, "grants_ended": ended},
                  f"blocked 代理人 for {args.resident}; {ended} grant(s) ended")
    finally:
        db.close()
    return 0


def cmd_advance(args: argparse.Namespace) -> int:
    result = _portal_command(args, "backend_stub.network.processing", "advance_all")
    _emit(args, {"result": result}, f"advanced: {result}")
    return 0


def cmd_sickness_claim(args: argparse.Namespace) -> int:
    try:
        result = _portal_command(args, "backend_stub.network.insurers", "claim", args.resident)
    except LookupError as exc:
        raise CliError("not_available", str(exc)) from None
    _emit(args, result, f"{result['insurer']} asked nenkin-kikou (row {result['beppyo2_item']}): {result['outcome']}")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    if args.history < 0:
        raise CliError("bad_request", "--history must be zero or more")
    result = _portal_command(
        args, "backend_stub.network.generate", "generate_history", args.resident, args.history
    )
    _emit(args, {"resident": args.resident, "result": result}, f"generated: {result}")
    return 0


# ---------------------------------------------------------------------------------------------
# card


def _parse_host_port(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CliError("bad_request", f"--vpcd must be HOST:PORT, not {value!r}")
    return host.strip("[]"), int(port)


def _attach_timeout_message(exc: VpcdAttachTimeoutError) -> str:
    """One line saying what is missing and how to fix it."""
    if exc.reached:
        return (
            f"vpcd at {exc.host}:{exc.port} accepted the connection but did not poll the card within {exc.timeout:g} s: "
            "another virtual card (another `mynastub card` or a test run) probably holds that vpcd slot; "
            "stop it, or attach to another slot with --vpcd HOST:PORT (slot N listens on 35963+N)"
        )
    reason = f" ({exc.last_error})" if exc.last_error else ""
    return (
        f"nothing accepted the virtual card at {exc.host}:{exc.port} (vpcd) within {exc.timeout:g} s{reason}: "
        "pcscd is not running or the vsmartcard-vpcd driver is not installed; "
        "start pcscd (scripts/ensure-pcscd.sh or `sudo pcscd`), install vsmartcard-vpcd "
        "(`sudo apt-get install vsmartcard-vpcd`, then restart pcscd), or pass the port vpcd "
        "listens on with --vpcd HOST:PORT; --connect-timeout 0 waits without a limit"
    )


def cmd_card(args: argparse.Namespace) -> int:
    host, port = _parse_host_port(args.vpcd)
    if not args.connect_timeout >= 0:  # also refuses NaN
        raise CliError("bad_request", "--connect-timeout must be zero (no limit) or more seconds")
    serve_card = _optional_attr("backend_stub.card.serve", "serve_card")
    if serve_card is None:
        raise CliError("not_available", "the virtual card is not available in this build")
    from backend_stub.card.serve import VpcdAttachTimeoutError
    data_dir = _data_dir(args)
    from backend_stub.jlis import JLIS

    if args.resident not in JLIS(data_dir).card_ids():
        db, _jlis = _open_seeded(data_dir)
        db.close()
        if args.resident not in JLIS(data_dir).card_ids():
            raise CliError("unknown_resident", f"no demo resident {args.resident!r}")

    stop = threading.Event()

    def _stop(_signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)

    def _ready() -> None:
        print("READY")
        sys.stdout.flush()

    try:
        serve_card(data_dir, args.resident, host, port, _ready, stop, connect_timeout=args.connect_timeout)
    except VpcdAttachTimeoutError as exc:
        raise CliError("vpcd_timeout", _attach_timeout_message(exc)) from None
    except ConnectionError as exc:
        raise CliError("vpcd_unreachable", f"cannot attach to vpcd at {host}:{port}: {exc}") from None
    except OSError as exc:
        raise CliError(
            "vpcd_unreachable", f"cannot attach to vpcd at {host}:{port}: {exc.strerror or exc}"
        ) from None
    return 0


# ---------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mynastub", description="Mynaportal stub backend (demo)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(handler=handler)
        p.add_argument("--data-dir", help="stub data directory (default: the user data dir + /stub)")
        p.add_argument("--json", action="store_true", help="machine-readable output")
        return p

    p = add("serve", cmd_serve, "run the stub backend over HTTPS")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--public-origin", help="scheme://host:port clients use (default: https://HOST:PORT)")
    p.add_argument("--challenge-ttl-seconds", type=float)
    p.add_argument("--token-idle-seconds", type=float)
    p.add_argument("--token-lifetime-seconds", type=float)
    p.add_argument("--login-failures-per-certificate", type=int)
    p.add_argument("--login-failures-per-ip", type=int)
    p.add_argument("--login-failure-window-seconds", type=float)
    p.add_argument("--challenges-per-minute", type=float, help="challenges per source address a minute (120)")
    p.add_argument("--challenge-burst", type=int, help="challenges a source may take at once (20)")
    p.add_argument("--max-open-challenges", type=int, help="live challenges held at once (100000)")
    p.add_argument(
        "--trusted-proxy",
        action="append",
        metavar="ADDR",
        help="believe X-Forwarded-For from this proxy address or network (repeatable; default: none)",
    )
    p.add_argument("--testing-clock", action="store_true", help=argparse.SUPPRESS)
    p.add_argument(
        "--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"]
    )

    add("residents", cmd_residents, "list the demo residents with their ids and demo PINs")
    add("seed", cmd_seed, "create the data dir and the demo residents' cards (idempotent)")
    p = add("revoke", cmd_revoke, "revoke a resident's card certificates (a lost card)")
    p.add_argument("--resident", required=True)
    p = add("lapse-sign", cmd_lapse_sign,
            "lapse a resident's 署名用 certificate, as a change of address does (login goes on)")
    p.add_argument("--resident", required=True)
    p.add_argument("--on", help="the day of the change, YYYY-MM-DD (default: today in Japan)")
    p = add("proxy-block", cmd_proxy_block,
            "block 代理人 for a resident under DV等支援措置 (ends their grants at once); --lift to remove the block")
    p.add_argument("--resident", required=True)
    p.add_argument("--lift", action="store_true", help="remove the block (grants that ended stay ended)")
    p = add("card", cmd_card, "attach a resident's virtual card to pcscd through vpcd")
    p.add_argument("--resident", required=True)
    p.add_argument("--vpcd", default=DEFAULT_VPCD, help=f"vpcd HOST:PORT (default {DEFAULT_VPCD})")
    p.add_argument("--reader", help="accepted for symmetry with the card tool; vpcd picks the slot")
    p.add_argument(
        "--connect-timeout",
        type=float,
        default=DEFAULT_CONNECT_TIMEOUT,
        metavar="SECONDS",
        help="give up (exit 1) when vpcd has not taken the card within SECONDS "
        f"(default {DEFAULT_CONNECT_TIMEOUT:g}; 0 waits without a limit)",
    )
    add("advance", cmd_advance, "advance the processing of submitted applications")
    p = add("sickness-claim", cmd_sickness_claim, "the insurer checks other benefits for a 傷病手当金 claim (a network query)")
    p.add_argument("--resident", required=True)
    p = add("generate", cmd_generate, "generate history records for a resident (benchmarks)")
    p.add_argument("--resident", required=True)
    p.add_argument("--history", type=int, required=True, help="number of records")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Everything the stub writes (CA and card keys, PINs, the database with its -wal and -shm)
    # is its owner's alone.
    from backend_stub.private import restrict_umask

    restrict_umask()
    logging.basicConfig(level=logging.WARNING, format="mynastub: %(levelname)s: %(message)s")
    try:
        result: int = args.handler(args)
        return result
    except CliError as exc:
        _fail(args, exc.code, exc.message)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one clear line, not a traceback
        _fail(args, "internal_error", f"{type(exc).__name__}: {exc}")
    return EXIT_FAILURE


def _fail(args: argparse.Namespace, code: str, message: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps({"error": code, "message": message}, ensure_ascii=False))
        sys.stdout.flush()
    print(f"mynastub: error: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
