# McpModule node executor: checks and applies one node's whole plan (PLAN, set by the
# controller before this text), printing one result line per resource:
#   @@MCP@@ {"i": n, "result": "Unchanged|Changed|Failed|Skipped", "changes": ..., "comment": ..., "ms": n}
# With PLAN["whatif"] only the checks run; "Changed" then means "would change".
import difflib, grp, json, os, pwd, re, shutil, subprocess, sys, tempfile, time

WHATIF = bool(PLAN.get("whatif"))
RES = PLAN["resources"]
results = {}
_apt_updated = [False]
ENV = dict(os.environ, DEBIAN_FRONTEND="noninteractive", LC_ALL="C")


class Fail(Exception):
    pass


def run(args, check=True, shell=False, cwd=None):
    p = subprocess.run(args, shell=shell, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    if check and p.returncode != 0:
        cmd = args if isinstance(args, str) else " ".join(args)
        raise Fail("%s exited with %d: %s" % (cmd, p.returncode, (p.stderr or p.stdout).strip()[-600:]))
    return p


def apt_update():
    if not _apt_updated[0]:
        run(["apt-get", "update", "-q"])
        _apt_updated[0] = True


def pkg_version(name):
    p = run(["dpkg-query", "-W", "-f", "${Status}\t${Version}", name], check=False)
    if p.returncode != 0 or "install ok installed" not in p.stdout:
        return None
    return p.stdout.split("\t", 1)[1].strip()


def pkg_candidate(name):
    apt_update()
    out = run(["apt-cache", "policy", name]).stdout
    m = re.search(r"Candidate:\s*(\S+)", out)
    if not m or m.group(1) == "(none)":
        raise Fail("package %s is not available from the node's APT sources" % name)
    return m.group(1)


def apt_install(spec):
    apt_update()
    run(["apt-get", "install", "-y", "-q", "--no-install-recommends", "-o", "Dpkg::Options::=--force-confold", spec])


def do_pkg(fn, r, a):
    name = r["name"]
    have = pkg_version(name)
    if fn == "installed":
        want = a.get("version")
        if have is not None and (want is None or have == want):
            return None, "installed: %s" % have
        change = "%s -> %s" % (have or "absent", want or "installed")
        if not WHATIF:
            apt_install(name + ("=" + want if want else ""))
            change = "%s -> %s" % (have or "absent", pkg_version(name))
        return change, "installed"
    if fn == "latest":
        cand = pkg_candidate(name)
        if have == cand:
            return None, "latest: %s" % have
        if not WHATIF:
            apt_install(name)
        return "%s -> %s" % (have or "absent", cand), "installed the candidate"
    if fn == "removed":
        if have is None:
            return None, "not installed"
        if not WHATIF:
            run(["apt-get", "remove", "-y", "-q", name])
        return "%s -> absent" % have, "removed"


def ids(user, group):
    uid = gid = -1
    try:
        if user is not None:
            uid = pwd.getpwnam(str(user)).pw_uid
        if group is not None:
            gid = grp.getgrnam(str(group)).gr_gid
    except KeyError as e:
        if not WHATIF:
            raise Fail("unknown user or group %s" % e)
    return uid, gid


def meta_changes(path, a, st):
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


def apply_meta(path, a):
    if a.get("mode") is not None:
        os.chmod(path, int(str(a["mode"]), 8))
    if a.get("user") is not None or a.get("group") is not None:
        uid, gid = ids(a.get("user"), a.get("group"))
        os.chown(path, uid, gid, follow_symlinks=False)


def read_text(path):
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return None


def do_file(fn, r, a):
    path = r["name"]
    if fn == "absent":
        if not os.path.lexists(path):
            return None, "absent"
        if not WHATIF:
            if os.path.isdir(path) and not os.path.islink(path):
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
        if a.get("show_changes") is False:
            changes.append("content changed (diff hidden)")
        else:
            diff = "".join(difflib.unified_diff((have or "").splitlines(True), want.splitlines(True),
                                                "a" + path if have is not None else "/dev/null", "b" + path))
            changes.append(diff.rstrip("\n"))
    changes += meta_changes(path, a, st)
    if not changes:
        return None, "up to date"
    if not WHATIF:
        d = os.path.dirname(path)
        if not os.path.isdir(d):
            if a.get("makedirs", True) is False:
                raise Fail("the directory %s does not exist" % d)
            os.makedirs(d)
        comment = "written"
        if have != want:
            if have is not None and a.get("backup", True) is not False:
                bdir = "/var/lib/mcp/backup" + d
                os.makedirs(bdir, exist_ok=True)
                bak = os.path.join(bdir, "%s.%s" % (os.path.basename(path), time.strftime("%Y%m%dT%H%M%S")))
                shutil.copy2(path, bak)
                comment = "written, the old file kept as " + bak
            fd, tmp = tempfile.mkstemp(dir=d, prefix=".mcp-")
            with os.fdopen(fd, "w") as f:
                f.write(want)
            if st is not None:
                os.chmod(tmp, st.st_mode & 0o7777)
                os.chown(tmp, st.st_uid, st.st_gid)
            else:
                os.chmod(tmp, 0o644)
            apply_meta(tmp, a)
            os.rename(tmp, path)
        else:
            apply_meta(path, a)
            comment = "attributes set"
        return "\n".join(changes), comment
    return "\n".join(changes), "would write"


def do_directory(fn, r, a):
    path = r["name"]
    exists = os.path.isdir(path)
    changes = [] if exists else ["absent -> directory"]
    changes += meta_changes(path, a, os.stat(path) if exists else None) if exists else []
    if not changes:
        return None, "present"
    if not WHATIF:
        if not exists:
            if os.path.lexists(path):
                raise Fail("%s exists and is not a directory" % path)
            if a.get("makedirs", True) is False and not os.path.isdir(os.path.dirname(path)):
                raise Fail("the parent of %s does not exist" % path)
            os.makedirs(path)
        apply_meta(path, a)
    return "\n".join(changes), "created" if not exists else "attributes set"


def do_symlink(fn, r, a):
    path, target = r["name"], str(a["target"])
    have = os.readlink(path) if os.path.islink(path) else None
    if have == target:
        return None, "points to " + target
    if have is None and os.path.lexists(path) and not a.get("force"):
        raise Fail("%s exists and is not a symlink (force: true replaces it)" % path)
    if not WHATIF:
        if os.path.lexists(path):
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.remove(path)
        os.symlink(target, path)
    return "%s -> %s" % (have or "absent", target), "linked"


def do_line(fn, r, a):
    path = r["name"]
    text = read_text(path)
    if text is None:
        if fn == "absent":
            return None, "no file"
        if not a.get("create", False):
            raise Fail("%s does not exist (create: true makes it)" % path)
        text = ""
    lines = text.splitlines()
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
    if not WHATIF:
        if a.get("create", False):
            # create: true makes the file, and the folder it goes in (a minimal node has no /etc/network)
            os.makedirs(os.path.dirname(path) or "/", exist_ok=True)
        with open(path, "w") as f:
            f.write("\n".join(new) + "\n")
    return change, "edited"


def systemctl(*args):
    return run(["systemctl"] + list(args), check=False)


def do_service(fn, r, a, restart_because):
    name = r["name"]
    active = systemctl("is-active", "--quiet", name).returncode == 0
    enabled = systemctl("is-enabled", "--quiet", name).returncode == 0
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
    if not WHATIF:
        for act in actions:
            p = systemctl(*act)
            if p.returncode != 0:
                st = systemctl("status", "--no-pager", "-n", "5", name).stdout
                raise Fail("systemctl %s failed: %s %s" % (" ".join(act), p.stderr.strip(), st.strip()[-600:]))
    return "\n".join(changes), ", ".join(a_[0] for a_ in actions)


def do_group(fn, r, a):
    name = r["name"]
    try:
        g = grp.getgrnam(name)
    except KeyError:
        g = None
    if fn == "absent":
        if g is None:
            return None, "absent"
        if not WHATIF:
            run(["groupdel", name])
        return "present -> absent", "deleted"
    if g is not None:
        if a.get("gid") is not None and str(g.gr_gid) != str(a["gid"]):
            if not WHATIF:
                run(["groupmod", "-g", str(a["gid"]), name])
            return "gid %d -> %s" % (g.gr_gid, a["gid"]), "changed"
        return None, "present"
    if not WHATIF:
        cmd = ["groupadd"] + (["-g", str(a["gid"])] if a.get("gid") is not None else []) + (["-r"] if a.get("system") else []) + [name]
        run(cmd)
    return "absent -> present", "created"


def do_user(fn, r, a):
    name = r["name"]
    try:
        u = pwd.getpwnam(name)
    except KeyError:
        u = None
    if fn == "absent":
        if u is None:
            return None, "absent"
        if not WHATIF:
            run(["userdel", name])
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
    if not WHATIF:
        if u is None:
            extra = (["-r"] if a.get("system") else []) + (["-m"] if a.get("createhome", True) else ["-M"])
            run(["useradd"] + extra + opts + [name])
        else:
            run(["usermod"] + opts + [name])
    return "\n".join(changes), "created" if u is None else "changed"


def do_sysctl(fn, r, a):
    key, value = r["name"], str(a["value"])
    conf = a.get("config") or "/etc/sysctl.d/90-mcp-%s.conf" % key
    line = "%s = %s\n" % (key, value)
    persisted = read_text(conf) == line
    try:
        with open("/proc/sys/" + key.replace(".", "/")) as f:
            live = " ".join(f.read().split())
    except OSError:
        live = None
    changes = []
    if not persisted:
        changes.append("%s: %s" % (conf, "absent -> " + value if not os.path.exists(conf) else "-> " + value))
    note = ""
    if live != " ".join(value.split()):
        if WHATIF:
            note = "; live value %s" % live
        else:
            p = run(["sysctl", "-w", "%s=%s" % (key, value)], check=False)
            if p.returncode == 0:
                changes.append("live %s -> %s" % (live, value))
            else:
                note = "; live value %s, cannot be applied here: %s" % (live, (p.stderr or p.stdout).strip()[-200:])
    if not changes:
        return None, "persisted" + note
    if not WHATIF and not persisted:
        os.makedirs(os.path.dirname(conf), exist_ok=True)
        with open(conf, "w") as f:
            f.write(line)
    return "\n".join(changes), ("persisted" if not WHATIF else "would persist") + note


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


def apt_update_now(uri=None):
    """apt-get update after a source changed (again, even when the run updated before). apt only
    warns when a source cannot be fetched; for the source just written (uri) that is a failure."""
    p = run(["apt-get", "update", "-q"])
    _apt_updated[0] = True
    if uri:
        base = uri.rstrip("/")
        for line in (p.stdout + "\n" + p.stderr).splitlines():
            if re.match(r"^[WE]: Failed to fetch ", line) and base in line:
                raise Fail("apt-get update could not fetch the source: %s" % line[3:].strip()[:400])


def do_apt_repo(fn, r, a):
    name = r["name"]
    if not re.match(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$", name):
        raise Fail("'%s' cannot name a sources.list.d file (letters, digits, _ . -)" % name)
    path = "/etc/apt/sources.list.d/%s.list" % name
    keyfile = "/etc/apt/keyrings/%s.asc" % name
    have = read_text(path)
    have_key = read_text(keyfile)
    if fn == "absent":
        gone = [p for p, t in ((path, have), (keyfile, have_key)) if t is not None]
        if not gone:
            return None, "absent"
        if not WHATIF:
            for p in gone:
                os.remove(p)
            apt_update_now()
        return "\n".join("%s: present -> absent" % p for p in gone), "removed, apt-get update ran" if not WHATIF else "would remove"
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
    line = " ".join([kind] + (["[" + " ".join(opts) + "]"] if opts else []) + [uri, dist] + comps)
    want = "# Managed by McpModule (apt_repo %s).\n%s\n" % (name, line)
    changes = []
    if want_key is not None and have_key != want_key:
        changes.append("%s: %s" % (keyfile, "absent -> key" if have_key is None else "key changed"))
    if have != want:
        diff = "".join(difflib.unified_diff((have or "").splitlines(True), want.splitlines(True),
                                            "a" + path if have is not None else "/dev/null", "b" + path))
        changes.append(diff.rstrip("\n"))
    if not changes:
        return None, "up to date: " + line
    if WHATIF:
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
        apt_update_now(uri)
    except Fail as e:
        for p, text in saved:
            if text is None:
                if os.path.lexists(p):
                    os.remove(p)
            else:
                write_atomic(p, text)
        try:
            apt_update_now()
        except Fail:
            pass
        raise Fail("%s; %s" % (e, "the previous %s is back" % path if have is not None else "%s is removed again" % path))
    return "\n".join(changes), "written, apt-get update ran"


def write_atomic(path, text):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".mcp-")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.rename(tmp, path)


def do_cmd(fn, r, a):
    if a.get("creates") and os.path.exists(a["creates"]):
        return None, "%s exists" % a["creates"]
    if a.get("unless") and run(a["unless"], check=False, shell=True).returncode == 0:
        return None, "unless succeeded"
    if a.get("onlyif") and run(a["onlyif"], check=False, shell=True).returncode != 0:
        return None, "onlyif failed"
    if WHATIF:
        return "would run: " + r["name"], "would run"
    p = run(r["name"], check=False, shell=True, cwd=a.get("cwd"))
    if p.returncode != 0:
        raise Fail("exited with %d: %s" % (p.returncode, (p.stderr or p.stdout).strip()[-600:]))
    return "ran: " + r["name"], (p.stdout.strip()[-300:] or "ran")


HANDLERS = {"pkg": do_pkg, "file": do_file, "directory": do_directory, "symlink": do_symlink, "line": do_line,
            "group": do_group, "user": do_user, "sysctl": do_sysctl, "cmd": do_cmd, "apt_repo": do_apt_repo}


def emit(i, result, changes, comment, started):
    results[i] = result
    sys.stdout.write("@@MCP@@ " + json.dumps({"i": i, "result": result, "changes": changes, "comment": comment,
                                                "ms": int((time.time() - started) * 1000)}) + "\n")
    sys.stdout.flush()


for r in RES:
    i, started = r["i"], time.time()
    a = r.get("args") or {}
    deps = r.get("require", []) + r.get("watch", []) + r.get("onchanges", [])
    bad = [RES[d]["id"] for d in deps if results.get(d) in ("Failed", "Skipped")]
    if bad:
        emit(i, "Skipped", None, "requisite failed: " + ", ".join(sorted(set(bad))), started)
        continue
    if r.get("onchanges") and not any(results.get(d) == "Changed" for d in r["onchanges"]):
        emit(i, "Unchanged", None, "no changes in onchanges requisites", started)
        continue
    kind, fn = r["type"], r["fn"]
    try:
        if kind == "service":
            because = [RES[d]["id"] for d in r.get("watch", []) if results.get(d) == "Changed"]
            changes, comment = do_service(fn, r, a, because)
        else:
            changes, comment = HANDLERS[kind](fn, r, a)
        if changes is None:
            emit(i, "Unchanged", None, comment, started)
        else:
            if WHATIF and not comment.startswith("would"):
                comment = "would: " + comment
            emit(i, "Changed", changes, comment, started)
    except Fail as e:
        emit(i, "Failed", None, str(e), started)
    except Exception as e:
        emit(i, "Failed", None, "%s: %s" % (type(e).__name__, e), started)

sys.stdout.write("@@MCP-END@@\n")
