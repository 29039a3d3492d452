#!/usr/bin/env python3
"""The OpenLineage fixtures against OpenLineage's own JSON schemas (spec 2-0-2 and the core facets).

Every event of ../shared/fixtures/openlineage/events is validated against OpenLineage.json, and each
of its facets against the schema of the core facet of that name and place (dataset, input, output,
job, run); facets of no core schema (custom ones) are checked only as OpenLineage.json checks them.
The facet schemas refer to OpenLineage.json by URL (https://openlineage.io/spec/2-0-2/...): a
registry of the local files answers those references, so nothing is fetched.

Some fixture events break the schema and are accepted anyway, as Marquez accepts them
(docs/events.md, "Leniencies"). EXPECTED lists exactly those violations: a new one or a fixed one
fails the test. Every event of ../shared/fixtures/openlineage/invalid must fail validation, each
for exactly the reason INVALID lists, so the validator is shown to reject; and every facet example
of ../shared/fixtures/openlineage/facets must be valid against its core schema.

Run: python3 openlineage_schema_test.py [FIXTURES_DIR]  (default: $AUDITGRAPH_FIXTURES, else
../shared/fixtures). Needs Debian's python3-jsonschema (4.10; tools/dev installs it). Exit 0 when
every check holds, 1 otherwise, 77 (meson's "skipped") when jsonschema is missing.
"""

import json
import os
import re
import sys
import warnings
from pathlib import Path

# RefResolver is what Debian's jsonschema 4.10 has; later versions (4.18+) still run it, warning.
warnings.filterwarnings("ignore", message=".*RefResolver.*", category=DeprecationWarning)

try:
    import jsonschema
    from jsonschema import Draft202012Validator, FormatChecker
except ImportError:
    print("SKIP: python3-jsonschema is not installed (tools/dev installs it)")
    sys.exit(77)

# Violations the engine accepts, per fixture file: (JSON pointer, why) pairs, `why` being "missing
# PROPERTY" or "not a FORMAT". Each kind is explained in docs/events.md, "Leniencies": a new
# violation or a fixed one fails the test.
def _every(events, *items):
    """items for each event of an array file: "/{i}" in a pointer is the event's index."""
    return {(p.format(i=i), why) for i in range(events) for p, why in items}


_NO_FACET_BASE = ("missing _producer", "missing _schemaURL")  # a facet without its base fields


def _bare(*facets):
    return {(f, why) for f in facets for why in _NO_FACET_BASE}


EXPECTED = {
    # dbt's integration tests: no schemaURL, templates instead of run ids.
    "dbt-postgres__result.json": _every(
        10, ("/{i}", "missing schemaURL"), ("/{i}/run/runId", "not a uuid")) | _bare(
        "/3/outputs/0/outputFacets/outputStatistics",
        "/4/outputs/0/outputFacets/outputStatistics", "/4/job/facets/dbt_node",
        "/9/job/facets/dbt_node"),
    # dbt's integration tests: no producer or schemaURL, templates for times and run ids, facets
    # without their base fields, a data source named by a word instead of a URI.
    "dbt-small__result.json": _every(
        2, ("/{i}", "missing producer"), ("/{i}", "missing schemaURL"),
        ("/{i}/eventTime", "not a date-time"), ("/{i}/run/runId", "not a uuid"),
        ("/{i}/run/facets/parent/run/runId", "not a uuid")) | _every(
        2, *[("/{i}/run/facets/" + f, why) for f in ("parent", "processing_engine", "dbt_version",
                                                      "dbt_run") for why in _NO_FACET_BASE]) | _bare(
        "/1/inputs/0/facets/dataSource", "/1/inputs/0/facets/documentation",
        "/1/job/facets/jobType", "/1/job/facets/sql", "/1/outputs/0/facets/dataSource",
        "/1/outputs/0/facets/documentation", "/1/outputs/0/facets/ownership",
        "/1/outputs/0/facets/schema") | {
        ("/1/inputs/0/facets/dataSource/uri", "not a uri"),
        ("/1/outputs/0/facets/dataSource/uri", "not a uri")},
    "dbt-snapshot__result.json": _every(
        2, ("/{i}", "missing schemaURL"), ("/{i}/run/runId", "not a uuid"),
        ("/{i}/run/facets/parent/run/runId", "not a uuid")) | _bare("/1/job/facets/jobType"),
    # Marquez's API tests, written from its OpenAPI examples: "string" as a URI, and the
    # dataQualityMetrics input facet of spec 1-0-x (rowCount, no columnMetrics).
    "fluentd__event_full.json": {
        ("/inputs/0/facets/dataSource/uri", "not a uri"),
        ("/outputs/0/facets/dataSource/uri", "not a uri"),
        ("/inputs/0/inputFacets/dataQualityMetrics", "missing columnMetrics")},
    "marquez__event_full.json": {
        ("/inputs/0/facets/dataSource/uri", "not a uri"),
        ("/outputs/0/facets/dataSource/uri", "not a uri"),
        ("/inputs/0/inputFacets/dataQualityMetrics", "missing columnMetrics")},
    "marquez__event_additional_facet.json": {
        ("/inputs/0/facets/dataSource/uri", "not a uri"),
        ("/outputs/0/facets/dataSource/uri", "not a uri"),
        ("/job/facets/sourceCodeLocation/url", "not a uri")},
    "marquez__event_large.json": {
        ("/inputs/0/facets/dataSource/uri", "not a uri"),
        ("/outputs/0/facets/dataSource/uri", "not a uri")},
    # A time without an offset, which Marquez reads as UTC.
    "marquez__event_required_no_timezone.json": {("/eventTime", "not a date-time")},
    "marquez__event_without_schema_url.json": {("", "missing schemaURL")},
}

