"""Unit tests of the node executor (McpModule/States/Executor/mcp_state.py), standard library only.

Every test works in a temporary folder and needs no root. The file handlers (file, directory,
symlink, line), cmd and the requisites run for real there. The handlers that act on the system
(pkg, service, user, group, sysctl, apt_repo) run against stub commands (apt-get, dpkg-query,
apt-cache, systemctl, groupadd, useradd, sysctl, ...) put first on PATH: the stubs record how they
were called and answer from files in the temporary folder (apt-get also writes a dpkg status file
there, which the executor reads as it reads dpkg's), so these tests show what the executor
decides, which commands it runs with which arguments and how it reads their answers -- not that
apt or systemd behave as the stubs do (the lab suites, tests/Pester/States.Tests.ps1, run the real
ones). Users and groups are looked up through the pwd/grp modules, which these tests replace
(unittest.mock) where a test needs a user or group the machine does not have. The pure parts (APT
source lines, apt-cache policy, apt-get's fetch warnings) are tested directly.

Run: python3 -m unittest discover -s tests/Executor  (build.ps1 -Task Test runs them through
tests/Executor/junit.py, which also writes JUnit XML).
"""
import errno
import grp
import importlib.util
import io
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EXECUTOR = os.path.join(REPO, "McpModule", "States", "Executor", "mcp_state.py")
PROTOCOL = os.path.join(HERE, "protocol.json")


