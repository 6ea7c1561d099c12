"""Ed25519 signing keys, their ``kid`` and the JWKS.

* The **active** key signs every new token. It comes from ``JWT_SIGNING_KEY`` (PEM text) or
  ``JWT_SIGNING_KEY_FILE``; in dev, when neither is set, one is generated once into ``AUTH_DATA_DIR``; in tests an
  ephemeral key is generated in memory; production refuses to start without one (settings validation).
* **Previous** keys (``JWT_PREVIOUS_KEYS`` PEM bundle, ``JWT_PREVIOUS_KEY_FILES``; private or public PEM) are not used
  to sign but stay in the JWKS, so tokens signed before a rotation verify until they expire.
* ``kid`` is the RFC 7638 JWK thumbprint of the public key: stable, derived, never configured by hand.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = [
    "KeyRing",
    "SigningKey",
    "generate_private_key_pem",
    "jwk_thumbprint",
    "load_keyring",
    "public_key_pem",
]

_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z ]+)-----.+?-----END \1-----", re.DOTALL)
DEV_KEY_FILE = "jwt-signing-key.pem"


class KeyConfigurationError(RuntimeError):
    pass


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def jwk_thumbprint(public_key: Ed25519PublicKey) -> str:
    canonical = json.dumps(
        {"crv": "Ed25519", "kty": "OKP", "x": _b64url(_raw_public(public_key))}, separators=(",", ":"), sort_keys=True
    )
    return _b64url(hashlib.sha256(canonical.encode("ascii")).digest())


def generate_private_key_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_key_pem(private_pem: bytes) -> bytes:
    key = serialization.load_pem_private_key(private_pem, password=None)
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


@dataclass(frozen=True, slots=True)
class SigningKey:
    kid: str
    public_key: Ed25519PublicKey
    private_key: Ed25519PrivateKey | None = None

    def jwk(self) -> dict[str, str]:
        return {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": _b64url(_raw_public(self.public_key)),
            "kid": self.kid,
            "use": "sig",
            "alg": "EdDSA",
        }


@dataclass(frozen=True, slots=True)
class KeyRing:
    active: SigningKey
    previous: tuple[SigningKey, ...] = ()

    @property
    def published(self) -> tuple[SigningKey, ...]:
        return (self.active, *self.previous)

    def public_keys(self) -> dict[str, Ed25519PublicKey]:
        return {key.kid: key.public_key for key in self.published}

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.jwk() for key in self.published]}


def _private_key(pem: bytes) -> SigningKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise KeyConfigurationError("the JWT signing key is not an unencrypted PEM private key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyConfigurationError("the JWT signing key must be an Ed25519 key")
    public = key.public_key()
    return SigningKey(kid=jwk_thumbprint(public), public_key=public, private_key=key)


def _public_keys(bundle: bytes) -> list[SigningKey]:
    keys: list[SigningKey] = []
    for match in _PEM_BLOCK.finditer(bundle):
        block, label = match.group(0), match.group(1)
        public: Any
        if b"PRIVATE" in label:
            public = _private_key(block).public_key
        else:
            try:
                public = serialization.load_pem_public_key(block)
            except ValueError as exc:
                raise KeyConfigurationError("a previous JWT key is not a valid PEM key") from exc
        if not isinstance(public, Ed25519PublicKey):
            raise KeyConfigurationError("previous JWT keys must be Ed25519 keys")
        keys.append(SigningKey(kid=jwk_thumbprint(public), public_key=public))
    return keys


def _dev_key(data_dir: Path) -> bytes:
    path = data_dir / DEV_KEY_FILE
    if path.exists():
        return path.read_bytes()
    data_dir.mkdir(parents=True, exist_ok=True)
    pem = generate_private_key_pem()
    # Two processes starting together must agree on one key and never read a half-written file: the key is written
    # whole to a private temporary file, then hard-linked to its name, which fails if another process got there first
    # (the loser then reads the winner's complete file).
    fd, temporary = tempfile.mkstemp(dir=data_dir, prefix=f".{DEV_KEY_FILE}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        try:
            os.link(temporary, path)
        except FileExistsError:
            return path.read_bytes()
    finally:
        os.unlink(temporary)
    return pem


def load_keyring(
    *,
    signing_pem: bytes | None,
    previous_pems: Iterable[bytes] = (),
    generate_into: Path | None = None,
    ephemeral: bool = False,
) -> KeyRing:
    """Build the key ring. Without a configured key: a dev key file under ``generate_into``, else an ephemeral key
    when ``ephemeral`` (tests), else an error."""
    if signing_pem is None:
        if generate_into is not None:
            signing_pem = _dev_key(generate_into)
        elif ephemeral:
            signing_pem = generate_private_key_pem()
        else:
            raise KeyConfigurationError("no JWT signing key configured (JWT_SIGNING_KEY or JWT_SIGNING_KEY_FILE)")
    active = _private_key(signing_pem)
    previous: list[SigningKey] = []
    seen = {active.kid}
    for bundle in previous_pems:
        for key in _public_keys(bundle):
            if key.kid not in seen:
                seen.add(key.kid)
                previous.append(key)
    return KeyRing(active=active, previous=tuple(previous))
