"""What the care resources share: the error maps, a service item as a reference, and
the errors of the services."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Schema

from tongxin.care import services
from tongxin.care.models import ServiceItem

from ..schemas import Error, ValidationErrorOut

READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Error, 409: Error, **READ_ERRORS}


class CareItemRef(Schema):
    id: int = Field(description="服务项目编号")
    title: str = Field(description="服务事项")
    owner: str = Field(description="责任人姓名")
    deadline: date = Field(description="完成期限")
    state: str = Field(description="状态代码：open 服务中 / done 已完成 / cancelled 已取消")
    state_label: str = Field(description="状态名称")
    result: str = Field(description="服务结果；未办结为空")


def item_ref(item: ServiceItem) -> dict:
    return {
        "id": item.pk,
        "title": item.title,
        "owner": item.owner.name,
        "deadline": item.deadline,
        "state": item.state,
        "state_label": str(item.get_state_display()),
        "result": item.result,
    }


SERVICE_ERRORS = (ValidationError, PermissionDenied, services.Conflict, ServiceItem.DoesNotExist)
