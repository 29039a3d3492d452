// Answer bundles: a query's answer with what an auditor needs to check it without trusting the
// server (docs/api.md, "Answers with proofs"): the log size it was computed at, a signed C2SP
// checkpoint of a tree at least that large, a consistency proof from the answer's tree to the
// checkpoint's, and for every evidence seq of the answer its record bytes and its RFC 6962
// inclusion proof in the checkpoint's tree. src/proof/verify_bundle.h checks one.
//
//   {"format": "auditgraph-answer-bundle/v1", "kind": "provenance", "subject": "<id>",
//    "answer": {... as --json prints it ...}, "size": N, "checkpoint": "<signed note>",
//    "consistency": [<base64 hash>...],
//    "evidence": [{"seq": S, "record": <base64 bytes>, "proof": [<base64 hash>...]}, ...],
//    "statement": "<signed note>"}
//
// The statement, when the bundle's maker holds the log's key (the server, or --signing-key), is
// a signed note by that key over statement_body(): the log's operator vouches for every byte of
// the bundle, including the answer's fields no record stands behind (a node's distance, a
// verdict). Without it those fields are the maker's word alone, and verify-answer says so.
//
// Used by the CLI's --with-proofs and the HTTP API's proofs=true alike.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auditgraph/access.h"
#include "auditgraph/change.h"
#include "auditgraph/event_log.h"
#include "auditgraph/lineage.h"
#include "auditgraph/status.h"
#include "auditgraph/versions.h"

namespace auditgraph {

inline constexpr const char* kAnswerBundleFormat = "auditgraph-answer-bundle/v1";

// The answers a bundle can carry.
enum class AnswerKind : uint8_t { kProvenance, kImpact, kAccess, kVersions, kCheckChange };
const char* answer_kind_name(AnswerKind kind);  // "provenance", ..., "check-change"
std::optional<AnswerKind> parse_answer_kind(std::string_view name);  // the inverse

// An answer ready to be proved: its JSON (src/index_json.h), the log position it was computed
// at and the seqs of its evidence.
struct ProvableAnswer {
  AnswerKind kind = AnswerKind::kProvenance;
  std::string subject;  // the node or dataset id asked about
  LogHead at;
  nlohmann::ordered_json answer;
  std::vector<uint64_t> seqs;  // sorted, unique: every seq any claim of the answer names
};

// The answers as bundles carry them. `subject`: the query's node or dataset id (a lineage answer
// names its query node by its current id, which the bundle takes instead).
ProvableAnswer provable(const LineageAnswer& a, LineageQuery::Direction direction,
                        std::string subject);
ProvableAnswer provable(const AccessAnswer& a, std::string subject);
ProvableAnswer provable(const VersionAnswer& a, std::string subject);
ProvableAnswer provable(const ChangeReport& r, std::string subject);

// Signs `body` with the log's key, as a signed note's text (CheckpointPublisher::sign_note).
using StatementSigner = std::function<std::string(std::string_view body)>;

// The body a bundle's statement signs: four lines, "auditgraph answer/v1" (a space: never a
// checkpoint's origin line), the log's origin, the answer's log size, and the base64 SHA-256 of
// the bundle without its "statement", as nlohmann's dump() writes it with keys sorted (so the
// order of a bundle's keys in its text does not matter, every value does).
std::string statement_body(const nlohmann::json& bundle, std::string_view origin);

// The bundle of `answer` under `checkpoint`, a signed checkpoint of `log` whose size is at least
// answer.at.size, with a statement signed by `sign` when one is given. Reads the evidence records
// and proofs from `log`, which must hold them. FailedPrecondition when the checkpoint is smaller
// than the answer's size; InvalidArgument when its note is not a checkpoint; the log's error
// (NotFound, Corruption, IOError) when a record or proof cannot be read.
Result<nlohmann::ordered_json> make_answer_bundle(const EventLog& log, const ProvableAnswer& answer,
                                                  const SignedCheckpoint& checkpoint,
                                                  const StatementSigner& sign = {});

}  // namespace auditgraph
