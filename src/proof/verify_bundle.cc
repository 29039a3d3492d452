#include "src/proof/verify_bundle.h"

#include <exception>
#include <vector>

#include "auditgraph/base64.h"
#include "auditgraph/merkle.h"
#include "auditgraph/note.h"
#include "src/proof/claims.h"
#include "storage/record_codec.h"

namespace auditgraph {
namespace {

using proof::array_at;
using proof::Evidence;
using proof::expect_keys;
using proof::json;

// The base64 hashes of a proof, as raw bytes; InvalidArgument naming `field` for bad base64.
Result<std::vector<std::string>> decode_hashes(const json& list, const std::string& field) {
  std::vector<std::string> out;
  for (const json& h : list) {
    auto bytes = base64_decode(h.get<std::string>(), field);
    if (!bytes.ok()) return bytes.status();
    out.push_back(*std::move(bytes));
  }
  return out;
}

uint64_t unsigned_at(const json& object, const char* key) {
  const json& value = object.at(key);
  if (!value.is_number_unsigned()) {
    throw std::invalid_argument(std::string(key) + ": expected an unsigned integer");
  }
  return value.get<uint64_t>();
}

// That the answer's tree (of `size` leaves, root answer.at.root) is a prefix of the checkpoint's.
Status check_answer_tree(const json& bundle, uint64_t size, const Checkpoint& cp) {
  const json& at = bundle.at("answer").at("at");
  expect_keys(at, {"size", "root"}, "answer.at");
  if (unsigned_at(at, "size") != size) {
    return Status::Corruption("answer.at.size: not the bundle's size " + std::to_string(size));
  }
  auto root = Hash::FromHex(at.at("root").get<std::string>(), "answer.at.root");
  if (!root.ok()) return root.status();
  if (size > cp.size) {
    return Status::Corruption("size: the answer's log size " + std::to_string(size) +
                              " is past the checkpoint's " + std::to_string(cp.size));
  }
  auto path = decode_hashes(array_at(bundle, "consistency"), "consistency");
  if (!path.ok()) return path.status();
  if (size == 0) {
    if (*root != merkle_empty_root() || !path->empty()) {
      return Status::Corruption("answer.at.root: not the empty tree's root");
    }
    return Status::Ok();
  }
  Status s = verify_consistency_bytes(size, cp.size, root->view(), cp.root.view(), *path);
  if (!s.ok()) return Status::Corruption("the consistency proof: " + s.message());
  return Status::Ok();
}

// Proves and decodes every evidence record into `evidence`; returns how many.
Result<size_t> prove_records(const json& bundle, uint64_t size, const Checkpoint& cp,
                             Evidence* evidence) {
  size_t count = 0;
  std::optional<uint64_t> last;
  for (const json& e : array_at(bundle, "evidence")) {
    expect_keys(e, {"seq", "record", "proof"}, "evidence");
    const uint64_t seq = unsigned_at(e, "seq");
    const std::string what = "evidence seq " + std::to_string(seq);
    if (last && seq <= *last) return Status::InvalidArgument(what + ": not in ascending order");
    last = seq;
    if (seq >= size) {
      return Status::Corruption(what + ": not below the answer's log size " + std::to_string(size));
    }
    auto record = base64_decode(e.at("record").get<std::string>(), what + " record");
    if (!record.ok()) return record.status();
    auto path = decode_hashes(array_at(e, "proof"), what + " proof");
    if (!path.ok()) return path.status();
    Status proved = verify_inclusion_bytes(seq, cp.size, merkle_leaf_hash(*record).view(), *path,
                                           cp.root.view());
    if (!proved.ok()) {
      return Status::Corruption("the inclusion proof of seq " + std::to_string(seq) + ": " +
                                proved.message());
    }
    auto event = storage::decode_record(*record);
    if (!event.ok()) return Status::Corruption(what + ": " + event.status().message());
    if (event->seq != seq) {
      return Status::Corruption(what + ": the record is seq " + std::to_string(event->seq));
    }
    evidence->add(seq, *std::move(event));
    ++count;
  }
  return count;
}

// What of an answer of `kind` no record is named for (verify_bundle.h).
const char* unchecked_fields(AnswerKind kind) {
  switch (kind) {
    case AnswerKind::kProvenance:
    case AnswerKind::kImpact:
      return "the nodes' distances, owners and domains, cycles, frontier and cursor";
    case AnswerKind::kAccess:
      return "as_of, and that a domain grant's domain holds the subject";
    case AnswerKind::kVersions:
      return "inputs_shown_above";
    case AnswerKind::kCheckChange:
      return "the verdict, changes, impacts, not_derived, jobs, owners and consumers";
  }
  return "";
}

Result<size_t> check_claims(AnswerKind kind, const json& answer, const std::string& subject,
                            Evidence& evidence) {
  switch (kind) {
    case AnswerKind::kProvenance:
    case AnswerKind::kImpact:
      return proof::check_lineage_claims(answer, subject, evidence);
    case AnswerKind::kAccess:
      return proof::check_access_claims(answer, subject, evidence);
    case AnswerKind::kVersions:
      return proof::check_version_claims(answer, subject, evidence);
    case AnswerKind::kCheckChange:
      return proof::check_change_claims(answer, subject, evidence);
  }
  return Status::InvalidArgument("kind: not one this verifier checks");
}

// That the bundle's statement is signed by the log's key over exactly this bundle.
Status check_statement(const json& bundle, const CheckpointTrust& trust, const Checkpoint& cp) {
  const NoteVerifier keys[] = {trust.log_key};
  auto opened = open_note(bundle.at("statement").get<std::string>(), keys, "statement");
  if (!opened.ok()) return opened.status();
  if (opened->note.body != statement_body(bundle, cp.origin)) {
    return Status::Corruption(
        "statement: the log's signed statement is not of this bundle (it differs from the bundle "
        "as given: an edited answer, size, checkpoint or evidence)");
  }
  return Status::Ok();
}

Result<BundleReport> verify(const json& bundle, const CheckpointTrust& trust) {
  if (bundle.contains("statement")) {
    expect_keys(bundle,
                {"format", "kind", "subject", "answer", "size", "checkpoint", "consistency",
                 "evidence", "statement"},
                "bundle");
  } else {
    expect_keys(
        bundle,
        {"format", "kind", "subject", "answer", "size", "checkpoint", "consistency", "evidence"},
        "bundle");
  }
  if (bundle.at("format").get<std::string>() != kAnswerBundleFormat) {
    return Status::InvalidArgument("format: not " + std::string(kAnswerBundleFormat));
  }
  BundleReport report;
  const std::string kind = bundle.at("kind").get<std::string>();
  auto parsed = parse_answer_kind(kind);
  if (!parsed) return Status::InvalidArgument("kind: '" + kind + "' is no answer this checks");
  report.kind = *parsed;
  report.subject = bundle.at("subject").get<std::string>();
  report.size = unsigned_at(bundle, "size");

  auto cp = verify_checkpoint_note(bundle.at("checkpoint").get<std::string>(), trust, "checkpoint");
  if (!cp.ok()) return cp.status();
  report.checkpoint = cp->checkpoint;
  report.cosigned = cp->cosigned;
  if (Status s = check_answer_tree(bundle, report.size, report.checkpoint); !s.ok()) return s;

  Evidence evidence;
  auto records = prove_records(bundle, report.size, report.checkpoint, &evidence);
  if (!records.ok()) return records.status();
  report.records = *records;
  auto claims = check_claims(report.kind, bundle.at("answer"), report.subject, evidence);
  if (!claims.ok()) return claims.status();
  report.claims = *claims;
  if (bundle.contains("statement")) {
    if (Status s = check_statement(bundle, trust, report.checkpoint); !s.ok()) return s;
    report.statement = true;
  } else {
    report.unchecked = unchecked_fields(report.kind);
  }
  if (auto unused = evidence.first_unused()) {
    return Status::Corruption("evidence seq " + std::to_string(*unused) +
                              ": named by no claim of the answer");
  }
  return report;
}

}  // namespace

Result<BundleReport> verify_answer_bundle(std::string_view text, const CheckpointTrust& trust) {
  const json bundle = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (bundle.is_discarded()) return Status::InvalidArgument("bundle: malformed JSON");
  // The one catch of src/proof: the claim checks read the JSON with throwing accessors.
  try {
    return verify(bundle, trust);
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("bundle: malformed: ") + e.what());
  }
}

}  // namespace auditgraph
