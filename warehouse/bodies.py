"""Raw page bodies as the warehouse stores them, and the one way to read them back.

A body is stored zstd-compressed on its own (`zstd`), or, when its page had an earlier version,
as zstd with that version's bytes as a raw-content dictionary (`zstd-delta`, base named in
`base_sha256`). A page that only changes in noise (a session token, a counter, a rotating
testimonial) then costs tens of bytes per new version instead of a whole compressed page.

Bound on reading: a delta's base is always a body stored on its own (the encoder takes the
base's own base when the previous version is itself a delta), so reading any body costs at
most two decompressions, however many versions a page has. A version that drifted far from
its base (the delta is more than DELTA_MAX_SHARE of the body compressed on its own) is stored
on its own and becomes the base of the versions after it.

Why deltas and not a reference to an earlier body whose comparable text is identical: the
warehouse keeps the raw bytes of every version as evidence (body_sha256 is the hash of those
bytes, and re-cleaning or re-extracting needs them), and a reference would lose what differs
(the token, the testimonial). A delta keeps every byte recoverable at about the cost of a
reference."""

import base64
import hashlib
from collections.abc import Iterable
from typing import Any

import duckdb
import zstandard

from warehouse.db import sql

ZSTD_LEVEL = 10
FULL = "zstd"
DELTA = "zstd-delta"
# A delta is kept only when at most this share of the body compressed on its own: beyond it
# the page has changed enough that a fresh base serves the versions after it better.
DELTA_MAX_SHARE = 0.5
# Bases resolved per read: 1 by construction (a base is stored on its own); the reader
# allows a little more so that an older encoder's chain still reads, and stops a cycle.
MAX_CHAIN = 4


class BodyMissing(LookupError):
    """A body, or the base a stored delta needs, is not in the bodies table."""


def compress(body: bytes) -> bytes:
    return zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(body)


def compress_delta(body: bytes, base: bytes) -> bytes:
    dictionary = zstandard.ZstdCompressionDict(base, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
    return zstandard.ZstdCompressor(level=ZSTD_LEVEL, dict_data=dictionary).compress(body)


def decompress(compression: str, data: bytes, base: bytes | None = None) -> bytes:
    if compression == FULL:
        return zstandard.ZstdDecompressor().decompress(data)
    if compression == DELTA:
        if base is None:
            raise ValueError("a zstd-delta body needs its base's bytes")
        dictionary = zstandard.ZstdCompressionDict(base, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
        return zstandard.ZstdDecompressor(dict_data=dictionary).decompress(data)
    raise ValueError(f"unknown body compression {compression!r}")


def read_bodies(con: duckdb.DuckDBPyConnection, shas: Iterable[str]) -> dict[str, bytes]:
    """The raw bytes of each body in `shas`, deltas resolved. Raises BodyMissing naming the
    body, and the missing base when it is a base that is absent."""
    wanted = set(shas)
    rows: dict[str, tuple[str, str | None, bytes]] = {}
    needed = set(wanted)
    for _ in range(MAX_CHAIN + 1):
        if not needed:
            break
        for sha, compression, base_sha, data in con.execute(
            sql("bodies", "stored_bodies.sql"), {"bodies": sorted(needed)}
        ).fetchall():
            rows[sha] = (compression, base_sha, data)
        for sha in sorted(needed - rows.keys()):
            users = sorted(s for s, (_, b, _) in rows.items() if b == sha)
            if users:
                raise BodyMissing(
                    f"body {users[0]} is stored as a delta against body {sha}, which is not in "
                    "the bodies table; the base must be restored from a backup of the "
                    "warehouse to read it."
                )
            raise BodyMissing(f"body {sha} is not in the bodies table.")
        needed = {b for _, b, _ in rows.values() if b is not None and b not in rows}
    out: dict[str, bytes] = {}

    def resolve(sha: str, depth: int) -> bytes:
        if sha in out:
            return out[sha]
        compression, base_sha, data = rows[sha]
        if base_sha is None:
            body = decompress(compression, data)
        else:
            if depth >= MAX_CHAIN or base_sha not in rows:
                raise BodyMissing(
                    f"body {sha}: its delta chain is longer than {MAX_CHAIN} bases or loops "
                    f"(at base {base_sha})."
                )
            body = decompress(compression, data, resolve(base_sha, depth + 1))
        out[sha] = body
        return body

    return {sha: resolve(sha, 0) for sha in wanted}


def read_body(con: duckdb.DuckDBPyConnection, sha: str) -> bytes:
    return read_bodies(con, [sha])[sha]


def encode_deltas(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """Rewrite the staged new bodies (stg_bodies, compressed on their own) as deltas against
    their page's earlier version where that is much smaller; returns how many. Each delta is
    decoded again and checked against the body's hash before it replaces the full copy."""
    candidates = con.execute(sql("bodies", "delta_candidates.sql"), {"run_id": run_id}).fetchall()
    if not candidates:
        return 0
    bases = read_bodies(con, {base for _, base, _ in candidates})
    chosen: dict[str, list[Any]] = {"bodies": [], "bases": [], "sizes": [], "data": []}
    for sha, base_sha, data_b64 in candidates:
        packed = base64.b64decode(data_b64)
        body = decompress(FULL, packed)
        if hashlib.sha256(body).hexdigest() != sha:
            raise ValueError(f"staged body {sha} does not match its hash")
        base = bases[base_sha]
        delta = compress_delta(body, base)
        if len(delta) > len(packed) * DELTA_MAX_SHARE:
            continue
        if decompress(DELTA, delta, base) != body:
            raise ValueError(f"the delta of body {sha} against {base_sha} does not decode")
        chosen["bodies"].append(sha)
        chosen["bases"].append(base_sha)
        chosen["sizes"].append(len(delta))
        chosen["data"].append(base64.b64encode(delta).decode("ascii"))
    if chosen["bodies"]:
        con.execute(sql("bodies", "use_deltas.sql"), chosen)
    return len(chosen["bodies"])


def check_bases(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Fail when a body the run stored is a delta against a body that is not stored."""
    missing = con.execute(sql("bodies", "missing_bases.sql"), {"run_id": run_id}).fetchall()
    if missing:
        sha, base = missing[0]
        raise BodyMissing(
            f"body {sha} would be stored as a delta against body {base}, which is not in the "
            f"bodies table ({len(missing)} such bodies)."
        )
