#!/usr/bin/python3
"""Compare our rendered nodes with reclass 1.7 on a sample of nodes.

    /usr/bin/python3 bench/compare_sample.py INVENTORY OURS_DIR [--sample 25] [--all] [--nodes a,b]

OURS_DIR holds <node>.json = ModelJson.Serialize(RenderedNode.ToNodeInfo()), as written by
`McpModule.Bench INVENTORY --dump OURS_DIR`. The sample is evenly spaced over the sorted
node names (the first node is always in it; in generated inventories that is a node with
inventory queries). reclass renders the sample in-process with one storage/Core. Values
are compared strictly: bool, int and float are different types, lists are ordered, dict
key order is ignored (reclass orders inventory-query results by directory walk order).
__reclass__.timestamp is dropped on both sides. Prints JSON; exit code 1 on any difference.
"""
import argparse
import json
import os
import sys

import collections
import collections.abc
collections.Iterable = collections.abc.Iterable   # reclass 1.7 on Python >= 3.10

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reclass_inprocess  # noqa: E402


def diff(a, b, path, out, limit=20):
    """Appends 'path: reclass=... ours=...' strings for every difference (up to limit)."""
    if len(out) >= limit:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if k not in b:
                out.append('%s: key %r only in reclass' % (path, k))
            else:
                diff(a[k], b[k], '%s:%s' % (path, k) if path else str(k), out, limit)
        for k in b:
            if k not in a:
                out.append('%s: key %r only in ours' % (path, k))
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append('%s: list length reclass=%d ours=%d; reclass=%s ours=%s'
                       % (path, len(a), len(b), short(a), short(b)))
            return
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, '%s[%d]' % (path, i), out, limit)
        return
    if type(a) is not type(b) or a != b:
        out.append('%s: reclass=%s (%s) ours=%s (%s)' % (path, short(a), type(a).__name__, short(b), type(b).__name__))


def short(v, n=160):
    s = json.dumps(v)
    return s if len(s) <= n else s[:n] + '...'


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('inventory')
    ap.add_argument('ours')
    ap.add_argument('--sample', type=int, default=25)
    ap.add_argument('--all', action='store_true')
    ap.add_argument('--nodes', help='comma-separated node names to compare instead of a sample')
    a = ap.parse_args()
    inventory = os.path.abspath(a.inventory)

    core, storage = reclass_inprocess.open_core(inventory, reclass_inprocess.load_config(inventory))
    names = sorted(storage.enumerate_nodes())
    if a.nodes:
        sample = [n.strip() for n in a.nodes.split(',') if n.strip()]
    elif a.all or a.sample >= len(names):
        sample = names
    else:
        sample = sorted({names[i * len(names) // a.sample] for i in range(a.sample)})

    report = {'inventory': inventory, 'compared': len(sample), 'equal': 0, 'different': {}, 'errors': {}}
    for n in sample:
        ours_path = os.path.join(a.ours, n + '.json')
        if not os.path.exists(ours_path):
            report['errors'][n] = 'ours: no %s' % ours_path
            continue
        with open(ours_path, encoding='utf-8') as f:
            ours = json.load(f)
        try:
            theirs = json.loads(json.dumps(core.nodeinfo(n)))
        except Exception as e:  # noqa: BLE001 - a reclass failure is a finding too
            report['errors'][n] = 'reclass: %s: %s' % (type(e).__name__, e)
            continue
        for d in (ours, theirs):
            d.get('__reclass__', {}).pop('timestamp', None)
        found = []
        diff(theirs, ours, '', found)
        if found:
            report['different'][n] = found
        else:
            report['equal'] += 1
    print(json.dumps(report, indent=2))
    return 0 if report['equal'] == len(sample) else 1


if __name__ == '__main__':
    sys.exit(main())
