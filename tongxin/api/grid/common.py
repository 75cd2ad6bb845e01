"""What the grid's resources share: the error maps, a person as a reference, the
errors of the services and a person looked up by id."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Schema

from tongxin.core.workflow import Conflict
from tongxin.grid.models import GridTask
from tongxin.people.models import Person

from ..schemas import Error, ValidationErrorOut

READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Error, 409: Error, **READ_ERRORS}


class PersonRef(Schema):
    id: int = Field(description="人员编号")
    name: str = Field(description="姓名")


class RecordRef(Schema):
    id: int = Field(description="编号")
    name: str = Field(description="名称")


def person_ref(person: Person | None) -> dict | None:
    return {"id": person.pk, "name": person.name} if person is not None else None


SERVICE_ERRORS = (ValidationError, PermissionDenied, Conflict, GridTask.DoesNotExist)


def person_or_404(pk: int) -> Person:
    person = Person.objects.select_related("unit").filter(pk=pk).first()
    if person is None:
        raise Http404
    return person
