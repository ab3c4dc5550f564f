#!/usr/bin/env python3
"""Download the corpus listed in sources.tsv into $CORPUS_DIR/files/<id>/repo/<path> (see FETCH.md)."""
import csv, os, sys, urllib.error, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("CORPUS_DIR")


def get(repo, ref, path):
    url = f"https://raw.githubusercontent.com/{repo}/{ref}/{path}"
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.read()
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return None
        raise


def main():
    if not ROOT:
        sys.exit("set CORPUS_DIR to the directory to fill")
    only = set(sys.argv[1:])
    with open(os.path.join(HERE, "sources.tsv")) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for row in rows:
        if only and row["id"] not in only:
            continue
        paths = [row["path"]] + [p for p in row["extra_fetched"].split(",") if p and p != "-"]
        for i, path in enumerate(paths):
            path = path.split(" ")[0].split("@")[0]
            data = get(row["repo"], row["commit"], path)
            if data is None and i > 0:  # an extra stored at another commit
                data = get(row["repo"], "HEAD", path)
            if data is None:
                print(f"{row['id']}: {row['repo']}/{path} not found", file=sys.stderr)
                continue
            out = os.path.join(ROOT, "files", row["id"], "repo", path)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, "wb") as w:
                w.write(data)
        print(row["id"])


if __name__ == "__main__":
    main()
