#!/usr/bin/env python3
"""Runs the shell steps of a GitHub Actions workflow or a Jenkins declarative pipeline, in the
order the CI server would, on this machine: no CI server is needed to test the examples in
examples/ci/ against the lab.

    ci_steps.py github   WORKFLOW.yml  --repo DIR --event pull_request|push --ref BRANCH
                         [--base-ref BRANCH] [--var K=V] [--secret K=V] [--env K=V] --out DIR
    ci_steps.py jenkins  Jenkinsfile   --repo DIR --branch BRANCH [--change-target BRANCH]
                         [--param K=V] [--env K=V] --out DIR

What a CI server gives, this runner gives as a CI server would, and no more:
  - every job (GitHub; a matrix job once for each combination) and every stage with an agent
    (Jenkins; parallel stages and matrix cells too) runs in a fresh clone of --repo at the
    ref under test: separate runners share nothing but artifacts (stash, upload-artifact);
  - GitHub: `on:` events, `needs:` order, job and step `if:` (success(), failure(), always(),
    ==, !=, &&, ||, !), env at workflow, job and step level, `${{ }}` in env, with and run,
    `shell: bash` (the default, bash -eo pipefail) and `shell: pwsh` (GitHub's prologue and
    epilogue), working-directory, GITHUB_ENV, GITHUB_STEP_SUMMARY; actions/checkout,
    actions/upload-artifact and actions/download-artifact;
  - Jenkins: parameters (as params.X and environment), environment blocks, `when` with branch,
    changeRequest(), not, allOf, anyOf, environment; `sh` (sh -xe), `parallel`, `matrix` (axes),
    `stash`/`unstash`, `junit`, `archiveArtifacts`, `pullRequest.comment(readFile(...))`, and
    `post` (always, success, failure).
A step it does not know fails the run, naming it. Each step is printed as it starts; its output
passes through. --out gets artifacts/ (what the pipeline published: upload-artifact,
archiveArtifacts, junit), comments/ (pull-request comments: the GitHub CLI's `gh pr comment` on
PATH is this runner's stand-in for GitHub's API, recording the body; no network is used), and
steps.json (every step: job, name, exit code, skipped; with --keep, the workspaces kept). Exit code: 0 when every step that ran
succeeded, 1 when one failed, 2 for a workflow this runner cannot read.
"""
import argparse
import fnmatch
import glob
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml


class Unsupported(Exception):
    pass


CURRENT_GITHUB = {}     # the github context of the workflow being run, for the GITHUB_* variables


# ---------------------------------------------------------------- the runs every runner shares

class Runner:
    def __init__(self, args):
        self.repo = os.path.abspath(args.repo)
        self.out = os.path.abspath(args.out)
        self.artifacts = os.path.join(self.out, 'artifacts')
        self.comments = os.path.join(self.out, 'comments')
        self.store = os.path.join(self.out, '.store')        # uploaded artifacts and stashes, by name
        for d in (self.artifacts, self.comments, self.store):
            os.makedirs(d, exist_ok=True)
        self.extra_env = dict(kv.split('=', 1) for kv in (args.env or []))
        self.steps = []
        self.failed = False
        self.keep = args.keep
        self.workspaces = {}
        self.bin = tempfile.mkdtemp(prefix='ci-steps-bin-')
        gh = os.path.join(self.bin, 'gh')
        with open(gh, 'w') as f:
            f.write(GH_STANDIN.replace('@COMMENTS@', self.comments))
        os.chmod(gh, 0o755)

    @staticmethod
    def empty_workspace(label):
        return tempfile.mkdtemp(prefix='ci-ws-' + re.sub(r'[^A-Za-z0-9]+', '-', label) + '-')

    def workspace(self, ref, label, path=None):
        """A fresh clone of the repository at ref (into path, an empty folder): a runner's checkout."""
        path = path or self.empty_workspace(label)
        subprocess.run(['git', 'clone', '-q', '--no-hardlinks', self.repo, path], check=True)
        self.workspaces[label] = path
        subprocess.run(['git', '-C', path, 'checkout', '-q', ref], check=True)
        # the target branch is there to compare with, as actions/checkout with fetch-depth 0 and
        # Jenkins's multibranch checkout give it
        return path

    def run_process(self, argv, cwd, env, job, name):
        print(f'::: {job} / {name}', flush=True)
        full_env = dict(os.environ)
        full_env.update(self.extra_env)
        full_env.update(env)
        full_env['PATH'] = self.bin + os.pathsep + full_env.get('PATH', '')
        code = subprocess.run(argv, cwd=cwd, env=full_env).returncode
        self.record(job, name, code)
        return code

    def record(self, job, name, code, skipped=False):
        self.steps.append({'job': job, 'name': name, 'exitCode': code, 'skipped': skipped})
        if code not in (0, None):
            print(f'::: {job} / {name}: exit code {code}', flush=True)

    def save(self, name, files, base):
        """Keeps files (paths under base) as the artifact or stash name."""
        target = os.path.join(self.store, name)
        os.makedirs(target, exist_ok=True)
        for f in files:
            rel = os.path.relpath(f, base)
            dest = os.path.join(target, rel)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copy2(f, dest)

    def restore(self, name, dest):
        source = os.path.join(self.store, name)
        if not os.path.isdir(source):
            raise Unsupported(f"no artifact or stash named '{name}'")
        shutil.copytree(source, dest, dirs_exist_ok=True)

    def publish(self, files, base):
        for f in files:
            dest = os.path.join(self.artifacts, os.path.relpath(f, base))
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copy2(f, dest)

    def discard(self, path):
        if not self.keep:
            shutil.rmtree(path, ignore_errors=True)

    def finish(self):
        with open(os.path.join(self.out, 'steps.json'), 'w') as f:
            json.dump({'steps': self.steps, 'workspaces': self.workspaces if self.keep else {}}, f, indent=2)
        shutil.rmtree(self.bin, ignore_errors=True)
        return 1 if self.failed else 0


