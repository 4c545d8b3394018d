def load(*a, **k):
    return None
