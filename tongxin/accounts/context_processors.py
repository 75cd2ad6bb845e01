from tongxin.people.models import Role
from tongxin.people.scoping import has_role

# Roles that connect other systems to the platform (an AI camera reporting detections
# for a unit, an attendance system reading people): they see 接口令牌 in their menu.
# A miner never needs it; the page stays at its address for anyone given a token.
API_ROLES = (Role.ADMIN, Role.DEPARTMENT_HEAD, Role.LEADERSHIP)


def uses_api(person) -> bool:
    return has_role(person, *API_ROLES)


def account_menu(request):
    """Whether the account menu offers 接口令牌 (the roles are already loaded for the
    navigation, so this costs no query)."""
    user = getattr(request, "user", None)
    return {"offers_api_tokens": bool(user and user.is_authenticated and uses_api(user))}