# The events of openlineage/invalid and what each breaks: the validator must find exactly this.
INVALID = {
    "fluentd__event_invalid_dataset_facet.json": {
        ("/outputs/0/facets/ownership/owners/0", "missing name")},
    "fluentd__event_invalid_input_dataset_facet.json": {
        ("/inputs/0/inputFacets/dataQualityMetrics", "missing columnMetrics")},
    "fluentd__event_invalid_job_facet.json": {("/job/facets/ownership/owners/0", "missing name")},
    "fluentd__event_invalid_output_dataset_facet.json": {
        ("/outputs/0/outputFacets/outputStatistics/rowCount", "not of type integer")},
    "fluentd__event_invalid_run_facet.json": {("/run/facets/parent/run", "missing runId")},
    "fluentd__event_no_run_id.json": {("/run", "missing runId")},
}

# Core formats, checked by this file rather than by optional modules (jsonschema checks
# date-time only when rfc3339-validator is installed, uri only with rfc3987): a check that
# silently does nothing cannot pass for one that holds.
_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def format_checker():
    checker = FormatChecker(formats=())
    checker.checks("date-time")(lambda v: not isinstance(v, str) or bool(_DATE_TIME.match(v)))
    checker.checks("uri")(lambda v: not isinstance(v, str) or bool(_URI.match(v)))
    checker.checks("uuid")(lambda v: not isinstance(v, str) or bool(_UUID.match(v)))
    return checker


class Schemas:
    """OpenLineage.json and the core facet schemas, from spec_dir, by URL and by facet place."""

    # A facet's place -> the ending of its schema file's name.
    PLACES = {
        "facets": "DatasetFacet.json",
        "inputFacets": "InputDatasetFacet.json",
        "outputFacets": "OutputDatasetFacet.json",
        "job": "JobFacet.json",
        "run": "RunFacet.json",
    }

    def __init__(self, spec_dir):
        self.store = {}
        self.core = json.loads((spec_dir / "OpenLineage.json").read_text())
        self.store[self.core["$id"]] = self.core
        self.facets = {}  # (place, facet name) -> schema
        for path in sorted((spec_dir / "facets").glob("*.json")):
            schema = json.loads(path.read_text())
            self.store[schema["$id"]] = schema
            for place, ending in self.PLACES.items():
                # LineageFacet.json holds both a dataset and a job facet.
                fits = path.name.endswith(ending) or path.name == "LineageFacet.json" and place in (
                    "facets", "job")
                if place == "facets" and (path.name.endswith("InputDatasetFacet.json") or
                                          path.name.endswith("OutputDatasetFacet.json")):
                    fits = False
                if not fits:
                    continue
                for name in schema.get("properties", {}):
                    key = (place, name)
                    if key in self.facets:
                        raise SystemExit(f"two schemas for the {place} facet {name}: {path.name}")
                    self.facets[key] = schema
        for schema in [self.core, *self.facets.values()]:
            Draft202012Validator.check_schema(schema)
        self.checker = format_checker()

    def validator(self, schema):
        resolver = jsonschema.RefResolver.from_schema(schema, store=self.store)
        return Draft202012Validator(schema, resolver=resolver, format_checker=self.checker)

    def errors(self, event, base):
        """Every violation in one event as (JSON pointer, keyword, message), pointers from base."""
        # The event's kind picks the branch of the spec's top-level oneOf, so errors are those of
        # that kind rather than "valid under none of RunEvent, DatasetEvent, JobEvent".
        kind = "RunEvent" if "run" in event else "DatasetEvent" if "dataset" in event else "JobEvent"
        ref = {"$ref": self.core["$id"] + "#/$defs/" + kind}
        out = [(pointer(base, e.absolute_path), why(e), e.message)
               for e in leaves(self.validator(ref).iter_errors(event))]
        for where, place, facets in facet_groups(event):
            where = [*where, "facets" if place in ("run", "job") else place]
            for name, value in (facets or {}).items() if isinstance(facets, dict) else []:
                schema = self.facets.get((place, name))
                if schema is None:
                    continue  # a custom facet: OpenLineage.json checked its base
                for e in leaves(self.validator(schema).iter_errors({name: value})):
                    out.append((pointer([*base, *where], list(e.absolute_path)), why(e),
                                e.message))
        return sorted(set(out))


