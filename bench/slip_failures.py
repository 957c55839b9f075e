"""Pinyin-with-one-slip misses by class (issue 13), from `bench/quality.py --json` output:

    python bench/quality.py --index IX --draw issue --seed 15 --forms slip --json /tmp/q15.json
    python bench/slip_failures.py /tmp/q15.json [more.json ...]

Counted over the words whose characters find their paragraph (the slip form's reachable misses):
the letters read as other words and were not corrected; corrected, and the word meant searched but
ranked past ten; corrected, the word meant only offered a click away; corrected to readings
without it. Each class with the slip kinds and a few examples."""
import collections
import json
import sys


def classify(read: str, word: str) -> str:
    if "corrected" not in read:
        return "spells other words, uncorrected"
    searched = read.split("(also")[0]
    if word in searched:
        return "corrected, word searched, ranked past ten"
    if word in read:
        return "corrected, word only offered"
    return "corrected, word not among the readings"


def main(paths: list[str]) -> None:
    for path in paths:
        failures = dict(json.load(open(path, encoding="utf-8"))["failures"])
        unreachable = {r["item"] for r in failures.get("simplified", []) if not r["found"]}
        counts, kinds, examples = collections.Counter(), collections.defaultdict(collections.Counter), collections.defaultdict(list)
        for r in failures.get("slip", []):
            if r["found"] or r["item"] in unreachable:
                continue
            cls = classify(r["read"], r["norm"])
            counts[cls] += 1
            kinds[cls][r["slip_kind"]] += 1
            examples[cls].append(f"{r['typed']}→{r['norm']}")
        print(f"{path}: {sum(counts.values())} reachable misses")
        for cls, n in counts.most_common():
            print(f"  {n:3d}  {cls}  ({', '.join(f'{k} {v}' for k, v in kinds[cls].most_common())})  e.g. {' '.join(examples[cls][:6])}")


if __name__ == "__main__":
    main(sys.argv[1:])
