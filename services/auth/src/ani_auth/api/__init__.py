"""Inbound HTTP: FastAPI routers, request/response schemas, dependencies, the one error map."""
