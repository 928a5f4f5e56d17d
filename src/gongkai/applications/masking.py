"""Personal data shown in lists and exports is masked (ID numbers, phones, addresses, e-mail)."""

from __future__ import annotations


def mask_id_number(value: str) -> str:
    """110101199001011234 -> 110101********1234; short codes keep only their ends."""
    value = value.strip()
    if len(value) <= 4:
        return "*" * len(value)
    if len(value) < 10:
        return value[:1] + "*" * (len(value) - 2) + value[-1:]
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """13800138000 -> 138****8000; a landline keeps its area code and last four digits."""
    digits = value.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    if len(digits) == 11 and digits.isdigit():
        return digits[:3] + "****" + digits[-4:]
    return digits[: max(0, len(digits) - 8)] + "****" + digits[-4:]


def mask_address(value: str) -> str:
    """Keep the first six characters (province, city, district), hide the rest."""
    value = value.strip()
    return value if len(value) <= 6 else value[:6] + "****"


def mask_email(value: str) -> str:
    name, at, domain = value.strip().partition("@")
    if not at:
        return mask_id_number(value)
    return (name[:1] + "***" if name else "***") + "@" + domain
