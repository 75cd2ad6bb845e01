"""Print locust's CSV statistics as a table: requests, req/s and percentiles per page.

    python bench/report.py var/bench/run_stats.csv [--signin var/bench/signin.json]

The sign-ins, measured apart (see locustfile.py), follow on their own lines.

Rows whose p95 is over the target are marked. Locust rounds percentiles above 100 ms to
two significant figures, so 150 reads as "between 145 and 155".
"""

import argparse
import csv
import json
import os
import unicodedata

LIST_PAGES = ("people list", "search", "study desk", "ranking", "missed meetings")


def pad(text: str, width: int) -> str:
    """Left-justify, counting a Chinese character as two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def ms(value: str) -> float:
    return float(value) if value not in ("", "N/A") else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("stats_csv")
    parser.add_argument("--target-ms", type=float, default=150)
    parser.add_argument("--signin", default="")
    args = parser.parse_args()
    with open(args.stats_csv, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    header = (
        f"{'page':<28}{'requests':>9}{'fails':>7}{'req/s':>8}"
        f"{'p50':>7}{'p95':>7}{'p99':>7}{'max':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        name = row["Name"]
        if not int(row["Request Count"]):
            continue  # the sign-ins, whose figures were reset; they are printed below
        if name == "Aggregated":
            print("-" * len(header))
        p95 = ms(row["95%"])
        flag = ""
        if name.startswith(LIST_PAGES) and p95 > args.target_ms:
            flag = f"  > {args.target_ms:.0f} ms"
        print(
            f"{pad(name, 28)}{int(row['Request Count']):>9}{int(row['Failure Count']):>7}"
            f"{float(row['Requests/s']):>8.1f}{ms(row['50%']):>7.0f}{p95:>7.0f}"
            f"{ms(row['99%']):>7.0f}{float(row['Max Response Time']):>8.0f}{flag}"
        )
    if args.signin and os.path.exists(args.signin):
        with open(args.signin, encoding="utf-8") as f:
            sign_ins = json.load(f)
        print("sign-ins, all at the start, before the figures above were taken:")
        for name, s in sign_ins.items():
            print(
                f"{pad(name, 28)}{s['count']:>9}{'':>7}{'':>8}{s['p50']:>7.0f}{s['p95']:>7.0f}"
                f"{'':>7}{s['max']:>8.0f}"
            )
    print("(times in milliseconds)")


if __name__ == "__main__":
    main()
