"""What osls_diff.py and osls_cases.py share: running osls 4.3.1's `package` on a service and
comparing its template with stackwright's."""
import json, os, re, subprocess


def package(base, node_modules, options=(), config=None, env=None, timeout=180):
    """`serverless package` in `base` with fake credentials (AWS look-ups fail fast on a port
    nothing listens on). Returns (template, None) or (None, the first line of osls's error)."""
    env = dict(env if env is not None else os.environ, AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="y",
               AWS_REGION="us-east-1", AWS_ENDPOINT_URL="http://127.0.0.1:9")
    args = ["node", os.path.join(node_modules, "osls", "bin", "serverless.js"), "package", *options]
    if config and config != "serverless.yml":
        args += ["--config", config]
    try:
        o = subprocess.run(args, cwd=base, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, "timeout"
    written = os.path.join(base, ".serverless", "cloudformation-template-update-stack.json")
    if o.returncode == 0 and os.path.exists(written):
        with open(written) as f:
            return json.load(f), None
    m = re.search(r"Error:\n(.*)", o.stdout + o.stderr)
    return None, (m.group(1) if m else "failed")[:160]


def normalized(template):
    """`template` with the artifact directory's time and the REST API deployment's ID replaced."""
    text = json.dumps(template)
    text = re.sub(r"\d{13}-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", "TIME", text)
    text = re.sub(r"ApiGatewayDeployment\d{13}", "ApiGatewayDeploymentX", text)
    return json.loads(text)


def differences(a, b, path="", out=None):
    """The paths where `a` and `b` differ; key order is not compared (osls writes versions and
    outputs in the order its asynchronous hashing finishes)."""
    out = [] if out is None else out
    if type(a) is not type(b):
        out.append(path)
    elif isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{path}.{key}")
            else:
                differences(a[key], b[key], f"{path}.{key}", out)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(path)
        else:
            for i, (x, y) in enumerate(zip(a, b)):
                differences(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(path)
    return out
