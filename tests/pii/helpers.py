def found(recognizer, text: str) -> list[str]:
    """The substrings ``recognizer`` reports in ``text``."""
    return [text[m.start : m.end] for m in recognizer.analyze(text)]
