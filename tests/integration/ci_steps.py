#!/usr/bin/python3
"""Runs the CI files' commands as written, the way each platform would.

ci_steps.py github ACTION_YML WORKDIR HOME KEY=VALUE...   (the action's inputs)
ci_steps.py gitlab TEMPLATE_YML JOB WORKDIR HOME KEY=VALUE...  (variables)
ci_steps.py docs CI_MD ACTION_YML TEMPLATE_YML

github: checks the keys a composite action needs, then runs each `run:`
step with `sh -e` (GitHub's `shell: sh`), ${{ inputs.* }} and
${{ steps.*.outputs.* }} substituted, GITHUB_ACTION_PATH at the source tree,
GITHUB_OUTPUT and GITHUB_PATH honoured; a `uses:` step is not run, its
`with:` is resolved and printed. Prints one line per step: NAME: STATUS.
Stops at the first failing step, as GitHub does.
gitlab: checks the job's keys, then runs before_script and script in one
`bash -e` shell with the job's variables (overridden by KEY=VALUE).
Prints `job: STATUS`.
"""
import os
import re
import subprocess
import sys

import yaml


def die(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check_action(a):
    for k in ("name", "description", "runs"):
        if k not in a:
            die("action.yml lacks " + k)
    if a["runs"].get("using") != "composite":
        die("action.yml: runs.using is not composite")
    for name, i in a.get("inputs", {}).items():
        if "description" not in i:
            die("input %s has no description" % name)
    for name, o in a.get("outputs", {}).items():
        if "value" not in o or "description" not in o:
            die("output %s needs value and description (composite)" % name)
    ids = set()
    for s in a["runs"]["steps"]:
        if ("run" in s) == ("uses" in s):
            die("step %s: exactly one of run and uses" % s.get("name"))
        if "run" in s and "shell" not in s:
            die("step %s: a composite run step needs shell" % s.get("name"))
        if "id" in s:
            if s["id"] in ids:
                die("duplicate step id " + s["id"])
            ids.add(s["id"])


def resolve(text, inputs, steps):
    def sub(m):
        expr = m.group(1).strip()
        mi = re.fullmatch(r"inputs\.([\w-]+)", expr)
        ms = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
        if mi:
            return inputs[mi.group(1)]
        if ms:
            return steps.get(ms.group(1), {}).get(ms.group(2), "")
        die("an expression the test cannot evaluate: " + expr)
    return re.sub(r"\$\{\{(.*?)\}\}", sub, str(text))


def github(action_yml, work, home, pairs):
    a = yaml.safe_load(open(action_yml))
    check_action(a)
    given = dict(p.split("=", 1) for p in pairs)
    inputs = {}
    for name, i in a.get("inputs", {}).items():
        if name not in given and i.get("required"):
            die("required input %s not given" % name)
        inputs[name] = given.get(name, str(i.get("default", "")))
    steps, path = {}, []
    for n, s in enumerate(a["runs"]["steps"]):
        name = s.get("name", "step %d" % n)
        if "uses" in s:
            w = {k: resolve(v, inputs, steps) for k, v in s.get("with", {}).items()}
            print("%s: uses %s %s" % (name, s["uses"], w))
            continue
        if s["shell"] != "sh":
            die("the test runs shell: sh steps only")
        env = dict(os.environ, HOME=home, GITHUB_ACTION_PATH=os.path.dirname(
            os.path.abspath(action_yml)), GITHUB_OUTPUT=os.path.join(work, ".out%d" % n),
            GITHUB_PATH=os.path.join(work, ".path%d" % n))
        env["PATH"] = ":".join(path + [os.environ["PATH"]])
        for k, v in s.get("env", {}).items():
            env[k] = resolve(v, inputs, steps)
        open(env["GITHUB_OUTPUT"], "w").close()
        open(env["GITHUB_PATH"], "w").close()
        rc = subprocess.call(["sh", "-e", "-c", s["run"]], cwd=work, env=env,
                             stdout=sys.stderr)
        outs = dict(l.rstrip("\n").split("=", 1) for l in open(env["GITHUB_OUTPUT"]) if "=" in l)
        if "id" in s:
            steps[s["id"]] = outs
        path = [l.strip() for l in open(env["GITHUB_PATH"]) if l.strip()] + path
        print("%s: %d %s" % (name, rc, outs))
        if rc != 0:
            break


def check_job(t, job):
    j = t.get(job)
    if not isinstance(j, dict):
        die("no job " + job)
    for k in ("image", "script", "artifacts"):
        if k not in j:
            die("%s lacks %s" % (job, k))
    art = j["artifacts"]
    if art.get("when") != "always":
        die("artifacts are not kept when the job fails")
    junit = art.get("reports", {}).get("junit")
    if not junit or not any(junit.startswith(p) for p in art.get("paths", [])):
        die("no JUnit report inside the artifact paths")
    known = {"image", "stage", "variables", "before_script", "script", "after_script",
             "artifacts", "needs", "rules", "tags", "extends", "cache", "allow_failure"}
    if set(j) - known:
        die("unknown job keys: %s" % (set(j) - known))
    return j


def gitlab(template, job, work, home, pairs):
    j = check_job(yaml.safe_load(open(template)), job)
    env = dict(os.environ, HOME=home)
    env.update({k: str(v) for k, v in j.get("variables", {}).items()})
    env.update(dict(p.split("=", 1) for p in pairs))
    lines = j.get("before_script", []) + j["script"]
    rc = subprocess.call(["bash", "-e", "-o", "pipefail", "-c", "\n".join(lines)],
                         cwd=work, env=env, stdout=sys.stderr)
    print("job: %d" % rc)


def docs(ci_md, action_yml, template):
    """The copy-paste examples use only what the action and template offer."""
    a = yaml.safe_load(open(action_yml))
    blocks = re.findall(r"```yaml\n(.*?)```", open(ci_md).read(), re.S)
    used_action = used_template = False
    for b in blocks:
        d = yaml.safe_load(b)
        for job in (d.get("jobs") or {}).values():
            for s in job.get("steps", []):
                if "fwaudit" in s.get("uses", "") and "checkout" not in s["uses"]:
                    used_action = True
                    w = s.get("with", {})
                    if set(w) - set(a["inputs"]):
                        die("docs example: unknown inputs %s" % (set(w) - set(a["inputs"])))
                    for n, i in a["inputs"].items():
                        if i.get("required") and n not in w:
                            die("docs example lacks required input " + n)
            if "security-events" not in str(job.get("permissions", "")):
                die("docs example: no security-events permission for the upload")
        for name, job in d.items():
            if isinstance(job, dict) and job.get("extends") == ".fwaudit":
                used_template = True
                if "FWAUDIT_INPUTS" not in job.get("variables", {}):
                    die("docs GitLab example sets no FWAUDIT_INPUTS")
    if not (used_action and used_template):
        die("docs/ci.md lacks the GitHub or the GitLab example")
    print("docs: ok")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "github":
        github(*sys.argv[2:5], sys.argv[5:])
    elif cmd == "gitlab":
        gitlab(*sys.argv[2:6], sys.argv[6:])
    else:
        docs(*sys.argv[2:5])
