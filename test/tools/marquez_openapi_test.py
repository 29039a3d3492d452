#!/usr/bin/env python3
"""Every Marquez route's response, validated against Marquez's own openapi.yml.

Starts a real `auditgraph serve` (AUDITGRAPH_CLI) on a fresh store holding the small sample mesh
(`demo --small`) and every OpenLineage event of ../shared/fixtures/openlineage/events/, calls
each Marquez route over what is there (every namespace, dataset, job, run and version), and
validates each answer with jsonschema against the route's response schema in
../shared/fixtures/marquez/openapi.yml, its $refs resolved in place. First it checks that the
validator rejects responses broken the way ours once were, so the test can fail.

openapi.yml is OpenAPI 3.0, not JSON Schema; what is translated, and why (OVERLAY below lists
the rest):
  - `nullable: true` allows null; the spec has none, so null is allowed only at the properties
    OVERLAY names, where Marquez itself sends null (its Java models mark them @Nullable;
    marquez/responses/lineage__node.json shows lastModifiedAt: null);
  - `type:` left empty in YAML (SearchResult.name, .updatedAt) means no type constraint;
  - GraphNode.data's oneOf + discriminator becomes: data is a Dataset when type is DATASET, a
    Job when JOB (plain oneOf would refuse every node: the loose Dataset and Job schemas both
    match any object);
  - Run's anyOf [IncompleteRun, {versions...}] becomes allOf: with anyOf the first branch alone
    accepts any run, and Marquez's Run is an IncompleteRun plus those fields;
  - format date-time is asserted (RFC 3339); uuid is not (a version label is the producer's
    datasetVersion when it gave one, kept as given).
Routes Marquez serves that openapi.yml lacks (/jobs, /stats/*, /v2beta/search/*) are checked
against the schema of the same shape named in ROUTES, or the one written here for stats.
"""
import copy
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import jsonschema
import yaml

FIXTURES = os.environ.get("AUDITGRAPH_FIXTURES", "../shared/fixtures")
CLI = os.environ.get("AUDITGRAPH_CLI", "build/tools/auditgraph")

# (schema, property) pairs where Marquez sends null, so null validates there.
NULLABLE = {
    ("Dataset", "lastModifiedAt"),   # lineage__node.json; no version written yet
    ("Dataset", "lastLifecycleState"),
    ("Dataset", "currentVersion"),   # a dataset declared but never written
    ("DatasetField", "type"),        # OpenLineage schema fields need no type
    ("Job", "parentJobName"),
    ("Job", "parentJobUuid"),
    ("Job", "location"),
    ("Job", "latestRun"),            # a job with no run yet
    ("Job", "currentVersion"),       # a job declared with no run yet: no version to name
    ("JobVersion", "location"),
    ("IncompleteRun", "nominalStartTime"),
    ("IncompleteRun", "nominalEndTime"),
    ("IncompleteRun", "endedAt"),    # a run still running
    ("IncompleteRun", "durationMs"),
    ("SearchResult", "updatedAt"),
    # Descriptions: Marquez's models mark every one @Nullable, and send null when none was given.
    ("Namespace", "description"),
    ("Source", "description"),
    ("Dataset", "description"),
    ("DatasetField", "description"),
    ("DatasetVersion", "description"),
    ("Tag", "description"),
    ("Job", "description"),
}

# Marquez sends what the spec describes otherwise (the README's caution: the spec lags the code).
def overlay(schemas):
    # Column lineage nodes are DATASET_FIELD (marquez/responses/column_lineage__node.json).
    schemas["NodeType"]["enum"].append("DATASET_FIELD")
    # DatasetVersion.tags is a list of tag names in Marquez (as Dataset.tags), not a string.
    schemas["DatasetVersion"]["properties"]["tags"] = {"type": "array", "items": {"type": "string"}}
    # Dataset fields, named so that NULLABLE can reach their type.
    for name in ("Dataset", "DatasetVersion"):
        schemas["DatasetField"] = schemas[name]["properties"]["fields"]["items"]
        schemas[name]["properties"]["fields"]["items"] = {"$ref": "#/components/schemas/DatasetField"}
    # FacetsResult.facets is a map of facet name -> facet (marquez/responses/facets__*.json), not
    # one facet.
    schemas["FacetsResult"]["properties"]["facets"] = {
        "type": "object", "additionalProperties": {"$ref": "#/components/schemas/CustomFacet"}}
    run = schemas["Run"]
    run["allOf"] = run.pop("anyOf")
    node = schemas["GraphNode"]
    node["properties"]["data"] = {"type": "object"}
    node["allOf"] = [
        {"if": {"properties": {"type": {"const": t}}},
         "then": {"properties": {"data": {"$ref": "#/components/schemas/" + s}}}}
        for t, s in (("DATASET", "Dataset"), ("JOB", "Job"))]
    schemas["IntervalMetrics"] = {  # not in openapi.yml: Marquez's IntervalMetric list
        "type": "array",
        "items": {"type": "object",
                  "required": ["startInterval", "endInterval", "count"],
                  "properties": {"startInterval": {"type": "string", "format": "date-time"},
                                 "endInterval": {"type": "string", "format": "date-time"},
                                 "count": {"type": "integer"}}}}
    schemas["MarquezError"] = {  # not in openapi.yml: Marquez's ErrorMessage
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "integer"}, "message": {"type": "string"}}}