def why(error):
    """A violation's reason in EXPECTED's words: "missing P", "not a F", else keyword: message."""
    if error.validator == "required":
        # One error per missing property, named in its message: "'runId' is a required property".
        return "missing " + error.message.split("'")[1]
    if error.validator == "format":
        return "not a " + error.validator_value
    if error.validator == "type":
        return f"not of type {error.validator_value}"
    return f"{error.validator}: {error.message}"


def leaves(errors):
    """Errors as a reader wants them: a oneOf/anyOf failure by every error of the branch that came
    closest (jsonschema's best_match picks it), so a one-branch anyOf keeps all of its errors."""
    for e in errors:
        if e.context:
            branch = jsonschema.exceptions.best_match(e.context).relative_schema_path[0]
            yield from leaves([c for c in e.context if c.relative_schema_path[0] == branch])
        else:
            yield e


def facet_groups(event):
    """(pointer of the facets' parent, place, facets object) for every facet group of an event."""
    run, job = event.get("run"), event.get("job")
    if isinstance(run, dict):
        yield ["run"], "run", run.get("facets")
    if isinstance(job, dict):
        yield ["job"], "job", job.get("facets")
    for side in ("inputs", "outputs"):
        for i, d in enumerate(event.get(side) or []):
            if isinstance(d, dict):
                for group in ("facets", "inputFacets", "outputFacets"):
                    if group in d:
                        yield [side, i], group, d[group]
    if isinstance(event.get("dataset"), dict):
        yield ["dataset"], "facets", event["dataset"].get("facets")


def pointer(base, path):
    parts = [*base, *path]
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts) if parts else ""


def events_of(path):
    """(pointer base, event) for a file holding one event or an array of them."""
    doc = json.loads(path.read_text())
    if isinstance(doc, list):
        return [([i], e) for i, e in enumerate(doc)]
    return [([], doc)]


def file_violations(schemas, path):
    found = []
    for base, event in events_of(path):
        found += schemas.errors(event, base)
    return found


def facet_example_violations(schemas, path):
    """A facet example (FacetName__N.json: {"name": facet}) against its schema, placed by its name
    (LineageFacet's by the form its _schemaURL names)."""
    stem, text = path.name.split("__")[0], path.read_text()
    places = [("inputFacets", "InputDatasetFacet"), ("outputFacets", "OutputDatasetFacet"),
              ("facets", "DatasetFacet"), ("job", "JobFacet"), ("run", "RunFacet")]
    place = next((p for p, ending in places if stem.endswith(ending)), None)
    if stem == "LineageFacet":
        place = "job" if "#/$defs/LineageJobFacet" in text else "facets"
    out = []
    for name, facet in json.loads(text).items():
        schema = schemas.facets.get((place, name))
        if schema is None:
            out.append(f"{path.name}: no core schema for the {place} facet {name}")
            continue
        out += [f"{path.name}: {pointer([], list(e.absolute_path))}: {e.message}"
                for e in leaves(schemas.validator(schema).iter_errors({name: facet}))]
    return out


def compare(schemas, paths, expected, listed_in):
    """What differs between the violations found in paths and those expected, as messages."""
    failures = []
    for path in paths:
        found = file_violations(schemas, path)
        want = expected.get(path.name, set())
        for p, why, message in found:
            if (p, why) not in want:
                failures.append(f"{path.name}: {p}: {message} (not listed in {listed_in})")
        for p, why in sorted(want - {(p, why) for p, why, _ in found}):
            failures.append(f"{path.name}: {p}: {why}: listed in {listed_in}, but the file passes there")
    for name in sorted(set(expected) - {p.name for p in paths}):
        failures.append(f"{name}: listed in {listed_in} but not among the fixtures")
    return failures


def main():
    fixtures = Path(sys.argv[1] if len(sys.argv) > 1 else
                    os.environ.get("AUDITGRAPH_FIXTURES", "../shared/fixtures")) / "openlineage"
    schemas = Schemas(fixtures / "spec")
    failures = []

    events = sorted((fixtures / "events").glob("*.json"))
    if len(events) < 19:
        failures.append(f"expected at least 19 event files in {fixtures / 'events'}, found {len(events)}")
    checked = sum(len(events_of(p)) for p in events)
    failures += compare(schemas, events, EXPECTED, "EXPECTED")

    # The validator must reject: every invalid event, for exactly the reasons listed.
    invalid = sorted((fixtures / "invalid").glob("*.json"))
    failures += compare(schemas, invalid, INVALID, "INVALID")

    # The facet examples (used by the C++ tests) are each valid against their core schema.
    examples = sorted((fixtures / "facets").glob("*.json"))
    for path in examples:
        failures += facet_example_violations(schemas, path)

    for f in failures:
        print("FAIL:", f)
    print(f"{checked} events in {len(events)} files, {len(invalid)} invalid files and "
          f"{len(examples)} facet examples validated "
          f"against {schemas.core['$id']} and {len(schemas.facets)} facet schemas; "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
