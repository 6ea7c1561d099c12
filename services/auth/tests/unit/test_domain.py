from __future__ import annotations

import hashlib

import pytest

from ani_auth.domain.errors import PasswordPolicyError
from ani_auth.domain.passwords import check_new_password, check_password_length, common_passwords
from ani_auth.domain.sessions import RefreshTokenState, digest_refresh_token, new_refresh_token


class TestPasswordPolicy:
    @pytest.mark.parametrize("password", ["h7#kq2!vz", "é" * 36, "x" * 72])
    def test_accepts(self, password: str) -> None:
        assert check_new_password(password) == password

    @pytest.mark.parametrize(
        ("password", "message"),
        [("1234567", "at least 8 characters"), ("x" * 73, "at most 72 bytes"), ("é" * 37, "at most 72 bytes")],
    )
    def test_refuses(self, password: str, message: str) -> None:
        with pytest.raises(PasswordPolicyError, match=message):
            check_new_password(password)

    @pytest.mark.parametrize("password", ["password1", "Password1", "  QWERTYUIOP  ", "iloveyou", "1q2w3e4r5t"])
    def test_refuses_common_passwords(self, password: str) -> None:
        with pytest.raises(PasswordPolicyError, match="Password is too common"):
            check_new_password(password)

    def test_the_common_password_list_is_packaged(self) -> None:
        listed = common_passwords()
        assert len(listed) > 8000
        assert all(len(password) >= 8 and password == password.lower() for password in listed)

    def test_login_passwords_only_have_the_byte_limit(self) -> None:
        assert check_password_length("x") == "x"
        with pytest.raises(PasswordPolicyError):
            check_password_length("😀" * 19)


class TestRefreshTokens:
    def test_new_tokens_are_43_url_safe_characters_and_their_sha256(self) -> None:
        token, digest = new_refresh_token()
        assert len(token) == 43
        assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        assert digest == hashlib.sha256(token.encode()).digest() == digest_refresh_token(token)
        assert new_refresh_token()[0] != token

    def test_reuse_means_rotated_in_a_live_family(self) -> None:
        import uuid

        family = uuid.uuid4()
        rotated = RefreshTokenState(1, family, rotated=True, revoked=False, expired=False)
        assert rotated.is_reuse
        assert not rotated.usable
        revoked = RefreshTokenState(1, family, rotated=True, revoked=True, expired=False)
        assert not revoked.is_reuse
        live = RefreshTokenState(1, family, rotated=False, revoked=False, expired=False)
        assert live.usable
        assert not live.is_reuse