GH_STANDIN = r'''#!/bin/sh
# ci_steps.py's stand-in for the GitHub CLI: `gh pr comment N --body-file F` records the comment.
if [ "$1 $2" != "pr comment" ]; then echo "gh: only 'gh pr comment N --body-file F' is known here" >&2; exit 2; fi
number=$3; shift 3; body=
while [ $# -gt 0 ]; do
  case "$1" in
    --body-file|-F) body=$2; shift 2;;
    --edit-last|--create-if-none) shift;;
    *) echo "gh: unknown option $1" >&2; exit 2;;
  esac
done
[ -f "$body" ] || { echo "gh: no body file '$body'" >&2; exit 1; }
cp "$body" "@COMMENTS@/pr-$number.md"
echo "https://github.example/pull/$number#comment"
'''


def files_of(patterns, base):
    found = []
    for p in patterns:
        p = p.strip()
        if not p:
            continue
        matches = glob.glob(os.path.join(base, p), recursive=True)
        for m in matches:
            if os.path.isdir(m):
                for root, _, names in os.walk(m):
                    found += [os.path.join(root, n) for n in names]
            else:
                found.append(m)
    return sorted(set(found))


# ---------------------------------------------------------------- GitHub Actions

EXPR = re.compile(r'\$\{\{\s*(.*?)\s*\}\}', re.S)
TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>\d+(?:\.\d+)?)|(?P<op>==|!=|&&|\|\||!|\(|\)|,)|(?P<name>[A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z_*][A-Za-z0-9_\-]*)*))")