def load_executor():
    spec = importlib.util.spec_from_file_location("mcp_state", EXECUTOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sys.dont_write_bytecode = True   # no __pycache__ beside the shipped executor
m = load_executor()

with open(PROTOCOL, encoding="utf-8") as f:
    GOLDEN = json.load(f)


RUN = {"id": "20261203T120000Z-abcdef", "user": "ops", "host": "ci01"}


def resource(i, id, type_fn, name, args=None, require=(), watch=(), onchanges=()):
    """A plan resource with exactly the keys NodeScript.PlanJson writes (protocol.json)."""
    t, fn = type_fn.split(".", 1)
    return {"i": i, "id": id, "type": t, "fn": fn, "name": name, "args": dict(args or {}),
            "require": list(require), "watch": list(watch), "onchanges": list(onchanges)}


STUBS = {
    # systemctl: units' state in $MCP_STUB/units/<unit>.{active,enabled}, a unit file state other
    # than enabled/disabled in <unit>.filestate; $MCP_STUB/fail-<verb> makes that verb fail
    "systemctl": r'''
q=""; [ "$2" = --quiet ] && q=1
case "$1" in
  show)
    [ -e "$MCP_STUB/fail-show" ] && exit 1
    unit=$6
    if [ -e "$MCP_STUB/units/$unit.active" ]; then echo ActiveState=active; else echo ActiveState=inactive; fi
    if [ -e "$MCP_STUB/units/$unit.filestate" ]; then echo "UnitFileState=$(cat "$MCP_STUB/units/$unit.filestate")"
    elif [ -e "$MCP_STUB/units/$unit.enabled" ]; then echo UnitFileState=enabled; else echo UnitFileState=disabled; fi
    exit 0 ;;
  is-active) [ -e "$MCP_STUB/units/$3.active" ]; exit $? ;;
  is-enabled) [ -e "$MCP_STUB/units/$3.enabled" ]; exit $? ;;
  status) echo "* $4 - stub unit"; echo "   Active: failed"; exit 3 ;;
esac
if [ -e "$MCP_STUB/fail-$1" ]; then echo "Job for $2 failed." >&2; exit 1; fi
case "$1" in
  start|restart) touch "$MCP_STUB/units/$2.active" ;;
  stop) rm -f "$MCP_STUB/units/$2.active" ;;
  enable) touch "$MCP_STUB/units/$2.enabled" ;;
  disable) rm -f "$MCP_STUB/units/$2.enabled" ;;
esac
''',
    # dpkg-query -W -f FORMAT name: installed packages are $MCP_STUB/pkgs/<name> holding the version
    "dpkg-query": r'''
name=$4
if [ -e "$MCP_STUB/pkgs/$name" ]; then printf 'install ok installed\t%s' "$(cat "$MCP_STUB/pkgs/$name")"; exit 0; fi
echo "dpkg-query: no packages found matching $name" >&2; exit 1
''',
    # apt-cache policy name: the candidate from $MCP_STUB/candidates/<name>
    "apt-cache": r'''
name=$2
echo "$name:"
echo "  Installed: (none)"
if [ -e "$MCP_STUB/candidates/$name" ]; then echo "  Candidate: $(cat "$MCP_STUB/candidates/$name")"; else echo "  Candidate: (none)"; fi
''',
    # apt-get update prints $MCP_STUB/update-output and fails when $MCP_STUB/update-fails exists;
    # install name[=version] ... installs the versions asked or the candidates, all or none as
    # apt does; remove removes; both then write dpkg's status file from $MCP_STUB/pkgs (dpkg_status)
    "apt-get": r'''
case "$1" in
  update)
    [ -e "$MCP_STUB/update-output" ] && cat "$MCP_STUB/update-output"
    if [ -e "$MCP_STUB/update-fails" ]; then echo "E: update failed" >&2; exit 100; fi
    exit 0 ;;
  install)
    shift; specs=""
    while [ $# -gt 0 ]; do case "$1" in -o) shift ;; -*) ;; *) specs="$specs $1" ;; esac; shift; done
    for spec in $specs; do
      name=${spec%%=*}; version=${spec#*=}
      [ "$version" = "$spec" ] && version=$(cat "$MCP_STUB/candidates/$name" 2>/dev/null)
      if [ -z "$version" ]; then echo "E: Unable to locate package $name" >&2; exit 100; fi
    done
    for spec in $specs; do
      name=${spec%%=*}; version=${spec#*=}
      [ "$version" = "$spec" ] && version=$(cat "$MCP_STUB/candidates/$name" 2>/dev/null)
      echo "$version" > "$MCP_STUB/pkgs/$name"
    done ;;
  remove)
    for name in "$@"; do :; done
    rm -f "$MCP_STUB/pkgs/$name" ;;
esac
mkdir -p "$MCP_STUB/dpkg"
for f in "$MCP_STUB"/pkgs/*; do
  [ -e "$f" ] || continue
  printf 'Package: %s\nStatus: install ok installed\nArchitecture: amd64\nVersion: %s\n\n' "${f##*/}" "$(cat "$f")"
done > "$MCP_STUB/dpkg/status.new" && mv "$MCP_STUB/dpkg/status.new" "$MCP_STUB/dpkg/status"
''',
    # sysctl -w key=value writes the fake /proc/sys file, unless $MCP_STUB/sysctl-denied
    "sysctl": r'''
kv=$2; key=${kv%%=*}; value=${kv#*=}
if [ -e "$MCP_STUB/sysctl-denied" ]; then echo "sysctl: permission denied on key \"$key\"" >&2; exit 255; fi
echo "$value" > "$MCP_STUB/proc/sys/$(echo "$key" | tr . /)"
''',
}
for _tool in ("groupadd", "groupmod", "groupdel", "useradd", "usermod", "userdel"):
    STUBS[_tool] = ""


class ExecutorTest(unittest.TestCase):
    """A temporary node folder (self.node), stub commands first on PATH, and a run helper."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="mcp-executor-test-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.node = os.path.join(self.tmp, "node")
        self.stub = os.path.join(self.tmp, "stub")
        for d in (self.node, os.path.join(self.stub, "bin"), os.path.join(self.stub, "units"), os.path.join(self.stub, "pkgs"),
                  os.path.join(self.stub, "candidates"), os.path.join(self.stub, "proc", "sys"), os.path.join(self.stub, "dpkg", "updates")):
            os.makedirs(d)
        self.write(os.path.join(self.stub, "dpkg", "status"), "")
        self.log = os.path.join(self.stub, "calls.log")
        for name, body in STUBS.items():
            path = os.path.join(self.stub, "bin", name)
            with open(path, "w") as f:
                f.write('#!/bin/sh\necho "%s $*" >> "$MCP_STUB/calls.log"\n%s' % (name, body))
            os.chmod(path, 0o755)
        self.env = dict(os.environ, PATH=os.path.join(self.stub, "bin") + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"), MCP_STUB=self.stub)

    def p(self, *parts):
        return os.path.join(self.node, *parts)

    def candidate(self, name, version):
        self.write(os.path.join(self.stub, "candidates", name), version)

    def installed(self, name, version):
        """name at version as both dpkg-query's stub and dpkg's status file have it."""
        self.write(os.path.join(self.stub, "pkgs", name), version)
        with open(os.path.join(self.stub, "dpkg", "status"), "a") as f:
            f.write("Package: %s\nStatus: install ok installed\nArchitecture: amd64\nVersion: %s\n\n" % (name, version))

    def context(self):
        ctx = m.Context(env=self.env)
        ctx.backup_dir = os.path.join(self.tmp, "backup")
        ctx.apt_sources_dir = self.p("etc", "apt", "sources.list.d")
        ctx.apt_keyrings_dir = self.p("etc", "apt", "keyrings")
        ctx.sysctl_dir = self.p("etc", "sysctl.d")
        ctx.proc_sys = os.path.join(self.stub, "proc", "sys")
        ctx.lock_path = os.path.join(self.tmp, "mcp-state.lock")
        ctx.dpkg_status = os.path.join(self.stub, "dpkg", "status")
        ctx.dpkg_updates = os.path.join(self.stub, "dpkg", "updates")
        return ctx

    def run_plan(self, resources, whatif=False):
        """The results main() printed, as dicts; checks the lines are the protocol's and end with the end mark."""
        out = io.StringIO()
        m.main({"whatif": whatif, "run": RUN, "resources": resources}, out, self.context())
        lines = out.getvalue().split("\n")
        self.assertEqual(m.END_MARK, lines[-2])
        self.assertEqual("", lines[-1])
        results = []
        for line in lines[:-2]:
            self.assertTrue(line.startswith(m.RESULT_MARK), line)
            results.append(json.loads(line[len(m.RESULT_MARK):]))
        self.assertEqual([r["i"] for r in resources], [r["i"] for r in results])
        return results

    def apply(self, type_fn, name, args=None, whatif=False):
        return self.run_plan([resource(0, "res", type_fn, name, args)], whatif)[0]

    def write(self, path, data, mode=None):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        if mode is not None:
            os.chmod(path, mode)

    def read(self, path):
        with open(path, "rb") as f:
            return f.read()

    def snapshot(self, root=None):
        """Every entry under root: kind, mode, content or link target (what -WhatIf must not change)."""
        root = root or self.node
        seen = {}
        for d, dirs, files in os.walk(root):
            for n in dirs + files:
                full = os.path.join(d, n)
                st = os.lstat(full)
                if stat.S_ISLNK(st.st_mode):
                    seen[full] = ("link", os.readlink(full))
                elif stat.S_ISDIR(st.st_mode):
                    seen[full] = ("dir", st.st_mode)
                else:
                    seen[full] = ("file", st.st_mode, self.read(full))
        return seen

    def calls(self):
        try:
            with open(self.log) as f:
                return f.read().splitlines()
        except FileNotFoundError:
            return []

    def assertNoTemporaryFiles(self, *folders):
        for folder in folders or (self.node,):
            for d, dirs, files in os.walk(folder):
                left = [n for n in dirs + files if n.startswith(".mcp-")]
                self.assertEqual([], left, "temporary files left in %s" % d)


class ProtocolTests(ExecutorTest):
    """The executor's side of tests/Executor/protocol.json (NodeScriptTests checks the controller's)."""

    def test_the_markers_are_the_protocols(self):
        self.assertEqual(GOLDEN["resultMark"], m.RESULT_MARK)
        self.assertEqual(GOLDEN["endMark"], m.END_MARK)
        self.assertEqual(GOLDEN["busyMark"], m.BUSY_MARK)
        self.assertEqual(GOLDEN["noteMark"], m.NOTE_MARK)
        self.assertEqual(GOLDEN["runKeys"], list(m.RUN_KEYS))

    def test_the_results_keys_and_functions_are_the_protocols(self):
        self.assertEqual(GOLDEN["results"], list(m.RESULTS))
        self.assertEqual(GOLDEN["resultKeys"], list(m.RESULT_KEYS))
        self.assertEqual(GOLDEN["planKeys"], list(m.PLAN_KEYS))
        self.assertEqual(GOLDEN["resourceKeys"], list(m.RESOURCE_KEYS))
        self.assertEqual(GOLDEN["functions"], m.functions())

    def test_each_result_line_is_the_mark_and_one_object_of_the_result_keys_then_the_end_mark(self):
        plan = {"whatif": False, "run": RUN, "resources": [resource(0, "a", "file.managed", self.p("a"), {"contents": "x\n"}),
                                               resource(1, "b", "cmd.run", "exit 3", require=[0]),
                                               resource(2, "c", "cmd.run", "true", require=[1])]}
        self.assertEqual(set(GOLDEN["planKeys"]), set(plan))
        for r in plan["resources"]:
            self.assertEqual(set(GOLDEN["resourceKeys"]), set(r))
        out = io.StringIO()
        m.main(plan, out, self.context())
        lines = out.getvalue().split("\n")
        self.assertEqual([GOLDEN["endMark"], ""], lines[-2:])
        seen = []
        for line in lines[:-2]:
            self.assertTrue(line.startswith(GOLDEN["resultMark"]), line)
            obj = json.loads(line[len(GOLDEN["resultMark"]):])
            self.assertEqual(set(GOLDEN["resultKeys"]), set(obj))
            self.assertIn(obj["result"], GOLDEN["results"])
            self.assertIsInstance(obj["ms"], int)
            seen.append((obj["i"], obj["result"]))
        self.assertEqual([(0, "Changed"), (1, "Failed"), (2, "Skipped")], seen)

    def test_importing_the_executor_runs_nothing(self):
        out = io.StringIO()
        with mock.patch.object(sys, "stdout", out):
            load_executor()
        self.assertEqual("", out.getvalue())

    def test_the_shipped_program_runs_main_on_its_plan(self):
        # what NodeScript.Program sends: the executor, the plan, main(PLAN)
        target = self.p("shipped")
        plan = {"whatif": False, "run": RUN, "resources": [resource(0, "a", "file.managed", target, {"contents": "shipped\n"})]}
        with open(EXECUTOR) as f:
            program = "%s\nimport json\nPLAN = json.loads(%s)\nmain(PLAN)\n" % (f.read(), json.dumps(json.dumps(plan)))
        import subprocess
        p = subprocess.run([sys.executable, "-c", program], stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        self.assertEqual(0, p.returncode, p.stderr)
        self.assertTrue(p.stdout.startswith(m.RESULT_MARK + "{"), p.stdout)
        self.assertTrue(p.stdout.endswith(m.END_MARK + "\n"), p.stdout)
        self.assertEqual(b"shipped\n", self.read(target))

    def test_a_function_the_executor_does_not_have_fails_that_resource_alone(self):
        results = self.run_plan([resource(0, "a", "file.copy", self.p("a")), resource(1, "b", "cmd.run", "true")])
        self.assertEqual("Failed", results[0]["result"])
        self.assertEqual("the executor has no file.copy", results[0]["comment"])
        self.assertEqual("Changed", results[1]["result"])

    def test_an_unexpected_error_fails_the_resource_with_its_type(self):
        broken = mock.Mock(side_effect=ValueError("boom"))
        with mock.patch.dict(m.HANDLERS, {"cmd": (broken, ("run",))}):
            r = self.apply("cmd.run", "true")
        self.assertEqual(("Failed", "ValueError: boom"), (r["result"], r["comment"]))


class FileManagedTests(ExecutorTest):

    def test_a_new_file_is_written_with_its_contents_and_the_diff_from_nothing(self):
        path = self.p("etc", "app.conf")
        r = self.apply("file.managed", path, {"contents": "a\nb\n"})
        self.assertEqual("Changed", r["result"])
        self.assertEqual("written", r["comment"])
        self.assertEqual("--- /dev/null\n+++ b%s\n@@ -0,0 +1,2 @@\n+a\n+b" % path, r["changes"])
        self.assertEqual(b"a\nb\n", self.read(path))
        self.assertEqual(0o644, stat.S_IMODE(os.stat(path).st_mode))
        self.assertNoTemporaryFiles()

    def test_a_file_as_wanted_is_unchanged(self):
        path = self.p("f")
        self.write(path, "same\n")
        r = self.apply("file.managed", path, {"contents": "same\n"})
        self.assertEqual(("Unchanged", None, "up to date"), (r["result"], r["changes"], r["comment"]))

    def test_a_changed_file_is_replaced_keeping_its_mode_and_the_old_one_as_a_backup(self):
        path = self.p("etc", "secret")
        self.write(path, "old\n", 0o600)
        r = self.apply("file.managed", path, {"contents": "new\n"})
        self.assertEqual("Changed", r["result"])
        self.assertIn("-old\n+new", r["changes"])
        self.assertTrue(r["changes"].startswith("--- a%s\n+++ b%s\n" % (path, path)), r["changes"])
        self.assertEqual(b"new\n", self.read(path))
        self.assertEqual(0o600, stat.S_IMODE(os.stat(path).st_mode))
        backups = os.listdir(os.path.join(self.tmp, "backup") + os.path.dirname(path))
        self.assertEqual(1, len(backups))
        bak = os.path.join(self.tmp, "backup") + os.path.dirname(path) + "/" + backups[0]
        self.assertTrue(backups[0].startswith("secret."))
        self.assertEqual("written, the old file kept as " + bak, r["comment"])
        self.assertEqual(b"old\n", self.read(bak))
        self.assertEqual(0o600, stat.S_IMODE(os.stat(bak).st_mode))
        self.assertNoTemporaryFiles(self.node, os.path.join(self.tmp, "backup"))

    def test_backup_false_keeps_no_copy(self):
        path = self.p("f")
        self.write(path, "old\n")
        r = self.apply("file.managed", path, {"contents": "new\n", "backup": False})
        self.assertEqual("written", r["comment"])
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "backup")))

    def test_mode_user_and_group_are_set_and_shown(self):
        path = self.p("f")
        self.write(path, "x\n", 0o644)
        me = pwd.getpwuid(os.getuid()).pw_name
        mine = grp.getgrgid(os.getgid()).gr_name
        r = self.apply("file.managed", path, {"contents": "x\n", "mode": "0600", "user": me, "group": mine})
        self.assertEqual(("Changed", "mode 0644 -> 0600", "attributes set"), (r["result"], r["changes"], r["comment"]))
        self.assertEqual(0o600, stat.S_IMODE(os.stat(path).st_mode))
        again = self.apply("file.managed", path, {"contents": "x\n", "mode": "0600", "user": me, "group": mine})
        self.assertEqual("Unchanged", again["result"])

    def test_a_new_file_gets_the_mode_asked_for_from_its_first_byte(self):
        path = self.p("key")
        seen = []
        real_fchmod = os.fchmod

        def fchmod(fd, mode):
            seen.append(mode)
            real_fchmod(fd, mode)
        with mock.patch.object(m.os, "fchmod", fchmod):
            r = self.apply("file.managed", path, {"contents": "k\n", "mode": "0600"})
        self.assertEqual("Changed", r["result"])
        self.assertEqual("--- /dev/null\n+++ b%s\n@@ -0,0 +1 @@\n+k\nmode none -> 0600" % path, r["changes"])
        self.assertEqual([0o600], seen, "the temporary file gets the mode before the rename")
        self.assertEqual(0o600, stat.S_IMODE(os.stat(path).st_mode))

    def test_show_changes_false_hides_the_diff(self):
        path = self.p("keyring")
        self.write(path, "key = s3cret-before\n")
        r = self.apply("file.managed", path, {"contents": "key = s3cret-after\n", "show_changes": False})
        self.assertEqual("content changed (diff hidden)", r["changes"])
        self.assertNotIn("s3cret", json.dumps(r))

    def test_missing_folders_are_made_unless_makedirs_is_false(self):
        made = self.p("a", "b", "c")
        self.assertEqual("Changed", self.apply("file.managed", made, {"contents": "x"})["result"])
        self.assertEqual(b"x", self.read(made))
        r = self.apply("file.managed", self.p("x", "y"), {"contents": "x", "makedirs": False})
        self.assertEqual(("Failed", "the directory %s does not exist" % self.p("x")), (r["result"], r["comment"]))
        self.assertFalse(os.path.exists(self.p("x")))

    def test_a_directory_in_the_way_fails(self):
        os.makedirs(self.p("d"))
        r = self.apply("file.managed", self.p("d"), {"contents": "x"})
        self.assertEqual(("Failed", "%s is a directory" % self.p("d")), (r["result"], r["comment"]))

    def test_whatif_shows_the_same_changes_and_writes_nothing(self):
        self.write(self.p("changed"), "old\n", 0o640)
        before = self.snapshot()
        plan = [resource(0, "new", "file.managed", self.p("new", "file"), {"contents": "n\n"}),
                resource(1, "changed", "file.managed", self.p("changed"), {"contents": "new\n", "mode": "0600"})]
        results = self.run_plan(plan, whatif=True)
        self.assertEqual(["Changed", "Changed"], [r["result"] for r in results])
        self.assertEqual(["would write", "would write"], [r["comment"] for r in results])
        self.assertIn("+n", results[0]["changes"])
        self.assertIn("-old\n+new", results[1]["changes"])
        self.assertTrue(results[1]["changes"].endswith("\nmode 0640 -> 0600"))
        self.assertEqual(before, self.snapshot())
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "backup")))
        applied = self.run_plan(plan)
        self.assertEqual([r["changes"] for r in results], [r["changes"] for r in applied], "-WhatIf shows the diff the run makes")

    def test_an_unknown_user_fails_the_write_and_leaves_the_file(self):
        path = self.p("f")
        self.write(path, "old\n")
        r = self.apply("file.managed", path, {"contents": "new\n", "user": "mcp-no-such-user"})
        self.assertEqual("Failed", r["result"])
        self.assertIn("unknown user or group", r["comment"])
        self.assertEqual(b"old\n", self.read(path))
        self.assertNoTemporaryFiles()


