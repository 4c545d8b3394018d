def register_all() -> None:
    """Placeholder replaced below."""
