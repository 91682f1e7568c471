#!/usr/bin/python3
"""Time Debian's reclass 1.7 rendering every node of an inventory, in-process.

    /usr/bin/python3 bench/reclass_inprocess.py INVENTORY [--runs N] [--budget SECONDS] [--limit N] [--dump DIR]

Each run creates the yaml_fs storage (with the memcache proxy, as reclass.get_storage
does) and one Core, then calls Core.nodeinfo for every node in sorted order - what a
salt master does with one reclass instance. Python start-up and imports are not timed;
storage creation (directory walk), YAML parsing and rendering are. Reads
INVENTORY/reclass-config.yml when present, as reclass does from its working directory.
Prints JSON.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time

# reclass 1.7 uses collections.Iterable, removed in Python 3.10
import collections
import collections.abc
collections.Iterable = collections.abc.Iterable

sys.path.insert(0, '/usr/lib/python3/dist-packages')
import yaml  # noqa: E402
import reclass  # noqa: E402
from reclass import get_storage, get_path_mangler  # noqa: E402
from reclass.core import Core  # noqa: E402
from reclass.settings import Settings  # noqa: E402
from reclass.version import VERSION  # noqa: E402


def load_config(inventory):
    path = os.path.join(inventory, 'reclass-config.yml')
    if os.path.exists(path):
        with open(path) as f:
            return yaml.safe_load(f) or {}
    return {}


def open_core(inventory, config):
    storage_type = config.get('storage_type', 'yaml_fs')
    nodes_uri, classes_uri = get_path_mangler(storage_type)(
        inventory, config.get('nodes_uri', 'nodes'), config.get('classes_uri', 'classes'))
    storage = get_storage(storage_type, nodes_uri, classes_uri, config.get('compose_node_name', False))
    settings = Settings(dict(config))
    return Core(storage, config.get('class_mappings'), settings), storage


def render_all(inventory, config, limit=None, keep=False):
    """Returns (names, total classes, {name: nodeinfo} if keep, seconds spent on nodes with inventory queries, count)."""
    core, storage = open_core(inventory, config)
    queries = [0]
    query_names = []
    get_inventory = core._get_inventory

    def counting_get_inventory(*args, **kwargs):   # one call per node that has $[ ] queries
        queries[0] += 1
        return get_inventory(*args, **kwargs)
    core._get_inventory = counting_get_inventory

    names = sorted(storage.enumerate_nodes())
    if limit:
        names = names[:limit]
    out = {}
    classes = 0
    query_time = 0.0
    for n in names:
        before = queries[0]
        t0 = time.perf_counter()
        info = core.nodeinfo(n)
        if queries[0] != before:
            query_time += time.perf_counter() - t0
            query_names.append(n)
        classes += len(info['classes'])
        if keep:
            out[n] = info
    return names, classes, out, query_time, query_names


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('inventory')
    ap.add_argument('--runs', type=int, default=1)
    ap.add_argument('--budget', type=float, default=0,
                    help='seconds: start no further run if it would likely end after this budget')
    ap.add_argument('--limit', type=int, default=0, help='render only the first N nodes (sorted)')
    ap.add_argument('--dump', help='write <node>.json (nodeinfo without timestamp) of the first run here')
    a = ap.parse_args()
    inventory = os.path.abspath(a.inventory)
    config = load_config(inventory)

    times, query_times = [], []
    names, classes, infos, query_names = [], 0, {}, []
    for i in range(a.runs):
        if times and a.budget and sum(times) + statistics.mean(times) > a.budget:
            print('budget of %.0f s reached after %d run(s)' % (a.budget, len(times)), file=sys.stderr)
            break
        keep = bool(a.dump) and i == 0
        t0 = time.perf_counter()
        names, classes, out, qt, query_names = render_all(inventory, config, a.limit, keep)
        times.append(time.perf_counter() - t0)
        query_times.append(qt)
        if keep:
            infos = out
        print('run %d: %.2f s (%.2f s in %d nodes with inventory queries)' % (i + 1, times[-1], qt, len(query_names)), file=sys.stderr)

    if a.dump:
        os.makedirs(a.dump, exist_ok=True)
        for n, info in infos.items():
            info['__reclass__'].pop('timestamp', None)
            with open(os.path.join(a.dump, n + '.json'), 'w') as f:
                json.dump(info, f, indent=1)

    median = statistics.median(times)
    print(json.dumps({
        'renderer': 'reclass %s (in-process, Core.nodeinfo per node)' % VERSION,
        'reclass_version': VERSION,
        'python': platform.python_version(),
        'inventory': inventory,
        'nodes': len(names),
        'classes_total': classes,
        'avg_classes_per_node': round(classes / len(names), 2) if names else 0,
        'runs': [round(t, 3) for t in times],
        'median_s': round(median, 3),
        'min_s': round(min(times), 3),
        'nodes_per_s': round(len(names) / median, 2) if median else None,
        'nodes_with_inventory_queries': query_names,
        'median_s_in_nodes_with_inventory_queries': round(statistics.median(query_times), 3),
    }, indent=2))


if __name__ == '__main__':
    main()