class Expression:
    """GitHub's expression language, the part workflows for this module use."""

    def __init__(self, text, context, status):
        self.tokens = []
        pos = 0
        text = text.strip()
        while pos < len(text):
            m = TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise Unsupported(f"expression '{text}' at '{text[pos:]}'")
            self.tokens.append((m.lastgroup, m.group(m.lastgroup)))
            pos = m.end()
        self.i = 0
        self.context = context
        self.status = status

    def value(self):
        v = self.or_()
        if self.i != len(self.tokens):
            raise Unsupported(f'expression: unexpected {self.tokens[self.i][1]}')
        return v

    def peek(self):
        return self.tokens[self.i][1] if self.i < len(self.tokens) else None

    def take(self):
        t = self.tokens[self.i]
        self.i += 1
        return t

    def or_(self):
        v = self.and_()
        while self.peek() == '||':
            self.take()
            w = self.and_()
            v = v if truthy(v) else w
        return v

    def and_(self):
        v = self.cmp()
        while self.peek() == '&&':
            self.take()
            w = self.cmp()
            v = w if truthy(v) else v
        return v

    def cmp(self):
        v = self.unary()
        while self.peek() in ('==', '!='):
            op = self.take()[1]
            w = self.unary()
            same = str(v).lower() == str(w).lower() if isinstance(v, str) or isinstance(w, str) else v == w
            v = same if op == '==' else not same
        return v

    def unary(self):
        if self.peek() == '!':
            self.take()
            return not truthy(self.unary())
        return self.atom()

    def atom(self):
        kind, text = self.take()
        if kind == 'str':
            return text[1:-1].replace("''", "'")
        if kind == 'num':
            return float(text)
        if text == '(':
            v = self.or_()
            self.take()
            return v
        if kind == 'name':
            if self.peek() == '(':
                self.take()
                args = []
                while self.peek() != ')':
                    args.append(self.or_())
                    if self.peek() == ',':
                        self.take()
                self.take()
                return self.call(text, args)
            if text in ('true', 'false'):
                return text == 'true'
            if text == 'null':
                return None
            v = self.context
            for part in text.split('.'):
                v = v.get(part) if isinstance(v, dict) else None
            return v
        raise Unsupported(f'expression: unexpected {text}')

    def call(self, name, args):
        if name == 'success':
            return self.status == 'success'
        if name == 'failure':
            return self.status == 'failure'
        if name == 'always':
            return True
        if name == 'cancelled':
            return False
        if name == 'format':
            text = str(args[0])
            for n, a in enumerate(args[1:]):
                text = text.replace('{%d}' % n, '' if a is None else str(a))
            return text
        if name == 'contains':
            return str(args[1]).lower() in str(args[0]).lower() if not isinstance(args[0], list) else args[1] in args[0]
        if name == 'startsWith':
            return str(args[0]).lower().startswith(str(args[1]).lower())
        raise Unsupported(f'expression function {name}()')


def truthy(v):
    return v not in (None, False, 0, 0.0, '')


def text_of(v):
    if v is None:
        return ''
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def substitute(text, context, status='success'):
    return EXPR.sub(lambda m: text_of(Expression(m.group(1), context, status).value()), str(text))


def condition(text, context, status):
    if text is None:
        return status == 'success'
    text = str(text).strip()
    m = EXPR.fullmatch(text)
    inner = m.group(1) if m else text
    # GitHub adds success() to a condition that names no status function
    if not re.search(r'\b(success|failure|always|cancelled)\s*\(', inner):
        inner = f'success() && ({inner})'
    return truthy(Expression(inner, context, status).value())


def run_github(args, runner):
    with open(args.file) as f:
        workflow = yaml.safe_load(f)
    events = workflow.get(True, workflow.get('on'))     # PyYAML reads the key `on` as True
    names = [events] if isinstance(events, str) else list(events or [])
    if args.event not in names:
        print(f'::: the workflow does not run on {args.event}', flush=True)
        return
    github = {
        'event_name': args.event, 'ref': 'refs/heads/' + args.ref, 'ref_name': args.ref,
        'base_ref': args.base_ref or '', 'head_ref': args.ref if args.event == 'pull_request' else '',
        'run_id': args.run_id, 'run_number': '1', 'run_attempt': '1', 'repository': 'example/model',
        'token': 'ci-steps-token', 'sha': subprocess.run(['git', '-C', runner.repo, 'rev-parse', args.ref], capture_output=True, text=True).stdout.strip(),
        'event': {'pull_request': {'number': 7}} if args.event == 'pull_request' else {},
    }
    global CURRENT_GITHUB
    CURRENT_GITHUB = github
    context = {'github': github, 'vars': dict(kv.split('=', 1) for kv in args.var or []),
               'secrets': dict(kv.split('=', 1) for kv in args.secret or []), 'env': {}, 'matrix': {},
               'runner': {'os': 'Linux', 'temp': tempfile.gettempdir()}, 'needs': {}}

    jobs = workflow.get('jobs') or {}
    done = {}
    order = []

    def visit(name, seen=()):
        if name in done or name in order:
            return
        if name in seen:
            raise Unsupported(f"jobs that need each other: {' -> '.join(seen + (name,))}")
        needs = jobs[name].get('needs') or []
        for n in [needs] if isinstance(needs, str) else needs:
            visit(n, seen + (name,))
        order.append(name)
    for name in jobs:
        visit(name)

    for name in order:
        job = jobs[name]
        needs = job.get('needs') or []
        needs = [needs] if isinstance(needs, str) else needs
        needs_status = 'success' if all(done.get(n) in ('success', 'skipped') for n in needs) else 'failure'
        if any(done.get(n) == 'skipped' for n in needs) and job.get('if') is None:
            needs_status = 'skipped'
        ctx = dict(context, env={}, needs={n: {'result': done.get(n)} for n in needs})
        if needs_status == 'skipped' or not condition(job.get('if'), ctx, needs_status):
            runner.record(name, '(job skipped)', None, skipped=True)
            done[name] = 'skipped'
            continue
        matrix = (job.get('strategy') or {}).get('matrix') or {}
        keys = [k for k in matrix if k not in ('include', 'exclude')]
        if 'include' in matrix or 'exclude' in matrix:
            raise Unsupported(f"job '{name}': matrix include/exclude")
        cells = [dict(zip(keys, values)) for values in itertools.product(*[matrix[k] for k in keys])] or [{}]
        results = []
        for cell in cells:
            label = name + (' (' + ', '.join(text_of(v) for v in cell.values()) + ')' if cell else '')
            results.append(run_github_job(runner, label, job, dict(ctx, matrix=cell), args.ref, workflow.get('env') or {}))
        done[name] = 'success' if all(r == 'success' for r in results) else 'failure'


