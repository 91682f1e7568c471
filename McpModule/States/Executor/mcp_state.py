# McpModule node executor: checks and applies one node's whole plan, printing one result line per
# resource and an end mark:
#   @@MCP@@ {"i": n, "result": "Unchanged|Changed|Failed|Skipped", "changes": ..., "comment": ..., "ms": n}
#   @@MCP-END@@
# The controller (McpModule/States/NodeScript.cs) ships this text with `PLAN = ...` and
# `main(PLAN)` after it; importing it runs nothing (tests/Executor/test_mcp_state.py does).
# With plan["whatif"] only the checks run; "Changed" then means "would change".
# Runs on the nodes' python3 (Ubuntu 16.04's 3.5 up): no f-strings.
import errno, fcntl, grp, json, os, pwd, re, subprocess, sys, time
# difflib, shutil and tempfile are imported where a change needs them: a run that changes
# nothing (most runs) starts without them, and on a node every run pays the imports it does.

# The protocol, shared with NodeScript.cs; tests/Executor/protocol.json holds both sides to it.
RESULT_MARK = "@@MCP@@ "
END_MARK = "@@MCP-END@@"
# The node is held by another run: one JSON object (the holder's run id, user, host, pid, started), nothing else follows.
BUSY_MARK = "@@MCP-BUSY@@ "
# A line for the operator (a stale lock taken over), not a result.
NOTE_MARK = "@@MCP-NOTE@@ "
RESULTS = ("Unchanged", "Changed", "Failed", "Skipped")
RESULT_KEYS = ("i", "result", "changes", "comment", "ms")
PLAN_KEYS = ("whatif", "run", "resources")
RUN_KEYS = ("id", "user", "host")
RESOURCE_KEYS = ("i", "id", "type", "fn", "name", "args", "require", "watch", "onchanges")


class Fail(Exception):
    pass


class Context(object):
    """One run on one node: the mode, the resources, the results so far, and where the handlers
    look on the node (the tests point the folders into a temporary one)."""

    def __init__(self, whatif=False, resources=(), env=None):
        self.whatif = bool(whatif)
        self.resources = list(resources)
        self.results = {}
        self.apt_updated = False
        self.dpkg_status = "/var/lib/dpkg/status"
        self.dpkg_updates = "/var/lib/dpkg/updates"
        self.dpkg_stamp = None
        self.dpkg_packages = None
        # results worked out ahead, with another resource (packages installed in one transaction)
        self.done_ahead = {}
        # packages whose transaction together failed: each goes alone
        self.alone = set()
        self.env = dict(os.environ if env is None else env, DEBIAN_FRONTEND="noninteractive", LC_ALL="C")
        self.backup_dir = "/var/lib/mcp/backup"
        self.apt_sources_dir = "/etc/apt/sources.list.d"
        self.apt_keyrings_dir = "/etc/apt/keyrings"
        self.sysctl_dir = "/etc/sysctl.d"
        self.proc_sys = "/proc/sys"
        # /run/lock is tmpfs (gone at reboot) and open to every user: two controllers see one lock
        self.lock_path = "/run/lock/mcp-state.lock"


