// Internal to src/proof: the claim checks verify_bundle.cc runs once every evidence record is
// proved in the checkpoint's tree. Each re-derives, from the decoded records alone, what the
// answer says its evidence shows, and returns Corruption naming the claim and the seq that does
// not support it. They read the answer JSON with nlohmann's throwing accessors: a missing key or
// a wrong type throws nlohmann::json::exception (or std::invalid_argument from the helpers
// below), which verify_answer_bundle turns into an InvalidArgument saying the bundle is
// malformed, and where (the one place here that catches).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "auditgraph/event.h"
#include "auditgraph/status.h"

namespace auditgraph::proof {

using json = nlohmann::json;

// The bundle's decoded evidence records, by seq, and which of them a claim has named.
class Evidence {
 public:
  void add(uint64_t seq, Event event) { records_.emplace(seq, std::move(event)); }
  // The record a claim names as `seq` (a JSON unsigned integer), marked as used; Corruption
  // naming `claim` when the bundle holds no record of that seq.
  Result<const Event*> use(const json& seq, const std::string& claim);
  // The first record no claim named, if any (a bundle carries nothing unexplained).
  std::optional<uint64_t> first_unused() const;

 private:
  std::map<uint64_t, Event> records_;
  std::set<uint64_t> used_;
};

// Throws std::invalid_argument naming `where` unless `object` is an object with exactly `keys`.
void expect_keys(const json& object, std::initializer_list<std::string_view> keys,
                 const std::string& where);
// object.at(key), which must be an array; throws std::invalid_argument (or json::exception).
const json& array_at(const json& object, const char* key);
// OK when `seqs` (a claim's evidence, an array) is strictly ascending, as answers list them;
// Corruption naming `claim` otherwise (a repeated or reordered seq is not the answer given).
Status check_ascending(const json& seqs, const std::string& claim);
// A string, or "" for null (fields index_json writes as null when empty).
std::string text_or_empty(const json& value);

// The claims of each answer kind; `subject` is the bundle's node or dataset id. Each returns the
// number of claims it checked, or Corruption naming the first one its records do not support.
Result<size_t> check_lineage_claims(const json& answer, const std::string& subject,
                                    Evidence& evidence);
Result<size_t> check_access_claims(const json& answer, const std::string& subject,
                                   Evidence& evidence);
Result<size_t> check_version_claims(const json& answer, const std::string& subject,
                                    Evidence& evidence);
Result<size_t> check_change_claims(const json& answer, const std::string& subject,
                                   Evidence& evidence);

}  // namespace auditgraph::proof