def run_github_job(runner, label, job, context, ref, workflow_env):
    # a runner's workspace is there before its checkout, and github.workspace names it
    workspace = runner.empty_workspace(label)
    context = dict(context, github=dict(context['github'], workspace=workspace))
    env = {}
    for level in (workflow_env, job.get('env') or {}):
        for k, v in level.items():
            env[k] = substitute(v, dict(context, env=dict(env)))
    status = 'success'
    github_env = tempfile.mktemp(prefix='ci-github-env-')
    open(github_env, 'w').close()
    summary = os.path.join(runner.artifacts, 'step-summary', re.sub(r'[^A-Za-z0-9]+', '-', label).strip('-') + '.md')
    os.makedirs(os.path.dirname(summary), exist_ok=True)
    for n, step in enumerate(job.get('steps') or []):
        ctx = dict(context, env=dict(env))
        name = substitute(step['name'], ctx) if step.get('name') else step.get('uses') or step_title(step.get('run') or '')
        if not condition(step.get('if'), ctx, status):
            runner.record(label, name, None, skipped=True)
            continue
        step_env = dict(env)
        for k, v in (step.get('env') or {}).items():
            step_env[k] = substitute(v, dict(ctx, env=dict(step_env)))
        with_ = {k: substitute(v, dict(ctx, env=step_env)) for k, v in (step.get('with') or {}).items()}
        uses = step.get('uses')
        try:
            if uses:
                action = uses.split('@')[0]
                if action == 'actions/checkout':
                    runner.workspace(ref, label, workspace)
                    runner.record(label, name, 0)
                elif action == 'actions/upload-artifact':
                    paths = [p.strip() for p in with_.get('path', '').splitlines() if p.strip()]
                    files = files_of(paths, workspace)
                    if not files and with_.get('if-no-files-found', 'warn') == 'error':
                        raise Unsupported(f"upload-artifact '{with_.get('name')}': no files match {with_.get('path')}")
                    # as upload-artifact does, the artifact holds the files below the paths' least common ancestor
                    roots = [os.path.join(workspace, p.rstrip('/')) if not glob.has_magic(p) else os.path.join(workspace, os.path.dirname(p.split('*')[0])) for p in paths]
                    roots = [r if os.path.isdir(r) else os.path.dirname(r) for r in roots]
                    runner.save(with_.get('name', 'artifact'), files, os.path.commonpath(roots) if roots else workspace)
                    runner.publish(files, workspace)
                    runner.record(label, name, 0)
                elif action == 'actions/download-artifact':
                    dest = os.path.join(workspace, with_.get('path', '.'))
                    pattern = with_.get('pattern') or with_.get('name')
                    names = sorted(n for n in os.listdir(runner.store) if fnmatch.fnmatchcase(n, pattern))
                    if not names:
                        raise Unsupported(f"download-artifact: no artifact matches '{pattern}'")
                    for a in names:
                        merge = with_.get('name') or str(with_.get('merge-multiple', 'false')).lower() == 'true'
                        runner.restore(a, dest if merge else os.path.join(dest, a))
                    runner.record(label, name, 0)
                else:
                    raise Unsupported(f"the action '{uses}'")
                continue
            script = substitute(step['run'], dict(ctx, env=step_env))
            shell = step.get('shell') or (job.get('defaults') or {}).get('run', {}).get('shell') or 'bash'
            cwd = os.path.join(workspace, step.get('working-directory', '.'))
            code = run_github_script(runner, label, name, shell, script, cwd, step_env, github_env, summary, workspace)
            # what a step wrote to GITHUB_ENV is in the environment of the steps after it
            with open(github_env) as f:
                for line in f.read().splitlines():
                    if '=' in line:
                        k, v = line.split('=', 1)
                        env[k] = v
            if code != 0:
                status = 'failure'
                runner.failed = True
        except (Unsupported, subprocess.CalledProcessError) as e:
            print(f'::: {label} / {name}: {e}', flush=True)
            runner.record(label, name, 1)
            status = 'failure'
            runner.failed = True
    os.unlink(github_env)
    runner.discard(workspace)
    return status


