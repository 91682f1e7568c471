# Loaded by Python at start-up when tests/oracle is on PYTHONPATH (see ./reclass).
# reclass 1.7 uses collections.Iterable, removed in Python 3.10.
import collections
import collections.abc
if not hasattr(collections, 'Iterable'):
    collections.Iterable = collections.abc.Iterable
