"""A software security key for tests: makes the registration and sign-in answers a real one
would (packed "none" attestation, P-256 ECDSA), so the actions are tested on the real format."""

import hashlib
import json
import secrets
from dataclasses import dataclass, field

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import bytes_to_base64url

UP_UV = 0x01 | 0x04
ATTESTED = 0x40


def _client_data(kind: str, challenge: bytes, origin: str) -> bytes:
    data = {"type": kind, "challenge": bytes_to_base64url(challenge), "origin": origin}
    return json.dumps(data).encode()


@dataclass
class SoftKey:
    rp_id: str
    origin: str
    sign_count: int = 0
    credential_id: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )

    def _auth_data(self, flags: int) -> bytes:
        rp_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_hash + bytes([flags]) + self.sign_count.to_bytes(4, "big")

    def _cose(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        x, y = numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")
        return bytes(cbor2.dumps({1: 2, 3: -7, -1: 1, -2: x, -3: y}))

    def register(self, challenge: bytes) -> str:
        attested = bytes(16) + len(self.credential_id).to_bytes(2, "big") + self.credential_id
        auth_data = self._auth_data(UP_UV | ATTESTED) + attested + self._cose()
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = _client_data("webauthn.create", challenge, self.origin)
        response = {"clientDataJSON": client_data, "attestationObject": attestation}
        return self._answer(response)

    def sign(self, challenge: bytes, *, sign_count: int | None = None) -> str:
        self.sign_count = self.sign_count + 1 if sign_count is None else sign_count
        auth_data = self._auth_data(UP_UV)
        client_data = _client_data("webauthn.get", challenge, self.origin)
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        response = {
            "clientDataJSON": client_data,
            "authenticatorData": auth_data,
            "signature": signature,
        }
        return self._answer(response)

    def _answer(self, response: dict[str, bytes]) -> str:
        credential_id = bytes_to_base64url(self.credential_id)
        encoded = {name: bytes_to_base64url(value) for name, value in response.items()}
        answer = {
            "id": credential_id,
            "rawId": credential_id,
            "type": "public-key",
            "response": encoded,
        }
        return json.dumps(answer)
