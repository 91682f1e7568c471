"""Runs the executor's unit tests (test_*.py beside this file) as `python3 -m unittest discover`
does, and also writes their results as JUnit XML, the format build.ps1 counts and CI reads.

    python3 tests/Executor/junit.py out/test-results/python.xml

Exit code 0 when every test passed (skips allowed), 1 otherwise.
"""
import sys
import time
import traceback
import unittest
import xml.etree.ElementTree as ET
from os import path


class RecordingResult(unittest.TextTestResult):
    """A TextTestResult that also keeps (class, name, seconds, outcome, message, detail) per test."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = []
        self._started = {}

    def startTest(self, test):
        self._started[test.id()] = time.time()
        super().startTest(test)

    def _record(self, test, outcome, message="", detail=""):
        seconds = time.time() - self._started.get(test.id(), time.time())
        test_id = test.id()
        # A class or module that failed to load or set up reports as one case (unittest's
        # _ErrorHolder / _FailedTest): its id has no method part to split off.
        classname, _, name = test_id.rpartition(".")
        self.cases.append((classname or test_id, name or test_id, seconds, outcome, message, detail))

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, "passed")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "failure", str(err[1]).splitlines()[0] if str(err[1]) else err[0].__name__,
                     "".join(traceback.format_exception(*err)))

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "error", "%s: %s" % (err[0].__name__, err[1]), "".join(traceback.format_exception(*err)))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "skipped", reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._record(test, "passed")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._record(test, "failure", "unexpected success")


def junit(cases, seconds):
    suite = ET.Element("testsuite", name="executor (python3 unittest)", tests=str(len(cases)),
                       failures=str(sum(1 for c in cases if c[3] == "failure")),
                       errors=str(sum(1 for c in cases if c[3] == "error")),
                       skipped=str(sum(1 for c in cases if c[3] == "skipped")), time="%.3f" % seconds)
    for classname, name, secs, outcome, message, detail in cases:
        case = ET.SubElement(suite, "testcase", classname=classname, name=name, time="%.3f" % secs)
        if outcome in ("failure", "error"):
            ET.SubElement(case, outcome, message=message[:500]).text = detail
        elif outcome == "skipped":
            ET.SubElement(case, "skipped", message=message[:500])
    root = ET.Element("testsuites")
    root.append(suite)
    return ET.ElementTree(root)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: python3 tests/Executor/junit.py RESULTS.xml\n")
        return 2
    here = path.dirname(path.abspath(__file__))
    tests = unittest.defaultTestLoader.discover(here, pattern="test_*.py", top_level_dir=here)
    started = time.time()
    result = unittest.TextTestRunner(resultclass=RecordingResult, verbosity=1).run(tests)
    junit(result.cases, time.time() - started).write(argv[1], encoding="utf-8", xml_declaration=True)
    return 0 if result.wasSuccessful() and result.testsRun > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
