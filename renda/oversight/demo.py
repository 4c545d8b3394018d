"""x"""


def load(*, stdout=None):
    """x"""
