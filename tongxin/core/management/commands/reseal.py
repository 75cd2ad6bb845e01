"""Re-encrypt every sealed column with the newest key (SEALED_KEYS' first): the step
that lets an old key be dropped (docs/operations.md, "Keys for sealed data")."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from tongxin.core.sealed import reseal_token, sealed_fields

BATCH = 500


class Command(BaseCommand):
    help = "用最新的密钥重新加密所有加密字段（密钥轮换）。"

    def handle(self, *args, **options):
        total = 0
        for model, names in sealed_fields():
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            columns = [model._meta.get_field(n).column for n in names]
            quoted = [connection.ops.quote_name(c) for c in columns]
            # Raw rows: the fields would open the token on read and seal it again on
            # write, which is the same thing with one more copy in memory.
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {pk} FROM {table}")  # noqa: S608
                ids = [row[0] for row in cursor.fetchall()]
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                with transaction.atomic(), connection.cursor() as cursor:
                    marks = ", ".join(["%s"] * len(chunk))
                    cursor.execute(
                        f"SELECT {pk}, {', '.join(quoted)} FROM {table} "  # noqa: S608
                        f"WHERE {pk} IN ({marks})",
                        chunk,
                    )
                    for row in cursor.fetchall():
                        sets, values = [], []
                        for column, value in zip(quoted, row[1:], strict=True):
                            if not value:
                                continue
                            raw = value.encode() if isinstance(value, str) else bytes(value)
                            new = reseal_token(raw)
                            sets.append(f"{column} = %s")
                            values.append(new.decode() if isinstance(value, str) else new)
                        if sets:
                            cursor.execute(
                                f"UPDATE {table} SET {', '.join(sets)} WHERE {pk} = %s",  # noqa: S608
                                [*values, row[0]],
                            )
                            total += 1
            self.stdout.write(f"{model._meta.label}: {len(ids)}")
        self.stdout.write(self.style.SUCCESS(f"已重新加密 {total} 行。"))
