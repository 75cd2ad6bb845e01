"""Create the benchmark's PostgreSQL database if it does not exist yet.

    python bench/createdb.py postgres://postgres@127.0.0.1:5432/tongxin_bench [--recreate]

--recreate drops it first. The bench owns that database, and dropping it is the only way
to start over: the audit log refuses DELETE and TRUNCATE, so `manage.py flush` cannot.
"""

import argparse
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--recreate", action="store_true")
    args = parser.parse_args()
    parts = urlsplit(args.url)
    name = parts.path.lstrip("/")
    if not name or name in ("postgres", "template0", "template1"):
        parser.error(f"not a database the benchmark may own: {name!r}")
    # Connect to the server's maintenance database to create ours.
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if args.recreate:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            print(f"==> dropped database {name}")
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            print(f"==> database {name} exists")
        else:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"==> created database {name}")


if __name__ == "__main__":
    main()
