#include "tools/cli/command.h"

#include <filesystem>
#include <iostream>
#include <iterator>

#include "src/checkpoint/key_file.h"

namespace auditgraph::cli {

std::string json_text(const nlohmann::ordered_json& j) {
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

void print_json(const nlohmann::ordered_json& j) { std::cout << json_text(j); }

void warn(const std::string& message) { std::cerr << "auditgraph: " << message << "\n"; }

int fail(const std::string& message, int code) {
  warn(message);
  return code;
}

int fail(const Status& s, int code) { return fail(s.to_string(), code); }

Result<std::unique_ptr<EventLog>> open_store(const Context& ctx, bool create) {
  LogOptions options;
  options.create_if_missing = create;
  options.logger = ctx.logger;
  return EventLog::Open(options, ctx.store);
}

Result<std::string> read_input(const std::string& path, const std::string& field) {
  if (path != "-") return read_text_file(path, field);
  std::string text(std::istreambuf_iterator<char>(std::cin), {});
  if (std::cin.bad()) return Status::IOError(field + ": cannot read stdin");
  return text;
}

Status make_store_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("--store: cannot create " + dir + ": " + ec.message());
  return Status::Ok();
}

}  // namespace auditgraph::cli
