// The compliance report: what a governance council reviews each quarter, as one value, built
// from the log as of a fixed size so that the same query gives the same report, byte for byte,
// however the log grows afterwards. Every row names the log seqs that back it (fetch inclusion
// proofs for them). Renderers (JSON, CSV, HTML) live in src/report/.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auditgraph/change.h"
#include "auditgraph/event.h"
#include "auditgraph/event_log.h"
#include "auditgraph/merkle.h"
#include "auditgraph/status.h"

namespace auditgraph {

struct ReportQuery {
  Timestamp from, to;  // the period, on the producers' clock: [from, to)
  std::string domain;  // "" = every domain
  // The log size to read. None: the whole log as it is when the report is made (so a quarter
  // backfilled today is reported). The report names the size and root it read (`at`); pass that
  // size again to reproduce it byte for byte however the log has grown since.
  std::optional<uint64_t> log_size;
  // The size of the previous report's log: the integrity section then proves this log extends it.
  std::optional<uint64_t> since_size;
  // Whether to list every access path through groups (`group_access`). They grow with datasets
  // times group members, so a summary leaves them out: then they are only counted
  // (`group_access_total`).
  bool list_group_access = true;
};

struct ComplianceReport {
  ReportQuery query;
  LogHead at;  // the log the report was computed from

  // 1. Inventory: datasets in scope (declared, or written by runs), products first.
  struct Dataset {
    std::string id;
    bool product = false;
    std::string domain;
    std::vector<std::string> owners;
    std::string lifecycle;
    std::optional<int64_t> freshness_slo_seconds;
    size_t versions = 0;        // completed runs that wrote it
    std::string schema_version;  // the last declared or changed schema's version
    std::vector<uint64_t> seqs;  // declarations, ownership and schema changes
  };
  std::vector<Dataset> inventory;

  // 2. Lineage coverage.
  std::vector<std::string> unknown_provenance;  // nothing writes them and none is declared
  struct Dependency {
    std::string from, to, job;  // dataset ids, data-flow direction; the job that derives it
    std::string from_domain, to_domain;
    std::vector<uint64_t> seqs;  // the run events that show it
  };
  std::vector<Dependency> cross_domain;
  std::vector<Dependency> lineage;  // every dataset-level derivation touching the scope

  // 3. Access.
  struct Grant {
    std::string grant_id;
    PrincipalRef grantee;
    std::string resource;  // a dataset id, "domain:<name>" or "<dataset id>[col,col]"
    std::string privilege, purpose, approver, ticket;
    Timestamp granted_at;
    std::optional<Timestamp> expires_at;
    std::optional<Timestamp> revoked_at;
    std::vector<uint64_t> seqs;  // the grant, and its revocation
  };
  // Grants as `access` models them (event times; a re-grant of an id starts anew, and a
  // revocation ends the grant event dated last before it): a row is one grant event, with the
  // first revocation dated after it and before the id's next grant event.
  std::vector<Grant> grants_issued;      // each grant event dated in the period
  std::vector<Grant> grants_revoked;     // each whose revocation is dated in the period
  std::vector<Grant> grants_active;      // in force at the period's end, as access finds at `to`
  std::vector<Grant> grants_unbounded;   // active, with no expiry or no purpose
  std::vector<Grant> grants_privileged;  // active, WRITE or ADMIN
  struct GroupAccess {
    std::string dataset;
    PrincipalRef principal;
    std::string grant_id;
    std::vector<std::string> chain;  // groups from the grantee down to the principal
    std::vector<uint64_t> seqs;
  };
  std::vector<GroupAccess> group_access;  // at the period's end; empty unless listed
  size_t group_access_total = 0;  // the paths at the period's end, listed or not

  // 4. PII.
  struct PiiColumn {
    std::string column;
    std::vector<uint64_t> seqs;  // the event that tagged it
  };
  std::vector<PiiColumn> pii_columns;  // tagged source columns
  struct PiiFlow {
    std::string source, column;  // column ids
    bool masked = false;
    std::vector<std::string> path;  // unmasked flows: the columns from the source
    std::vector<std::string> jobs;
    std::vector<uint64_t> seqs;  // the tagging and each step's events
  };
  std::vector<PiiFlow> pii_flows;
  struct PiiReader {
    PrincipalRef principal;
    std::vector<std::string> datasets;              // unmasked derivatives it can read
    std::vector<std::string> without_source_grant;  // of those, ones it holds no source grant for
    std::vector<uint64_t> seqs;  // the events behind its access paths
  };
  std::vector<PiiReader> pii_readers;
  // Those readers that can read a derivative of a source they hold no grant on (the
  // derivatives in `without_source_grant`).
  std::vector<PiiReader> pii_readers_without_source_grant;

