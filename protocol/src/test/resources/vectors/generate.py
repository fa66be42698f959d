#!/usr/bin/env python3
"""Generates the protocol test vectors, independently of the Java code.

Everything here is written from docs/protocol.md: the byte layouts with struct.pack, HKDF-SHA256 by hand on
hmac/hashlib (RFC 5869), and the primitives from the `cryptography` package (Ed25519, X25519, ChaCha20-Poly1305).
The RFC vector files are transcriptions of the RFCs; this script checks them against the same primitives before it
writes anything, so a typo in a transcription stops it.

Run from this directory:  python3 generate.py
"""
import hashlib
import hmac
import struct
import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives import serialization

RAW = serialization.Encoding.Raw
RAW_PUB = serialization.PublicFormat.Raw


def label(text):
    return text.encode("ascii") + b"\x00"


L_REQUEST = label("jumping-vpn/1 request")
L_REPLY = label("jumping-vpn/1 reply")
L_REDIRECT = label("jumping-vpn/1 redirect")
L_TRANSCRIPT = label("jumping-vpn/1 transcript")
L_REQUEST_ID = label("jumping-vpn/1 request-id")
L_KEY_A2G = label("jumping-vpn/1 key agent->gateway")
L_KEY_G2A = label("jumping-vpn/1 key gateway->agent")

MAGIC, VERSION = 0x4A, 0x01
T = dict(HANDSHAKE_INIT=0x01, COOKIE_CHALLENGE=0x02, HANDSHAKE_ACK=0x03, HANDSHAKE_REJECT=0x04,
         REATTACH_REQUEST=0x05, REATTACH_ACK=0x06, REATTACH_REJECT=0x07, REDIRECT=0x08,
         DATA=0x10, HEARTBEAT=0x11, HEARTBEAT_ACK=0x12, STATE_UPDATE=0x13, TERMINATE=0x14)
REJECT = dict(SESSION_NOT_FOUND=1, SESSION_EXPIRED=2, INVALID_STATE=3, AUTH_FAIL=4, FRESHNESS_INVALID=5,
              REPLAY_DETECTED=6, STALE_VERSION=7, OWNERSHIP_CONFLICT=8, POLICY_DENY=9, RATE_LIMITED=10,
              STORE_UNAVAILABLE=11)
TERMINATION = dict(SESSION_TTL_EXPIRED=1, TRANSPORT_LOSS_TTL_EXPIRED=2, RECOVERY_WINDOW_EXCEEDED=3,
                   OWNERSHIP_UNPROVEN=4, STORE_STATE_LOST=5, OPERATOR_TERMINATE=6, FATAL_PROTOCOL_ERROR=7)
STATE = dict(BIRTH=1, ATTACHED=2, VOLATILE=3, DEGRADED=4, RECOVERING=5, TERMINATED=6)
EVENT = dict(HANDSHAKE_ACCEPTED=1, QUALITY_BELOW_FLOOR=2, TRANSPORT_DEAD=3, QUALITY_RESTORED=4,
             VOLATILITY_PERSISTED=5, REATTACH_ACCEPTED=6, RECOVERY_WINDOW_EXCEEDED=7, SESSION_TTL_EXPIRED=8,
             TRANSPORT_LOSS_TTL_EXPIRED=9, OWNERSHIP_UNPROVABLE=10, STORE_STATE_LOST=11, VERSION_REGRESSION=12,
             PROTOCOL_VIOLATION=13, OPERATOR_TERMINATE=14)
KIND = dict(UDP=1, TCP=2, QUIC=3)
REDIRECT_REASON = dict(DRAIN=1, NOT_OWNER=2)
UPDATE_KIND = dict(PROPOSE=1, COMMIT=2)
A2G, G2A = 0x01, 0x02


# ---- primitives ---------------------------------------------------------------------------------------------------

