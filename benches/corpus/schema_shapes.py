#!/usr/bin/env python3
"""Writes the places of core/src/load/shapes.txt (after its comment header) from osls 4.3.1's
assembled schema: the shapes each place allows and, for an object that allows no other key, its
keys. On demand, when the reference's schema is read again; not part of the tests.

The schema is the one osls validates a config against, every event and provider part loaded. A
local plugin dumps it (osls installed as for osls_diff.py):

    mkdir /tmp/dump && cd /tmp/dump
    printf 'service: dump\nprovider: {name: aws, runtime: nodejs22.x}\nplugins: [./dump]\nfunctions: {f: {handler: index.handler}}\n' > serverless.yml
    cat > dump.js <<'JS'
    class Dump {
      constructor(serverless) {
        this.hooks = { initialize: () => require('fs').writeFileSync('/tmp/osls-schema.json',
          JSON.stringify(serverless.configSchemaHandler.schema)) };
      }
    }
    module.exports = Dump;
    JS
    ln -s /tmp/osls/node_modules node_modules && node node_modules/osls/bin/serverless.js package
    python3 schema_shapes.py /tmp/osls-schema.json   # the lines below shapes.txt's header
"""
import json, sys, re
S = json.load(open(sys.argv[1]))
DEFS = S['definitions']
SKIP_TOP = {'resources', 'custom'}
# Free-form JSON the reference passes to the template whatever its shape (with a warning).
PASSED_THROUGH = {'functions.*.events[].schedule.input.body', 'functions.*.events[].http.response.template'}

def deref(n):
    seen = 0
    while isinstance(n, dict) and '$ref' in n and seen < 20:
        n = DEFS[n['$ref'].split('/')[-1]]; seen += 1
    return n

def branches(n, depth=0):
    """The alternatives of a schema node, anyOf/oneOf flattened."""
    n = deref(n)
    if not isinstance(n, dict) or depth > 20:
        return [n]
    alts = n.get('anyOf') or n.get('oneOf')
    if alts:
        base = {k: v for k, v in n.items() if k not in ('anyOf', 'oneOf')}
        out = []
        for a in alts:
            for b in branches(a, depth + 1):
                if isinstance(b, dict) and base:
                    merged = dict(base); merged.update(b); out.append(merged)
                else:
                    out.append(b)
        return out
    return [n]

def intrinsic(b):
    req = b.get('required') or []
    props = list((b.get('properties') or {}).keys())
    ik = lambda k: k == 'Ref' or k.startswith('Fn::')
    return (len(req) == 1 and ik(req[0])) or (props and all(ik(k) for k in props))

SCALARS = {'string', 'number', 'integer', 'boolean'}
def shapes_of(b):
    """Shapes of one branch; None = anything."""
    if b is True or b == {} or not isinstance(b, dict):
        return None
    if intrinsic(b):
        return {'intrinsic'}
    if 'const' in b or 'enum' in b:
        vals = [b['const']] if 'const' in b else b['enum']
        out = set()
        for v in vals:
            if v is None: continue
            if isinstance(v, bool): out.add('boolean')
            elif isinstance(v, (int, float)): out.add('number')
            elif isinstance(v, str): out.add('string')
            else: return None
        return out
    t = b.get('type')
    if t is None:
        if any(k in b for k in ('properties', 'patternProperties', 'additionalProperties', 'required')):
            return {'object'}
        if 'items' in b:
            return {'array'}
        if 'not' in b or 'allOf' in b:
            return None
        return None
    ts = t if isinstance(t, list) else [t]
    out = set()
    for x in ts:
        if x == 'null': continue
        out.add({'object': 'object', 'array': 'array'}.get(x, x))
    return out

def child_branches(bs, key):
    """Schemas for `key` ('*' any other key, '[]' items) over the object/array branches; None = anything.
    A key some branch names is read from the branches that name or pattern-match it only."""
    named = key not in ('*', '[]') and any(isinstance(b, dict) and key in (b.get('properties') or {}) for b in bs)
    out = []
    for b in bs:
        if not isinstance(b, dict) or intrinsic(b): continue
        sh = shapes_of(b)
        if key == '[]':
            if sh is not None and 'array' not in sh: continue
            it = b.get('items')
            if it is None:
                if sh is not None and 'array' in sh: return None
                continue
            if isinstance(it, list):
                out += it
                ai = b.get('additionalItems')
                if isinstance(ai, dict): out.append(ai)
            else:
                out.append(it)
            continue
        if sh is not None and 'object' not in sh: continue
        props = b.get('properties', {})
        if key != '*' and key in props:
            out.append(props[key]); continue
        pp = b.get('patternProperties') or {}
        matched = [v for p, v in pp.items() if key == '*' or re.search(p, key)]
        if matched:
            out += matched; continue
        ap = b.get('additionalProperties', True)
        if named:
            continue
        if ap is True:
            return None
        if isinstance(ap, dict):
            out.append(ap)
    return out

rows = {}
closed = {}
enums = {}
def walk(path, node_branches, depth):
    if depth > 14: return
    all_shapes = set()
    for b in node_branches:
        for bb in branches(b):
            sh = shapes_of(bb)
            if sh is None:
                return  # anything goes here, and below
            all_shapes |= sh
    if not all_shapes:
        return
    flat = [bb for b in node_branches for bb in branches(b)]
    if path in PASSED_THROUGH:
        return
    if path:
        rows[path] = all_shapes
        # A place that takes only some strings (an `enum`, or `const`s).
        values = []
        for b in node_branches:
            for bb in branches(b):
                if not isinstance(bb, dict) or intrinsic(bb):
                    continue
                listed = bb.get('enum', [bb['const']] if 'const' in bb else None)
                if listed is None or not all(isinstance(v, str) and v and ' ' not in v for v in listed):
                    values = None
                    break
                values += [v for v in listed if v not in values]
            if values is None:
                break
        if values:
            enums[path] = values
    keys = set()
    for b in flat:
        if isinstance(b, dict) and not intrinsic(b):
            keys |= set(b.get('properties', {}).keys())
    # An object whose every object branch allows only its named keys.
    objects = [b for b in flat if isinstance(b, dict) and not intrinsic(b) and 'object' in (shapes_of(b) or ())]
    if path and objects and all(b.get('additionalProperties') is False and not b.get('patternProperties') for b in objects):
        closed[path] = sorted(keys)
    for k in sorted(keys):
        if depth == 0 and k in SKIP_TOP: continue
        cb = child_branches(flat, k)
        if cb: walk(f'{path}.{k}' if path else k, cb, depth + 1)
    cb = child_branches(flat, '*')
    if cb: walk(f'{path}.*' if path else '*', cb, depth + 1)
    cb = child_branches(flat, '[]')
    if cb: walk(f'{path}[]', cb, depth + 1)

walk('', [S], 0)
ORDER = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'intrinsic']
for p in sorted(rows):
    line = p + ' ' + ' '.join(x for x in ORDER if x in rows[p])
    if p in enums:
        line += ' = ' + ' '.join(enums[p])
    if p in closed:
        line += ' | ' + ' '.join(closed[p])
    print(line)
