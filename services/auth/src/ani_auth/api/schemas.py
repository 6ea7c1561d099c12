"""Request and response schemas (API only).

Field names and shapes are the replaced system's, with the changes of docs/contract.md 9 to 15.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, StrictBool

from ani_auth.domain.passwords import check_new_password, check_password_length

__all__ = [
    "AdminLoginRequest",
    "AdminPasswordChangeRequest",
    "AdminRead",
    "AdminUpdateRequest",
    "ErrorBody",
    "ErrorEnvelope",
    "LoginRequest",
    "MessageResponse",
    "PasswordChangeRequest",
    "RegisterRequest",
    "SessionRead",
    "TokenResponse",
    "UserRead",
]

#: A password being set: 8 characters at least, 72 UTF-8 bytes at most (422 beyond, never truncated).
NewPassword = Annotated[str, AfterValidator(check_new_password)]
#: A password being checked: anything bcrypt can check (72 UTF-8 bytes at most).
CheckedPassword = Annotated[str, AfterValidator(check_password_length)]


class RegisterRequest(BaseModel):
    email: EmailStr
    password: NewPassword


class LoginRequest(BaseModel):
    email: EmailStr
    password: CheckedPassword


class AdminLoginRequest(BaseModel):
    email: EmailStr
    password: Annotated[str, Field(min_length=8), AfterValidator(check_password_length)]


class PasswordChangeRequest(BaseModel):
    current_password: CheckedPassword
    new_password: NewPassword


class AdminPasswordChangeRequest(BaseModel):
    current_password: CheckedPassword
    new_password: NewPassword


class AdminUpdateRequest(BaseModel):
    """``is_active: false`` disables the admin: every session ends and their access tokens stop working."""

    model_config = ConfigDict(extra="forbid")

    is_active: StrictBool


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type, not a secret


class MessageResponse(BaseModel):
    message: str


class UserRead(BaseModel):
    email: str
    id: int
    is_active: bool
    created_at: datetime


class AdminRead(BaseModel):
    id: int
    email: str
    username: str
    is_active: bool
    created_at: datetime


class SessionRead(BaseModel):
    """A live session: one per login, kept across refreshes."""

    id: UUID
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    user_agent: str | None
    ip: str | None
    current: bool = Field(description="true for the session of the refresh cookie sent with this request")


class ErrorBody(BaseModel):
    code: str
    message: str
    trace_id: str


class ErrorEnvelope(BaseModel):
    error: ErrorBody