def sha256(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.digest()


def hkdf_sha256(ikm, salt, info, length):
    prk = hmac.new(salt if salt else b"\x00" * 32, ikm, hashlib.sha256).digest()
    okm, block, i = b"", b"", 1
    while len(okm) < length:
        block = hmac.new(prk, block + info + bytes([i]), hashlib.sha256).digest()
        okm += block
        i += 1
    return prk, okm[:length]


def ed_public(seed):
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(RAW, RAW_PUB)


def ed_sign(seed, message):
    return Ed25519PrivateKey.from_private_bytes(seed).sign(message)


def x_public(secret):
    return X25519PrivateKey.from_private_bytes(secret).public_key().public_bytes(RAW, RAW_PUB)


def x_shared(secret, peer_public):
    return X25519PrivateKey.from_private_bytes(secret).exchange(X25519PublicKey.from_public_bytes(peer_public))


def aead_nonce(counter):
    return b"\x00\x00\x00\x00" + struct.pack(">Q", counter)


def b64url(data):
    import base64
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


# ---- encoding, from docs/protocol.md -------------------------------------------------------------------------------

def header(type_name):
    return bytes([MAGIC, VERSION, T[type_name]])


def str8(text):
    raw = text.encode("ascii")
    return bytes([len(raw)]) + raw


def u8(v):
    return struct.pack(">B", v)


def u16(v):
    return struct.pack(">H", v)


def u32(v):
    return struct.pack(">I", v)


def u64(v):
    return struct.pack(">Q", v)


def terms_bytes(t):
    return u32(t["heartbeat_interval_ms"]) + u32(t["heartbeat_volatile_ms"]) + u32(t["transport_lost_ttl_ms"]) \
        + u32(t["session_remaining_ms"]) + u32(t["replay_window"])


def candidate_bytes(kind, endpoint):
    return u8(KIND[kind]) + str8(endpoint)


def handshake_init_unsigned(agent_pub, eph_pub, ts, hs_id, cookie):
    return header("HANDSHAKE_INIT") + agent_pub + eph_pub + u64(ts) + hs_id \
        + (u8(16) + cookie if cookie else u8(0))


def handshake_ack_unsigned(hs_id, sid, version, eph_pub, terms):
    return header("HANDSHAKE_ACK") + hs_id + str8(sid) + u64(version) + eph_pub + terms_bytes(terms)


def handshake_reject_unsigned(hs_id, code):
    return header("HANDSHAKE_REJECT") + hs_id + u8(REJECT[code])


def reattach_request_unsigned(sid, agent_pub, expected, nonce, ts, eph_pub, kind, endpoint):
    return header("REATTACH_REQUEST") + str8(sid) + agent_pub + u64(expected) + u64(nonce) + u64(ts) + eph_pub \
        + candidate_bytes(kind, endpoint)


def reattach_ack_unsigned(sid, nonce, version, eph_pub, terms):
    return header("REATTACH_ACK") + str8(sid) + u64(nonce) + u64(version) + eph_pub + terms_bytes(terms)


def reattach_reject_unsigned(sid, nonce, code, current):
    return header("REATTACH_REJECT") + str8(sid) + u64(nonce) + u8(REJECT[code]) + u64(current)


def redirect_unsigned(sid, reason, ts, kind, endpoint):
    return header("REDIRECT") + str8(sid) + u8(REDIRECT_REASON[reason]) + u64(ts) + candidate_bytes(kind, endpoint)


def cookie_challenge(hs_id, cookie):
    return header("COOKIE_CHALLENGE") + hs_id + cookie


def sealed_header(type_name, sid, attachment_version, counter, ciphertext_length):
    return header(type_name) + str8(sid) + u64(attachment_version) + u64(counter) + u16(ciphertext_length)


def seal(key, direction, type_name, sid, attachment_version, counter, body):
    head = sealed_header(type_name, sid, attachment_version, counter, len(body) + 16)
    ciphertext = ChaCha20Poly1305(key).encrypt(aead_nonce(counter), body, bytes([direction]) + head)
    return head + ciphertext


def sign_request(agent_seed, unsigned):
    return unsigned + ed_sign(agent_seed, L_REQUEST + unsigned)


def transcript(gateway_pub, request_frame, reply_unsigned):
    return sha256(L_TRANSCRIPT, gateway_pub, request_frame, reply_unsigned)


def sign_reply(gateway_seed, th, reply_unsigned):
    return reply_unsigned + ed_sign(gateway_seed, L_REPLY + th)


def traffic_keys(shared, th):
    _, a2g = hkdf_sha256(shared, th, L_KEY_A2G, 32)
    _, g2a = hkdf_sha256(shared, th, L_KEY_G2A, 32)
    return a2g, g2a


def request_id(unsigned):
    return b64url(sha256(L_REQUEST_ID, unsigned)[:16])


# ---- vector files ---------------------------------------------------------------------------------------------------

def read_vectors(path):
    vectors, current = {}, None
    for line in open(path, encoding="ascii"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = vectors.setdefault(line[1:-1], {})
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        current[key] = value
    return vectors


def write_vectors(path, title, vectors):
    with open(path, "w", encoding="ascii") as out:
        out.write("# " + title + "\n")
        out.write("# Generated by generate.py from docs/protocol.md, independently of the Java code. Do not edit.\n")
        for name, fields in vectors.items():
            out.write("\n[" + name + "]\n")
            for key, value in fields.items():
                out.write(key + " = " + (value.hex() if isinstance(value, bytes) else str(value)) + "\n")


def h(text):
    return bytes.fromhex(text)


def check_rfc_vectors():
    """Checks the transcribed RFC vectors against independent implementations of the primitives."""
    for name, v in read_vectors("rfc8032-ed25519.txt").items():
        seed, msg = h(v["secret_key"]), h(v["message"])
        assert ed_public(seed) == h(v["public_key"]), name
        assert ed_sign(seed, msg) == h(v["signature"]), name
    for name, v in read_vectors("rfc7748-x25519.txt").items():
        if "scalar" in v:
            out = X25519PrivateKey.from_private_bytes(h(v["scalar"])).exchange(
                X25519PublicKey.from_public_bytes(h(v["u_coordinate"])))
            assert out == h(v["output"]), name
        else:
            assert x_public(h(v["alice_private"])) == h(v["alice_public"]), name
            assert x_public(h(v["bob_private"])) == h(v["bob_public"]), name
            assert x_shared(h(v["alice_private"]), h(v["bob_public"])) == h(v["shared"]), name
            assert x_shared(h(v["bob_private"]), h(v["alice_public"])) == h(v["shared"]), name
    for name, v in read_vectors("rfc5869-hkdf-sha256.txt").items():
        prk, okm = hkdf_sha256(h(v["ikm"]), h(v["salt"]), h(v["info"]), int(v["length"]))
        assert prk == h(v["prk"]), name
        assert okm == h(v["okm"]), name
    for name, v in read_vectors("rfc8439-chacha20poly1305.txt").items():
        out = ChaCha20Poly1305(h(v["key"])).encrypt(h(v["nonce"]), h(v["plaintext"]), h(v["aad"]))
        assert out == h(v["ciphertext"]) + h(v["tag"]), name


# ---- our fixed inputs ------------------------------------------------------------------------------------------------

AGENT_SEED = sha256(b"jumping-vpn test vector agent identity")
GATEWAY_SEED = sha256(b"jumping-vpn test vector gateway identity")
RFC7748_ALICE = h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
RFC7748_BOB = h("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")
REATTACH_AGENT_EPH = sha256(b"jumping-vpn test vector reattach agent ephemeral")
REATTACH_GATEWAY_EPH = sha256(b"jumping-vpn test vector reattach gateway ephemeral")
HANDSHAKE_ID = bytes(range(16))
COOKIE = bytes(range(0xA0, 0xB0))
TIMESTAMP = 1767225600000
SESSION_ID = "AAECAwQFBgcICQoLDA0ODw"
BIRTH_TERMS = dict(heartbeat_interval_ms=500, heartbeat_volatile_ms=2000, transport_lost_ttl_ms=15000,
                   session_remaining_ms=28800000, replay_window=2048)
REATTACH_TERMS = dict(BIRTH_TERMS, session_remaining_ms=28740000)


def key_schedule():
    agent_pub, gateway_pub = ed_public(AGENT_SEED), ed_public(GATEWAY_SEED)
    vectors = {}

    # Birth: HANDSHAKE_INIT (no cookie) answered by HANDSHAKE_ACK at version 1.
    a_eph, g_eph = x_public(RFC7748_ALICE), x_public(RFC7748_BOB)
    init_unsigned = handshake_init_unsigned(agent_pub, a_eph, TIMESTAMP, HANDSHAKE_ID, None)
    init = sign_request(AGENT_SEED, init_unsigned)
    ack_unsigned = handshake_ack_unsigned(HANDSHAKE_ID, SESSION_ID, 1, g_eph, BIRTH_TERMS)
    th = transcript(gateway_pub, init, ack_unsigned)
    ack = sign_reply(GATEWAY_SEED, th, ack_unsigned)
    shared = x_shared(RFC7748_ALICE, g_eph)
    assert shared == x_shared(RFC7748_BOB, a_eph)
    a2g, g2a = traffic_keys(shared, th)
    vectors["handshake"] = dict(
        agent_seed=AGENT_SEED, agent_public=agent_pub, gateway_seed=GATEWAY_SEED, gateway_public=gateway_pub,
        agent_ephemeral_secret=RFC7748_ALICE, agent_ephemeral_public=a_eph,
        gateway_ephemeral_secret=RFC7748_BOB, gateway_ephemeral_public=g_eph,
        handshake_id=HANDSHAKE_ID, timestamp_ms=TIMESTAMP, session_id=SESSION_ID, version=1,
        init=init, request_id=request_id(init_unsigned), ack=ack, shared_secret=shared, transcript_hash=th,
        key_agent_to_gateway=a2g, key_gateway_to_agent=g2a)

    # Reattach at expected version 3, nonce 7, committed at version 5.
    ra_eph, rg_eph = x_public(REATTACH_AGENT_EPH), x_public(REATTACH_GATEWAY_EPH)
    ts = TIMESTAMP + 60000
    req_unsigned = reattach_request_unsigned(SESSION_ID, agent_pub, 3, 7, ts, ra_eph, "UDP", "192.0.2.10:4500")
    req = sign_request(AGENT_SEED, req_unsigned)
    rack_unsigned = reattach_ack_unsigned(SESSION_ID, 7, 5, rg_eph, REATTACH_TERMS)
    rth = transcript(gateway_pub, req, rack_unsigned)
    rack = sign_reply(GATEWAY_SEED, rth, rack_unsigned)
    rshared = x_shared(REATTACH_AGENT_EPH, rg_eph)
    assert rshared == x_shared(REATTACH_GATEWAY_EPH, ra_eph)
    ra2g, rg2a = traffic_keys(rshared, rth)
    vectors["reattach"] = dict(
        agent_ephemeral_secret=REATTACH_AGENT_EPH, agent_ephemeral_public=ra_eph,
        gateway_ephemeral_secret=REATTACH_GATEWAY_EPH, gateway_ephemeral_public=rg_eph,
        timestamp_ms=ts, session_id=SESSION_ID, expected_version=3, nonce=7, candidate="udp://192.0.2.10:4500",
        new_version=5, request=req, request_id=request_id(req_unsigned), ack=rack, shared_secret=rshared,
        transcript_hash=rth, key_agent_to_gateway=ra2g, key_gateway_to_agent=rg2a)
    return vectors, (init, req, a2g, g2a)


def frames(init, req, a2g, g2a):
    agent_pub, gateway_pub = ed_public(AGENT_SEED), ed_public(GATEWAY_SEED)
    v = {}
    v["handshake_init"] = dict(frame=init)
    cookie_init_unsigned = handshake_init_unsigned(agent_pub, x_public(RFC7748_ALICE), TIMESTAMP, HANDSHAKE_ID, COOKIE)
    v["handshake_init_with_cookie"] = dict(frame=sign_request(AGENT_SEED, cookie_init_unsigned))
    v["cookie_challenge"] = dict(frame=cookie_challenge(HANDSHAKE_ID, COOKIE))
    ack_unsigned = handshake_ack_unsigned(HANDSHAKE_ID, SESSION_ID, 1, x_public(RFC7748_BOB), BIRTH_TERMS)
    v["handshake_ack"] = dict(frame=sign_reply(GATEWAY_SEED, transcript(gateway_pub, init, ack_unsigned), ack_unsigned))
    rej_unsigned = handshake_reject_unsigned(HANDSHAKE_ID, "RATE_LIMITED")
    v["handshake_reject"] = dict(frame=sign_reply(GATEWAY_SEED, transcript(gateway_pub, init, rej_unsigned), rej_unsigned))
    v["reattach_request"] = dict(frame=req)
    rack_unsigned = reattach_ack_unsigned(SESSION_ID, 7, 5, x_public(REATTACH_GATEWAY_EPH), REATTACH_TERMS)
    v["reattach_ack"] = dict(frame=sign_reply(GATEWAY_SEED, transcript(gateway_pub, req, rack_unsigned), rack_unsigned))
    stale_unsigned = reattach_reject_unsigned(SESSION_ID, 7, "STALE_VERSION", 4)
    v["reattach_reject_stale_version"] = dict(
        frame=sign_reply(GATEWAY_SEED, transcript(gateway_pub, req, stale_unsigned), stale_unsigned))
    auth_unsigned = reattach_reject_unsigned(SESSION_ID, 7, "AUTH_FAIL", 0)
    v["reattach_reject_auth_fail"] = dict(
        frame=sign_reply(GATEWAY_SEED, transcript(gateway_pub, req, auth_unsigned), auth_unsigned))
    redirect_unsigned_bytes = redirect_unsigned(SESSION_ID, "DRAIN", TIMESTAMP + 120000, "TCP", "gw-2.example.net:4500")
    v["redirect"] = dict(frame=redirect_unsigned_bytes + ed_sign(GATEWAY_SEED, L_REDIRECT + redirect_unsigned_bytes))

    # Sealed frames of the birth attachment (version 1). Each direction counts from 0, in this order.
    agent_bodies = [
        ("data", "DATA", b"hello, tunnel"),
        ("heartbeat", "HEARTBEAT", u64(0) + u64(123456789) + u64(1)),
        ("state_update_propose", "STATE_UPDATE",
         u8(UPDATE_KIND["PROPOSE"]) + u8(STATE["ATTACHED"]) + u8(STATE["VOLATILE"]) + u8(EVENT["QUALITY_BELOW_FLOOR"]) + u64(1)),
        ("terminate_agent", "TERMINATE", u8(TERMINATION["OPERATOR_TERMINATE"]) + u64(2)),
    ]
    gateway_bodies = [
        ("data_reply", "DATA", b"hello, agent"),
        ("heartbeat_ack", "HEARTBEAT_ACK", u64(0) + u64(123456789) + u64(1)),
        ("state_update_commit", "STATE_UPDATE",
         u8(UPDATE_KIND["COMMIT"]) + u8(STATE["ATTACHED"]) + u8(STATE["VOLATILE"]) + u8(EVENT["QUALITY_BELOW_FLOOR"]) + u64(2)),
        ("terminate_gateway", "TERMINATE", u8(TERMINATION["SESSION_TTL_EXPIRED"]) + u64(2)),
    ]
    for direction, key, bodies in ((A2G, a2g, agent_bodies), (G2A, g2a, gateway_bodies)):
        for counter, (name, type_name, body) in enumerate(bodies):
            v[name] = dict(direction="agent->gateway" if direction == A2G else "gateway->agent", counter=counter,
                           body=body, frame=seal(key, direction, type_name, SESSION_ID, 1, counter, body))
    return v


def main():
    check_rfc_vectors()
    schedule, (init, req, a2g, g2a) = key_schedule()
    write_vectors("key-schedule.txt", "Key schedule vectors (docs/protocol.md, Cryptography).", schedule)
    write_vectors("frames.txt", "Frame encodings (docs/protocol.md, Frames), using the key-schedule inputs.",
                  frames(init, req, a2g, g2a))
    print("vectors written; RFC transcriptions verified", file=sys.stderr)


if __name__ == "__main__":
    main()