def run_github_script(runner, label, name, shell, script, cwd, env, github_env, summary, workspace):
    github = CURRENT_GITHUB
    env = dict(env, GITHUB_ENV=github_env, GITHUB_STEP_SUMMARY=summary, GITHUB_WORKSPACE=workspace, CI='true', GITHUB_ACTIONS='true',
               GITHUB_EVENT_NAME=github['event_name'], GITHUB_REF=github['ref'], GITHUB_REF_NAME=github['ref_name'],
               GITHUB_BASE_REF=github['base_ref'], GITHUB_HEAD_REF=github['head_ref'], GITHUB_RUN_ID=github['run_id'],
               GITHUB_SHA=github['sha'], GITHUB_REPOSITORY=github['repository'], RUNNER_TEMP=tempfile.gettempdir(), RUNNER_OS='Linux')
    fd, path = tempfile.mkstemp(suffix='.ps1' if shell == 'pwsh' else '.sh', prefix='ci-step-')
    with os.fdopen(fd, 'w') as f:
        if shell == 'pwsh':
            # GitHub's pwsh shell: stop at the first error, and the exit code of the last program
            f.write("$ErrorActionPreference = 'stop'\n" + script +
                    "\nif ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }\n")
            argv = ['pwsh', '-NoProfile', '-NonInteractive', '-Command', f". '{path}'"]
        elif shell == 'bash':
            f.write(script)
            argv = ['bash', '--noprofile', '--norc', '-eo', 'pipefail', path]
        else:
            raise Unsupported(f"shell '{shell}'")
    try:
        return runner.run_process(argv, cwd, env, label, name)
    finally:
        os.unlink(path)


# ---------------------------------------------------------------- Jenkins declarative pipelines

GROOVY_TOKEN = re.compile(r"""
    (?P<ws>\s+|//[^\n]*|/\*.*?\*/)
  | (?P<tstr>'''.*?'''|\"\"\".*?\"\"\")
  | (?P<str>'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")
  | (?P<num>\d+)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<punct>[{}()\[\],:=;!])
""", re.S | re.X)


def groovy_tokens(text):
    pos, out = 0, []
    while pos < len(text):
        m = GROOVY_TOKEN.match(text, pos)
        if not m:
            line = text.count('\n', 0, pos) + 1
            raise Unsupported(f"Jenkinsfile line {line}: cannot read '{text[pos:pos + 20]}'")
        pos = m.end()
        if m.lastgroup != 'ws':
            out.append((m.lastgroup, m.group(m.lastgroup), text.count('\n', 0, m.start()) + 1))
    return out


class Call:
    """A Groovy call: name, positional and named arguments, and a closure (list of calls) or None."""

    def __init__(self, name, args, named, body, line):
        self.name, self.args, self.named, self.body, self.line = name, args, named, body, line

    def __repr__(self):
        return f'{self.name}({self.args}, {self.named}){"{...}" if self.body is not None else ""}'


