// JsonReader: typed access to a parsed JSON event (simdjson DOM) that records the first error
// with the JSON pointer of the offending value. Converters read every field through it and check
// ok() once at the end: after the first error the accessors return empty values, and the error
// stays the first one found.
//
// Null counts as absent for optional fields; a required field that is null is refused.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auditgraph/event.h"
#include "auditgraph/ingest.h"

namespace auditgraph::ingest {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// A JSON pointer built on the stack as the converter descends; turned into text only on error.
// REQUIRES: the parent outlives the child (children are temporaries of the calls below it).
struct Path {
  const Path* parent = nullptr;
  std::string_view key;
  size_t index = 0;
  bool is_index = false;

  Path operator/(std::string_view k) const& { return Path{this, k, 0, false}; }
  Path operator[](size_t i) const& { return Path{this, {}, i, true}; }
  // A child of a temporary would outlive its parent: name the parent first.
  Path operator/(std::string_view k) && = delete;
  Path operator[](size_t i) && = delete;
  std::string str() const;  // "/run/runId"; "" for the root
};

// The event itself. Paths are built from it (`kRoot / "run" / "runId"`), never from a temporary
// Path{}, which would leave its children pointing at a dead parent.
inline constexpr Path kRoot{};

// "a string", "a number", ... for messages.
const char* type_name(const element& e);

class JsonReader {
 public:
  explicit JsonReader(const IngestLimits& limits) : limits_(limits) {}

  bool ok() const { return !failed_; }
  // Records `reason` at `at` unless an error is already recorded.
  void fail(const Path& at, std::string reason);
  // The first error's path and reason. REQUIRES: !ok()
  const std::string& error_path() const { return error_path_; }
  const std::string& error_reason() const { return error_reason_; }

  // `e` as an object; fails (expected an object) otherwise.
  std::optional<object> as_object(const element& e, const Path& at);

  // A field that is present and not null.
  std::optional<element> field(const object& o, std::string_view key);

  // Required fields. Missing, null or of the wrong type: fails and returns empty.
  std::optional<object> req_object(const object& o, std::string_view key, const Path& at);
  // `non_empty`: "" is refused too (names, ids).
  std::string_view req_string(const object& o, std::string_view key, const Path& at,
                              bool non_empty = true);

  // Optional fields: absent or null gives empty; the wrong type fails.
  std::optional<object> opt_object(const object& o, std::string_view key, const Path& at);
  std::optional<array> opt_array(const object& o, std::string_view key, const Path& at);
  std::string_view opt_string(const object& o, std::string_view key, const Path& at);
  std::optional<int64_t> opt_int(const object& o, std::string_view key, const Path& at);
  bool opt_bool(const object& o, std::string_view key, const Path& at);
  // An optional RFC 3339 time.
  std::optional<Timestamp> opt_time(const object& o, std::string_view key, const Path& at);

  // A required string that must be one of `allowed` (exact match).
  std::string_view req_enum(const object& o, std::string_view key, const Path& at,
                            std::initializer_list<std::string_view> allowed);

  // Conversions of a value already found (for one-pass reads of hot objects: iterate the members
  // once and dispatch on the key, instead of one look-up per field). `at` is the value's path.
  std::string_view string_of(const element& e, const Path& at, bool non_empty = true);
  bool bool_of(const element& e, const Path& at);
  // Fails with "required field is missing" at `at / key` unless `seen`.
  void require(bool seen, const Path& at, std::string_view key);

  // Checks a string read elsewhere against the string length limit.
  std::string_view checked(std::string_view s, const Path& at);

  // Calls fn(object, path) for each element of `list` (at `list_at`); an element that is not an
  // object fails. Stops at the first error.
  template <typename Fn>
  void each_object(const array& list, const Path& list_at, Fn&& fn) {
    size_t i = 0;
    for (element e : list) {
      const Path p = list_at[i++];
      auto o = as_object(e, p);
      if (!o) return;
      fn(*o, p);
      if (!ok()) return;
    }
  }
  // The same over the optional array `key` of `o` (absent or null: nothing).
  template <typename Fn>
  void each_object(const object& o, std::string_view key, const Path& at, Fn&& fn) {
    auto list = opt_array(o, key, at);
    if (!list) return;
    const Path list_at = at / key;
    each_object(*list, list_at, fn);
  }

 private:
  const IngestLimits& limits_;
  bool failed_ = false;
  std::string error_path_;
  std::string error_reason_;
};

// Reads {"namespace": ..., "name": ...} from `o` (both required, non-empty).
DatasetRef read_dataset_ref(JsonReader& r, const object& o, const Path& at);

// Reads the optional "owners" array of `o`: [{"name" (required), "type"}], as OpenLineage's
// ownership facet and native events both write it.
std::vector<Owner> read_owners(JsonReader& r, const object& o, const Path& at);

// Reads a JSON object as verbatim text (minified), e.g. an uninterpreted facet.
std::string to_json_text(const element& e);

}  // namespace auditgraph::ingest
