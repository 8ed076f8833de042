"""Who is acting: a signed-in person, or the portal itself. The portal acts
for scheduled publishing, the demo loader, benchmark seeding and management
commands; it is named, never implied by a missing user."""


class SystemActor:
    """The portal itself. It passes permission checks because nobody signed in
    asked for the change; the audit log names it 系统."""

    is_system = True
    is_active = True
    is_authenticated = False
    is_superuser = False
    pk = None
    username = "系统"

    def get_username(self):
        return self.username

    def has_perm(self, permission):
        return True

    def __str__(self):
        return self.username

    def __repr__(self):
        return "SYSTEM"


SYSTEM = SystemActor()


def is_system(actor):
    return actor is SYSTEM


def actor_check(actor):
    """Refuse a missing actor: a workflow step is always someone's (or the system's)."""
    if actor is None:
        raise TypeError("actor is required: a signed-in user or news.editorial.actors.SYSTEM, never None")
    if not is_system(actor) and not getattr(actor, "is_authenticated", False):
        raise TypeError("actor must be a signed-in user or news.editorial.actors.SYSTEM")
    return actor


def actor_user(actor):
    """The user to store in a user field: None for the system."""
    return None if is_system(actor) else actor
