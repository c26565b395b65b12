#!/usr/bin/python3
"""The OpenAPI drift check: every answer the end-to-end suites recorded (support/HttpClient, one JSON line per
answer in RESPONSES/*.ndjson) against the document's schema for its route, method and status.

Fails on an answer whose route is documented but whose method or status is not, or whose JSON body does not
match the schema. Answers to paths the document does not have (the suites' probes of unknown paths, 404) and
OPTIONS answers are counted, not checked. Usage: openapi_drift.py OPENAPI.json RESPONSES_DIR"""
import collections
import glob
import json
import os
import sys

import jsonschema

document_path, responses = sys.argv[1], sys.argv[2]
document = json.load(open(document_path, encoding="utf-8"))
resolver = jsonschema.RefResolver.from_schema(document)

def resolve(node):
    while isinstance(node, dict) and "$ref" in node:
        node = resolver.resolve(node["$ref"])[1]
    return node

# Routes match in any letter case (as the server's table does); the document spells them in lower case.
paths = {name.lower(): item for name, item in document["paths"].items()}
failures = []
checked = collections.Counter()
skipped = collections.Counter()
files = sorted(glob.glob(os.path.join(responses, "*.ndjson")))
if not files:
    sys.exit(f"no recorded answers in {responses}: run the end-to-end suites first")
for file in files:
    suite = os.path.basename(file)[:-len(".ndjson")]
    for number, line in enumerate(open(file, encoding="utf-8"), 1):
        answer = json.loads(line)
        method, path, status = answer["method"].lower(), answer["path"], str(answer["status"])
        where = f"{suite}:{number}: {answer['method']} {path} {status}"
        item = paths.get(path.rstrip("/").lower() or "/")
        if item is None:
            # A probe of a path no route has is answered 404 "Not found"; any other answer is a route the
            # document does not describe.
            if status == "404" and '"Not found"' in (answer.get("body") or ""):
                skipped[(method, "unknown path")] += 1
            else:
                failures.append(f"{where}: the path is not in the document")
            continue
        if method == "options":
            skipped[(method, "OPTIONS")] += 1
            continue
        operation = item.get("get" if method == "head" else method)
        if operation is None:
            if status == "405":  # a method the route does not take: the documented error shape
                operation = {"responses": {"405": {"$ref": "#/components/responses/Error"}}}
            else:
                failures.append(f"{where}: the document has no {method.upper()} for this path")
                continue
        response = operation["responses"].get(status)
        if response is None:
            failures.append(f"{where}: status not documented (documented: {', '.join(operation['responses'])})")
            continue
        response = resolve(response)
        body = answer.get("body")
        content = response.get("content", {})
        media = (answer.get("contentType") or "").split(";")[0].strip()
        if method == "head" or body is None or body == "":
            checked[(path, status)] += 1
            continue
        if media not in content:
            failures.append(f"{where}: answered {media or 'no type'}, documented {', '.join(content) or 'no body'}")
            continue
        if media == "application/json":
            try:
                jsonschema.Draft202012Validator(resolve(content[media]["schema"]), resolver=resolver).validate(json.loads(body))
            except jsonschema.ValidationError as error:
                failures.append(f"{where}: {error.message} at {'/'.join(str(p) for p in error.absolute_path)}")
                continue
        checked[(path, status)] += 1

print(f"{sum(checked.values())} answers checked against {document_path} ({len(checked)} route/status pairs); "
      f"{sum(skipped.values())} not checked (unknown paths, OPTIONS)")
for failure in failures[:50]:
    print("DRIFT " + failure)
if failures:
    sys.exit(f"{len(failures)} answers differ from the OpenAPI document")
