"""How staff are named to each other: 张编辑, not the sign-in name bianji2."""


def person_name(user, default="系统"):
    """The person's name as an office writes it (family name first, no space),
    falling back to the sign-in name for accounts without one."""
    if user is None:
        return default
    family, given = user.last_name.strip(), user.first_name.strip()
    if (family + given).isascii():
        return " ".join(part for part in (given, family) if part) or user.get_username()
    return f"{family}{given}"