class GroovyReader:
    def __init__(self, text):
        self.t = groovy_tokens(text)
        self.i = 0

    def peek(self, k=0):
        return self.t[self.i + k] if self.i + k < len(self.t) else (None, None, 0)

    def take(self, value=None):
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise Unsupported(f"Jenkinsfile line {tok[2]}: expected '{value}', found '{tok[1]}'")
        self.i += 1
        return tok

    def block(self):
        calls = []
        while self.peek()[1] not in ('}', None):
            if self.peek()[1] == ';':
                self.take()
                continue
            calls.append(self.call())
        return calls

    def call(self):
        kind, name, line = self.take()
        if kind != 'name':
            raise Unsupported(f"Jenkinsfile line {line}: expected a step, found '{name}'")
        if self.peek()[1] == '=':                       # environment { K = 'v' }
            self.take()
            return Call('=', [name, self.value()], {}, None, line)
        args, named = [], {}
        if self.peek()[1] == '(':
            self.take()
            self.arguments(args, named, ')')
            self.take(')')
        elif self.peek()[0] in ('str', 'tstr', 'num') or (self.peek()[0] == 'name' and self.peek(1)[1] == ':') or self.peek()[1] == '[':
            self.arguments(args, named, None)
        body = None
        if self.peek()[1] == '{':
            self.take()
            body = self.block()
            self.take('}')
        return Call(name, args, named, body, line)

    def arguments(self, args, named, close):
        while True:
            if close and self.peek()[1] == close:
                return
            if self.peek()[0] == 'name' and self.peek(1)[1] == ':':
                key = self.take()[1]
                self.take(':')
                named[key] = self.value()
            else:
                args.append(self.value())
            if self.peek()[1] == ',':
                self.take()
                continue
            return

    def value(self):
        kind, text, line = self.peek()
        if kind == 'tstr':
            self.take()
            return ('gstring' if text.startswith('"') else 'string', text[3:-3])
        if kind == 'str':
            self.take()
            body = text[1:-1].replace("\\'", "'").replace('\\"', '"').replace('\\\\', '\\')
            return ('gstring' if text.startswith('"') else 'string', body)
        if kind == 'num':
            self.take()
            return ('string', text)
        if text == '[':
            self.take()
            items = []
            while self.peek()[1] != ']':
                items.append(self.value())
                if self.peek()[1] == ',':
                    self.take()
            self.take(']')
            return ('list', items)
        if kind == 'name' and text in ('true', 'false'):
            self.take()
            return ('string', text)
        if kind == 'name':
            return ('call', self.call())
        raise Unsupported(f"Jenkinsfile line {line}: cannot read the value '{text}'")


def step_title(script):
    """The line that says what a step does: the first that names a cmdlet of the module, else the first."""
    lines = [line.strip() for line in script.strip().splitlines() if line.strip()]
    named = [line for line in lines if '-Mcp' in line]
    return (named or lines or [''])[0][:100]


def one(calls, name):
    found = [c for c in calls or [] if c.name == name]
    return found[0] if found else None


