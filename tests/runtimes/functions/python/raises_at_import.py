def _fail():
    raise ValueError("boom at import")


_fail()