class FileAbsentTests(ExecutorTest):

    def test_a_file_a_link_and_a_tree_are_removed(self):
        self.write(self.p("f"), "x")
        os.symlink("/nowhere", self.p("l"))
        self.write(self.p("t", "a", "b"), "x")
        for name in ("f", "l", "t"):
            r = self.apply("file.absent", self.p(name))
            self.assertEqual(("Changed", "present -> absent", "removed"), (r["result"], r["changes"], r["comment"]))
            self.assertFalse(os.path.lexists(self.p(name)))

    def test_nothing_there_is_unchanged_and_whatif_removes_nothing(self):
        self.assertEqual(("Unchanged", "absent"), tuple(self.apply("file.absent", self.p("none"))[k] for k in ("result", "comment")))
        self.write(self.p("t", "f"), "x")
        before = self.snapshot()
        r = self.apply("file.absent", self.p("t"), whatif=True)
        self.assertEqual(("Changed", "would: removed"), (r["result"], r["comment"]))
        self.assertEqual(before, self.snapshot())


class DirectoryTests(ExecutorTest):

    def test_a_directory_is_made_with_its_parents_and_mode_then_is_unchanged(self):
        path = self.p("a", "b")
        r = self.apply("directory.present", path, {"mode": "0750"})
        self.assertEqual(("Changed", "absent -> directory", "created"), (r["result"], r["changes"], r["comment"]))
        self.assertEqual(0o750, stat.S_IMODE(os.stat(path).st_mode))
        self.assertEqual(("Unchanged", "present"), tuple(self.apply("directory.present", path, {"mode": "0750"})[k] for k in ("result", "comment")))

    def test_a_mode_change_is_shown_and_set(self):
        os.makedirs(self.p("d"))
        os.chmod(self.p("d"), 0o755)
        r = self.apply("directory.present", self.p("d"), {"mode": "0700"})
        self.assertEqual(("Changed", "mode 0755 -> 0700", "attributes set"), (r["result"], r["changes"], r["comment"]))
        self.assertEqual(0o700, stat.S_IMODE(os.stat(self.p("d")).st_mode))

    def test_a_file_in_the_way_or_a_missing_parent_without_makedirs_fails(self):
        self.write(self.p("f"), "x")
        r = self.apply("directory.present", self.p("f"))
        self.assertEqual(("Failed", "%s exists and is not a directory" % self.p("f")), (r["result"], r["comment"]))
        r = self.apply("directory.present", self.p("no", "d"), {"makedirs": False})
        self.assertEqual(("Failed", "the parent of %s does not exist" % self.p("no", "d")), (r["result"], r["comment"]))

    def test_whatif_makes_nothing(self):
        os.makedirs(self.p("d"))
        os.chmod(self.p("d"), 0o755)
        before = self.snapshot()
        results = self.run_plan([resource(0, "a", "directory.present", self.p("new")),
                                 resource(1, "b", "directory.present", self.p("d"), {"mode": "0700"})], whatif=True)
        self.assertEqual([("Changed", "would: created"), ("Changed", "would: attributes set")], [(r["result"], r["comment"]) for r in results])
        self.assertEqual(before, self.snapshot())


class SymlinkTests(ExecutorTest):

    def test_a_link_is_made_then_unchanged_then_pointed_elsewhere(self):
        path = self.p("localtime")
        r = self.apply("symlink.present", path, {"target": "/usr/share/zoneinfo/UTC"})
        self.assertEqual(("Changed", "absent -> /usr/share/zoneinfo/UTC", "linked"), (r["result"], r["changes"], r["comment"]))
        self.assertEqual("/usr/share/zoneinfo/UTC", os.readlink(path))
        self.assertEqual("points to /usr/share/zoneinfo/UTC", self.apply("symlink.present", path, {"target": "/usr/share/zoneinfo/UTC"})["comment"])
        r = self.apply("symlink.present", path, {"target": "/usr/share/zoneinfo/CET"})
        self.assertEqual("/usr/share/zoneinfo/UTC -> /usr/share/zoneinfo/CET", r["changes"])
        self.assertEqual("/usr/share/zoneinfo/CET", os.readlink(path))
        self.assertNoTemporaryFiles()

    def test_a_file_in_the_way_fails_unless_force_and_force_replaces_a_file_or_a_directory(self):
        self.write(self.p("f"), "x")
        r = self.apply("symlink.present", self.p("f"), {"target": "/t"})
        self.assertEqual(("Failed", "%s exists and is not a symlink (force: true replaces it)" % self.p("f")), (r["result"], r["comment"]))
        self.assertEqual(b"x", self.read(self.p("f")))
        self.write(self.p("d", "inner"), "x")
        for name in ("f", "d"):
            r = self.apply("symlink.present", self.p(name), {"target": "/t", "force": True})
            self.assertEqual(("Changed", "absent -> /t"), (r["result"], r["changes"]))
            self.assertEqual("/t", os.readlink(self.p(name)))
        self.assertNoTemporaryFiles()

    def test_a_link_is_replaced_by_a_rename_never_removed_first(self):
        os.symlink("/old", self.p("l"))
        with mock.patch.object(m.os, "remove", side_effect=AssertionError("removed")):
            r = self.apply("symlink.present", self.p("l"), {"target": "/new"})
        self.assertEqual("Changed", r["result"], r["comment"])
        self.assertEqual("/new", os.readlink(self.p("l")))

    def test_whatif_links_nothing(self):
        os.symlink("/old", self.p("l"))
        before = self.snapshot()
        results = self.run_plan([resource(0, "a", "symlink.present", self.p("l"), {"target": "/new"}),
                                 resource(1, "b", "symlink.present", self.p("n"), {"target": "/new"})], whatif=True)
        self.assertEqual([("Changed", "/old -> /new", "would: linked"), ("Changed", "absent -> /new", "would: linked")],
                         [(r["result"], r["changes"], r["comment"]) for r in results])
        self.assertEqual(before, self.snapshot())