class Jenkins:
    def __init__(self, args, runner):
        self.args = args
        self.runner = runner
        with open(args.file) as f:
            calls = GroovyReader(f.read()).block()
        self.pipeline = one(calls, 'pipeline')
        if self.pipeline is None:
            raise Unsupported('no pipeline { } block (only declarative pipelines are read)')
        self.params = {}
        for p in (one(self.pipeline.body, 'parameters') or Call('', [], {}, [], 0)).body:
            self.params[self.text(p.named['name'], {})] = self.text(p.named.get('defaultValue', ('string', '')), {})
        self.params.update(dict(kv.split('=', 1) for kv in args.param or []))
        self.status = 'SUCCESS'

    def text(self, value, env, matrix=None):
        kind, body = value
        if kind == 'string':
            return body
        if kind == 'gstring':
            def field(m):
                expr = m.group(1) or m.group(2)
                if expr.startswith('env.'):
                    return env.get(expr[4:], '')
                if expr.startswith('params.'):
                    return self.params.get(expr[7:], '')
                if expr in env:
                    return env[expr]
                raise Unsupported(f"the Groovy expression '${{{expr}}}'")
            return re.sub(r'\$\{([^}]+)\}|\$([A-Za-z_][A-Za-z0-9_.]*)', field, body)
        raise Unsupported(f'a {kind} where a string was expected')

    def base_env(self):
        branch = self.args.branch
        env = {'BRANCH_NAME': ('PR-7' if self.args.change_target else branch), 'BUILD_NUMBER': '1',
               'BUILD_TAG': 'jenkins-model-' + branch + '-1', 'JOB_NAME': 'model/' + branch, 'CI': 'true'}
        if self.args.change_target:
            env.update({'CHANGE_ID': '7', 'CHANGE_TARGET': self.args.change_target, 'CHANGE_BRANCH': branch})
        env.update(self.params)
        return env

    def environment(self, node, env):
        block = one(node.body, 'environment')
        for c in (block.body if block else []):
            if c.name != '=':
                raise Unsupported(f"Jenkinsfile line {c.line}: '{c.name}' in environment")
            env[c.args[0]] = self.text(c.args[1], env)
        return env

    def when(self, node, env):
        block = one(node.body, 'when')
        return all(self.holds(c, env) for c in block.body) if block else True

    def holds(self, c, env):
        if c.name == 'branch':
            return fnmatch.fnmatchcase(env.get('BRANCH_NAME', ''), self.text(c.args[0], env))
        if c.name == 'changeRequest':
            return 'CHANGE_ID' in env
        if c.name == 'not':
            return not all(self.holds(x, env) for x in c.body)
        if c.name == 'allOf':
            return all(self.holds(x, env) for x in c.body)
        if c.name == 'anyOf':
            return any(self.holds(x, env) for x in c.body)
        if c.name == 'environment':
            return env.get(self.text(c.named['name'], env), '') == self.text(c.named['value'], env)
        raise Unsupported(f"Jenkinsfile line {c.line}: 'when {{ {c.name} }}'")

    def run(self):
        workspace = self.runner.workspace(self.args.branch, 'jenkins')
        env = self.environment(self.pipeline, dict(self.base_env(), WORKSPACE=workspace))
        try:
            self.stages(one(self.pipeline.body, 'stages').body, env, workspace, 'pipeline')
            self.post(self.pipeline, env, workspace, 'pipeline')
        finally:
            self.runner.discard(workspace)

    def stages(self, stages, env, workspace, path):
        for stage in stages:
            if stage.name != 'stage':
                raise Unsupported(f"Jenkinsfile line {stage.line}: '{stage.name}' among stages")
            self.stage(stage, env, workspace, path)

    def stage(self, stage, env, workspace, path, matrix=None):
        name = self.text(stage.args[0], env) if stage.args else 'matrix'
        label = f'{path} / {name}' if path != 'pipeline' else name
        # `when` is evaluated before the stage's agent and environment, as Jenkins does by default
        if self.status != 'SUCCESS' or not self.when(stage, env):
            self.runner.record(label, '(stage skipped)', None, skipped=True)
            return
        own = one(stage.body, 'agent') is not None
        ws = self.runner.workspace(self.args.branch, label) if own else workspace
        env = self.environment(stage, dict(env, WORKSPACE=ws))
        try:
            if one(stage.body, 'parallel'):
                for inner in one(stage.body, 'parallel').body:
                    self.stage(inner, env, ws, label)
            elif one(stage.body, 'matrix'):
                self.matrix(one(stage.body, 'matrix'), env, ws, label)
            elif one(stage.body, 'stages'):
                self.stages(one(stage.body, 'stages').body, env, ws, label)
            else:
                self.steps(one(stage.body, 'steps').body, env, ws, label)
            self.post(stage, env, ws, label)
        finally:
            if own:
                self.runner.discard(ws)

    def matrix(self, matrix, env, workspace, path):
        axes = [(self.text(one(a.body, 'name').args[0], env), [self.text(v, env) for v in one(a.body, 'values').args])
                for a in one(matrix.body, 'axes').body]
        for values in itertools.product(*[v for _, v in axes]):
            cell = dict(zip([n for n, _ in axes], values))
            label = f"{path} ({', '.join(values)})"
            cell_env = self.environment(matrix, dict(env, **cell))
            own = one(matrix.body, 'agent') is not None
            ws = self.runner.workspace(self.args.branch, label) if own else workspace
            cell_env['WORKSPACE'] = ws
            try:
                self.stages(one(matrix.body, 'stages').body, cell_env, ws, label)
            finally:
                if own:
                    self.runner.discard(ws)

    def post(self, node, env, workspace, label):
        block = one(node.body, 'post')
        for c in (block.body if block else []):
            if c.name == 'always' or (c.name == 'success' and self.status == 'SUCCESS') or (c.name == 'failure' and self.status == 'FAILURE'):
                saved, self.status = self.status, 'SUCCESS'
                self.steps(c.body, env, workspace, label + ' / post ' + c.name)
                self.status = saved if saved == 'FAILURE' else self.status
            elif c.name not in ('success', 'failure', 'unstable', 'aborted', 'changed', 'fixed', 'regression', 'cleanup'):
                raise Unsupported(f"Jenkinsfile line {c.line}: 'post {{ {c.name} }}'")

    def steps(self, steps, env, workspace, label):
        for c in steps:
            if self.status != 'SUCCESS':
                self.runner.record(label, c.name, None, skipped=True)
                continue
            try:
                code = self.step(c, env, workspace, label)
            except Unsupported as e:
                print(f'::: {label} / {c.name}: {e}', flush=True)
                self.runner.record(label, c.name, 1)
                code = 1
            if code:
                self.status = 'FAILURE'
                self.runner.failed = True

    def step(self, c, env, workspace, label):
        named = {k: self.text(v, env) for k, v in c.named.items() if v[0] in ('string', 'gstring')}
        first = self.text(c.args[0], env) if c.args and c.args[0][0] in ('string', 'gstring') else None
        if c.name == 'sh':
            script = first if first is not None else named['script']
            fd, path = tempfile.mkstemp(suffix='.sh', prefix='ci-sh-')
            with os.fdopen(fd, 'w') as f:
                f.write(script)
            try:
                return self.runner.run_process(['sh', '-xe', path], workspace, dict(env, WORKSPACE=workspace), label, 'sh: ' + step_title(script))
            finally:
                os.unlink(path)
        if c.name == 'stash':
            files = files_of(named.get('includes', '**').split(','), workspace)
            self.runner.save('stash-' + named['name'], files, workspace)
            self.runner.record(label, f"stash {named['name']}", 0)
            return 0
        if c.name == 'unstash':
            self.runner.restore('stash-' + (first or named['name']), workspace)
            self.runner.record(label, f'unstash {first or named["name"]}', 0)
            return 0
        if c.name in ('junit', 'archiveArtifacts'):
            pattern = first or named.get('testResults') or named.get('artifacts')
            files = files_of(pattern.split(','), workspace)
            allow_empty = named.get('allowEmptyArchive', named.get('allowEmptyResults', 'false')) == 'true'
            if not files and not allow_empty:
                print(f"::: {label} / {c.name}: no files match '{pattern}'", flush=True)
                self.runner.record(label, c.name, 1)
                return 1
            self.runner.publish(files, workspace)
            self.runner.record(label, f'{c.name} {pattern}', 0)
            return 0
        if c.name == 'script':
            for inner in c.body:
                if inner.name == 'pullRequest.comment' and inner.args and inner.args[0][0] == 'call' and inner.args[0][1].name == 'readFile':
                    source = os.path.join(workspace, self.text(inner.args[0][1].args[0], env))
                    if 'CHANGE_ID' not in env:
                        raise Unsupported('pullRequest.comment outside a change request')
                    shutil.copy(source, os.path.join(self.runner.comments, f"pr-{env['CHANGE_ID']}.md"))
                    self.runner.record(label, 'pullRequest.comment', 0)
                else:
                    raise Unsupported(f"Jenkinsfile line {inner.line}: '{inner.name}' in a script block")
            return 0
        if c.name == 'echo':
            print(first, flush=True)
            return 0
        raise Unsupported(f"Jenkinsfile line {c.line}: the step '{c.name}'")


