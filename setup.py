"""Package list for setuptools: everything under platform/ is installed as guichet.*.

The folder itself has no __init__.py (it would shadow the stdlib module `platform`),
so `guichet` is a namespace package mapped onto it by `package-dir` in pyproject.toml.
"""

from setuptools import find_namespace_packages, find_packages, setup

APPS = ["tenants", "cms", "services_catalog", "theming"]

packages = ["guichet"] + [f"guichet.{name}" for name in find_namespace_packages("platform", exclude=["*.__pycache__"])]
packages += find_packages(include=[f"{app}*" for app in APPS])

setup(packages=packages)