def run(ctx, args, check=True, shell=False, cwd=None):
    p = subprocess.run(args, shell=shell, cwd=cwd, env=ctx.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    if check and p.returncode != 0:
        cmd = args if isinstance(args, str) else " ".join(args)
        raise Fail("%s exited with %d: %s" % (cmd, p.returncode, (p.stderr or p.stdout).strip()[-600:]))
    return p


# ---------------------------------------------------------------- writing files

def write_atomic(path, data, mode=0o644, uid=-1, gid=-1):
    """Writes data (text or bytes) to path so that the path holds either the old file or the whole
    new one: a temporary file in the same folder, written, given its mode and owner, fsynced, then
    renamed over path. On any failure the temporary file goes, path is as it was, and Fail names
    the path and the OS error ("No space left on device")."""
    existed = os.path.lexists(path)
    try:
        replace_file(path, data, mode, uid, gid)
    except OSError as e:
        raise Fail("cannot write %s: %s; %s" % (path, e.strerror or e, "the file is as it was" if existed else "nothing was written"))


def replace_file(path, data, mode, uid, gid):
    """write_atomic's work; an OSError leaves no temporary file."""
    if not isinstance(data, bytes):
        data = data.encode("utf-8", "surrogateescape")
    import tempfile
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".mcp-", suffix=".tmp")
    try:
        try:
            view = memoryview(data)
            while len(view):
                view = view[os.write(fd, view):]
            os.fchmod(fd, mode)
            if uid != -1 or gid != -1:
                st = os.fstat(fd)
                if (uid != -1 and uid != st.st_uid) or (gid != -1 and gid != st.st_gid):
                    os.fchown(fd, uid, gid)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.rename(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise
    fsync_dir(os.path.dirname(path))


def fsync_dir(d):
    """The rename itself to disk (best effort: not every file system lets a folder be fsynced)."""
    try:
        fd = os.open(d or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_bytes(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def read_text(path, errors="replace"):
    data = read_bytes(path)
    return None if data is None else data.decode("utf-8", errors)


def unified_diff(path, have, want):
    import difflib
    return "".join(difflib.unified_diff((have or "").splitlines(True), want.splitlines(True),
                                        "a" + path if have is not None else "/dev/null", "b" + path)).rstrip("\n")


# ---------------------------------------------------------------- pkg

def apt_update(ctx):
    if not ctx.apt_updated:
        run(ctx, ["apt-get", "update", "-q"])
        ctx.apt_updated = True


def pkg_version(ctx, name):
    """The installed version of name (name:arch for one architecture), None when not installed."""
    versions = dpkg_installed(ctx, name)
    if versions is not None:
        found = versions.get(name)
        if found is not None or ":" in name or name not in versions.multiarch:
            return found
    p = run(ctx, ["dpkg-query", "-W", "-f", "${Status}\t${Version}\\n", name], check=False)
    if p.returncode != 0:
        return None
    # a line per installed architecture; the first that is installed
    for line in p.stdout.splitlines():
        status, _, version = line.partition("\t")
        if dpkg_says_installed(status):
            return version.strip()
    return None


def dpkg_says_installed(status):
    """Whether a dpkg Status value ("<want> <flag> <status>") is an installed package, wanted or
    held (dpkg-query's ${db:Status-Abbrev} ii/hi); half-installed or removed ones are not."""
    return status.split()[1:] == ["ok", "installed"]


class InstalledPackages(dict):
    """name -> version and name:arch -> version of the installed packages; multiarch holds the
    names installed for more than one architecture (dpkg-query answers those)."""

    def __init__(self):
        dict.__init__(self)
        self.multiarch = set()


def dpkg_installed(ctx, name):
    """What dpkg has installed, read from its status file: a dpkg-query per package costs a
    process each, the most of a run that changes nothing. Read again whenever the file is
    replaced (dpkg renames a new one into place). None when dpkg has journal entries it has not
    folded into the file yet (updates/), which dpkg-query would read first."""
    try:
        st = os.stat(ctx.dpkg_status)
        if [n for n in os.listdir(ctx.dpkg_updates) if n != "tmp.i"]:
            return None
    except OSError:
        return None
    # only the plan's packages are read (a status file of thousands takes ~7 ms whole)
    wanted = set(r["name"].split(":")[0] for r in ctx.resources if r.get("type") == "pkg") | set([name.split(":")[0]])
    stamp = (st.st_ino, st.st_mtime, st.st_size, frozenset(wanted))
    if ctx.dpkg_stamp != stamp:
        with open(ctx.dpkg_status, encoding="utf-8", errors="replace") as f:
            ctx.dpkg_packages = parse_dpkg_status(f.read(), wanted)
        ctx.dpkg_stamp = stamp
    return ctx.dpkg_packages


def parse_dpkg_status(text, wanted=None):
    """The installed packages of a dpkg status file (Status: <want> ok installed, as dpkg-query's
    ${db:Status-Abbrev} ii/hi), of the names wanted (None: all); a plain name means its
    architecture of the machine (the one dpkg itself has) or all, else the only one installed."""
    by_name = {}
    for para in text.split("\n\n"):
        para = para.lstrip("\n")
        if wanted is not None and para.startswith("Package: "):
            name = para[9:para.find("\n")].strip() if "\n" in para else para[9:].strip()
            if name not in wanted and name != "dpkg":
                continue
        fields = {}
        for line in para.split("\n"):
            if line[:1] in ("P", "S", "V", "A"):
                key, _, value = line.partition(": ")
                if key in ("Package", "Status", "Version", "Architecture"):
                    fields[key] = value.strip()
        if "Package" not in fields or not dpkg_says_installed(fields.get("Status", "")):
            continue
        by_name.setdefault(fields["Package"], []).append((fields.get("Architecture", ""), fields.get("Version", "")))
    native = [a for a, _ in by_name.get("dpkg", [])][:1]
    packages = InstalledPackages()
    for name, instances in by_name.items():
        for arch, version in instances:
            packages["%s:%s" % (name, arch)] = version
        mine = [v for a, v in instances if a in native or a == "all"] or [v for _, v in instances]
        if len(instances) > 1:
            packages.multiarch.add(name)
        if len(mine) == 1:
            packages[name] = mine[0]
    return packages


def pkg_candidate(ctx, name):
    apt_update(ctx)
    return parse_candidate(name, run(ctx, ["apt-cache", "policy", name]).stdout)


def parse_candidate(name, policy):
    m = re.search(r"Candidate:\s*(\S+)", policy)
    if not m or m.group(1) == "(none)":
        raise Fail("package %s is not available from the node's APT sources" % name)
    return m.group(1)


def apt_install_args(*specs):
    return ["apt-get", "install", "-y", "-q", "--no-install-recommends", "-o", "Dpkg::Options::=--force-confold"] + list(specs)


def apt_install(ctx, *specs):
    apt_update(ctx)
    run(ctx, apt_install_args(*specs))


def pkg_wanted(r):
    """The version a pkg resource pins, None for any."""
    return (r.get("args") or {}).get("version")


def pkg_satisfied(have, want):
    """Whether the installed version have (None: not installed) is what a pin want asks."""
    return have is not None and (want is None or have == want)


def pkg_spec(r):
    want = pkg_wanted(r)
    return r["name"] + ("=" + str(want) if want else "")


def do_pkg(ctx, fn, r, a):
    name = r["name"]
    have = pkg_version(ctx, name)
    if fn == "installed":
        want = pkg_wanted(r)
        if pkg_satisfied(have, want):
            return None, "installed: %s" % have
        change = "%s -> %s" % (have or "absent", want or "installed")
        if not ctx.whatif:
            apt_install(ctx, pkg_spec(r))
            change = "%s -> %s" % (have or "absent", pkg_version(ctx, name))
        return change, "installed"
    if fn == "latest":
        cand = pkg_candidate(ctx, name)
        if have == cand:
            return None, "latest: %s" % have
        if not ctx.whatif:
            apt_install(ctx, name)
        return "%s -> %s" % (have or "absent", cand), "installed the candidate"
    # removed
    if have is None:
        return None, "not installed"
    if not ctx.whatif:
        run(ctx, ["apt-get", "remove", "-y", "-q", name])
    return "%s -> absent" % have, "removed"


def pkg_together(ctx, r):
    """The pkg.installed resources r's apt transaction takes (as Salt's pkg aggregation does):
    r and those right after it in the plan whose requisites all come before r and succeeded, so
    nothing is installed before it would be one by one."""
    if ctx.whatif or r["type"] != "pkg" or r["fn"] != "installed" or r["i"] in ctx.alone:
        return [r]
    group = [r]
    for other in ctx.resources[r["i"] + 1:]:
        if other["type"] != "pkg" or other["fn"] != "installed" or other.get("watch") or other.get("onchanges") or other["i"] in ctx.alone:
            break
        if any(d >= r["i"] or ctx.results.get(d) not in ("Unchanged", "Changed") for d in other.get("require") or []):
            break
        group.append(other)
    return group


def install_together(ctx, group):
    """Installs what the group's packages lack in one apt-get install (one dependency resolution
    and one dpkg run instead of one each) and returns their results by index. When that
    transaction fails nothing is returned: each then goes alone, so the package apt refuses is
    named and the others are installed as they would have been."""
    if len(group) < 2:
        return {}
    have = dict((o["i"], pkg_version(ctx, o["name"])) for o in group)
    missing = [o for o in group if not pkg_satisfied(have[o["i"]], pkg_wanted(o))]
    if len(missing) < 2:
        return {}
    try:
        apt_install(ctx, *[pkg_spec(o) for o in missing])
    except Fail:
        ctx.alone.update(o["i"] for o in group)
        return {}
    together = "installed (one apt transaction: %s)" % ", ".join(o["name"] for o in missing)
    results = {}
    for o in group:
        if o in missing:
            results[o["i"]] = ("Changed", "%s -> %s" % (have[o["i"]] or "absent", pkg_version(ctx, o["name"])), together)
        else:
            results[o["i"]] = ("Unchanged", None, "installed: %s" % have[o["i"]])
    return results


# ---------------------------------------------------------------- file, directory, symlink

def ids(ctx, user, group):
    uid = gid = -1
    try:
        if user is not None:
            uid = pwd.getpwnam(str(user)).pw_uid
        if group is not None:
            gid = grp.getgrnam(str(group)).gr_gid
    except KeyError as e:
        if not ctx.whatif:
            raise Fail("unknown user or group %s" % e)
    return uid, gid


def meta_changes(a, st):
    out = []
    if a.get("mode") is not None:
        want = int(str(a["mode"]), 8)
        have = st.st_mode & 0o7777 if st else None
        if have != want:
            out.append("mode %s -> %04o" % ("%04o" % have if have is not None else "none", want))
    for key, db, field in (("user", pwd, "st_uid"), ("group", grp, "st_gid")):
        if a.get(key) is None:
            continue
        have = None
        if st:
            try:
                have = (db.getpwuid if db is pwd else db.getgrgid)(getattr(st, field))[0]
            except KeyError:
                have = str(getattr(st, field))
        if have != str(a[key]):
            out.append("%s %s -> %s" % (key, have, a[key]))
    return out


def apply_meta(ctx, path, a):
    if a.get("mode") is not None:
        os.chmod(path, int(str(a["mode"]), 8))
    if a.get("user") is not None or a.get("group") is not None:
        uid, gid = ids(ctx, a.get("user"), a.get("group"))
        os.chown(path, uid, gid, follow_symlinks=False)


def do_file(ctx, fn, r, a):
    path = r["name"]
    if fn == "absent":
        if not os.path.lexists(path):
            return None, "absent"
        if not ctx.whatif:
            if os.path.isdir(path) and not os.path.islink(path):
                import shutil
                shutil.rmtree(path)
            else:
                os.remove(path)
        return "present -> absent", "removed"
    want = a["contents"]
    if os.path.isdir(path):
        raise Fail("%s is a directory" % path)
    have = read_text(path)
    st = os.lstat(path) if have is not None else None
    changes = []
    if have != want:
        changes.append("content changed (diff hidden)" if a.get("show_changes") is False else unified_diff(path, have, want))
    changes += meta_changes(a, st)
    if not changes:
        return None, "up to date"
    if ctx.whatif:
        return "\n".join(changes), "would write"
    if have == want:
        apply_meta(ctx, path, a)
        return "\n".join(changes), "attributes set"
    d = os.path.dirname(path)
    if not os.path.isdir(d):
        if a.get("makedirs", True) is False:
            raise Fail("the directory %s does not exist" % d)
        os.makedirs(d)
    # the new file: the mode and owner the resource names, else the old file's, else 0644 and the executor's
    mode = int(str(a["mode"]), 8) if a.get("mode") is not None else (st.st_mode & 0o7777 if st else 0o644)
    uid, gid = ids(ctx, a.get("user"), a.get("group"))
    if st is not None:
        uid = st.st_uid if uid == -1 else uid
        gid = st.st_gid if gid == -1 else gid
    bak = None
    if have is not None and a.get("backup", True) is not False:
        bak = backup(ctx, path, st)
    try:
        write_atomic(path, want, mode, uid, gid)
    except Fail:
        if bak is not None:
            os.remove(bak)   # the file was not replaced: nothing to keep
        raise
    return "\n".join(changes), "written" + (", the old file kept as " + bak if bak else "")


def backup(ctx, path, st):
    """A copy of the file about to be replaced, under ctx.backup_dir/<its folder>/<name>.<time>."""
    bdir = ctx.backup_dir + os.path.dirname(path)
    bak = os.path.join(bdir, "%s.%s" % (os.path.basename(path), time.strftime("%Y%m%dT%H%M%S")))
    try:
        os.makedirs(bdir, exist_ok=True)
        replace_file(bak, read_bytes(path) or b"", st.st_mode & 0o7777, -1, -1)
    except OSError as e:
        raise Fail("cannot keep the old %s as %s: %s; the file is as it was" % (path, bak, e.strerror or e))
    return bak


def do_directory(ctx, fn, r, a):
    path = r["name"]
    exists = os.path.isdir(path)
    changes = meta_changes(a, os.stat(path)) if exists else ["absent -> directory"]
    if not changes:
        return None, "present"
    if not ctx.whatif:
        if not exists:
            if os.path.lexists(path):
                raise Fail("%s exists and is not a directory" % path)
            if a.get("makedirs", True) is False and not os.path.isdir(os.path.dirname(path)):
                raise Fail("the parent of %s does not exist" % path)
            os.makedirs(path)
        apply_meta(ctx, path, a)
    return "\n".join(changes), "created" if not exists else "attributes set"


def do_symlink(ctx, fn, r, a):
    path, target = r["name"], str(a["target"])
    have = os.readlink(path) if os.path.islink(path) else None
    if have == target:
        return None, "points to " + target
    if have is None and os.path.lexists(path) and not a.get("force"):
        raise Fail("%s exists and is not a symlink (force: true replaces it)" % path)
    if not ctx.whatif:
        if os.path.isdir(path) and not os.path.islink(path):
            import shutil
            shutil.rmtree(path)   # a rename cannot replace a directory
        link_atomic(path, target)
    return "%s -> %s" % (have or "absent", target), "linked"


def link_atomic(path, target):
    """A symlink made beside path and renamed over it: path never goes missing in between."""
    d = os.path.dirname(path) or "."
    for _ in range(100):
        tmp = os.path.join(d, ".mcp-%s.tmp" % os.urandom(6).hex())
        try:
            os.symlink(target, tmp)
            break
        except FileExistsError:
            continue
        except OSError as e:
            raise Fail("cannot link %s: %s" % (path, e.strerror or e))
    else:
        raise Fail("cannot link %s: no free temporary name in %s" % (path, d))
    try:
        os.rename(tmp, path)
    except OSError as e:
        os.remove(tmp)
        raise Fail("cannot link %s: %s" % (path, e.strerror or e))


# ---------------------------------------------------------------- line

def do_line(ctx, fn, r, a):
    path = r["name"]
    text = read_text(path, "surrogateescape")   # written back byte for byte where it does not change
    if text is None:
        if fn == "absent":
            return None, "no file"
        if not a.get("create", False):
            raise Fail("%s does not exist (create: true makes it)" % path)
    lines = (text or "").splitlines()
    content = a.get("content")
    pattern = re.compile(a["match"]) if a.get("match") else None
    if fn == "present":
        if content in lines:
            return None, "present"
        idx = next((i for i, l in enumerate(lines) if pattern and pattern.search(l)), None)
        new = list(lines)
        if idx is None:
            new.append(content)
            change = "+ " + content
        else:
            change = "- %s\n+ %s" % (new[idx], content)
            new[idx] = content
    else:
        new = [l for l in lines if not ((content is not None and l == content) or (pattern and pattern.search(l)))]
        if new == lines:
            return None, "absent"
        change = "\n".join("- " + l for l in lines if l not in new)
    if not ctx.whatif:
        if text is None:
            # create: true makes the file, and the folder it goes in (a minimal node has no /etc/network)
            os.makedirs(os.path.dirname(path) or "/", exist_ok=True)
            write_atomic(path, "\n".join(new) + "\n")
        else:
            # the file a link points to is edited (the link stays), with its mode and owner
            real = os.path.realpath(path) if os.path.islink(path) else path
            st = os.stat(real)
            write_atomic(real, "\n".join(new) + "\n" if new else "", st.st_mode & 0o7777, st.st_uid, st.st_gid)
    return change, "edited"


# ---------------------------------------------------------------- service

def systemctl(ctx, *args):
    return run(ctx, ["systemctl"] + list(args), check=False)


# The unit file states systemctl is-enabled answers 0 for (systemctl(1)).
ENABLED_STATES = ("enabled", "enabled-runtime", "static", "indirect", "alias")


def unit_state(ctx, name):
    """(active, enabled) as is-active and is-enabled answer, from one systemctl show: a process
    per question is most of what a run that changes nothing costs on a node. A unit file state
    that show cannot settle (generated, where a SysV script's links decide; transient; none;
    states systemd versions answer differently) still asks is-enabled."""
    p = systemctl(ctx, "show", "-p", "ActiveState", "-p", "UnitFileState", name)
    props = dict(line.partition("=")[::2] for line in p.stdout.splitlines() if "=" in line)
    if p.returncode != 0 or "ActiveState" not in props:
        return (systemctl(ctx, "is-active", "--quiet", name).returncode == 0,
                systemctl(ctx, "is-enabled", "--quiet", name).returncode == 0)
    active = props["ActiveState"] in ("active", "reloading", "refreshing")
    state = props.get("UnitFileState", "")
    if state in ENABLED_STATES:
        return active, True
    if state in ("disabled", "masked", "masked-runtime", "linked", "linked-runtime", "bad"):
        return active, False
    return active, systemctl(ctx, "is-enabled", "--quiet", name).returncode == 0


def do_service(ctx, fn, r, a):
    name = r["name"]
    restart_because = [ctx.resources[d]["id"] for d in r.get("watch") or [] if ctx.results.get(d) == "Changed"]
    active, enabled = unit_state(ctx, name)
    changes, actions = [], []
    want_active = fn == "running"
    if active != want_active:
        changes.append("%s -> %s" % ("running" if active else "dead", "running" if want_active else "dead"))
        actions.append(["start" if want_active else "stop", name])
    elif want_active and restart_because:
        changes.append("restart (watch: %s)" % ", ".join(restart_because))
        actions.append(["restart", name])
    if a.get("enable") is not None and bool(a["enable"]) != enabled:
        changes.append("%s -> %s" % ("enabled" if enabled else "disabled", "enabled" if a["enable"] else "disabled"))
        actions.append(["enable" if a["enable"] else "disable", name])
    if not changes:
        return None, "running" if active else "dead"
    if not ctx.whatif:
        for act in actions:
            p = systemctl(ctx, *act)
            if p.returncode != 0:
                st = systemctl(ctx, "status", "--no-pager", "-n", "5", name).stdout
                raise Fail("systemctl %s failed: %s %s" % (" ".join(act), p.stderr.strip(), st.strip()[-600:]))
    return "\n".join(changes), ", ".join(a_[0] for a_ in actions)


# ---------------------------------------------------------------- user, group

def do_group(ctx, fn, r, a):
    name = r["name"]
    try:
        g = grp.getgrnam(name)
    except KeyError:
        g = None
    if fn == "absent":
        if g is None:
            return None, "absent"
        if not ctx.whatif:
            run(ctx, ["groupdel", name])
        return "present -> absent", "deleted"
    if g is not None:
        if a.get("gid") is not None and str(g.gr_gid) != str(a["gid"]):
            if not ctx.whatif:
                run(ctx, ["groupmod", "-g", str(a["gid"]), name])
            return "gid %d -> %s" % (g.gr_gid, a["gid"]), "changed"
        return None, "present"
    if not ctx.whatif:
        run(ctx, ["groupadd"] + (["-g", str(a["gid"])] if a.get("gid") is not None else []) + (["-r"] if a.get("system") else []) + [name])
    return "absent -> present", "created"


def do_user(ctx, fn, r, a):
    name = r["name"]
    try:
        u = pwd.getpwnam(name)
    except KeyError:
        u = None
    if fn == "absent":
        if u is None:
            return None, "absent"
        if not ctx.whatif:
            run(ctx, ["userdel", name])
        return "present -> absent", "deleted"
    opts, changes = [], []
    if a.get("uid") is not None and (u is None or str(u.pw_uid) != str(a["uid"])):
        opts += ["-u", str(a["uid"])]; changes.append("uid -> %s" % a["uid"])
    if a.get("gid") is not None:
        try:
            have_gid = grp.getgrgid(u.pw_gid).gr_name if u else None
        except KeyError:
            have_gid = str(u.pw_gid)
        if have_gid != str(a["gid"]) and str(u.pw_gid if u else "") != str(a["gid"]):
            opts += ["-g", str(a["gid"])]; changes.append("group %s -> %s" % (have_gid, a["gid"]))
    if a.get("home") is not None and (u is None or u.pw_dir != a["home"]):
        opts += ["-d", a["home"]]; changes.append("home %s -> %s" % (u.pw_dir if u else None, a["home"]))
    if a.get("shell") is not None and (u is None or u.pw_shell != a["shell"]):
        opts += ["-s", a["shell"]]; changes.append("shell %s -> %s" % (u.pw_shell if u else None, a["shell"]))
    if a.get("fullname") is not None and (u is None or u.pw_gecos.split(",")[0] != a["fullname"]):
        opts += ["-c", a["fullname"]]; changes.append("fullname -> %s" % a["fullname"])
    if a.get("groups") is not None:
        want = sorted(str(g) for g in a["groups"])
        have = sorted(g.gr_name for g in grp.getgrall() if name in g.gr_mem)
        if u is None or want != have:
            opts += ["-G", ",".join(want)]; changes.append("groups %s -> %s" % (",".join(have), ",".join(want)))
    if u is None:
        changes.insert(0, "absent -> present")
    if not changes:
        return None, "present"
    if not ctx.whatif:
        if u is None:
            extra = (["-r"] if a.get("system") else []) + (["-m"] if a.get("createhome", True) else ["-M"])
            run(ctx, ["useradd"] + extra + opts + [name])
        else:
            run(ctx, ["usermod"] + opts + [name])
    return "\n".join(changes), "created" if u is None else "changed"


# ---------------------------------------------------------------- sysctl

def do_sysctl(ctx, fn, r, a):
    key, value = r["name"], str(a["value"])
    conf = a.get("config") or os.path.join(ctx.sysctl_dir, "90-mcp-%s.conf" % key)
    line = "%s = %s\n" % (key, value)
    persisted = read_text(conf) == line
    try:
        with open(os.path.join(ctx.proc_sys, key.replace(".", "/"))) as f:
            live = " ".join(f.read().split())
    except OSError:
        live = None
    changes = []
    if not persisted:
        changes.append("%s: %s" % (conf, "absent -> " + value if not os.path.exists(conf) else "-> " + value))
    note = ""
    if live != " ".join(value.split()):
        if ctx.whatif:
            note = "; live value %s" % live
        else:
            p = run(ctx, ["sysctl", "-w", "%s=%s" % (key, value)], check=False)
            if p.returncode == 0:
                changes.append("live %s -> %s" % (live, value))
            else:
                note = "; live value %s, cannot be applied here: %s" % (live, (p.stderr or p.stdout).strip()[-200:])
    if not changes:
        return None, "persisted" + note
    if not ctx.whatif and not persisted:
        os.makedirs(os.path.dirname(conf), exist_ok=True)
        write_atomic(conf, line)
    return "\n".join(changes), ("persisted" if not ctx.whatif else "would persist") + note


# ---------------------------------------------------------------- apt_repo

APT_OPTION = re.compile(r"^[a-z][a-z-]*=[^\s\]]+$")


def apt_source(a):
    """(type, options, uri, dist, components) from `source` ("deb [opts] uri dist comp...") or uri/dist/components."""
    if a.get("source") is not None:
        text = " ".join(str(a["source"]).split())
        words = text.split(" ")
        kind = words.pop(0) if words and words[0] in ("deb", "deb-src") else "deb"
        opts = []
        if words and words[0].startswith("["):
            inner = []
            while words:
                w = words.pop(0)
                inner.append(w)
                if w.endswith("]"):
                    break
            opts = [o for o in " ".join(inner).strip("[] ").split(" ") if o]
        if len(words) < 2:
            raise Fail("source '%s' is not 'deb [options] uri dist [components]'" % text)
        uri, dist, comps = words[0], words[1], words[2:]
    else:
        kind, opts, uri = "deb", [], str(a["uri"])
        if a.get("dist") is None:
            raise Fail("uri without dist: give dist (a suite such as bookworm, or ./ for a flat repository)")
        dist = str(a["dist"])
        c = a.get("components")
        comps = [] if c is None else ([str(x) for x in c] if isinstance(c, list) else str(c).split())
    for o in opts:
        if not APT_OPTION.match(o):
            raise Fail("the source option '%s' is not key=value" % o)
    if not re.match(r"^[a-z][a-z0-9+.-]*:\S+$", uri):
        raise Fail("'%s' is not a repository URI (http://..., https://..., file:/...)" % uri)
    if dist.endswith("/") and comps:
        raise Fail("a flat repository (dist '%s') takes no components" % dist)
    if not dist.endswith("/") and not comps:
        raise Fail("dist '%s' needs components (main, ...), or end the dist with / for a flat repository" % dist)
    return kind, opts, uri, dist, comps


def set_option(opts, key, value):
    return [o for o in opts if not o.startswith(key + "=")] + ["%s=%s" % (key, value)]


def apt_line(name, a, keyfile):
    """The one-line source apt_repo.present writes, and the key (text) it writes to keyfile or None."""
    kind, opts, uri, dist, comps = apt_source(a)
    if a.get("architectures"):
        archs = a["architectures"]
        opts = set_option(opts, "arch", ",".join(str(x) for x in archs) if isinstance(archs, list) else ",".join(str(archs).split()))
    if a.get("trusted") is not None:
        opts = set_option(opts, "trusted", "yes" if a["trusted"] is True or str(a["trusted"]).lower() in ("yes", "true") else "no")
    want_key = None
    if a.get("key") is not None:
        want_key = str(a["key"]).strip() + "\n"
        opts = set_option(opts, "signed-by", keyfile)
    elif a.get("signed_by") is not None:
        opts = set_option(opts, "signed-by", str(a["signed_by"]))
    return " ".join([kind] + (["[" + " ".join(opts) + "]"] if opts else []) + [uri, dist] + comps), uri, want_key


def failed_fetch(uri, output):
    """apt only warns when a source cannot be fetched: the warning about uri, or None."""
    base = uri.rstrip("/")
    for line in output.splitlines():
        if re.match(r"^[WE]: Failed to fetch ", line) and base in line:
            return line[3:].strip()[:400]
    return None


def apt_update_now(ctx, uri=None):
    """apt-get update after a source changed (again, even when the run updated before); for the
    source just written (uri) a failed fetch is a failure."""
    p = run(ctx, ["apt-get", "update", "-q"])
    ctx.apt_updated = True
    if uri:
        warning = failed_fetch(uri, p.stdout + "\n" + p.stderr)
        if warning:
            raise Fail("apt-get update could not fetch the source: %s" % warning)


def do_apt_repo(ctx, fn, r, a):
    name = r["name"]
    if not re.match(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$", name):
        raise Fail("'%s' cannot name a sources.list.d file (letters, digits, _ . -)" % name)
    path = os.path.join(ctx.apt_sources_dir, "%s.list" % name)
    keyfile = os.path.join(ctx.apt_keyrings_dir, "%s.asc" % name)
    have = read_text(path)
    have_key = read_text(keyfile)
    if fn == "absent":
        gone = [p for p, t in ((path, have), (keyfile, have_key)) if t is not None]
        if not gone:
            return None, "absent"
        if not ctx.whatif:
            for p in gone:
                os.remove(p)
            apt_update_now(ctx)
        return "\n".join("%s: present -> absent" % p for p in gone), "removed, apt-get update ran" if not ctx.whatif else "would remove"
    line, uri, want_key = apt_line(name, a, keyfile)
    want = "# Managed by McpModule (apt_repo %s).\n%s\n" % (name, line)
    changes = []
    if want_key is not None and have_key != want_key:
        changes.append("%s: %s" % (keyfile, "absent -> key" if have_key is None else "key changed"))
    if have != want:
        changes.append(unified_diff(path, have, want))
    if not changes:
        return None, "up to date: " + line
    if ctx.whatif:
        return "\n".join(changes), "would write; apt-get update would run"
    # Written, then apt-get update; when the update fails the old files come back, so one bad
    # source does not leave the node's APT broken for the states after it.
    saved = [(keyfile, have_key), (path, have)]
    try:
        if want_key is not None and have_key != want_key:
            os.makedirs(os.path.dirname(keyfile), exist_ok=True)
            write_atomic(keyfile, want_key)
        if have != want:
            write_atomic(path, want)
        apt_update_now(ctx, uri)
    except Fail as e:
        unrestored = []
        for p, text in saved:
            try:
                if text is None:
                    if os.path.lexists(p):
                        os.remove(p)
                elif read_text(p) != text:
                    write_atomic(p, text)
            except (Fail, OSError) as x:
                unrestored.append(str(x))
        try:
            apt_update_now(ctx)
        except Fail:
            pass
        if unrestored:
            raise Fail("%s; the previous files could not be put back: %s" % (e, "; ".join(unrestored)))
        raise Fail("%s; %s" % (e, "the previous %s is back" % path if have is not None else "%s is removed again" % path))
    return "\n".join(changes), "written, apt-get update ran"


# ---------------------------------------------------------------- cmd

def do_cmd(ctx, fn, r, a):
    if a.get("creates") and os.path.exists(a["creates"]):
        return None, "%s exists" % a["creates"]
    if a.get("unless") and run(ctx, a["unless"], check=False, shell=True).returncode == 0:
        return None, "unless succeeded"
    if a.get("onlyif") and run(ctx, a["onlyif"], check=False, shell=True).returncode != 0:
        return None, "onlyif failed"
    if ctx.whatif:
        return "would run: " + r["name"], "would run"
    p = run(ctx, r["name"], check=False, shell=True, cwd=a.get("cwd"))
    if p.returncode != 0:
        raise Fail("exited with %d: %s" % (p.returncode, (p.stderr or p.stdout).strip()[-600:]))
    return "ran: " + r["name"], (p.stdout.strip()[-300:] or "ran")


# ---------------------------------------------------------------- the run

# type -> (handler, functions); the planner's list (McpModule/States/Formulas/ResourceTypes.cs) is the same.
HANDLERS = {
    "pkg": (do_pkg, ("installed", "latest", "removed")),
    "file": (do_file, ("managed", "absent")),
    "directory": (do_directory, ("present",)),
    "symlink": (do_symlink, ("present",)),
    "line": (do_line, ("present", "absent")),
    "service": (do_service, ("running", "dead")),
    "user": (do_user, ("present", "absent")),
    "group": (do_group, ("present", "absent")),
    "sysctl": (do_sysctl, ("present",)),
    "cmd": (do_cmd, ("run",)),
    "apt_repo": (do_apt_repo, ("present", "absent")),
}


def functions():
    """Every "type.function" the executor applies."""
    return sorted("%s.%s" % (t, f) for t, (_, fns) in HANDLERS.items() for f in fns)


def emit(ctx, out, i, result, changes, comment, started):
    ctx.results[i] = result
    values = (i, result, changes, comment, int((time.time() - started) * 1000))
    out.write(RESULT_MARK + json.dumps(dict(zip(RESULT_KEYS, values))) + "\n")
    out.flush()


def apply_one(ctx, r):
    """(result, changes, comment) of one resource whose requisites allow it to run."""
    kind, fn = r["type"], r["fn"]
    if kind not in HANDLERS or fn not in HANDLERS[kind][1]:
        raise Fail("the executor has no %s.%s" % (kind, fn))
    changes, comment = HANDLERS[kind][0](ctx, fn, r, r.get("args") or {})
    if changes is None:
        return "Unchanged", None, comment
    if ctx.whatif and not comment.startswith("would"):
        comment = "would: " + comment
    return "Changed", changes, comment


def take_lock(ctx, run, out):
    """The node's run lock (as Salt refuses a second state run on a minion): an flock on
    ctx.lock_path, held while this process lives, so a killed run lets go by itself. The file
    says who holds it; a holder record left without "released" was a run that died holding the
    node, and is said so. Returns the open file (keep it open), or None when another run holds it."""
    try:
        f = os.fdopen(os.open(ctx.lock_path, os.O_RDWR | os.O_CREAT, 0o644), "r+")
    except (IOError, OSError) as e:
        if e.errno != errno.EACCES:
            raise
        f = os.fdopen(os.open(ctx.lock_path, os.O_RDONLY), "r")   # another user's lock file: flock works read-only
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (IOError, OSError) as e:
        if e.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            raise
        out.write(BUSY_MARK + json.dumps(read_holder(f)) + "\n")
        out.flush()
        f.close()
        return None
    before = read_holder(f)
    if before.get("id") and not before.get("released"):
        out.write(NOTE_MARK + "the run %s of %s@%s (pid %s, started %s) ended without letting go of this node (killed?); this run takes it over\n"
                  % (before.get("id"), before.get("user"), before.get("host"), before.get("pid"), before.get("started")))
    holder = dict((k, (run or {}).get(k)) for k in RUN_KEYS)
    holder.update(pid=os.getpid(), started=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    write_holder(f, holder)
    return f


def read_holder(f):
    try:
        f.seek(0)
        holder = json.loads(f.read() or "{}")
        return holder if isinstance(holder, dict) else {}
    except ValueError:
        return {}


def write_holder(f, holder):
    # who holds the node is for people and the next run: best effort (a read-only lock file, a
    # full /run) never stops a run that holds the lock itself; tmpfs needs no fsync
    try:
        f.seek(0)
        f.truncate()
        f.write(json.dumps(holder))
        f.flush()
    except (IOError, OSError, ValueError):
        pass


def release_lock(f):
    holder = read_holder(f)
    holder["released"] = True
    write_holder(f, holder)
    f.close()


def main(plan, out=None, ctx=None):
    """Checks (plan["whatif"]) or applies the plan's resources in order, one result line each to
    out (standard output), then the end mark. Returns the context (its results by index), or
    None when another run holds the node (BUSY_MARK says which, and nothing runs)."""
    out = out or sys.stdout
    ctx = ctx or Context()
    ctx.whatif = bool(plan.get("whatif"))
    ctx.resources = plan["resources"]
    lock = take_lock(ctx, plan.get("run"), out)
    if lock is None:
        return None
    try:
        run_resources(ctx, out)
    finally:
        release_lock(lock)
    out.write(END_MARK + "\n")
    out.flush()
    return ctx


def run_resources(ctx, out):
    for r in ctx.resources:
        i, started = r["i"], time.time()
        deps = (r.get("require") or []) + (r.get("watch") or []) + (r.get("onchanges") or [])
        bad = [ctx.resources[d]["id"] for d in deps if ctx.results.get(d) in ("Failed", "Skipped")]
        if bad:
            emit(ctx, out, i, "Skipped", None, "requisite failed: " + ", ".join(sorted(set(bad))), started)
            continue
        if r.get("onchanges") and not any(ctx.results.get(d) == "Changed" for d in r["onchanges"]):
            emit(ctx, out, i, "Unchanged", None, "no changes in onchanges requisites", started)
            continue
        try:
            if i not in ctx.done_ahead:
                ctx.done_ahead.update(install_together(ctx, pkg_together(ctx, r)))
            result, changes, comment = ctx.done_ahead.pop(i, None) or apply_one(ctx, r)
        except Fail as e:
            result, changes, comment = "Failed", None, str(e)
        except Exception as e:
            result, changes, comment = "Failed", None, "%s: %s" % (type(e).__name__, e)
        emit(ctx, out, i, result, changes, comment, started)