# ---------------------------------------------------------------- the command line

def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('kind', choices=['github', 'jenkins'])
    parser.add_argument('file')
    parser.add_argument('--repo', required=True)
    parser.add_argument('--out', required=True)
    parser.add_argument('--env', action='append', help='K=V in every step, as the machine a runner runs on has it')
    parser.add_argument('--event', default='push')
    parser.add_argument('--ref', help='the branch under test (GitHub)')
    parser.add_argument('--base-ref', help="a pull request's target branch (GitHub)")
    parser.add_argument('--run-id', default='4242')
    parser.add_argument('--var', action='append')
    parser.add_argument('--secret', action='append')
    parser.add_argument('--branch', help='the branch under test (Jenkins)')
    parser.add_argument('--change-target', help="a change request's target branch (Jenkins)")
    parser.add_argument('--param', action='append')
    parser.add_argument('--keep', action='store_true', help='keep the workspaces (steps.json names them), to look at them after')
    args = parser.parse_args(argv)
    runner = Runner(args)
    try:
        if args.kind == 'github':
            run_github(args, runner)
        else:
            Jenkins(args, runner).run()
    except Unsupported as e:
        print(f'ci_steps.py: {e}', file=sys.stderr, flush=True)
        runner.finish()
        return 2
    return runner.finish()


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