class LineTests(ExecutorTest):

    def test_present_appends_a_missing_line_and_then_is_unchanged(self):
        path = self.p("locale.gen")
        self.write(path, "# a\nb\n", 0o640)
        r = self.apply("line.present", path, {"content": "en_US.UTF-8 UTF-8"})
        self.assertEqual(("Changed", "+ en_US.UTF-8 UTF-8", "edited"), (r["result"], r["changes"], r["comment"]))
        self.assertEqual(b"# a\nb\nen_US.UTF-8 UTF-8\n", self.read(path))
        self.assertEqual(0o640, stat.S_IMODE(os.stat(path).st_mode), "the file keeps its mode")
        r = self.apply("line.present", path, {"content": "en_US.UTF-8 UTF-8"})
        self.assertEqual(("Unchanged", "present"), (r["result"], r["comment"]))
        self.assertNoTemporaryFiles()

    def test_present_with_match_replaces_the_first_matching_line(self):
        path = self.p("f")
        self.write(path, "a\n# en_US.UTF-8 UTF-8\nx\n# en_US.UTF-8 UTF-8\n")
        r = self.apply("line.present", path, {"content": "en_US.UTF-8 UTF-8", "match": "^# *en_US.UTF-8 "})
        self.assertEqual("- # en_US.UTF-8 UTF-8\n+ en_US.UTF-8 UTF-8", r["changes"])
        self.assertEqual(b"a\nen_US.UTF-8 UTF-8\nx\n# en_US.UTF-8 UTF-8\n", self.read(path))

    def test_a_missing_file_fails_unless_create_which_makes_it_and_its_folders(self):
        path = self.p("etc", "network", "interfaces")
        r = self.apply("line.present", path, {"content": "source x"})
        self.assertEqual(("Failed", "%s does not exist (create: true makes it)" % path), (r["result"], r["comment"]))
        self.assertFalse(os.path.exists(self.p("etc")))
        r = self.apply("line.present", path, {"content": "source x", "create": True})
        self.assertEqual("Changed", r["result"], r["comment"])
        self.assertEqual(b"source x\n", self.read(path))
        self.assertEqual(0o644, stat.S_IMODE(os.stat(path).st_mode))

    def test_absent_removes_equal_or_matching_lines(self):
        path = self.p("f")
        self.write(path, "keep\ndrop\nkeep2\n#x 1\n#x 2\n")
        r = self.apply("line.absent", path, {"content": "drop"})
        self.assertEqual(("Changed", "- drop"), (r["result"], r["changes"]))
        r = self.apply("line.absent", path, {"match": "^#x"})
        self.assertEqual(("Changed", "- #x 1\n- #x 2"), (r["result"], r["changes"]))
        self.assertEqual(b"keep\nkeep2\n", self.read(path))
        self.assertEqual(("Unchanged", "absent"), tuple(self.apply("line.absent", path, {"content": "drop"})[k] for k in ("result", "comment")))
        self.assertEqual(("Unchanged", "no file"), tuple(self.apply("line.absent", self.p("none"), {"content": "x"})[k] for k in ("result", "comment")))

    def test_removing_every_line_leaves_an_empty_file(self):
        path = self.p("f")
        self.write(path, "only\n")
        self.apply("line.absent", path, {"content": "only"})
        self.assertEqual(b"", self.read(path))

    def test_bytes_that_are_not_utf8_are_kept(self):
        path = self.p("f")
        self.write(path, b"caf\xe9 latin-1\n")
        self.apply("line.present", path, {"content": "new"})
        self.assertEqual(b"caf\xe9 latin-1\nnew\n", self.read(path))

    def test_a_line_through_a_symlink_edits_the_file_and_keeps_the_link(self):
        real = self.p("real.conf")
        self.write(real, "a\n", 0o600)
        os.symlink("real.conf", self.p("link.conf"))
        r = self.apply("line.present", self.p("link.conf"), {"content": "b"})
        self.assertEqual("Changed", r["result"], r["comment"])
        self.assertEqual("real.conf", os.readlink(self.p("link.conf")))
        self.assertEqual(b"a\nb\n", self.read(real))
        self.assertEqual(0o600, stat.S_IMODE(os.stat(real).st_mode))
        self.assertNoTemporaryFiles()

    def test_whatif_edits_nothing(self):
        self.write(self.p("f"), "a\nold\n")
        before = self.snapshot()
        results = self.run_plan([resource(0, "a", "line.present", self.p("f"), {"content": "b"}),
                                 resource(1, "b", "line.absent", self.p("f"), {"content": "old"}),
                                 resource(2, "c", "line.present", self.p("new", "f"), {"content": "n", "create": True})], whatif=True)
        self.assertEqual([("Changed", "+ b", "would: edited"), ("Changed", "- old", "would: edited"), ("Changed", "+ n", "would: edited")],
                         [(r["result"], r["changes"], r["comment"]) for r in results])
        self.assertEqual(before, self.snapshot())


class CmdTests(ExecutorTest):

    def test_a_command_runs_with_sh_in_its_cwd_and_its_output_is_the_comment(self):
        os.makedirs(self.p("work"))
        r = self.apply("cmd.run", "pwd; echo hi > made", {"cwd": self.p("work")})
        self.assertEqual(("Changed", "ran: pwd; echo hi > made", self.p("work")), (r["result"], r["changes"], r["comment"]))
        self.assertEqual(b"hi\n", self.read(self.p("work", "made")))

    def test_a_failing_command_fails_with_its_exit_code_and_output(self):
        r = self.apply("cmd.run", "echo out; echo bad >&2; exit 7")
        self.assertEqual(("Failed", "exited with 7: bad"), (r["result"], r["comment"]))

    def test_creates_unless_and_onlyif_keep_a_command_from_running(self):
        self.write(self.p("done"), "")
        marker = self.p("ran")
        cases = [({"creates": self.p("done")}, "%s exists" % self.p("done")),
                 ({"unless": "true"}, "unless succeeded"),
                 ({"onlyif": "false"}, "onlyif failed")]
        for args, comment in cases:
            r = self.apply("cmd.run", "touch " + marker, args)
            self.assertEqual(("Unchanged", None, comment), (r["result"], r["changes"], r["comment"]), args)
        self.assertFalse(os.path.exists(marker))
        for args in ({"creates": self.p("missing")}, {"unless": "false"}, {"onlyif": "true"}):
            os.makedirs(self.node, exist_ok=True)
            self.assertEqual("Changed", self.apply("cmd.run", "touch " + marker, args)["result"], args)
            self.assertTrue(os.path.exists(marker))
            os.remove(marker)

    def test_whatif_runs_the_checks_and_never_the_command(self):
        marker, check = self.p("ran"), self.p("checked")
        r = self.apply("cmd.run", "touch " + marker, {"onlyif": "touch %s; true" % check}, whatif=True)
        self.assertEqual(("Changed", "would run: touch " + marker, "would run"), (r["result"], r["changes"], r["comment"]))
        self.assertFalse(os.path.exists(marker))
        self.assertTrue(os.path.exists(check), "unless and onlyif run under -WhatIf, as documented")
        r = self.apply("cmd.run", "touch " + marker, {"unless": "true"}, whatif=True)
        self.assertEqual("Unchanged", r["result"])


class RequisiteTests(ExecutorTest):

    def test_require_on_a_failed_resource_skips_and_the_skip_carries_on_the_rest_runs(self):
        results = self.run_plan([
            resource(0, "bad", "cmd.run", "exit 1"),
            resource(1, "needs_bad", "cmd.run", "touch " + self.p("x"), require=[0]),
            resource(2, "needs_skipped", "cmd.run", "touch " + self.p("y"), watch=[1]),
            resource(3, "free", "cmd.run", "touch " + self.p("z"))])
        self.assertEqual(["Failed", "Skipped", "Skipped", "Changed"], [r["result"] for r in results])
        self.assertEqual("requisite failed: bad", results[1]["comment"])
        self.assertEqual("requisite failed: needs_bad", results[2]["comment"])
        self.assertEqual([False, False, True], [os.path.exists(self.p(n)) for n in "xyz"])

    def test_onchanges_runs_only_after_a_change(self):
        path = self.p("f")
        plan = [resource(0, "conf", "file.managed", path, {"contents": "x\n"}),
                resource(1, "reload", "cmd.run", "echo >> " + self.p("reloads"), onchanges=[0])]
        first = self.run_plan(plan)
        self.assertEqual(["Changed", "Changed"], [r["result"] for r in first])
        second = self.run_plan(plan)
        self.assertEqual([("Unchanged", "up to date"), ("Unchanged", "no changes in onchanges requisites")],
                         [(r["result"], r["comment"]) for r in second])
        self.assertEqual(b"\n", self.read(self.p("reloads")))

    def test_a_watched_change_restarts_a_running_service(self):
        self.write(os.path.join(self.stub, "units", "ssh.active"), "")
        self.write(os.path.join(self.stub, "units", "ssh.enabled"), "")
        plan = [resource(0, "conf", "file.managed", self.p("sshd_config"), {"contents": "Port 22\n"}),
                resource(1, "svc", "service.running", "ssh", {"enable": True}, watch=[0])]
        checked = self.run_plan(plan, whatif=True)
        self.assertEqual(("Changed", "restart (watch: conf)", "would: restart"), (checked[1]["result"], checked[1]["changes"], checked[1]["comment"]))
        self.assertNotIn("systemctl restart ssh", self.calls())
        applied = self.run_plan(plan)
        self.assertEqual(("Changed", "restart (watch: conf)", "restart"), (applied[1]["result"], applied[1]["changes"], applied[1]["comment"]))
        self.assertIn("systemctl restart ssh", self.calls())
        again = self.run_plan(plan)
        self.assertEqual(("Unchanged", "running"), (again[1]["result"], again[1]["comment"]))
        self.assertEqual(1, self.calls().count("systemctl restart ssh"))