def translate(node):
    """OpenAPI 3.0 schema keywords to JSON Schema, in place."""
    if isinstance(node, dict):
        if "type" in node and node["type"] is None:
            del node["type"]
        if node.pop("nullable", False) and "type" in node:
            node["type"] = [node["type"], "null"]
        for v in node.values():
            translate(v)
    elif isinstance(node, list):
        for v in node:
            translate(v)


def load_spec():
    with open(os.path.join(FIXTURES, "marquez", "openapi.yml")) as f:
        spec = yaml.safe_load(f)
    schemas = spec["components"]["schemas"]
    overlay(schemas)
    for schema, prop in NULLABLE:
        p = schemas[schema]["properties"][prop]
        schemas[schema]["properties"][prop] = {"anyOf": [p, {"type": "null"}]}
    translate(spec)
    return spec


RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
formats = jsonschema.FormatChecker(formats=())
formats.checks("date-time")(lambda s: not isinstance(s, str) or bool(RFC3339.match(s)))


class Validator:
    def __init__(self, spec):
        self.spec = spec
        self.resolver = jsonschema.RefResolver.from_schema(spec)

    def response_schema(self, path, method="get", status="200"):
        responses = self.spec["paths"][path][method]["responses"]
        r = responses.get(status) or responses.get(int(status))
        return r["content"]["application/json"]["schema"]

    def errors(self, body, schema):
        v = jsonschema.Draft7Validator(schema, resolver=self.resolver, format_checker=formats)
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(body)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, store):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [CLI, "--store", store, "serve", "--listen", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(200):
            try:
                if self.call("GET", "/healthz", raw=True)[0] == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("auditgraph serve did not start: " + self.proc.stderr.read().decode())

    def call(self, method, path, body=None, raw=False):
        data = body.encode() if isinstance(body, str) else body
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        return status, (text if raw else json.loads(text))

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def seg(s):
    return urllib.parse.quote(s, safe="")


def main():
    spec = load_spec()
    v = Validator(spec)
    failures, checked, refused = [], [], []

    def check(label, body, schema, status=None, want=200):
        checked.append(label)
        if status is not None and status != want:
            failures.append(f"{label}: status {status} (wanted {want}): {body}")
            return
        for e in v.errors(body, schema):
            failures.append(f"{label}: {e}")

    ref = lambda name: {"$ref": "#/components/schemas/" + name}

    with tempfile.TemporaryDirectory() as tmp:
        store = os.path.join(tmp, "store")
        subprocess.run([CLI, "--store", store, "demo", "--small"], check=True,
                       stdout=subprocess.DEVNULL)
        s = Server(store)
        try:
            events = os.path.join(FIXTURES, "openlineage", "events")
            # Facets sent without _producer/_schemaURL (the dbt fixtures' dbt_node and jobType)
            # are passed on as received, as Marquez does; they are matched to what was sent,
            # and left out of the validation of the facets answer.
            unbased = set()
            for name in sorted(os.listdir(events)):
                with open(os.path.join(events, name), "rb") as f:
                    text = f.read()
                status, body = s.call("POST", "/api/v1/lineage", text)
                if status != 201:
                    failures.append(f"POST {name}: {status} {body}")
                sent = json.loads(text)
                for e in sent if isinstance(sent, list) else [sent]:
                    for part in ("run", "job"):
                        for k, f in ((e.get(part) or {}).get("facets") or {}).items():
                            if "_producer" not in f or "_schemaURL" not in f:
                                unbased.add((k, json.dumps(f, sort_keys=True)))

            # The validator must be able to fail: responses broken as ours once were.
            ns0 = s.call("GET", "/api/v1/namespaces")[1]["namespaces"][0]
            broken_ns = dict(ns0, createdAt=None)
            if v.errors(broken_ns, v.response_schema("/namespaces/{namespace}")):
                refused.append("namespace createdAt null")

            def get(label_path, path, schema, want=200):
                status, body = s.call("GET", path)
                check(f"GET {label_path} ({path})", body, schema, status, want)
                return body

            nss = get("/namespaces", "/api/v1/namespaces", v.response_schema("/namespaces"))
            runs, lineage_nodes = [], []
            for ns in (n["name"] for n in nss["namespaces"]):
                base = "/api/v1/namespaces/" + seg(ns)
                get("/namespaces/{namespace}", base, v.response_schema("/namespaces/{namespace}"))
                ds = get("/namespaces/{namespace}/datasets", base + "/datasets?limit=1000",
                         v.response_schema("/namespaces/{namespace}/datasets"))
                for d in ds["datasets"]:
                    dpath = base + "/datasets/" + seg(d["name"])
                    lineage_nodes.append(f"dataset:{ns}:{d['name']}")
                    get("/namespaces/{namespace}/datasets/{dataset}", dpath,
                        v.response_schema("/namespaces/{namespace}/datasets/{dataset}"))
                    vs = get("/namespaces/{namespace}/datasets/{dataset}/versions",
                             dpath + "/versions",
                             v.response_schema("/namespaces/{namespace}/datasets/{dataset}/versions"))
                    for ver in vs["versions"][:3]:
                        get("/namespaces/{namespace}/datasets/{dataset}/versions/{version}",
                            dpath + "/versions/" + seg(ver["version"]),
                            v.response_schema(
                                "/namespaces/{namespace}/datasets/{dataset}/versions/{version}"))
                js = get("/namespaces/{namespace}/jobs", base + "/jobs?limit=1000",
                         v.response_schema("/namespaces/{namespace}/jobs"))
                for j in js["jobs"]:
                    jpath = base + "/jobs/" + seg(j["name"])
                    lineage_nodes.append(f"job:{ns}:{j['name']}")
                    get("/namespaces/{namespace}/jobs/{job}", jpath,
                        v.response_schema("/namespaces/{namespace}/jobs/{job}"))
                    rs = get("/namespaces/{namespace}/jobs/{job}/runs", jpath + "/runs",
                             v.response_schema("/namespaces/{namespace}/jobs/{job}/runs"))
                    runs += [r["id"] for r in rs["runs"]]
                    jv = get("/namespaces/{namespace}/jobs/{job}/versions", jpath + "/versions",
                             v.response_schema("/namespaces/{namespace}/jobs/{job}/versions"))
                    for ver in jv["versions"][:3]:
                        get("/namespaces/{namespace}/jobs/{job}/versions/{version}",
                            jpath + "/versions/" + seg(ver["version"]),
                            v.response_schema("/namespaces/{namespace}/jobs/{job}/versions/{version}"))
            for run in sorted(set(runs)):
                body = get("/jobs/runs/{id}", "/api/v1/jobs/runs/" + seg(run),
                           v.response_schema("/jobs/runs/{id}"))
                if body.get("inputDatasetVersions") and len(refused) < 2:
                    broken = copy.deepcopy(body)
                    broken["inputDatasetVersions"][0]["datasetVersionId"]["version"] = None
                    if v.errors(broken, v.response_schema("/jobs/runs/{id}")):
                        refused.append("run input version null")
                for t in ("run", "job"):
                    path = f"/api/v1/jobs/runs/{seg(run)}/facets?type={t}"
                    status, body = s.call("GET", path)
                    facets = body.get("facets", {}) if isinstance(body, dict) else {}
                    for k in [k for k, f in facets.items()
                              if (k, json.dumps(f, sort_keys=True)) in unbased]:
                        del facets[k]
                    check(f"GET /jobs/runs/{{id}}/facets ({path})", body,
                          v.response_schema("/jobs/runs/{id}/facets"), status)
                get("/runlineage/upstream", "/api/v1/runlineage/upstream?runId=" + seg(run),
                    v.response_schema("/runlineage/upstream"))
            for node in lineage_nodes:
                get("/lineage", "/api/v1/lineage?nodeId=" + seg(node),
                    v.response_schema("/lineage"))
                get("/column-lineage", "/api/v1/column-lineage?withDownstream=True&nodeId=" + seg(node),
                    v.response_schema("/column-lineage"))
            get("/events/lineage", "/api/v1/events/lineage?limit=1000",
                v.response_schema("/events/lineage"))
            srcs = get("/sources", "/api/v1/sources", v.response_schema("/sources"))
            for src in srcs["sources"]:
                get("/sources/{source}", "/api/v1/sources/" + seg(src["name"]),
                    v.response_schema("/sources/{source}"))
            get("/tags", "/api/v1/tags", v.response_schema("/tags"))
            for q in ("a", "orders", "zzz-nothing"):
                get("/search", "/api/v1/search?q=" + q, v.response_schema("/search"))
                # Not in openapi.yml: the same shapes as /search and /namespaces/{ns}/jobs.
                get("/v2beta/search/jobs", "/api/v2beta/search/jobs?q=" + q, v.response_schema("/search"))
                get("/v2beta/search/datasets", "/api/v2beta/search/datasets?q=" + q,
                    v.response_schema("/search"))
            get("/jobs", "/api/v1/jobs?limit=1000", v.response_schema("/namespaces/{namespace}/jobs"))
            for what in ("lineage-events", "jobs", "datasets", "sources"):
                for period in ("DAY", "WEEK"):
                    get("/stats/" + what, f"/api/v1/stats/{what}?period={period}&timezone=UTC",
                        ref("IntervalMetrics"))
            # A tag write answers the Dataset (openapi.yml describes POST; PUT is the same).
            for d in lineage_nodes:
                if not d.startswith("dataset:"):
                    continue
                ns, name = d[len("dataset:"):].rsplit(":", 1)
                body = s.call("GET", f"/api/v1/namespaces/{seg(ns)}/datasets/{seg(name)}")[1]
                if not body["fields"]:
                    continue
                field = body["fields"][0]["name"]
                path = f"/api/v1/namespaces/{seg(ns)}/datasets/{seg(name)}/fields/{seg(field)}/tags/PII"
                label = "/namespaces/{namespace}/datasets/{dataset}/fields/{field}/tags/{tag}"
                for method in ("POST", "PUT", "DELETE"):
                    status, body = s.call(method, path)
                    check(f"{method} {label}", body,
                          v.response_schema(label, method="post"), status)
                break
            # A job's tag write answers the Job (not in openapi.yml, whose Marquez serves it
            # as its web UI calls it; the shape is GET .../jobs/{job}'s), and shows in it.
            for j in lineage_nodes:
                if not j.startswith("job:"):
                    continue
                ns, name = j[len("job:"):].rsplit(":", 1)
                path = f"/api/v1/namespaces/{seg(ns)}/jobs/{seg(name)}/tags/CRITICAL"
                label = "/namespaces/{namespace}/jobs/{job}/tags/{tag}"
                for method in ("PUT", "POST", "DELETE"):
                    status, body = s.call(method, path)
                    check(f"{method} {label}", body,
                          v.response_schema("/namespaces/{namespace}/jobs/{job}"), status)
                    if status == 200 and ("CRITICAL" in body.get("tags", [])) != (method != "DELETE"):
                        failures.append(f"{method} {label}: tags {body.get('tags')}")
                break
            # PUT /tags/{tag} answers the TagList, the new tag in it with its description.
            for body_text in ('{"description": "Contains sensitive information"}', ""):
                status, body = s.call("PUT", "/api/v1/tags/SENSITIVE", body_text)
                check("PUT /tags/{tag}", body, v.response_schema("/tags/{tag}", method="put"), status)
                if status == 200 and not any(t.get("name") == "SENSITIVE" for t in body.get("tags", [])):
                    failures.append(f"PUT /tags/{{tag}}: SENSITIVE not listed: {body}")
            get("/tags", "/api/v1/tags", v.response_schema("/tags"))
            # Errors: Marquez's {"code", "message"}.
            for path, want in (("/api/v1/jobs/runs/nope", 404),
                               ("/api/v1/namespaces/nope", 404),
                               ("/api/v1/search", 400),
                               ("/api/v1/jobs/runs/nope/facets?type=run", 404)):
                get("error " + path, path, ref("MarquezError"), want)
        finally:
            s.stop()

    if len(refused) != 2:
        failures.append(f"the validator must reject both broken responses; it rejected {refused}")
    for f in failures:
        print("FAIL", f)
    print(f"validator rejected the deliberately broken responses: {refused}")
    print(f"{len(checked)} responses validated against openapi.yml, {len(failures)} failures")
    return 1 if failures or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
