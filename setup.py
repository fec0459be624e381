"""Packages for setuptools; everything else is in pyproject.toml.

pyproject.toml alone cannot both discover the package's sub-packages and map the
top-level `knowledge/` and `prompts/` folders into it, so this file lists the packages:
every folder of `assistant/` (namespace discovery, so data folders such as
`render/templates` are packages too and setuptools warns about none), plus the two
folders shipped as `assistant/_data/knowledge` and `assistant/_data/prompts`.
`assistant/resources.py` finds them there once installed. Which files go in is
`[tool.setuptools.package-data]` in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

DATA = {"assistant._data.knowledge": "knowledge", "assistant._data.prompts": "prompts"}


def data_packages() -> list[str]:
    packages = []
    for package, folder in DATA.items():
        packages.append(package)
        packages += [f"{package}.{sub}" for sub in find_namespace_packages(where=folder)]
    return packages


setup(
    packages=[
        *find_namespace_packages(include=["assistant", "assistant.*"], exclude=["*.__pycache__"]),
        *data_packages(),
    ],
    package_dir=DATA,
)
