"""Build of the compiled kernels (``renda/textmining/lib/_kernels.pyx``); the rest of the project's
metadata is in ``pyproject.toml``. ``pip install -e .`` runs this (Cython is a build requirement)."""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
        [
            Extension(
                "renda.textmining.lib._kernels",
                ["renda/textmining/lib/_kernels.pyx"],
                extra_compile_args=["-O2", "-ffp-contract=off"],
            )
        ],
        language_level=3,
    )
)
