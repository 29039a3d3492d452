#include "src/proof/answer_bundle.h"

#include "auditgraph/checkpoint.h"
#include "auditgraph/hash.h"
#include "auditgraph/note.h"

#include <algorithm>
#include <array>
#include <utility>

#include "auditgraph/base64.h"
#include "src/index_json.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

constexpr std::array<std::pair<AnswerKind, const char*>, 5> kKindNames{{
    {AnswerKind::kProvenance, "provenance"},
    {AnswerKind::kImpact, "impact"},
    {AnswerKind::kAccess, "access"},
    {AnswerKind::kVersions, "versions"},
    {AnswerKind::kCheckChange, "check-change"},
}};

ProvableAnswer make(AnswerKind kind, std::string subject, const LogHead& at, json answer,
                    std::vector<uint64_t> seqs) {
  std::sort(seqs.begin(), seqs.end());
  seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
  return {kind, std::move(subject), at, std::move(answer), std::move(seqs)};
}

void add_version_seqs(const VersionNode& v, std::vector<uint64_t>* out) {
  out->insert(out->end(), v.seqs.begin(), v.seqs.end());
  for (const VersionNode& input : v.inputs) add_version_seqs(input, out);
}

json hashes_json(const std::vector<Hash>& hashes) {
  json out = json::array();
  for (const Hash& h : hashes) out.push_back(base64_encode(h.view()));
  return out;
}

}  // namespace

const char* answer_kind_name(AnswerKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "?";
}

std::optional<AnswerKind> parse_answer_kind(std::string_view name) {
  for (const auto& [k, n] : kKindNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

ProvableAnswer provable(const LineageAnswer& a, LineageQuery::Direction direction,
                        std::string subject) {
  std::vector<uint64_t> seqs;
  for (const LineageEdge& e : a.edges) seqs.insert(seqs.end(), e.seqs.begin(), e.seqs.end());
  const AnswerKind kind = direction == LineageQuery::Direction::kUpstream ? AnswerKind::kProvenance
                                                                          : AnswerKind::kImpact;
  if (!a.nodes.empty()) subject = a.nodes.front().id;
  return make(kind, std::move(subject), a.at, lineage_to_json(a), std::move(seqs));
}

ProvableAnswer provable(const AccessAnswer& a, std::string subject) {
  std::vector<uint64_t> seqs;
  for (const AccessPath& p : a.paths) seqs.insert(seqs.end(), p.seqs.begin(), p.seqs.end());
  return make(AnswerKind::kAccess, std::move(subject), a.at, access_to_json(a), std::move(seqs));
}

ProvableAnswer provable(const VersionAnswer& a, std::string subject) {
  std::vector<uint64_t> seqs;
  add_version_seqs(a.root, &seqs);
  for (const VersionNode& v : a.versions) add_version_seqs(v, &seqs);
  return make(AnswerKind::kVersions, std::move(subject), a.at, versions_to_json(a),
              std::move(seqs));
}

ProvableAnswer provable(const ChangeReport& r, std::string subject) {
  std::vector<uint64_t> seqs;
  if (!r.current_schema.empty()) seqs.push_back(r.current_schema_seq);
  if (r.deprecation) seqs.push_back(r.deprecation->seq);
  return make(AnswerKind::kCheckChange, std::move(subject), r.at, change_to_json(r),
              std::move(seqs));
}

std::string statement_body(const nlohmann::json& bundle, std::string_view origin) {
  nlohmann::json unsigned_part = bundle;
  unsigned_part.erase("statement");
  const uint64_t size = bundle.at("size").get<uint64_t>();
  return "auditgraph answer/v1\n" + std::string(origin) + "\n" + std::to_string(size) + "\n" +
         base64_encode(sha256(unsigned_part.dump()).view()) + "\n";
}

Result<json> make_answer_bundle(const EventLog& log, const ProvableAnswer& answer,
                                const SignedCheckpoint& checkpoint, const StatementSigner& sign) {
  const uint64_t size = checkpoint.head.size;
  if (size < answer.at.size) {
    return Status::FailedPrecondition("checkpoint: its tree size " + std::to_string(size) +
                                      " is below the answer's log size " +
                                      std::to_string(answer.at.size));
  }
  json consistency = json::array();
  if (answer.at.size > 0 && answer.at.size < size) {
    auto proof = log.prove_consistency(answer.at.size, size);
    if (!proof.ok()) return proof.status();
    consistency = hashes_json(proof->path);
  }
  json evidence = json::array();
  for (uint64_t seq : answer.seqs) {
    auto record = log.read_raw(seq);
    if (!record.ok()) return record.status();
    auto proof = log.prove_inclusion(seq, size);
    if (!proof.ok()) return proof.status();
    evidence.push_back(
        {{"seq", seq}, {"record", base64_encode(*record)}, {"proof", hashes_json(proof->path)}});
  }
  json bundle{{"format", kAnswerBundleFormat},
              {"kind", answer_kind_name(answer.kind)},
              {"subject", answer.subject},
              {"answer", answer.answer},
              {"size", answer.at.size},
              {"checkpoint", checkpoint.note},
              {"consistency", std::move(consistency)},
              {"evidence", std::move(evidence)}};
  if (sign) {
    auto note = Note::Parse(checkpoint.note, "checkpoint");
    auto cp =
        note.ok() ? Checkpoint::Parse(note->body, "checkpoint") : Result<Checkpoint>(note.status());
    if (!cp.ok()) return cp.status();
    bundle["statement"] = sign(statement_body(nlohmann::json::parse(bundle.dump()), cp->origin));
  }
  return bundle;
}

}  // namespace auditgraph