class ServiceTests(ExecutorTest):
    """systemctl is a stub (see the module's docstring)."""

    def test_a_dead_disabled_service_is_started_and_enabled(self):
        r = self.apply("service.running", "chrony", {"enable": True})
        self.assertEqual(("Changed", "dead -> running\ndisabled -> enabled", "start, enable"), (r["result"], r["changes"], r["comment"]))
        self.assertEqual(["systemctl show -p ActiveState -p UnitFileState chrony", "systemctl start chrony", "systemctl enable chrony"], self.calls())
        self.assertEqual(("Unchanged", "running"), tuple(self.apply("service.running", "chrony", {"enable": True})[k] for k in ("result", "comment")))

    def test_dead_stops_and_disables(self):
        for f in ("x.active", "x.enabled"):
            self.write(os.path.join(self.stub, "units", f), "")
        r = self.apply("service.dead", "x", {"enable": False})
        self.assertEqual(("Changed", "running -> dead\nenabled -> disabled", "stop, disable"), (r["result"], r["changes"], r["comment"]))
        self.assertFalse(os.path.exists(os.path.join(self.stub, "units", "x.active")))

    def test_a_failed_start_fails_with_systemctls_message_and_status(self):
        self.write(os.path.join(self.stub, "fail-start"), "")
        r = self.apply("service.running", "bad")
        self.assertEqual("Failed", r["result"])
        self.assertTrue(r["comment"].startswith("systemctl start bad failed: Job for bad failed."), r["comment"])
        self.assertIn("Active: failed", r["comment"])

    def test_whatif_only_asks(self):
        r = self.apply("service.running", "chrony", {"enable": True}, whatif=True)
        self.assertEqual(("Changed", "would: start, enable"), (r["result"], r["comment"]))
        self.assertEqual(["systemctl show -p ActiveState -p UnitFileState chrony"], self.calls())


class PkgTests(ExecutorTest):
    """dpkg-query, apt-cache and apt-get are stubs (see the module's docstring)."""

    def test_installed_installs_a_missing_package_once_after_one_update(self):
        self.candidate("htop", "3.2.2-2")
        r = self.apply("pkg.installed", "htop")
        self.assertEqual(("Changed", "absent -> 3.2.2-2", "installed"), (r["result"], r["changes"], r["comment"]))
        self.assertIn("apt-get update -q", self.calls())
        self.assertIn("apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold htop", self.calls())
        r = self.apply("pkg.installed", "htop")
        self.assertEqual(("Unchanged", "installed: 3.2.2-2"), (r["result"], r["comment"]))

    def test_installed_with_a_version_pins_it(self):
        self.installed("vim", "1")
        r = self.apply("pkg.installed", "vim", {"version": "2"})
        self.assertEqual(("Changed", "1 -> 2"), (r["result"], r["changes"]))
        self.assertIn(" ".join(m.apt_install_args("vim=2")), self.calls())
        self.assertEqual("apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold vim=2", " ".join(m.apt_install_args("vim=2")))

    def test_one_update_per_run_however_many_packages(self):
        for n in ("a", "b"):
            self.candidate(n, "1")
        results = self.run_plan([resource(0, "a", "pkg.installed", "a"), resource(1, "b", "pkg.latest", "b")])
        self.assertEqual(["Changed", "Changed"], [r["result"] for r in results])
        self.assertEqual(1, self.calls().count("apt-get update -q"))

    def test_latest_installs_the_candidate_and_a_package_apt_does_not_have_fails(self):
        self.installed("a", "1")
        self.candidate("a", "2")
        r = self.apply("pkg.latest", "a")
        self.assertEqual(("Changed", "1 -> 2", "installed the candidate"), (r["result"], r["changes"], r["comment"]))
        self.assertEqual(("Unchanged", "latest: 2"), tuple(self.apply("pkg.latest", "a")[k] for k in ("result", "comment")))
        r = self.apply("pkg.latest", "nope")
        self.assertEqual(("Failed", "package nope is not available from the node's APT sources"), (r["result"], r["comment"]))

    def test_a_package_apt_cannot_find_fails_with_apts_message(self):
        r = self.apply("pkg.installed", "mcp-no-such-package")
        self.assertEqual("Failed", r["result"])
        self.assertIn("Unable to locate package mcp-no-such-package", r["comment"])

    def test_removed_removes_an_installed_package(self):
        self.installed("a", "1")
        r = self.apply("pkg.removed", "a")
        self.assertEqual(("Changed", "1 -> absent", "removed"), (r["result"], r["changes"], r["comment"]))
        self.assertIn("apt-get remove -y -q a", self.calls())
        self.assertEqual(("Unchanged", "not installed"), tuple(self.apply("pkg.removed", "a")[k] for k in ("result", "comment")))

    def test_whatif_installs_and_removes_nothing(self):
        self.installed("old", "1")
        self.candidate("new", "2")
        results = self.run_plan([resource(0, "a", "pkg.installed", "new"), resource(1, "b", "pkg.removed", "old")], whatif=True)
        self.assertEqual([("Changed", "absent -> installed", "would: installed"), ("Changed", "1 -> absent", "would: removed")],
                         [(r["result"], r["changes"], r["comment"]) for r in results])
        self.assertEqual([], [c for c in self.calls() if c.startswith("apt-get install") or c.startswith("apt-get remove")])

    def test_the_candidate_is_read_from_apt_cache_policy(self):
        self.assertEqual("1:2.3-4", m.parse_candidate("x", "x:\n  Installed: (none)\n  Candidate: 1:2.3-4\n  Version table:\n"))
        with self.assertRaises(m.Fail):
            m.parse_candidate("x", "x:\n  Installed: (none)\n  Candidate: (none)\n")
        with self.assertRaises(m.Fail):
            m.parse_candidate("x", "")


class PkgTransactionTests(ExecutorTest):
    """Packages that can go together are installed by one apt-get install (as Salt's pkg aggregation)."""

    def installs(self):
        return [c for c in self.calls() if c.startswith("apt-get install")]

    def test_consecutive_packages_go_in_one_transaction_and_each_reports_its_own_result(self):
        for n, v in (("a", "1"), ("b", "2"), ("c", "3")):
            self.candidate(n, v)
        self.installed("b", "2")
        results = self.run_plan([resource(0, "a", "pkg.installed", "a"), resource(1, "b", "pkg.installed", "b"),
                                 resource(2, "c", "pkg.installed", "c", {"version": "3"})])
        self.assertEqual([("Changed", "absent -> 1"), ("Unchanged", None), ("Changed", "absent -> 3")],
                         [(r["result"], r.get("changes")) for r in results])
        self.assertEqual("installed (one apt transaction: a, c)", results[0]["comment"])
        self.assertEqual("installed: 2", results[1]["comment"])
        self.assertEqual([" ".join(m.apt_install_args("a", "c=3"))], self.installs())
        self.assertEqual(1, self.calls().count("apt-get update -q"))
        self.assertEqual(["Unchanged"] * 3, [r["result"] for r in self.run_plan([resource(0, "a", "pkg.installed", "a"), resource(1, "b", "pkg.installed", "b"),
                                                                               resource(2, "c", "pkg.installed", "c", {"version": "3"})])])

    def test_a_package_that_needs_what_comes_after_the_first_waits_for_it(self):
        for n in ("a", "b", "c", "d"):
            self.candidate(n, "1")
        plan = [resource(0, "a", "pkg.installed", "a"), resource(1, "b", "pkg.installed", "b", require=[0]),
                resource(2, "c", "pkg.installed", "c"), resource(3, "d", "pkg.installed", "d", onchanges=[2])]
        results = self.run_plan(plan)
        self.assertEqual(["Changed"] * 4, [r["result"] for r in results])
        self.assertEqual([" ".join(m.apt_install_args(*args)) for args in (("a",), ("b", "c"), ("d",))], self.installs())

    def test_something_else_between_packages_ends_the_transaction(self):
        for n in ("a", "b", "c"):
            self.candidate(n, "1")
        plan = [resource(0, "a", "pkg.installed", "a"), resource(1, "b", "pkg.installed", "b"),
                resource(2, "f", "file.managed", self.p("f"), {"contents": "x"}), resource(3, "c", "pkg.installed", "c")]
        self.assertEqual(["Changed"] * 4, [r["result"] for r in self.run_plan(plan)])
        self.assertEqual([" ".join(m.apt_install_args("a", "b")), " ".join(m.apt_install_args("c"))], self.installs())

    def test_a_refused_transaction_installs_each_alone_so_the_refused_package_is_named(self):
        for n in ("a", "c"):
            self.candidate(n, "1")
        results = self.run_plan([resource(0, "a", "pkg.installed", "a"), resource(1, "nope", "pkg.installed", "nope"),
                                 resource(2, "c", "pkg.installed", "c")])
        self.assertEqual(["Changed", "Failed", "Changed"], [r["result"] for r in results])
        self.assertIn("Unable to locate package nope", results[1]["comment"])
        self.assertEqual([" ".join(m.apt_install_args(*args)) for args in (("a", "nope", "c"), ("a",), ("nope",), ("c",))], self.installs())

    def test_whatif_checks_each_and_installs_nothing(self):
        for n in ("a", "b"):
            self.candidate(n, "1")
        results = self.run_plan([resource(0, "a", "pkg.installed", "a"), resource(1, "b", "pkg.installed", "b")], whatif=True)
        self.assertEqual([("Changed", "would: installed")] * 2, [(r["result"], r["comment"]) for r in results])
        self.assertEqual([], self.installs())


