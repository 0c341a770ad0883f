"""Placeholder until this family lands."""


def recognizers() -> list:
    return []
