"""ani auth: Accounts, login, refresh sessions, admin accounts, EdDSA access tokens and the JWKS."""