class DpkgStatusTests(ExecutorTest):
    """Installed versions come from dpkg's status file, without a dpkg-query per package."""

    def test_installed_versions_are_read_from_the_status_file_without_a_process(self):
        self.installed("vim", "2")
        r = self.apply("pkg.installed", "vim")
        self.assertEqual(("Unchanged", "installed: 2"), (r["result"], r["comment"]))
        self.assertEqual([], self.calls())

    def test_a_status_file_dpkg_has_not_caught_up_with_is_left_to_dpkg_query(self):
        self.installed("vim", "2")
        self.write(os.path.join(self.stub, "dpkg", "updates", "0001"), "Package: vim\n")
        self.assertEqual("Unchanged", self.apply("pkg.installed", "vim")["result"])
        # one dpkg-query; the stub's sh echo turns the format's \n into a line break of its log
        self.assertEqual("dpkg-query -W -f ${Status}\t${Version}\n vim", "\n".join(self.calls()))

    def test_the_file_is_read_again_once_dpkg_replaces_it(self):
        ctx = self.context()
        self.assertIsNone(m.pkg_version(ctx, "vim"))
        self.installed("vim", "2")
        os.utime(os.path.join(self.stub, "dpkg", "status"), (1, 1))
        self.assertEqual("2", m.pkg_version(ctx, "vim"))

    def test_installed_means_installed_whatever_is_wanted_and_nothing_half_done(self):
        text = "\n\n".join([
            "Package: held\nStatus: hold ok installed\nArchitecture: amd64\nVersion: 1",
            "Package: gone\nStatus: deinstall ok config-files\nArchitecture: amd64\nVersion: 1",
            "Package: half\nStatus: install ok unpacked\nArchitecture: amd64\nVersion: 1",
            "Package: broken\nStatus: install reinstreq half-installed\nArchitecture: amd64\nVersion: 1",
            "Package: leaving\nStatus: deinstall ok installed\nArchitecture: all\nVersion: 2:1.0-1\nDescription: P S V A\n Status: not this",
        ])
        packages = m.parse_dpkg_status(text + "\n")
        self.assertEqual({"held": "1", "held:amd64": "1", "leaving": "2:1.0-1", "leaving:all": "2:1.0-1"}, dict(packages))

    def test_a_plain_name_means_the_machines_architecture_and_a_name_with_one_means_that(self):
        text = "\n\n".join([
            "Package: dpkg\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.21",
            "Package: libc6\nStatus: install ok installed\nArchitecture: i386\nVersion: 2.36-i",
            "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.36-a",
            "Package: libx\nStatus: install ok installed\nArchitecture: i386\nVersion: 1-i",
            "Package: libx\nStatus: install ok installed\nArchitecture: arm64\nVersion: 1-r",
        ])
        packages = m.parse_dpkg_status(text)
        self.assertEqual(("2.36-a", "2.36-i"), (packages["libc6"], packages["libc6:i386"]))
        self.assertNotIn("libx", packages, "neither is the machine's: dpkg-query decides")
        self.assertEqual({"libc6", "libx"}, packages.multiarch)
        only = m.parse_dpkg_status(text, wanted={"libc6"})
        self.assertEqual(("2.36-a", "2.36-i"), (only["libc6"], only["libc6:i386"]))
        self.assertNotIn("libx:i386", only)

    @unittest.skipUnless(os.path.exists("/var/lib/dpkg/status") and shutil.which("dpkg-query"), "needs dpkg (Debian)")
    def test_this_machines_status_file_reads_as_dpkg_query_answers(self):
        with open("/var/lib/dpkg/status", encoding="utf-8", errors="replace") as f:
            packages = m.parse_dpkg_status(f.read())
        out = subprocess.run(["dpkg-query", "-W", "-f", "${db:Status-Abbrev}|${Package}|${Architecture}|${Version}\n"],
                             stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout
        want = {}
        for line in out.splitlines():
            abbrev, name, arch, version = line.split("|")
            if abbrev.strip() in ("ii", "hi"):
                want["%s:%s" % (name, arch)] = version
        self.assertGreater(len(want), 100)
        self.assertEqual(want, dict((k, v) for k, v in packages.items() if ":" in k))
        some = set(sorted(k.split(":")[0] for k in want)[::7])
        with open("/var/lib/dpkg/status", encoding="utf-8", errors="replace") as f:
            self.assertEqual(dict((k, v) for k, v in packages.items() if k.split(":")[0] in some),
                             dict((k, v) for k, v in m.parse_dpkg_status(f.read(), some).items() if k.split(":")[0] in some))
        for name in set(k.split(":")[0] for k in want) - packages.multiarch:
            self.assertEqual(want[[k for k in want if k.split(":")[0] == name][0]], packages[name], name)


class UnitStateTests(ExecutorTest):
    """One systemctl show answers what is-active and is-enabled would (systemctl is a stub)."""

    def unit(self, name, active=False, filestate=None):
        if active:
            self.write(os.path.join(self.stub, "units", name + ".active"), "")
        if filestate is not None:
            self.write(os.path.join(self.stub, "units", name + ".filestate"), filestate)

    def test_enabled_states_of_is_enabled_are_read_from_show(self):
        for state in ("static", "indirect", "enabled-runtime", "alias"):
            self.unit("u-" + state, active=True, filestate=state)
            self.assertEqual((True, True), m.unit_state(self.context(), "u-" + state), state)
        self.unit("m", filestate="masked")
        self.assertEqual((False, False), m.unit_state(self.context(), "m"))
        self.assertEqual([], [c for c in self.calls() if not c.startswith("systemctl show")])

    def test_a_state_show_cannot_settle_asks_is_enabled(self):
        self.unit("sysv", active=True, filestate="generated")
        self.write(os.path.join(self.stub, "units", "sysv.enabled"), "")
        self.assertEqual((True, True), m.unit_state(self.context(), "sysv"))
        self.assertEqual(["systemctl show -p ActiveState -p UnitFileState sysv", "systemctl is-enabled --quiet sysv"], self.calls())

    def test_a_failing_show_asks_both_questions(self):
        self.write(os.path.join(self.stub, "fail-show"), "")
        self.unit("x", active=True)
        self.assertEqual((True, False), m.unit_state(self.context(), "x"))
        self.assertEqual(["systemctl show -p ActiveState -p UnitFileState x", "systemctl is-active --quiet x", "systemctl is-enabled --quiet x"], self.calls())


class UserGroupTests(ExecutorTest):
    """groupadd, useradd, ... are stubs; the pwd and grp lookups are replaced where a test needs an
    account the machine does not have (see the module's docstring)."""

    def test_a_missing_group_is_added_with_its_gid_and_system_flag(self):
        r = self.apply("group.present", "mcp-test-no-such-group", {"gid": 4242, "system": True})
        self.assertEqual(("Changed", "absent -> present", "created"), (r["result"], r["changes"], r["comment"]))
        self.assertEqual(["groupadd -g 4242 -r mcp-test-no-such-group"], self.calls())

    def test_a_group_with_another_gid_is_modified_and_an_absent_one_deleted(self):
        fake = grp.struct_group(("ops", "x", 1000, []))
        with mock.patch.object(m.grp, "getgrnam", return_value=fake):
            r = self.apply("group.present", "ops", {"gid": 1001})
            self.assertEqual(("Changed", "gid 1000 -> 1001", "changed"), (r["result"], r["changes"], r["comment"]))
            self.assertEqual(("Unchanged", "present"), tuple(self.apply("group.present", "ops", {"gid": 1000})[k] for k in ("result", "comment")))
            r = self.apply("group.absent", "ops")
            self.assertEqual(("Changed", "present -> absent"), (r["result"], r["changes"]))
        self.assertEqual(["groupmod -g 1001 ops", "groupdel ops"], self.calls())
        self.assertEqual("Unchanged", self.apply("group.absent", "mcp-test-no-such-group")["result"])

    def test_a_missing_user_is_added_with_every_option(self):
        r = self.apply("user.present", "mcp-test-no-such-user",
                       {"uid": 4300, "home": "/home/x", "shell": "/bin/bash", "fullname": "X Y", "groups": ["b", "a"], "system": True})
        self.assertEqual("Changed", r["result"], r["comment"])
        self.assertTrue(r["changes"].startswith("absent -> present\n"), r["changes"])
        self.assertEqual(["useradd -r -m -u 4300 -d /home/x -s /bin/bash -c X Y -G a,b mcp-test-no-such-user"], self.calls())

    def test_createhome_false_adds_without_a_home(self):
        self.apply("user.present", "mcp-test-no-such-user", {"createhome": False})
        self.assertEqual(["useradd -M mcp-test-no-such-user"], self.calls())

    def test_an_existing_user_is_modified_only_where_it_differs(self):
        fake = pwd.struct_passwd(("ops", "x", 1000, 1000, "Lab operator,,,", "/home/ops", "/bin/sh"))
        groups = [grp.struct_group(("sudo", "x", 27, ["ops"])), grp.struct_group(("adm", "x", 4, []))]
        with mock.patch.object(m.pwd, "getpwnam", return_value=fake), mock.patch.object(m.grp, "getgrall", return_value=groups):
            r = self.apply("user.present", "ops", {"uid": 1000, "home": "/home/ops", "shell": "/bin/bash", "fullname": "Lab operator", "groups": ["sudo", "adm"]})
            self.assertEqual(("Changed", "shell /bin/sh -> /bin/bash\ngroups sudo -> adm,sudo", "changed"), (r["result"], r["changes"], r["comment"]))
            same = self.apply("user.present", "ops", {"uid": 1000, "shell": "/bin/sh", "fullname": "Lab operator", "groups": ["sudo"]})
            self.assertEqual(("Unchanged", "present"), (same["result"], same["comment"]))
            self.assertEqual("Changed", self.apply("user.absent", "ops")["result"])
        self.assertEqual(["usermod -s /bin/bash -G adm,sudo ops", "userdel ops"], self.calls())

    def test_whatif_adds_and_deletes_nobody(self):
        results = self.run_plan([resource(0, "a", "user.present", "mcp-test-no-such-user"),
                                 resource(1, "b", "group.present", "mcp-test-no-such-group")], whatif=True)
        self.assertEqual(["would: created", "would: created"], [r["comment"] for r in results])
        self.assertEqual([], self.calls())


class SysctlTests(ExecutorTest):
    """sysctl is a stub writing a fake /proc/sys (see the module's docstring)."""

    def live(self, key, value):
        self.write(os.path.join(self.stub, "proc", "sys", *key.split(".")), value + "\n")

    def test_a_value_is_persisted_and_set_live(self):
        self.live("net.ipv4.tcp_keepalive_time", "7200")
        r = self.apply("sysctl.present", "net.ipv4.tcp_keepalive_time", {"value": 30})
        conf = self.p("etc", "sysctl.d", "90-mcp-net.ipv4.tcp_keepalive_time.conf")
        self.assertEqual(("Changed", "%s: absent -> 30\nlive 7200 -> 30" % conf, "persisted"), (r["result"], r["changes"], r["comment"]))
        self.assertEqual(b"net.ipv4.tcp_keepalive_time = 30\n", self.read(conf))
        self.assertEqual(0o644, stat.S_IMODE(os.stat(conf).st_mode))
        self.assertIn("sysctl -w net.ipv4.tcp_keepalive_time=30", self.calls())
        r = self.apply("sysctl.present", "net.ipv4.tcp_keepalive_time", {"value": 30})
        self.assertEqual(("Unchanged", "persisted"), (r["result"], r["comment"]))
        self.assertNoTemporaryFiles()

    def test_a_key_the_node_may_not_set_is_persisted_and_the_comment_says_why(self):
        self.live("vm.swappiness", "60")
        self.write(os.path.join(self.stub, "sysctl-denied"), "")
        conf = self.p("cfg", "swap.conf")
        r = self.apply("sysctl.present", "vm.swappiness", {"value": "10", "config": conf})
        self.assertEqual(("Changed", "%s: absent -> 10" % conf), (r["result"], r["changes"]))
        self.assertTrue(r["comment"].startswith("persisted; live value 60, cannot be applied here: sysctl: permission denied"), r["comment"])
        self.assertEqual(b"vm.swappiness = 10\n", self.read(conf))

    def test_whatif_persists_and_sets_nothing(self):
        self.live("vm.swappiness", "60")
        before = self.snapshot()
        r = self.apply("sysctl.present", "vm.swappiness", {"value": "10"}, whatif=True)
        self.assertEqual(("Changed", "would persist; live value 60"), (r["result"], r["comment"]))
        self.assertEqual(before, self.snapshot())
        self.assertEqual([], self.calls())


class AptRepoTests(ExecutorTest):
    """apt-get is a stub (see the module's docstring); the source files go under the temporary folder."""

    def list_path(self, name):
        return self.p("etc", "apt", "sources.list.d", name + ".list")

    def setUp(self):
        super().setUp()
        os.makedirs(self.p("etc", "apt", "sources.list.d"))

    def test_a_source_is_written_with_its_managed_line_and_apt_updates(self):
        r = self.apply("apt_repo.present", "mcplab", {"source": "deb [trusted=yes] http://10.11.0.1:8278/ ./"})
        self.assertEqual(("Changed", "written, apt-get update ran"), (r["result"], r["comment"]))
        self.assertIn("+deb [trusted=yes] http://10.11.0.1:8278/ ./", r["changes"])
        self.assertEqual(b"# Managed by McpModule (apt_repo mcplab).\ndeb [trusted=yes] http://10.11.0.1:8278/ ./\n", self.read(self.list_path("mcplab")))
        self.assertEqual(["apt-get update -q"], self.calls())
        r = self.apply("apt_repo.present", "mcplab", {"source": "deb [trusted=yes] http://10.11.0.1:8278/ ./"})
        self.assertEqual(("Unchanged", "up to date: deb [trusted=yes] http://10.11.0.1:8278/ ./"), (r["result"], r["comment"]))
        self.assertNoTemporaryFiles()

    def test_a_key_is_written_beside_and_named_by_signed_by(self):
        r = self.apply("apt_repo.present", "extra", {"uri": "http://m/debian", "dist": "bookworm", "components": "main contrib",
                                                     "architectures": ["amd64"], "key": "-----BEGIN PGP-----\nabc\n"})
        self.assertEqual("Changed", r["result"], r["comment"])
        keyfile = self.p("etc", "apt", "keyrings", "extra.asc")
        self.assertEqual(b"-----BEGIN PGP-----\nabc\n", self.read(keyfile))
        self.assertIn("deb [arch=amd64 signed-by=%s] http://m/debian bookworm main contrib" % keyfile, self.read(self.list_path("extra")).decode())

    def test_a_failed_update_puts_the_previous_source_back(self):
        path = self.list_path("x")
        self.write(path, "# Managed by McpModule (apt_repo x).\ndeb http://old/ ./\n")
        self.write(os.path.join(self.stub, "update-fails"), "")
        r = self.apply("apt_repo.present", "x", {"source": "deb http://new/ ./"})
        self.assertEqual("Failed", r["result"])
        self.assertTrue(r["comment"].endswith("the previous %s is back" % path), r["comment"])
        self.assertEqual(b"# Managed by McpModule (apt_repo x).\ndeb http://old/ ./\n", self.read(path))
        r = self.apply("apt_repo.present", "y", {"source": "deb http://new/ ./"})
        self.assertTrue(r["comment"].endswith("%s is removed again" % self.list_path("y")), r["comment"])
        self.assertFalse(os.path.exists(self.list_path("y")))
        self.assertNoTemporaryFiles()

    def test_a_source_apt_cannot_fetch_fails_like_a_failed_update(self):
        self.write(os.path.join(self.stub, "update-output"), "W: Failed to fetch http://new/./InRelease  Could not connect\n")
        r = self.apply("apt_repo.present", "x", {"source": "deb http://new/ ./"})
        self.assertEqual("Failed", r["result"])
        self.assertIn("apt-get update could not fetch the source: Failed to fetch http://new/./InRelease", r["comment"])
        self.assertFalse(os.path.exists(self.list_path("x")))

    def test_absent_removes_the_source_and_its_key(self):
        self.write(self.list_path("x"), "deb http://x/ ./\n")
        self.write(self.p("etc", "apt", "keyrings", "x.asc"), "k\n")
        r = self.apply("apt_repo.absent", "x")
        self.assertEqual(("Changed", "removed, apt-get update ran"), (r["result"], r["comment"]))
        self.assertFalse(os.path.exists(self.list_path("x")))
        self.assertFalse(os.path.exists(self.p("etc", "apt", "keyrings", "x.asc")))
        self.assertEqual(("Unchanged", "absent"), tuple(self.apply("apt_repo.absent", "x")[k] for k in ("result", "comment")))

    def test_whatif_writes_nothing_and_never_updates(self):
        self.write(self.list_path("gone"), "deb http://x/ ./\n")
        before = self.snapshot()
        results = self.run_plan([resource(0, "a", "apt_repo.present", "x", {"source": "deb http://x/ ./"}),
                                 resource(1, "b", "apt_repo.absent", "gone")], whatif=True)
        self.assertEqual(["would write; apt-get update would run", "would remove"], [r["comment"] for r in results])
        self.assertEqual(before, self.snapshot())
        self.assertEqual([], self.calls())

    def test_source_lines_are_parsed_and_checked(self):
        self.assertEqual(("deb", ["arch=amd64"], "http://m/d", "bookworm", ["main", "contrib"]),
                         m.apt_source({"source": "deb  [arch=amd64]  http://m/d bookworm main contrib"}))
        self.assertEqual(("deb", [], "file:/srv/x", "./", []), m.apt_source({"uri": "file:/srv/x", "dist": "./"}))
        self.assertEqual(("deb", [], "http://m", "b", ["main", "x"]), m.apt_source({"uri": "http://m", "dist": "b", "components": "main x"}))
        for bad, message in (({"source": "deb http://m"}, "is not 'deb [options] uri dist [components]'"),
                             ({"source": "deb [trusted] http://m ./"}, "is not key=value"),
                             ({"source": "deb mirror/debian ./"}, "is not a repository URI"),
                             ({"source": "deb http://m ./ main"}, "takes no components"),
                             ({"source": "deb http://m bookworm"}, "needs components"),
                             ({"uri": "http://m"}, "uri without dist")):
            with self.assertRaises(m.Fail) as e:
                m.apt_source(bad)
            self.assertIn(message, str(e.exception))
        line, uri, key = m.apt_line("n", {"source": "deb [trusted=no] http://m ./", "trusted": True, "signed_by": "/k.gpg"}, "/unused")
        self.assertEqual(("deb [trusted=yes signed-by=/k.gpg] http://m ./", "http://m", None), (line, uri, key))

    def test_only_a_fetch_warning_about_the_source_counts(self):
        out = "Hit:1 http://a ./ InRelease\nW: Failed to fetch http://other/x  404\nW: Failed to fetch http://mine/dists/b/InRelease  timeout\n"
        self.assertEqual("Failed to fetch http://mine/dists/b/InRelease  timeout", m.failed_fetch("http://mine/", out))
        self.assertIsNone(m.failed_fetch("http://third", out))


class AtomicWriteTests(ExecutorTest):
    """Every write goes through a temporary file beside the target: a failure at any point leaves
    the target as it was, no temporary file, and a Failed result naming the path and the OS error.
    Without root a full file system is faked by making os.write or os.fsync fail (the lab suite,
    tests/Pester/States.Tests.ps1, fills a real tmpfs on a node)."""

    def disk_full_after(self, n):
        """An os.write that writes n bytes in all, then fails as a full disk does."""
        real_write = os.write
        left = [n]

        def write(fd, data):
            if left[0] <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            done = real_write(fd, bytes(data[:left[0]]))
            left[0] -= done
            return done
        return mock.patch.object(m.os, "write", write)

    def failing_fsync(self, code=errno.EIO):
        def fsync(fd):
            raise OSError(code, os.strerror(code))
        return mock.patch.object(m.os, "fsync", fsync)

    def test_file_managed_on_a_full_disk_fails_naming_the_path_and_leaves_the_file_and_no_temporary_file(self):
        path = self.p("srv", "full", "app.conf")
        self.write(path, "original\n" * 100, 0o640)
        before = self.snapshot()
        with self.disk_full_after(4096):
            r = self.apply("file.managed", path, {"contents": "new\n" * 5000})
        self.assertEqual("Failed", r["result"])
        self.assertEqual("cannot write %s: No space left on device; the file is as it was" % path, r["comment"])
        self.assertEqual(before, self.snapshot())
        self.assertNoTemporaryFiles()
        self.assertEqual([], os.listdir(os.path.join(self.tmp, "backup") + os.path.dirname(path)), "the backup of a file not replaced goes too")

    def test_a_new_file_that_cannot_be_synced_is_not_there_afterwards(self):
        path = self.p("new.conf")
        with self.failing_fsync():
            r = self.apply("file.managed", path, {"contents": "x\n"})
        self.assertEqual(("Failed", "cannot write %s: Input/output error; nothing was written" % path), (r["result"], r["comment"]))
        self.assertFalse(os.path.lexists(path))
        self.assertNoTemporaryFiles()

    def test_line_on_a_full_disk_leaves_the_file_whole(self):
        path = self.p("big.conf")
        original = "".join("line %d\n" % i for i in range(2000)).encode()
        self.write(path, original, 0o600)
        with self.disk_full_after(100):
            r = self.apply("line.present", path, {"content": "added"})
        self.assertEqual(("Failed", "cannot write %s: No space left on device; the file is as it was" % path), (r["result"], r["comment"]))
        self.assertEqual(original, self.read(path))
        self.assertEqual(0o600, stat.S_IMODE(os.stat(path).st_mode))
        self.assertNoTemporaryFiles()
        with self.disk_full_after(0):
            r = self.apply("line.absent", path, {"content": "line 7"})
        self.assertEqual("Failed", r["result"])
        self.assertEqual(original, self.read(path))
        self.assertNoTemporaryFiles()

    def test_line_create_on_a_full_disk_makes_no_file(self):
        path = self.p("etc", "new")
        with self.disk_full_after(0):
            r = self.apply("line.present", path, {"content": "x", "create": True})
        self.assertEqual(("Failed", "cannot write %s: No space left on device; nothing was written" % path), (r["result"], r["comment"]))
        self.assertFalse(os.path.exists(path))
        self.assertNoTemporaryFiles()

    def test_sysctl_config_on_a_full_disk_fails_naming_it(self):
        conf = self.p("etc", "sysctl.d", "90-mcp-vm.swappiness.conf")
        self.write(conf, "vm.swappiness = 60\n")
        with self.disk_full_after(0):
            r = self.apply("sysctl.present", "vm.swappiness", {"value": 10})
        self.assertEqual(("Failed", "cannot write %s: No space left on device; the file is as it was" % conf), (r["result"], r["comment"]))
        self.assertEqual(b"vm.swappiness = 60\n", self.read(conf))
        self.assertNoTemporaryFiles()

    def test_apt_repo_on_a_full_disk_leaves_the_old_source_and_no_temporary_file(self):
        path = self.p("etc", "apt", "sources.list.d", "x.list")
        self.write(path, "deb http://old/ ./\n")
        with self.disk_full_after(0):
            r = self.apply("apt_repo.present", "x", {"source": "deb http://new/ ./"})
        self.assertEqual("Failed", r["result"])
        self.assertTrue(r["comment"].startswith("cannot write %s: No space left on device" % path), r["comment"])
        self.assertEqual(b"deb http://old/ ./\n", self.read(path))
        self.assertNoTemporaryFiles()

    def test_a_backup_that_cannot_be_written_stops_the_write(self):
        path = self.p("f")
        self.write(path, "old\n")
        self.write(os.path.join(self.tmp, "backup"), "a file where the backup folder would be")
        r = self.apply("file.managed", path, {"contents": "new\n"})
        self.assertEqual("Failed", r["result"])
        self.assertTrue(r["comment"].startswith("cannot keep the old %s as " % path), r["comment"])
        self.assertTrue(r["comment"].endswith("; the file is as it was"), r["comment"])
        self.assertEqual(b"old\n", self.read(path))

    def test_a_rename_onto_a_directory_fails_and_leaves_both(self):
        # a real failure, no fake: rename(2) cannot put a file over a non-empty directory
        target = self.p("d")
        self.write(self.p("d", "inside"), "x")
        with self.assertRaises(m.Fail) as e:
            m.write_atomic(target, "data")
        self.assertIn("cannot write %s: " % target, str(e.exception))
        self.assertIn(os.strerror(errno.EISDIR), str(e.exception))
        self.assertEqual(b"x", self.read(self.p("d", "inside")))
        self.assertNoTemporaryFiles()

    def test_the_data_is_synced_before_the_rename_and_mode_and_owner_are_set_on_the_temporary_file(self):
        order = []
        real = {name: getattr(os, name) for name in ("fsync", "rename", "fchmod", "fchown")}

        def spy(name):
            def call(*args):
                order.append(name)
                return real[name](*args)
            return call
        path = self.p("f")
        with mock.patch.multiple(m.os, **{name: spy(name) for name in real}):
            m.write_atomic(path, "x", 0o600, os.getuid(), os.getgid())
        self.assertEqual(["fchmod", "fsync", "rename"], order[:3])
        self.assertEqual(b"x", self.read(path))
        self.assertEqual(0o600, stat.S_IMODE(os.stat(path).st_mode))



class NodeLockTests(ExecutorTest):
    """The node's run lock (issue "Hostile input", item 6): one run at a time on a node, the second
    refused at once naming the holder; a lock a dead run left is said so and taken over."""

    def plan(self, run=RUN):
        return {"whatif": False, "run": run, "resources": [resource(0, "a", "file.managed", self.p("a"), {"contents": "x\n"})]}

    def test_a_run_takes_the_lock_and_leaves_it_released(self):
        ctx = self.context()
        out = io.StringIO()
        m.main(self.plan(), out, ctx)
        self.assertTrue(out.getvalue().endswith(m.END_MARK + "\n"))
        with open(ctx.lock_path) as f:
            holder = json.load(f)
        self.assertEqual(RUN["id"], holder["id"])
        self.assertTrue(holder["released"])

    def test_a_second_run_while_the_node_is_held_is_refused_naming_the_holder_and_changes_nothing(self):
        ctx = self.context()
        holder = dict(RUN, pid=4242, started="2026-12-03T12:00:00Z")
        with open(ctx.lock_path, "w") as f:
            json.dump(holder, f)
        # another process holds the flock: a child python keeps it until told to stop
        child = subprocess.Popen([sys.executable, "-c",
                                  "import fcntl,sys; f=open(sys.argv[1]); fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()",
                                  ctx.lock_path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, universal_newlines=True)
        try:
            self.assertEqual("held", child.stdout.readline().strip())
            out = io.StringIO()
            self.assertIsNone(m.main(self.plan({"id": "second", "user": "u2", "host": "h2"}), out, ctx))
            lines = out.getvalue().splitlines()
            self.assertEqual(1, len(lines))
            self.assertTrue(lines[0].startswith(m.BUSY_MARK))
            self.assertEqual(holder, json.loads(lines[0][len(m.BUSY_MARK):]))
            self.assertFalse(os.path.exists(self.p("a")), "nothing ran")
        finally:
            child.stdin.close()
            child.wait(10)
            child.stdout.close()

    def test_a_lock_a_dead_run_left_is_said_so_and_taken_over(self):
        ctx = self.context()
        with open(ctx.lock_path, "w") as f:
            json.dump(dict(RUN, id="dead-run", pid=999999, started="2026-12-03T11:00:00Z"), f)   # no "released": it died holding it
        out = io.StringIO()
        self.assertIsNotNone(m.main(self.plan(), out, ctx))
        first = out.getvalue().splitlines()[0]
        self.assertTrue(first.startswith(m.NOTE_MARK))
        self.assertIn("dead-run", first)
        self.assertIn("ended without letting go", first)
        self.assertTrue(os.path.exists(self.p("a")))


if __name__ == "__main__":
    unittest.main()
