"""x"""


def register_all() -> None:
    """x"""
