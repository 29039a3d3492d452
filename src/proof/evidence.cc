#include <algorithm>
#include <stdexcept>

#include "src/proof/claims.h"

namespace auditgraph::proof {

Result<const Event*> Evidence::use(const json& seq, const std::string& claim) {
  if (!seq.is_number_unsigned()) {
    return Status::Corruption(claim + ": names " + seq.dump() + ", which is no seq");
  }
  auto it = records_.find(seq.get<uint64_t>());
  if (it == records_.end()) {
    return Status::Corruption(claim + ": the bundle holds no record of seq " + seq.dump());
  }
  used_.insert(it->first);
  return &it->second;
}

std::optional<uint64_t> Evidence::first_unused() const {
  for (const auto& [seq, event] : records_) {
    if (!used_.count(seq)) return seq;
  }
  return std::nullopt;
}

void expect_keys(const json& object, std::initializer_list<std::string_view> keys,
                 const std::string& where) {
  if (!object.is_object()) throw std::invalid_argument(where + ": expected an object");
  for (std::string_view key : keys) {
    if (!object.contains(key)) {
      throw std::invalid_argument(where + ": '" + std::string(key) + "' is missing");
    }
  }
  if (object.size() != keys.size()) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        throw std::invalid_argument(where + ": unknown field '" + key + "'");
      }
    }
  }
}

const json& array_at(const json& object, const char* key) {
  const json& value = object.at(key);
  if (!value.is_array()) throw std::invalid_argument(std::string(key) + ": expected an array");
  return value;
}

Status check_ascending(const json& seqs, const std::string& claim) {
  for (size_t i = 1; i < seqs.size(); ++i) {
    if (!(seqs[i - 1] < seqs[i])) {
      return Status::Corruption(claim + ": its seqs are not in ascending order");
    }
  }
  return Status::Ok();
}

std::string text_or_empty(const json& value) {
  return value.is_null() ? std::string() : value.get<std::string>();
}

}  // namespace auditgraph::proof
