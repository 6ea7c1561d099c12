"""The local stack launcher behind `make dev` and the whole-stack test suite.

It finds or starts PostgreSQL and Redis, creates and migrates the databases, starts every service (any number of
instances each), the projector, the fake providers, the frontend and Traefik, seeds the demo catalog and stops
everything cleanly. `python -m scripts.devstack --help` lists the options.
"""