  // 5. Changes.
  struct SchemaChange {
    std::string dataset;
    std::string version;
    Timestamp at;
    std::vector<FieldChange> changes;
    bool breaking = false;
    std::optional<uint64_t> notice_seq;  // a deprecation notice with a sunset, logged before it
    std::optional<Timestamp> notice_sunset;
    std::vector<uint64_t> seqs;  // the change (and the notice)
  };
  std::vector<SchemaChange> schema_changes;
  std::vector<SchemaChange> breaking_without_notice;  // breaking, with no notice logged before

  // 6. Usage.
  std::vector<std::string> unused_products;  // nobody read them in the period (access or run)
  // Datasets the catalogue knows (declared, or their ownership or schema logged) that have no
  // owner (a data product always names one).
  std::vector<std::string> unowned_datasets;
  struct Consumer {
    PrincipalRef principal;
    uint64_t reads = 0;
    std::vector<std::string> datasets;
    std::vector<uint64_t> seqs;
  };
  std::vector<Consumer> top_consumers;  // by reads in the period, at most 10

  // 7. Freshness: a gap between writes (run completions) longer than the product's SLO, watched
  // from its first write in the period to the period's end.
  struct Breach {
    std::string dataset;
    int64_t slo_seconds = 0;
    Timestamp from, to;  // the last write before the gap, and the next (or the period's end)
    int64_t gap_seconds = 0;
    std::vector<uint64_t> seqs;  // the completions that bound the gap
  };
  std::vector<Breach> freshness_breaches;

  // 8. Integrity.
  bool verified = false;  // the root recomputed from the records matches the stored tree
  std::string verification;
  std::optional<ConsistencyProof> since;  // from query.since_size to at.size
  // The signed checkpoints (C2SP notes, EventLog::signed_checkpoint) of at.size and of
  // query.since_size, when one was published at exactly that size; an outsider checks them with
  // the log's verifier key and the consistency proof above links the two.
  std::optional<std::string> checkpoint;
  std::optional<std::string> since_checkpoint;
};

class Index;

// Builds the report from `log`, replaying the log's prefix into an index of its own (the cost of
// a whole replay, and a second index's memory): for a size the caller has no index at.
// InvalidArgument for an empty period or a size past the head.
Result<ComplianceReport> compliance_report(const EventLog& log, const ReportQuery& query);

// The same from `index`, an index of `log` at the report's size (query.log_size, or the log's
// head when none is asked), which the report only reads: no replay. InvalidArgument also when
// the index is at another size or of another log.
Result<ComplianceReport> compliance_report(const EventLog& log, const Index& index,
                                           const ReportQuery& query);

// A report made in steps, for a caller whose index moves on (the server): read() scans the log,
// which needs no index; ask() reads the few records past that up to the index's size and takes
// what the report needs of the index (runs, unknown provenance, access paths, grants, PII
// reach); finish() makes the rest from those. Only ask() needs the index held still. Not
// thread-safe; the log must outlive it.
class ReportBuilder {
 public:
  // InvalidArgument as compliance_report.
  static Result<std::unique_ptr<ReportBuilder>> Start(const EventLog& log,
                                                      const ReportQuery& query);
  virtual ~ReportBuilder() = default;
  // Reads the log's records up to `size` (those not read yet). InvalidArgument for a size past
  // the head; Corruption or IOError from the log, after which every call returns that error (a
  // pass cut short cannot be resumed).
  virtual Status read(uint64_t size) = 0;
  // Sets the report's size to the index's and asks `index` (an index of this log, held still by
  // the caller for the call). InvalidArgument when the query asked for another size, or the
  // index is below what was read or of another log; FailedPrecondition when called twice; the
  // index's own errors, after which every call returns that error.
  virtual Status ask(const Index& index) = 0;
  // The report. FailedPrecondition before ask() succeeded, or when called twice.
  virtual Result<ComplianceReport> finish() = 0;
};

}  // namespace auditgraph
