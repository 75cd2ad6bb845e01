"""Every write to organisations, people and roles, each in a transaction with its audit row."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit

from .models import KIND_TREE, ROLE_TREE, Organisation, OrgKind, Person, Role, RoleAssignment, Tree
from .pinyin import pinyin_keys

PERSON_AUDIT_FIELDS = (
    "employee_no",
    "name",
    "unit",
    "party_org",
    "union_org",
    "post",
    "phone",
    "id_number",
    "political_status",
    "union_member",
    "skill_grade",
    "hire_date",
    "is_active",
)


def set_name(person: Person, name: str) -> None:
    """Set the name and the pinyin search keys that go with it."""
    person.name = name
    person.name_pinyin, person.name_initials = pinyin_keys(name)


@transaction.atomic
def org_create(
    *,
    actor: Person | None,
    name: str,
    kind: OrgKind,
    parent: Organisation | None = None,
    unit: Organisation | None = None,
) -> Organisation:
    name = name.strip()
    if not name:
        raise ValidationError(_("请填写组织名称。"))
    tree = KIND_TREE[OrgKind(kind)]
    if parent is not None and parent.tree != tree:
        raise ValidationError(_("上级组织必须在同一棵树上。"))
    if tree == Tree.UNIT and unit is not None:
        raise ValidationError(_("行政单位不挂靠其他单位。"))
    if tree != Tree.UNIT and (unit is None or unit.tree != Tree.UNIT):
        raise ValidationError(_("党组织和工会组织必须挂靠一个行政单位。"))
    fields = {"name": name, "kind": kind, "tree": tree, "unit": unit}
    if parent is None:
        org = Organisation.objects.add_root(fields)
    else:
        org = Organisation.objects.add_child(parent, fields)
    audit.record(
        action="people.org.created",
        actor=actor,
        obj=org,
        after=audit.snapshot(org, ["name", "kind", "tree", "unit"]),
    )
    return org


@transaction.atomic
def person_create(*, actor: Person | None, employee_no: str, name: str, **fields) -> Person:
    person = Person(employee_no=employee_no.strip(), **fields)
    set_name(person, name.strip())
    person.set_unusable_password()
    person.full_clean(exclude=["password"])
    person.save()
    audit.record(
        action="people.person.created",
        actor=actor,
        obj=person,
        after=audit.snapshot(person, PERSON_AUDIT_FIELDS),
    )
    return person


@transaction.atomic
def person_update(*, actor: Person | None, person: Person, **changes) -> Person:
    """Change the named fields; others stay as they are. Locks the row (no lost updates)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = audit.snapshot(person, PERSON_AUDIT_FIELDS)
    if "name" in changes:
        set_name(person, changes.pop("name").strip())
    for field, value in changes.items():
        setattr(person, field, value)
    person.full_clean(exclude=["password"])
    after = audit.snapshot(person, PERSON_AUDIT_FIELDS)
    old, new = audit.diff(before, after)
    if not new:
        return person
    fields = list(new) + (["name_pinyin", "name_initials"] if "name" in new else [])
    person.save(update_fields=[Person._meta.get_field(f).name for f in fields])
    audit.record(action="people.person.updated", actor=actor, obj=person, before=old, after=new)
    return person


@transaction.atomic
def role_assign(
    *, actor: Person | None, person: Person, role: Role, organisation: Organisation
) -> RoleAssignment:
    if organisation.tree != ROLE_TREE[Role(role)]:
        raise ValidationError(
            _("%(role)s须在%(tree)s中任职。")
            % {"role": Role(role).label, "tree": Tree(ROLE_TREE[Role(role)]).label}
        )
    assignment, created = RoleAssignment.objects.get_or_create(
        person=person, role=role, organisation=organisation
    )
    if created:
        audit.record(
            action="people.role.assigned",
            actor=actor,
            obj=person,
            after={"role": role, "organisation": organisation.pk},
        )
    return assignment


@transaction.atomic
def role_revoke(*, actor: Person | None, assignment: RoleAssignment) -> None:
    person = assignment.person
    data = {"role": assignment.role, "organisation": assignment.organisation_id}
    RoleAssignment.objects.filter(pk=assignment.pk).delete()
    audit.record(action="people.role.revoked", actor=actor, obj=person, before=data)
