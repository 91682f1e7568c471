#!/usr/bin/python3
# -*- coding: utf-8 -*-
"""Correctness oracle: runs Debian's reclass 1.7 on fixture inventories.

For every inventory folder given (as arguments, or one per line in the file
named by --list FILE) this emulates, for each node of that inventory,

    cd <folder> && reclass -b <folder> -o json --nodeinfo <node>

exactly as reclass/cli.py does (reclass-config.yml is read from <folder> only),
with a fresh storage and Core per node, so every node's result equals a separate
CLI run. It prints ONE JSON document:

  { "<folder>": {
        "nodes": { "<node>": {"ok": <nodeinfo>}
                          | {"error": {"type": "<ExceptionClass>", "message": "<str>"}},
                   ... },                      # a node may also carry "warnings": [..]
        "error": null | {"type": ..., "message": ...} } }   # inventory-level failure

The nodeinfo is what `reclass --nodeinfo -o json` prints, minus
__reclass__.timestamp. Non-finite floats are printed as Python's json module does
(NaN, Infinity, -Infinity), which is what the reclass CLI prints too.

Use /usr/bin/python3 (the interpreter Debian's reclass is installed for).
"""
from __future__ import print_function

import collections
import collections.abc

# reclass 1.7 uses collections.Iterable, removed in Python 3.10.
collections.Iterable = collections.abc.Iterable

import argparse
import contextlib
import io
import json
import os
import sys


def _apply_speedups():
    """Pure performance patches; they change no result (checked with --no-speedups):
    - reclass builds a fresh pyparsing grammar for every inventory query it parses
      (parser_funcs.get_expression_parser); the grammar is stateless, build it once;
    - every ReclassException (one ResolveErrorList per Parameters object!) formats
      the current traceback for the CLI's stderr output, which we never print."""
    import functools
    import types
    import traceback
    import reclass.errors
    import reclass.values.parser_funcs as pf
    import reclass.values.invitem as invitem
    cached = functools.lru_cache(maxsize=None)(pf.get_expression_parser)
    pf.get_expression_parser = cached
    invitem.parser_funcs.get_expression_parser = cached
    reclass.errors.traceback = types.SimpleNamespace(
        format_exc=lambda *a, **k: '', format_tb=traceback.format_tb)


def _err(e):
    from reclass.errors import ReclassException
    if isinstance(e, ReclassException):
        try:
            msg = e.message
        except Exception as inner:  # a broken error message is still an error
            msg = '<message failed: {0!r}>'.format(inner)
    else:
        msg = str(e)
    return {'type': type(e).__name__, 'message': msg}


def _setup(folder, nodename):
    """Replicates reclass.cli.main() up to the Core object."""
    from reclass import get_storage
    from reclass.core import Core
    from reclass.settings import Settings
    from reclass.config import find_and_read_configfile, get_options
    from reclass.defaults import OPT_NO_REFS, OPT_PRETTY_PRINT, OPT_OUTPUT
    from reclass.version import RECLASS_NAME, VERSION, DESCRIPTION

    defaults = {'no_refs': OPT_NO_REFS,
                'pretty_print': OPT_PRETTY_PRINT,
                'output': OPT_OUTPUT}
    defaults.update(find_and_read_configfile(dirs=[folder]))
    argv = ['reclass', '-b', folder, '-o', 'json']
    argv += ['--nodeinfo', nodename] if nodename is not None else ['--inventory']
    saved = sys.argv
    sys.argv = argv
    try:
        options = get_options(RECLASS_NAME, VERSION, DESCRIPTION, defaults=defaults)
    finally:
        sys.argv = saved
    storage = get_storage(options.storage_type, options.nodes_uri,
                          options.classes_uri, options.compose_node_name)
    class_mappings = defaults.get('class_mappings')
    defaults.update(vars(options))
    settings = Settings(defaults)
    return storage, Core(storage, class_mappings, settings)


@contextlib.contextmanager
def _captured_stderr():
    buf = io.StringIO()
    old = sys.stderr
    sys.stderr = buf
    try:
        yield buf
    finally:
        sys.stderr = old


def _warnings(buf):
    return [l for l in buf.getvalue().splitlines() if l.strip()]


def run_node(folder, nodename):
    cwd = os.getcwd()
    res = {}
    with _captured_stderr() as buf:
        try:
            os.chdir(folder)
            storage, core = _setup(folder, nodename)
            data = core.nodeinfo(nodename)
            # what the CLI's json outputter does (this is where e.g. datetimes fail)
            text = json.dumps(data)
            data = json.loads(text)
            data.get('__reclass__', {}).pop('timestamp', None)
            res['ok'] = data
        except (Exception, SystemExit) as e:
            res['error'] = _err(e)
        finally:
            os.chdir(cwd)
    w = _warnings(buf)
    if w:
        res['warnings'] = w
    return res


def list_nodes(folder):
    cwd = os.getcwd()
    with _captured_stderr():
        try:
            os.chdir(folder)
            storage, core = _setup(folder, None)
            return sorted(storage.enumerate_nodes()), None
        except (Exception, SystemExit) as e:
            return [], _err(e)
        finally:
            os.chdir(cwd)


def run_folder(folder):
    folder = os.path.abspath(folder)
    nodes, error = list_nodes(folder)
    return folder, {'nodes': collections.OrderedDict((n, run_node(folder, n)) for n in nodes),
                    'error': error}


def _run_folder_worker(folder):
    return run_folder(folder)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('folders', nargs='*', help='inventory folders')
    ap.add_argument('--list', dest='listfile', help='file listing inventory folders, one per line')
    ap.add_argument('--jobs', '-j', type=int, default=1, help='worker processes (default 1)')
    ap.add_argument('--indent', type=int, default=None)
    ap.add_argument('--no-speedups', action='store_true',
                    help='do not apply the result-neutral performance patches')
    args = ap.parse_args(argv)
    if not args.no_speedups:
        _apply_speedups()

    folders = list(args.folders)
    if args.listfile:
        with open(args.listfile, encoding='utf-8') as f:
            folders += [l.strip() for l in f if l.strip() and not l.startswith('#')]

    if args.jobs > 1 and len(folders) > 1:
        import multiprocessing
        with multiprocessing.Pool(args.jobs) as pool:
            results = pool.map(_run_folder_worker, folders, chunksize=1)
    else:
        results = [run_folder(f) for f in folders]

    # keys are the folders as given (absolute when given absolute)
    out = collections.OrderedDict()
    for given, (absf, res) in zip(folders, results):
        out[given] = res
    sys.stdout.write(json.dumps(out, sort_keys=False, indent=args.indent))
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
