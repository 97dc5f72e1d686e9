"""Writers' self-check for one part file (temporary; `python -m eval.corpus check` replaces it)."""
import collections, sys
from stancesum.format import read_jsonl

recs = read_jsonl(sys.argv[1])
problems = 0
stances = collections.Counter()
for r in recs:
    words = len(r.text.split())
    if not 250 <= words <= 900: print(f"{r.id}: {words} words (want 250-900)"); problems += 1
    if len(r.summary.split()) > 60 or not r.summary: print(f"{r.id}: summary has {len(r.summary.split())} words"); problems += 1
    lines = r.text.split("\n")
    for a in r.actors:
        stances[a.stance] += 1
        if not any(n in r.text for n in [a.name, *a.aliases]): print(f"{r.id}: actor {a.name!r}: neither name nor alias occurs"); problems += 1
        for al in a.aliases:
            if al not in r.text: print(f"{r.id}: alias {al!r} of {a.name!r} not in text"); problems += 1
        if not a.evidence: print(f"{r.id}: actor {a.name!r} has no evidence"); problems += 1
        for e in a.evidence:
            if e not in r.text: print(f"{r.id}: evidence of {a.name!r} not in text: {e[:60]!r}"); problems += 1
        if a.confidence is not None: print(f"{r.id}: gold confidence must be null"); problems += 1
    for j in r.junk_lines or []:
        if not lines[j].strip(): print(f"{r.id}: junk line {j} is blank"); problems += 1
    if r.meta.get("synthetic") is not True: print(f"{r.id}: meta.synthetic must be true"); problems += 1
print(f"{len(recs)} records, stances {dict(stances)}, {problems} problems")
