"""Test support shared by the services: the pytest plugin (``ani_common.testing.plugin``) and key helpers."""
