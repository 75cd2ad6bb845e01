"""The sign-in backend: Django's own, loading the person with their unit.

Every staff page scopes by the viewer's unit (people_visible_to asks whether the viewer
is inside their own reach), so the unit is fetched with the person in one query
rather than lazily in a second one on every request.
"""

from django.contrib.auth.backends import ModelBackend

from tongxin.people.models import Person


class PersonBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            person = Person._default_manager.select_related("unit").get(pk=user_id)
        except Person.DoesNotExist:
            return None
        return person if self.user_can_authenticate(person) else None
