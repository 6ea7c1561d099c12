from __future__ import annotations

import base64
import hashlib
import json
import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key

from ani_auth.infrastructure.security.keys import (
    KeyConfigurationError,
    generate_private_key_pem,
    jwk_thumbprint,
    load_keyring,
    public_key_pem,
)


def test_kid_is_the_rfc7638_thumbprint() -> None:
    ring = load_keyring(signing_pem=generate_private_key_pem())
    jwk = ring.active.jwk()
    canonical = json.dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}, separators=(",", ":"))
    expected = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
    assert ring.active.kid == expected == jwk_thumbprint(ring.active.public_key)


def test_previous_keys_bundle_accepts_private_and_public_pems_and_skips_duplicates() -> None:
    active, old_private, old_public = generate_private_key_pem(), generate_private_key_pem(), generate_private_key_pem()
    bundle = old_private + public_key_pem(old_public) + public_key_pem(active)
    ring = load_keyring(signing_pem=active, previous_pems=[bundle])
    assert len(ring.previous) == 2
    assert all(key.private_key is None for key in ring.previous)
    assert len({key.kid for key in ring.published}) == 3
    assert [jwk["kid"] for jwk in ring.jwks()["keys"]] == [key.kid for key in ring.published]


def test_dev_key_is_generated_once_with_private_permissions(tmp_path: Path) -> None:
    first = load_keyring(signing_pem=None, generate_into=tmp_path / "auth")
    second = load_keyring(signing_pem=None, generate_into=tmp_path / "auth")
    assert first.active.kid == second.active.kid
    key_file = tmp_path / "auth" / "jwt-signing-key.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_instances_starting_together_agree_on_one_complete_dev_key(tmp_path: Path) -> None:
    """Two auth instances start at the same moment on a fresh data dir (make dev, the e2e stack): the one that loses
    the race must read the winner's whole key, never a file that is still being written."""
    for attempt in range(30):
        directory = tmp_path / f"auth-{attempt}"
        start = threading.Barrier(4)

        def start_instance(start: threading.Barrier, directory: Path) -> str:
            start.wait()
            return load_keyring(signing_pem=None, generate_into=directory).active.kid

        with ThreadPoolExecutor(max_workers=4) as pool:
            kids = list(pool.map(start_instance, [start] * 4, [directory] * 4))
        assert len(set(kids)) == 1
        assert [path.name for path in directory.iterdir()] == ["jwt-signing-key.pem"]


def test_no_key_and_no_fallback_is_refused() -> None:
    with pytest.raises(KeyConfigurationError):
        load_keyring(signing_pem=None)


def test_non_ed25519_key_is_refused() -> None:
    pem = generate_private_key(SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(KeyConfigurationError, match="Ed25519"):
        load_keyring(signing_pem=pem)


def test_garbage_key_is_refused() -> None:
    with pytest.raises(KeyConfigurationError):
        load_keyring(signing_pem=b"not a key")
